"""Benchmark results as records, and the tables the pages show from them.

``run.py --csv PATH`` writes a run's measurements to a CSV file with the
columns of ``COLUMNS``: ``part`` (``run`` for the rows saying how and where
the run was made, with ``quantity`` naming the field, else ``training``,
``search``, ``unscaled``, ``cold-start``, ``learning`` or
``learning-search``), ``regime`` (one of ``REGIMES``, or empty where threads
do not matter), ``case`` (a row of the part's table), ``variant`` (what varies
within a case: a parallel configuration, a dataset, a data seed, a grid; or
empty), then ``model``, ``quantity``, ``unit`` and ``value``.

The documentation renders its tables from the files stored in
``benchmarks/results/`` (``docs/benchmark_tables.py``) and ``python
benchmarks/records.py --readme`` writes the README's, so no figure is typed by
hand; ``python benchmarks/records.py FILE`` prints a file's tables. Each table
is an entry of ``TABLES``: its title, its rows (one per case of a part, per
learning problem, per pair of searches compared) and a function of a row
giving its cells, ``{header: text}``, one entry per figure: adding a figure
is adding an entry there. This module imports neither torch nor scikit-learn.
"""

import argparse
import csv
import math
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

COLUMNS = ("part", "regime", "case", "variant", "model", "quantity", "unit", "value")
RESULTS = Path(__file__).resolve().parent / "results"
README = Path(__file__).resolve().parents[1] / "README.md"

# Every contender at its default threads (what a user gets), and every
# contender under threadpoolctl.threadpool_limits(1) (the engines alone).
DEFAULT_THREADS = "default threads"
ONE_THREAD = "threadpool_limits(1)"
REGIMES = (DEFAULT_THREADS, ONE_THREAD)
REGIME_LABELS = {DEFAULT_THREADS: "default threads", ONE_THREAD: "one thread each"}
MODELS = ("SigmoidNet", "MLP", "skorch")
SEARCH_MODELS = ("SigmoidNet", "MLP")
# The learning part's contenders at their defaults: SigmoidNetClassifier(),
# MLPClassifier() (Adam, ReLU), MLPClassifier(solver="sgd"), LogisticRegression().
LEARNING_MODELS = ("SigmoidNet", "MLP", "MLP sgd", "logistic")
# Issue 25's goals: at the defaults, each problem's test accuracy within "per
# problem" of MLPClassifier()'s, their mean within "mean", the summed fit time
# no more than its; in a grid search, the best CV score within "search" of the
# other's and the whole process no slower. "Within": no more than that below.
LEARNING_GOALS = {"per problem": 0.02, "mean": 0.005, "search": 0.01}


TIMES = "{:.1f} s ({:.1f} s)"  # a whole process (its search alone)
WARNINGS = "ConvergenceWarnings"
BEST = ("best score", "best parameters")
PROCESS = ("whole process", "search alone")


@dataclass(frozen=True)
class Record:
    """One measured value (or one field of the run, with ``part="run"``)."""

    part: str
    regime: str = ""
    case: str = ""
    variant: str = ""
    model: str = ""
    quantity: str = ""
    unit: str = ""
    value: object = ""


class Results:
    """The records of one run, looked up by their keys.

    Parameters
    ----------
    records : iterable of Record
        The run's fields (``part="run"``) and its measurements.
    name : str, default="results"
        What the records are called (a stored file's name).
    """

    def __init__(self, records, name="results"):
        self.name = name
        self.records = list(records)
        self.run = {r.quantity: r.value for r in self.records if r.part == "run"}
        self._found = {}
        for r in reversed(self.records):  # the first of equal keys wins
            keys = (r.part, r.regime, r.case, r.model, r.quantity)
            self._found[(*keys, r.variant)] = self._found[(*keys, None)] = r

    def record(self, part, regime, case, variant, model, quantity):
        """The record of these keys (``variant`` None: any), or None."""
        return self._found.get((part, regime, case, model, quantity, variant))

    def value(self, part, regime, case, variant, model, quantity):
        found = self.record(part, regime, case, variant, model, quantity)
        return None if found is None else found.value

    def distinct(self, column, **keys):
        """The values of ``column`` of the measured records matching
        ``keys``, in the order they first appear."""
        matching = [r for r in self.records if r.part != "run"]
        for key, value in keys.items():
            matching = [r for r in matching if getattr(r, key) == value]
        return list(dict.fromkeys(getattr(r, column) for r in matching))


def _stored(value):
    """A value as its CSV cell: numbers with six significant digits."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def _loaded(cell):
    """A CSV cell as the value it stores: a float where it reads as one."""
    try:
        number = float(cell)
    except ValueError:
        return cell
    return number if math.isfinite(number) else cell


def write_results(path, records):
    """Write records to a CSV file, the run's fields first.

    Parameters
    ----------
    path : str or Path
        The file, written over.
    records : iterable of Record
        The records.
    """
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in sorted(records, key=lambda r: r.part != "run"):
            cells = [getattr(r, column) for column in COLUMNS]
            writer.writerow([*cells[:-1], _stored(cells[-1])])


def read_results(path):
    """Read the records that ``write_results`` stored.

    Parameters
    ----------
    path : str or Path
        The CSV file.

    Returns
    -------
    Results
        Its records, numbers as floats.

    Raises
    ------
    ValueError
        If the file's columns are not ``COLUMNS``.
    """
    path = Path(path)
    with open(path, newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(
                f"{path} has the columns {reader.fieldnames}, not {list(COLUMNS)}: "
                "it is not a file that benchmarks/run.py --csv writes"
            )
        rows = list(reader)
    for row in rows:
        row["value"] = row["value"] if row["part"] == "run" else _loaded(row["value"])
    return Results([Record(**row) for row in rows], name=path.name)


# -- Rows: what a table's cells are computed from ----------------------------


@dataclass(frozen=True)
class CaseRow:
    """One case of a part in one regime (empty: none, or the cells name it)."""

    results: Results
    part: str
    regime: str
    name: str

    def record(self, model, quantity, variant=None, regime=None):
        regime = self.regime if regime is None else regime
        keys = (self.part, regime, self.name, variant, model, quantity)
        return self.results.record(*keys)

    def get(self, model, quantity, variant=None, regime=None):
        """The value of ``model``'s ``quantity`` (``variant`` None: of any;
        ``regime`` None: the row's), or None."""
        found = self.record(model, quantity, variant, regime)
        return None if found is None else found.value


def mean(values):
    return sum(values) / len(values)


# How a learning figure is totalled over data seeds, then over problems.
TOTALS = {"accuracy": mean, "fit time": sum, "epochs": mean, WARNINGS: sum}


@dataclass(frozen=True)
class ProblemRow:
    """A learning problem's figures over its data seeds or, with
    ``problems``, a suite's over those problems (its mean row)."""

    results: Results
    name: str
    shape: str = ""
    seeds: tuple = ()
    problems: tuple = ()

    def get(self, model, quantity):
        if self.problems:
            values = [problem.get(model, quantity) for problem in self.problems]
        else:
            keys = ("learning", DEFAULT_THREADS, self.name)
            values = [self.results.value(*keys, s, model, quantity) for s in self.seeds]
        return None if not values or None in values else TOTALS[quantity](values)

    def accuracy_gap(self):
        """SigmoidNet's accuracy minus MLPClassifier()'s."""
        return self.get("SigmoidNet", "accuracy") - self.get("MLP", "accuracy")


@dataclass(frozen=True)
class SearchPair:
    """SigmoidNet's ``grid`` on a learning problem against the ``other``
    estimator's ``other_grid``."""

    results: Results
    name: str
    shape: str
    grid: str
    other: str
    other_grid: str

    def ours(self, quantity):
        return self._value(self.grid, "SigmoidNet", quantity)

    def theirs(self, quantity):
        return self._value(self.other_grid, self.other, quantity)

    def _value(self, grid, model, quantity):
        keys = (DEFAULT_THREADS, self.name, grid, model, quantity)
        return self.results.value("learning-search", *keys)

    def score_gap(self):
        return self.ours("best score") - self.theirs("best score")

    def time_share(self):
        """Our whole process over theirs: below 1, ours is faster."""
        return self.ours("whole process") / self.theirs("whole process")


def cases(part, in_regimes=False):
    """Rows: each case of ``part``, in each regime shown if ``in_regimes``."""

    def rows(results, regimes):
        if not in_regimes:
            found = results.distinct("case", part=part)
            return [CaseRow(results, part, "", case) for case in found]
        return [
            CaseRow(results, part, regime, case)
            for regime in regimes
            for case in results.distinct("case", part=part, regime=regime)
        ]

    return rows


def problems(suite):
    """Rows: each learning problem of ``suite``, then their mean."""

    def rows(results, regimes=REGIMES):
        def stored(case, quantity):
            return results.value("learning", "", case, "", "", quantity)

        seeds = {}  # the data seeds of each problem
        for r in results.records:
            if r.part == "learning" and r.variant:
                seeds.setdefault(r.case, {})[r.variant] = None
        found = tuple(
            ProblemRow(results, case, stored(case, "shape"), tuple(seeds[case]))
            for case in seeds
            if stored(case, "suite") == suite
        )
        label = f"mean of {_counted(len(found), 'problem')}"
        return [*found, ProblemRow(results, label, problems=found)] if found else []

    return rows


def search_pairs(results, regimes=REGIMES):
    """Rows: each of SigmoidNet's grids on a learning problem against each
    other estimator's grid there."""
    rows = []
    for case in results.distinct("case", part="learning-search"):
        shape = results.value("learning-search", "", case, "", "", "shape")
        grids = [
            (r.variant, r.model)
            for r in results.records
            if (r.part, r.case, r.quantity) == ("learning-search", case, "best score")
        ]
        rows += [
            SearchPair(results, case, shape, grid, other, other_grid)
            for grid, model in grids
            if model == "SigmoidNet"
            for other_grid, other in grids
            if other != "SigmoidNet"
        ]
    return rows


# -- Cells: the figures of a row, {header: text} ------------------------------


def shown(form, *values):
    """``values`` in the ``str.format`` pattern ``form``, "-" if one is None."""
    return "-" if None in values else form.format(*values)


def divided(numerator, denominator):
    return None if None in (numerator, denominator) else numerator / denominator


def slashed(row, models, quantity, form):
    """Each model's ``quantity`` in ``form``, joined by slashes."""
    return " / ".join(shown(form, row.get(model, quantity)) for model in models)


def _counted(n, noun):
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def yes_no(flag):
    return "yes" if flag else "no"


def within_goal(difference, goal):
    """Whether SigmoidNet's score, ``difference`` from the other's, is no
    more than ``LEARNING_GOALS[goal]`` below it."""
    return difference >= -LEARNING_GOALS[goal] - 1e-12


def time_unit(row, regime=None):
    found = [row.record(model, "time", regime=regime) for model in MODELS]
    return next((record.unit for record in found if record is not None), "")


def training_notes(row):
    """The case's other records, by dataset and model (its note, the steps of
    the floor and of SigmoidNet, the matrix-product peak and each contender's
    rate, memory, each default fit's dataset), and the steps' and rates'
    ratios."""
    groups = {}
    for r in row.results.records:
        if (r.part, r.regime, r.case) != ("training", row.regime, row.name):
            continue
        if r.quantity not in ("time", "accuracy"):
            text = r.value if r.quantity == "note" else f"{r.quantity} {r.value:.3g}"
            who = " ".join(filter(None, (r.variant, r.model)))
            groups.setdefault(who, []).append(f"{text} {r.unit}".rstrip())
    notes = [": ".join(filter(None, (who, ", ".join(t)))) for who, t in groups.items()]
    floor, step = row.get("floor", "step"), row.get("SigmoidNet", "step")
    if None not in (floor, step):
        notes.append(f"SigmoidNet's step {step / floor:.2f}x the floor's")
    if (peak := row.get("torch.mm", "peak")) is not None:
        rates = [(m, row.get(m, "throughput")) for m in MODELS]
        shares = [f"{m} {rate / peak:.0%}" for m, rate in rates if rate is not None]
        notes.append("of the peak: " + ", ".join(shares))
    return "; ".join(notes)


def training_cells(row):
    """A training case: each contender's time, SigmoidNet's speed-ups (the
    other's time over its own: above 1, it is faster), accuracies, notes."""
    times = {model: row.get(model, "time") for model in MODELS}
    speed_ups = {m: divided(times[m], times["SigmoidNet"]) for m in MODELS[1:]}
    return {
        "case": row.name,
        "unit": time_unit(row),
        **{model: shown("{:.3g}", time) for model, time in times.items()},
        **{f"faster than {m}": shown("{:.2f}x", x) for m, x in speed_ups.items()},
        "accuracy SN / MLP / skorch": slashed(row, MODELS, "accuracy", "{:.3f}"),
        "notes": training_notes(row),
    }


def speed_up_cells(row):
    """A training case's speed-ups in both regimes."""
    cells = {"case": f"{row.name} ({time_unit(row, DEFAULT_THREADS)})"}
    for regime, label in REGIME_LABELS.items():
        ours = row.get("SigmoidNet", "time", regime=regime)
        for other in MODELS[1:]:
            theirs = row.get(other, "time", regime=regime)
            cells[f"{label}: vs {other}"] = shown("{:.2f}x", divided(theirs, ours))
    return cells


def _fastest(row, model, quantity):
    """(configuration, seconds) of ``model``'s fastest parallel configuration."""
    configurations = row.results.distinct("variant", part="search", case=row.name)
    times = [(c, row.get(model, quantity, c)) for c in configurations]
    return min([(c, s) for c, s in times if s is not None], key=itemgetter(1))


def search_cells(row):
    """A digits search: each model's whole process (its search alone) in
    each parallel configuration, each side's fastest against the other's,
    the best scores and parameters, torch's import."""
    cells = {"epochs": row.name}
    for model in SEARCH_MODELS:
        for config in row.results.distinct("variant", part="search"):
            times = (row.get(model, q, config) for q in PROCESS)
            cells[f"{model} {config}"] = shown(TIMES, *times)
    fastest = []
    for quantity in PROCESS:
        (ours, seconds), (theirs, their_seconds) = (
            _fastest(row, model, quantity) for model in SEARCH_MODELS
        )
        ratio = f"{their_seconds / seconds:.2f}x"
        fastest.append(f"{quantity.split()[0]} {ratio} ({ours} vs {theirs})")
    best = [shown("{:.3f} {}", *(row.get(m, q) for q in BEST)) for m in SEARCH_MODELS]
    return cells | {
        "best against best": "; ".join(fastest),
        "best score and parameters SN / MLP": " / ".join(best),
        "torch import (SN, n_jobs=1)": shown(
            "{:.1f} s", row.get("SigmoidNet", "torch import")
        ),
    }


def search_summary_cells(row):
    """A digits search: each side's fastest configuration against the
    other's, and the best scores."""
    label = REGIME_LABELS[row.regime]
    cells = {"regime": label if row.name == "defaults" else f"{label}, {row.name}"}
    for quantity in PROCESS:
        (_, ours), (_, theirs) = (_fastest(row, m, quantity) for m in SEARCH_MODELS)
        cells[quantity] = f"{theirs / ours:.2f}x ({ours:.1f} s against {theirs:.1f} s)"
    scores = [f"{row.get(m, 'best score'):.3f}" for m in SEARCH_MODELS]
    return cells | {"best score SN / MLP": " / ".join(scores)}


def cold_start_cells(row):
    ours, theirs = (row.get(model, "time") for model in SEARCH_MODELS)
    imported = (row.get(model, "torch imported") for model in SEARCH_MODELS)
    return {
        "cold start": row.name,
        "SigmoidNet": shown("{:.2f} s", ours),
        "MLP": shown("{:.2f} s", theirs),
        "faster than MLP": shown("{:.2f}x", divided(theirs, ours)),
        "torch imported": shown("SN {}, MLP {}", *imported),
    }


def unscaled_cells(row):
    ours, theirs = (row.get(model, "accuracy") for model in SEARCH_MODELS)
    return {
        "raw data": row.name,
        "SigmoidNet accuracy": shown("{:.3f}", ours),
        "MLP accuracy": shown("{:.3f}", theirs),
        "difference": f"{ours - theirs:+.3f}",
        f"{WARNINGS} SN / MLP": slashed(row, SEARCH_MODELS, WARNINGS, "{:.0f}"),
    }


def learning_cells(row):
    """A learning problem (or a suite's mean): each contender's test
    accuracy, SigmoidNet's gap to MLPClassifier() and whether it is within
    the goal, fit times, SigmoidNet's time over MLP's, epochs, warnings."""
    models, gap = LEARNING_MODELS, row.accuracy_gap()
    within = yes_no(within_goal(gap, "per problem"))
    if row.problems:
        met = sum(within_goal(p.accuracy_gap(), "per problem") for p in row.problems)
        mean_met = yes_no(within_goal(gap, "mean"))
        goal = LEARNING_GOALS["mean"]
        within = f"{met} of {len(row.problems)}; mean within {goal}: {mean_met}"
    fit_share = row.get("SigmoidNet", "fit time") / row.get("MLP", "fit time")
    return {
        "problem": row.name,
        "rows x features, classes": row.shape,
        **{model: shown("{:.3f}", row.get(model, "accuracy")) for model in models},
        "SN - MLP": f"{gap:+.3f}",
        f"within {LEARNING_GOALS['per problem']}": within,
        "fit s SN / MLP / MLP sgd / logistic": slashed(
            row, models, "fit time", "{:.2f}"
        ),
        "time SN / MLP": f"{fit_share:.2f}x",
        "epochs SN / MLP / MLP sgd": slashed(row, models[:3], "epochs", "{:.0f}"),
        f"{WARNINGS} SN / MLP / MLP sgd / logistic": slashed(
            row, models, WARNINGS, "{:.0f}"
        ),
    }


def search_pair_cells(row):
    """SigmoidNet's grid against the other's: best CV scores and parameters,
    their difference, each whole process (its search alone), the times'
    ratio."""
    return {
        "problem": row.name,
        "rows x features, classes": row.shape,
        "SigmoidNet grid": f"{row.grid}: {row.ours('grid')}",
        "SN best CV": "{:.3f} {}".format(*map(row.ours, BEST)),
        "against": f"{row.other} {row.other_grid}: {row.theirs('grid')}",
        "its best CV": "{:.3f} {}".format(*map(row.theirs, BEST)),
        "SN - other": f"{row.score_gap():+.3f}",
        "SN whole process": TIMES.format(*map(row.ours, PROCESS)),
        "other's whole process": TIMES.format(*map(row.theirs, PROCESS)),
        "time SN / other": f"{row.time_share():.2f}x",
    }


def suite_goals(results, suite):
    """The goals of the default fits of ``suite``: (goal, what was measured,
    whether it is met)."""
    if not (rows := problems(suite)(results)):
        return []
    *found, suite_mean = rows
    lowest, case = min((problem.accuracy_gap(), problem.name) for problem in found)
    within = [within_goal(problem.accuracy_gap(), "per problem") for problem in found]
    gap = suite_mean.accuracy_gap()
    ours, theirs = (suite_mean.get(model, "fit time") for model in SEARCH_MODELS)
    label = f"defaults, {suite.replace(' ', '-')} problems:"
    goals = LEARNING_GOALS
    return [
        (
            f"{label} each within {goals['per problem']} of MLP",
            f"{sum(within)} of {len(within)}; lowest {lowest:+.3f} ({case})",
            yes_no(all(within)),
        ),
        (
            f"{label} mean within {goals['mean']} of MLP",
            f"{gap:+.3f}",
            yes_no(within_goal(gap, "mean")),
        ),
        (
            f"{label} summed fit time no more than MLP's",
            f"{ours / theirs:.2f}x ({ours:.1f} s against {theirs:.1f} s)",
            yes_no(ours <= theirs),
        ),
    ]


def search_goals(results):
    """The goals of the searches, for each of SigmoidNet's grids and the
    estimator it is compared with, over the problems searched."""
    groups = {}
    for pair in search_pairs(results):
        key = (pair.grid, pair.ours("learning rates"), pair.other)
        figures = (pair.score_gap(), pair.time_share(), pair.name)
        groups.setdefault(key, []).append(figures)
    goals = []
    for (grid, rates, other), found in groups.items():
        label = f"grid search, SigmoidNet {grid} ({rates}) against {other}:"
        (lowest, _, lowest_case), n = min(found), _counted(len(found), "problem")
        _, slowest, slowest_case = max(found, key=itemgetter(1))
        goals += [
            (
                f"{label} best CV within {LEARNING_GOALS['search']}",
                f"lowest {lowest:+.3f} ({lowest_case}; {n})",
                yes_no(within_goal(lowest, "search")),
            ),
            (
                f"{label} whole process no slower",
                f"slowest {slowest:.2f}x ({slowest_case}; {n})",
                yes_no(slowest <= 1),
            ),
        ]
    return goals


def learning_goals(results, regimes=REGIMES):
    """Rows: every goal of the learning part."""
    defaults = [suite_goals(results, suite) for suite in ("tuning", "held out")]
    return [*defaults[0], *defaults[1], *search_goals(results)]


def goal_cells(goal):
    return dict(zip(("goal", "measured", "met"), goal, strict=True))


# -- Tables -------------------------------------------------------------------


@dataclass(frozen=True)
class TableSpec:
    """A table: its title, its rows (a function of the results and the
    regimes shown) and the cells of a row. With ``by_regime``, a table of
    every regime starts with a column naming each row's; with
    ``numbers_right``, its columns but the first are right-aligned in
    Markdown."""

    title: str
    rows: object
    cells: object
    by_regime: bool = False
    numbers_right: bool = False


@dataclass
class Table:
    """A table's header, rows of cells (strings) and Markdown alignments."""

    header: list
    rows: list
    align: list = None


TABLES = {
    "training": TableSpec(
        "Training and prediction",
        cases("training", in_regimes=True),
        training_cells,
        by_regime=True,
    ),
    "training-ratios": TableSpec(
        "Speed-ups per training case",
        cases("training"),
        speed_up_cells,
        numbers_right=True,
    ),
    "search": TableSpec(
        "Grid search on digits in fresh processes",
        cases("search", in_regimes=True),
        search_cells,
        by_regime=True,
    ),
    "search-summary": TableSpec(
        "Grid search on digits, best against best",
        cases("search", in_regimes=True),
        search_summary_cells,
        numbers_right=True,
    ),
    "cold-start": TableSpec("Cold starts", cases("cold-start"), cold_start_cells),
    "unscaled": TableSpec("Raw features", cases("unscaled"), unscaled_cells),
    "learning-tuning": TableSpec(
        "Learning at the defaults, tuning problems", problems("tuning"), learning_cells
    ),
    "learning-held-out": TableSpec(
        "Learning at the defaults, held-out problems",
        problems("held out"),
        learning_cells,
    ),
    "learning-search": TableSpec(
        "Learning, grid searches", search_pairs, search_pair_cells
    ),
    "learning-goals": TableSpec("Learning goals", learning_goals, goal_cells),
}


def table(results, name, regime=None):
    """Render one table of a run.

    Parameters
    ----------
    results : Results
        The run.
    name : str
        The table, a key of ``TABLES``.
    regime : str, optional
        One of ``REGIMES``: the rows of that thread regime only. By default,
        every regime's (the tables of one regime start with a column naming
        each row's).

    Returns
    -------
    Table
        Its header and rows of cells, empty where the run has no rows for it.

    Raises
    ------
    ValueError
        If ``name`` or ``regime`` is unknown.
    """
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; choose one of {sorted(TABLES)}")
    if regime is not None and regime not in REGIMES:
        raise ValueError(f"unknown regime {regime!r}; choose one of {REGIMES}")
    spec = TABLES[name]
    rows = spec.rows(results, REGIMES if regime is None else (regime,))
    cells = [spec.cells(row) for row in rows]
    if spec.by_regime and regime is None:
        cells = [
            {"regime": row.regime, **row_cells}
            for row, row_cells in zip(rows, cells, strict=True)
        ]
    header = list(cells[0]) if cells else []
    align = ["---"] + ["---:" if spec.numbers_right else "---"] * (len(header) - 1)
    return Table(header, [list(row.values()) for row in cells], align[: len(header)])


# -- Output -------------------------------------------------------------------

VERSIONS = {"python": "Python", "numpy": "NumPy", "torch": "torch"}
VERSIONS |= {name: name for name in ("scikit-learn", "skorch", "sksigmoidnet")}


def how_measured(results, note=True):
    """Say when, by which command and on what a run was made.

    Parameters
    ----------
    results : Results
        The run.
    note : bool, default=True
        Whether to end with the run's note.

    Returns
    -------
    str
        One paragraph, the command in backquotes.
    """
    run = results.run
    cores = f"{run['cores']} cores" if run.get("cores") else None
    machine = ", ".join(filter(None, (run.get("machine"), run.get("cpu"), cores)))
    parts = [
        f"Measured on {run['date']}" if run.get("date") else None,
        f"by `{run['command']}`" if run.get("command") else None,
        f"on {machine}" if machine else None,
    ]
    versions = ", ".join(
        f"{name} {run[k]}" for k, name in VERSIONS.items() if run.get(k)
    )
    text = " ".join(filter(None, parts)) + (f" ({versions})" if versions else "") + "."
    if run.get("load average"):
        text += f" Load average: {run['load average']}."
    if run.get("quick") == "yes":
        text += (
            " A quick run (--quick): its sizes are too small for its times and"
            " ratios to be representative."
        )
    return f"{text} {run['note']}" if note and run.get("note") else text


def markdown(table):
    """Write a table in Markdown.

    Parameters
    ----------
    table : Table
        Its header, rows of cells and each column's alignment (``"---"`` or
        ``"---:"``; left where ``align`` is None).

    Returns
    -------
    str
        The table's lines.
    """
    align = table.align or ["---"] * len(table.header)
    lines = [table.header, align, *table.rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def report(results):
    """Write what ``run.py`` prints of a run, and ``records.py FILE``.

    Parameters
    ----------
    results : Results
        The run.

    Returns
    -------
    str
        How the run was made, then each table of ``TABLES`` that has rows, in
        Markdown under its title.
    """
    sections = [how_measured(results)]
    for name, spec in TABLES.items():
        if (shown := table(results, name)).rows:
            sections.append(f"## {spec.title}\n\n{markdown(shown)}")
    return "\n\n".join(sections)


# Each block of the README written from a stored run: its name, the run and
# the tables it shows.
README_BLOCKS = {
    "learning": ("2026-12-08.csv", ["learning-goals"]),
    "defaults": ("2026-12-08-defaults.csv", ["search-summary"]),
    "per-epoch": ("2026-11-27.csv", ["training-ratios"]),
}


def readme_block(name):
    """Write one block of the README from its stored run.

    Parameters
    ----------
    name : str
        The block, a key of ``README_BLOCKS``.

    Returns
    -------
    str
        How the run was made (without its note), then its tables in Markdown.
    """
    file, names = README_BLOCKS[name]
    results = read_results(RESULTS / file)
    tables = [markdown(table(results, shown)) for shown in names]
    return "\n\n".join([how_measured(results, note=False), *tables])


def with_readme_blocks(text):
    """Write every block of the README from its stored run.

    Parameters
    ----------
    text : str
        The README, each block between its two markers.

    Returns
    -------
    str
        The README with each block's text replaced by ``readme_block``'s.

    Raises
    ------
    ValueError
        If the README does not hold a block's markers once each.
    """
    for name, (file, _) in README_BLOCKS.items():
        start = (
            f"<!-- {name}: written by `python benchmarks/records.py --readme` "
            f"from benchmarks/results/{file}; do not edit -->"
        )
        end = f"<!-- end of {name} -->"
        if text.count(start) != 1 or text.count(end) != 1:
            raise ValueError(f"the README must hold the markers of {name!r} once")
        before, rest = text.split(start)
        text = f"{before}{start}\n{readme_block(name)}\n{end}{rest.split(end)[1]}"
    return text


def main(argv=None):
    """Rewrite the README's blocks (``--readme``) or print a file's tables."""
    parser = argparse.ArgumentParser(description="Render stored benchmark results.")
    parser.add_argument("--readme", action="store_true", help="rewrite the README's")
    parser.add_argument("file", nargs="?", help="a results CSV to print as Markdown")
    args = parser.parse_args(argv)
    if args.readme:
        text = README.read_text(encoding="utf-8")
        README.write_text(with_readme_blocks(text), encoding="utf-8")
    if args.file:
        print(report(read_results(args.file)))


if __name__ == "__main__":
    main()
