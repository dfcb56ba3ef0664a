"""Benchmark results as records: the one source of every published figure.

``run.py --csv PATH`` writes a run's measurements as one CSV file, and prints
its Markdown tables from the same records. The documentation renders its
tables from the files stored in ``benchmarks/results/`` when it is built
(``docs/benchmark_tables.py``), and ``python benchmarks/records.py --readme``
writes the README's. So a figure is typed nowhere: a new run is a new file,
and a page names the file it shows. This module measures nothing and imports
neither torch nor scikit-learn, so that the documentation and its tests read
results cheaply.

A file has one row per value, with the columns of ``COLUMNS``:

- ``part``: ``run`` for the rows that say how and where the run was made
  (``quantity`` names the field: date, command, cpu, versions, load average,
  note), else the benchmark's part: ``training``, ``search``, ``unscaled``,
  ``cold-start``, or ``learning`` and ``learning-search`` (the learning
  part's default fits and grid searches);
- ``regime``: the thread regime, one of ``REGIMES``, or empty where threads
  do not matter;
- ``case``: the row of the part's table (a training case, a search's epoch
  budget, a dataset, a cold start, a learning problem);
- ``variant``: what varies within a case (a search's parallel configuration,
  a default fit's dataset, a learning fit's data seed such as ``seed 0``, a
  learning search's grid such as ``docs' rates``), or empty (a learning
  problem's ``suite`` and ``shape`` have neither regime nor variant);
- ``model``, ``quantity``, ``unit`` and ``value``: who was measured, what,
  in which unit, and the value (a number, or text for a few quantities).
"""

import argparse
import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

COLUMNS = ("part", "regime", "case", "variant", "model", "quantity", "unit", "value")
RESULTS = Path(__file__).resolve().parent / "results"
README = Path(__file__).resolve().parents[1] / "README.md"

# The thread regimes: every contender at its default threads (what a user
# gets), and every contender under threadpoolctl.threadpool_limits(1).
DEFAULT_THREADS = "default threads"
ONE_THREAD = "threadpool_limits(1)"
REGIMES = (DEFAULT_THREADS, ONE_THREAD)
MODELS = ("SigmoidNet", "MLP", "skorch")
SEARCH_MODELS = ("SigmoidNet", "MLP")
# The run's fields, in the order the description gives them.
RUN_FIELDS = (
    "date",
    "command",
    "machine",
    "cpu",
    "cores",
    "python",
    "numpy",
    "torch",
    "scikit-learn",
    "skorch",
    "sksigmoidnet",
    "load average",
    "quick",
    "note",
)


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


@dataclass
class Table:
    """A table's header, rows of cells (strings) and Markdown alignments."""

    header: list
    rows: list
    align: list = None


class Results:
    """The records of one run, looked up by their keys."""

    def __init__(self, records, name="results"):
        self.name = name
        self.records = list(records)
        self.run = {r.quantity: r.value for r in self.records if r.part == "run"}
        self._values = {
            (r.part, r.regime, r.case, r.variant, r.model, r.quantity): r
            for r in self.records
            if r.part != "run"
        }

    def record(self, part, regime, case, variant, model, quantity):
        """The record with these keys, or None."""
        return self._values.get((part, regime, case, variant, model, quantity))

    def value(self, part, regime, case, variant, model, quantity):
        """The value with these keys, or None."""
        found = self.record(part, regime, case, variant, model, quantity)
        return None if found is None else found.value

    def distinct(self, column, **keys):
        """The values of ``column`` among the records matching ``keys``, in
        the order they first appear."""
        seen = {}
        for r in self.records:
            if r.part != "run" and all(getattr(r, k) == v for k, v in keys.items()):
                seen.setdefault(getattr(r, column), None)
        return list(seen)


# -- Storage ------------------------------------------------------------------


def _stored(value):
    """A value as its CSV cell: numbers with six significant digits."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _loaded(cell):
    """A CSV cell as the value it stores: a float where it reads as one."""
    try:
        number = float(cell)
    except ValueError:
        return cell
    return number if math.isfinite(number) else cell


def write_results(path, records):
    """Write ``records`` (the run's fields first) to the CSV file ``path``."""
    records = sorted(records, key=lambda r: r.part != "run")
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in records:
            cells = [getattr(r, column) for column in COLUMNS]
            writer.writerow([*cells[:-1], _stored(cells[-1])])


def read_results(path):
    """The :class:`Results` stored in the CSV file ``path``."""
    path = Path(path)
    with open(path, newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(
                f"{path} has the columns {reader.fieldnames}, not {list(COLUMNS)}: "
                "it is not a file that benchmarks/run.py --csv writes"
            )
        records = []
        for row in reader:
            value = row["value"] if row["part"] == "run" else _loaded(row["value"])
            records.append(Record(**{**row, "value": value}))
    return Results(records, name=path.name)


def stored_results(name):
    """The stored run ``name`` (a file in ``benchmarks/results/``)."""
    return read_results(RESULTS / name)


# -- Cells --------------------------------------------------------------------


def time_cell(value):
    return f"{value:.3g}"


def ratio(theirs, ours):
    """How many times faster "ours" is: above 1, ours takes less time."""
    return f"{theirs / ours:.2f}x"


def seconds_cell(value, digits=1):
    return f"{value:.{digits}f} s"


def score_cell(value):
    return f"{value:.3f}"


# -- Tables -------------------------------------------------------------------


def how_measured(results, note=True):
    """One paragraph: when, by which command and on what the run was made,
    with the run's note unless ``note`` is false."""
    run = results.run
    parts = []
    if run.get("date"):
        parts.append(f"Measured on {run['date']}")
    if run.get("command"):
        parts.append(f"by `{run['command']}`")
    machine = ", ".join(
        text
        for text in (
            run.get("machine"),
            run.get("cpu"),
            f"{run['cores']} cores" if run.get("cores") else None,
        )
        if text
    )
    if machine:
        parts.append(f"on {machine}")
    versions = ", ".join(
        f"{name} {run[key]}"
        for key, name in (
            ("python", "Python"),
            ("numpy", "NumPy"),
            ("torch", "torch"),
            ("scikit-learn", "scikit-learn"),
            ("skorch", "skorch"),
            ("sksigmoidnet", "sksigmoidnet"),
        )
        if run.get(key)
    )
    sentence = " ".join(parts) + (f" ({versions})" if versions else "") + "."
    if run.get("load average"):
        sentence += f" Load average: {run['load average']}."
    if run.get("quick") == "yes":
        sentence += (
            " A quick run (--quick): its sizes are too small for its times and"
            " ratios to be representative."
        )
    if note and run.get("note"):
        sentence += f" {run['note']}"
    return sentence


def _values_of(results, part, regime, case):
    """A function of (variant, model, quantity) to the value within one case."""

    def value(variant, model, quantity):
        return results.value(part, regime, case, variant, model, quantity)

    return value


def _training_notes(results, regime, case):
    """The notes cell of a training case: what the case's records add to its
    times (the floor, throughput, memory, each default fit's dataset)."""
    value = _values_of(results, "training", regime, case)
    notes = [
        r.value
        for r in results.records
        if (r.part, r.regime, r.case, r.quantity) == ("training", regime, case, "note")
    ]
    floor, step = value("", "floor", "step"), value("", "SigmoidNet", "step")
    if floor is not None and step is not None:
        notes.append(
            f"floor {floor:.0f} us/step, SigmoidNet {step:.0f} us/step "
            f"({step / floor:.2f}x the floor)"
        )
    peak = value("", "torch.mm", "peak")
    if peak is not None:
        rates = [
            f"{model} {rate:.0f} GFLOP/s ({rate / peak:.0%})"
            for model in MODELS
            if (rate := value("", model, "throughput")) is not None
        ]
        notes.append(f"matmul peak {peak:.0f} GFLOP/s; " + ", ".join(rates))
    memory = [
        f"{model} {mb:.0f} MB"
        for model in MODELS
        if (mb := value("", model, "peak extra memory")) is not None
    ]
    if memory:
        notes.append("peak extra memory " + ", ".join(memory) + " (*)")
    for dataset in results.distinct("variant", part="training", case=case):
        if not dataset:
            continue
        cells = []
        for model in MODELS:
            figures = []
            if (s := value(dataset, model, "cross-validation")) is not None:
                figures.append(f"{s:.2f} s")
            if (epochs := value(dataset, model, "median epochs")) is not None:
                figures.append(f"{epochs:.0f} epochs")
            if (n := value(dataset, model, "ConvergenceWarnings")) is not None:
                figures.append(f"{n:.0f} warnings")
            if figures:
                cells.append(f"{model} " + ", ".join(figures))
        notes.append(f"{dataset}: " + ", ".join(cells))
    return "; ".join(notes)


def training_table(results, regime, notes=True):
    """Times per case of every contender, SigmoidNet's ratios to the others,
    training accuracies and notes (``notes=False`` leaves the last two out)."""
    header = ["case", "unit", *MODELS, "faster than MLP", "faster than skorch"]
    align = ["---", "---", "---:", "---:", "---:", "---:", "---:"]
    if notes:
        header += ["accuracy SN / MLP / skorch", "notes"]
        align += ["---", "---"]
    # A contender a case does not time: skorch where it is not installed, or
    # a case that does not run it (skorch has no defaults to compare).
    missing = "not installed" if results.run.get("skorch") == "not installed" else "-"
    rows = []
    for case in results.distinct("case", part="training", regime=regime):
        times = {}
        unit = None
        for model in MODELS:
            found = results.record("training", regime, case, "", model, "time")
            if found is not None:
                times[model], unit = found.value, found.unit
        cells = [case, unit or ""]
        cells += [time_cell(times[m]) if m in times else missing for m in MODELS]
        cells += [
            ratio(times[m], times["SigmoidNet"]) if m in times else missing
            for m in ("MLP", "skorch")
        ]
        if notes:
            accuracies = [
                results.value("training", regime, case, "", m, "accuracy")
                for m in MODELS
            ]
            cells.append(
                " / ".join("-" if a is None else score_cell(a) for a in accuracies)
            )
            cells.append(_training_notes(results, regime, case))
        rows.append(cells)
    return Table(header, rows, align)


def ratio_table(results):
    """SigmoidNet's speed-up over MLP and skorch per training case, in both
    regimes side by side (the README's summary of ``training_table``)."""
    header = ["case"] + [
        f"{label}: vs {other}"
        for label in ("default threads", "one thread each")
        for other in ("MLP", "skorch")
    ]
    align = ["---"] + ["---:"] * 4
    rows = []
    for case in results.distinct("case", part="training", quantity="time"):
        cells = None
        for regime in REGIMES:
            found = {
                m: results.record("training", regime, case, "", m, "time")
                for m in MODELS
            }
            if cells is None:
                cells = [f"{case} ({found['SigmoidNet'].unit})"]
            ours = found["SigmoidNet"].value
            cells += [
                ratio(found[m].value, ours) if found[m] else "-"
                for m in ("MLP", "skorch")
            ]
        rows.append(cells)
    return Table(header, rows, align)


def _fastest(results, regime, case, model, quantity):
    """(variant, seconds) of ``model``'s fastest parallel configuration."""
    times = [
        (variant, results.value("search", regime, case, variant, model, quantity))
        for variant in results.distinct("variant", part="search", case=case)
    ]
    return min(((v, s) for v, s in times if s is not None), key=lambda p: p[1])


def _best_against_best(results, regime, case):
    comparisons = []
    for quantity, label in [("whole process", "whole"), ("search alone", "search")]:
        ours_variant, ours = _fastest(results, regime, case, "SigmoidNet", quantity)
        theirs_variant, theirs = _fastest(results, regime, case, "MLP", quantity)
        comparisons.append(
            f"{label} {ratio(theirs, ours)} ({ours_variant} vs {theirs_variant})"
        )
    return "; ".join(comparisons)


def _best_scores(results, regime, case):
    variant = results.distinct("variant", part="search", case=case)[0]
    cells = []
    for model in SEARCH_MODELS:
        score = results.value("search", regime, case, variant, model, "best score")
        params = results.value(
            "search", regime, case, variant, model, "best parameters"
        )
        cells.append("-" if score is None else f"{score_cell(score)} {params}")
    return " / ".join(cells)


def search_header(variants):
    """The grid search table's header, for these parallel configurations."""
    return [
        "epochs",
        *(f"{model} {variant}" for model in SEARCH_MODELS for variant in variants),
        "best against best",
        "best score and parameters SN / MLP",
        "torch import (SN, n_jobs=1)",
    ]


def search_table(results, regimes):
    """The grid search: each estimator's whole process (the search alone in
    brackets) in each parallel configuration, per epoch budget. With several
    ``regimes``, a first column names the regime of each row."""
    variants = results.distinct("variant", part="search")
    rows = []
    for regime in regimes:
        for case in results.distinct("case", part="search", regime=regime):
            cells = [regime] if len(regimes) > 1 else []
            cells.append(case)
            for model in SEARCH_MODELS:
                for variant in variants:
                    keys = ("search", regime, case, variant, model)
                    whole = results.value(*keys, "whole process")
                    alone = results.value(*keys, "search alone")
                    cells.append(
                        f"{seconds_cell(whole)} ({seconds_cell(alone)})"
                        if whole is not None
                        else "-"
                    )
            cells.append(_best_against_best(results, regime, case))
            cells.append(_best_scores(results, regime, case))
            torch_import = results.value(
                "search", regime, case, variants[0], "SigmoidNet", "torch import"
            )
            cells.append("-" if torch_import is None else seconds_cell(torch_import))
            rows.append(cells)
    header = search_header(variants)
    return Table(["regime", *header] if len(regimes) > 1 else header, rows)


def search_summary_table(results):
    """Best against best per regime, with the times compared and the best
    scores (the README's summary of ``search_table``)."""
    header = ["regime", "whole process", "search alone", "best score SN / MLP"]
    align = ["---", "---:", "---:", "---:"]
    rows = []
    for regime in REGIMES:
        for case in results.distinct("case", part="search", regime=regime):
            cells = [_regime_label(regime, case)]
            for quantity in ("whole process", "search alone"):
                _, ours = _fastest(results, regime, case, "SigmoidNet", quantity)
                _, theirs = _fastest(results, regime, case, "MLP", quantity)
                cells.append(
                    f"{ratio(theirs, ours)} ({seconds_cell(ours)} against "
                    f"{seconds_cell(theirs)})"
                )
            variant = results.distinct("variant", part="search", case=case)[0]
            cells.append(
                " / ".join(
                    score_cell(
                        results.value("search", regime, case, variant, m, "best score")
                    )
                    for m in SEARCH_MODELS
                )
            )
            rows.append(cells)
    return Table(header, rows, align)


def _regime_label(regime, case):
    label = "one thread each" if regime == ONE_THREAD else regime
    return label if case == "defaults" else f"{label}, {case}"


def cold_start_table(results):
    """Each cold start's median seconds, the ratio and whether torch was
    imported."""
    rows = []
    for case in results.distinct("case", part="cold-start"):
        value = _values_of(results, "cold-start", "", case)
        ours, theirs = value("", "SigmoidNet", "time"), value("", "MLP", "time")
        rows.append(
            [
                case,
                seconds_cell(ours, 2),
                seconds_cell(theirs, 2),
                ratio(theirs, ours),
                f"SN {value('', 'SigmoidNet', 'torch imported')}, "
                f"MLP {value('', 'MLP', 'torch imported')}",
            ]
        )
    header = ["cold start", "SigmoidNet", "MLP", "faster than MLP", "torch imported"]
    return Table(header, rows)


UNSCALED_HEADER = [
    "raw data",
    "SigmoidNet accuracy",
    "MLP accuracy",
    "difference",
    "ConvergenceWarnings SN / MLP",
]


def unscaled_table(results):
    """Each estimator's cross-validated accuracy on raw features, and its
    ConvergenceWarnings."""
    rows = []
    for dataset in results.distinct("case", part="unscaled"):
        value = _values_of(results, "unscaled", "", dataset)
        ours = value("", "SigmoidNet", "accuracy")
        theirs = value("", "MLP", "accuracy")
        rows.append(
            [
                dataset,
                score_cell(ours),
                score_cell(theirs),
                f"{ours - theirs:+.3f}",
                f"{value('', 'SigmoidNet', 'ConvergenceWarnings'):.0f} / "
                f"{value('', 'MLP', 'ConvergenceWarnings'):.0f}",
            ]
        )
    return Table(UNSCALED_HEADER, rows)


# -- Learning quality ---------------------------------------------------------

# The contenders of the learning part: SigmoidNetClassifier(), MLPClassifier()
# (Adam, ReLU), MLPClassifier(solver="sgd") and LogisticRegression(), each at
# its defaults.
LEARNING_MODELS = ("SigmoidNet", "MLP", "MLP sgd", "logistic")
# The problem suites of benchmarks/learning_problems.py, as records name them
# and as titles do.
SUITES = {"tuning": "tuning", "held out": "held-out"}
# The goals the learning part checks (issue 25): at the defaults, each
# problem's test accuracy within PER_PROBLEM of MLPClassifier()'s and their
# mean within MEAN, summed fit time no more than its; in a grid search, the
# best CV score within SEARCH of the other's, the whole process no slower.
# "Within" is one-sided: no more than that below; any score above is within.
LEARNING_GOALS = {"per problem": 0.02, "mean": 0.005, "search": 0.01}


def within_goal(difference, goal):
    """Whether SigmoidNet's score, ``difference`` from the other's, is within
    ``goal`` (a key of ``LEARNING_GOALS``): no more than that below it."""
    return difference >= -LEARNING_GOALS[goal] - 1e-12


def yes_no(flag):
    return "yes" if flag else "no"


def share(ours, theirs):
    """SigmoidNet's time as a multiple of the other's: below 1, ours is faster
    (the learning part's convention, the other tables' ratio inverted)."""
    return f"{ours / theirs:.2f}x"


def _learning_figures(results, case):
    """model -> (mean test accuracy, summed fit seconds, mean epochs, summed
    ConvergenceWarnings) over the data seeds of one problem."""
    seeds = [v for v in results.distinct("variant", part="learning", case=case) if v]
    figures = {}
    for model in LEARNING_MODELS:
        values = {
            quantity: [
                results.value("learning", DEFAULT_THREADS, case, s, model, quantity)
                for s in seeds
            ]
            for quantity in ("accuracy", "fit time", "epochs", "ConvergenceWarnings")
        }
        if not seeds or None in values["accuracy"]:
            continue
        figures[model] = (
            sum(values["accuracy"]) / len(seeds),
            sum(values["fit time"]),
            sum(values["epochs"]) / len(seeds),
            sum(values["ConvergenceWarnings"]),
        )
    return figures


def _suite_problems(results, suite):
    """(problem, its size, its figures) of each problem of ``suite``."""
    return [
        (
            case,
            results.value("learning", "", case, "", "", "shape"),
            _learning_figures(results, case),
        )
        for case in results.distinct("case", part="learning")
        if results.value("learning", "", case, "", "", "suite") == suite
    ]


def _suite_means(problems):
    """model -> the figures of ``problems`` (of ``_suite_problems``) over the
    problems: mean accuracy, summed fit seconds, mean epochs, summed
    ConvergenceWarnings."""
    n = len(problems)
    return {
        model: (
            sum(f[model][0] for _, _, f in problems) / n,
            sum(f[model][1] for _, _, f in problems),
            sum(f[model][2] for _, _, f in problems) / n,
            sum(f[model][3] for _, _, f in problems),
        )
        for model in LEARNING_MODELS
        if all(model in f for _, _, f in problems)
    }


def _difference(figures):
    """SigmoidNet's accuracy minus MLPClassifier()'s."""
    return figures["SigmoidNet"][0] - figures["MLP"][0]


def _problems(n):
    return f"{n} problem" if n == 1 else f"{n} problems"


def _slashed(cells):
    return " / ".join(cells)


def _learning_row(name, shape, figures, within):
    """One row of the quality table: a problem's figures, or their means."""
    models = [m for m in LEARNING_MODELS if m in figures]
    return [
        name,
        shape or "",
        *(score_cell(figures[m][0]) if m in figures else "-" for m in LEARNING_MODELS),
        f"{_difference(figures):+.3f}",
        within,
        _slashed(f"{figures[m][1]:.2f}" for m in models),
        share(figures["SigmoidNet"][1], figures["MLP"][1]),
        _slashed(f"{figures[m][2]:.0f}" for m in models if m != "logistic"),
        _slashed(f"{figures[m][3]:.0f}" for m in models),
    ]


LEARNING_HEADER = [
    "problem",
    "rows x features, classes",
    "SigmoidNet",
    "MLP",
    "MLP sgd",
    "logistic",
    "SN - MLP",
    f"within {LEARNING_GOALS['per problem']}",
    "fit s SN / MLP / MLP sgd / logistic",
    "time SN / MLP",
    "epochs SN / MLP / MLP sgd",
    "ConvergenceWarnings SN / MLP / MLP sgd / logistic",
]


def learning_table(results, suite):
    """Each problem of ``suite``: every contender's mean test accuracy over
    the data seeds, SigmoidNet's difference to MLPClassifier() and whether it
    is within the goal, summed fit times, SigmoidNet's time over MLP's, mean
    epochs and ConvergenceWarnings; then a row of the means over the problems
    (summed times), with how many are within the goal and whether the mean
    difference is within its own."""
    problems = _suite_problems(results, suite)
    rows = []
    within = [within_goal(_difference(f), "per problem") for _, _, f in problems]
    for (case, shape, figures), flag in zip(problems, within, strict=True):
        rows.append(_learning_row(case, shape, figures, yes_no(flag)))
    if problems:
        means = _suite_means(problems)
        summary = (
            f"{sum(within)} of {len(problems)}; mean within "
            f"{LEARNING_GOALS['mean']}: "
            f"{yes_no(within_goal(_difference(means), 'mean'))}"
        )
        name = f"mean of {_problems(len(problems))}"
        rows.append(_learning_row(name, "", means, summary))
    align = ["---", "---", *["---:"] * 5, "---", "---:", "---:", "---:", "---:"]
    return Table(LEARNING_HEADER, rows, align)


def _searches(results):
    """(case, SigmoidNet's grid, the other's model and grid) of every
    comparison of the learning part's searches: each of SigmoidNet's grids on
    a problem against the other estimator searched on it."""
    comparisons = []
    for case in results.distinct("case", part="learning-search"):
        grids = [
            (r.variant, r.model)
            for r in results.records
            if (r.part, r.case, r.quantity) == ("learning-search", case, "best score")
        ]
        others = [grid for grid in grids if grid[1] != "SigmoidNet"]
        comparisons += [
            (case, variant, other)
            for variant, model in grids
            if model == "SigmoidNet"
            for other in others
        ]
    return comparisons


def _search_figures(results, case, variant, model):
    def value(quantity):
        return results.value(
            "learning-search", DEFAULT_THREADS, case, variant, model, quantity
        )

    return {
        quantity: value(quantity)
        for quantity in (
            "grid",
            "learning rates",
            "best score",
            "best parameters",
            "whole process",
            "search alone",
        )
    }


def learning_search_table(results):
    """Each grid search of the learning part: SigmoidNet's best CV score and
    parameters against the other estimator's on the same problem, the
    difference and whether it is within the goal, each whole fresh process
    (the search alone in brackets), SigmoidNet's time over the other's."""
    header = [
        "problem",
        "rows x features, classes",
        "SigmoidNet grid",
        "SN best CV",
        "against",
        "its best CV",
        "SN - other",
        f"within {LEARNING_GOALS['search']}",
        "SN whole process",
        "other's whole process",
        "time SN / other",
        "no slower",
    ]
    rows = []
    for case, variant, (other_variant, other) in _searches(results):
        ours = _search_figures(results, case, variant, "SigmoidNet")
        theirs = _search_figures(results, case, other_variant, other)
        difference = ours["best score"] - theirs["best score"]
        rows.append(
            [
                case,
                results.value("learning-search", "", case, "", "", "shape") or "",
                f"{variant}: {ours['grid']}",
                f"{score_cell(ours['best score'])} {ours['best parameters']}",
                f"{other} {other_variant}: {theirs['grid']}",
                f"{score_cell(theirs['best score'])} {theirs['best parameters']}",
                f"{difference:+.3f}",
                yes_no(within_goal(difference, "search")),
                *(
                    f"{seconds_cell(f['whole process'])} "
                    f"({seconds_cell(f['search alone'])})"
                    for f in (ours, theirs)
                ),
                share(ours["whole process"], theirs["whole process"]),
                yes_no(ours["whole process"] <= theirs["whole process"]),
            ]
        )
    return Table(header, rows)


def _quality_goals(results):
    """The goals' rows of the default fits, for each suite."""
    rows = []
    for suite in SUITES:
        problems = _suite_problems(results, suite)
        if not problems:
            continue
        differences = [(_difference(f), case) for case, _, f in problems]
        worst, worst_case = min(differences)
        within = [within_goal(d, "per problem") for d, _ in differences]
        means = _suite_means(problems)
        mean = _difference(means)
        ours, theirs = means["SigmoidNet"][1], means["MLP"][1]
        label = f"defaults, {SUITES[suite]} problems"
        rows += [
            [
                f"{label}: each within {LEARNING_GOALS['per problem']} of MLP",
                f"{sum(within)} of {len(within)}; lowest {worst:+.3f} ({worst_case})",
                yes_no(all(within)),
            ],
            [
                f"{label}: mean within {LEARNING_GOALS['mean']} of MLP",
                f"{mean:+.3f}",
                yes_no(within_goal(mean, "mean")),
            ],
            [
                f"{label}: summed fit time no more than MLP's",
                f"{share(ours, theirs)} ({seconds_cell(ours)} against "
                f"{seconds_cell(theirs)})",
                yes_no(ours <= theirs),
            ],
        ]
    return rows


def _search_goals(results):
    """The goals' rows of the searches, for each of SigmoidNet's grids and
    the estimator it is compared with, over the problems searched."""
    groups = {}
    for case, variant, (other_variant, other) in _searches(results):
        ours = _search_figures(results, case, variant, "SigmoidNet")
        theirs = _search_figures(results, case, other_variant, other)
        groups.setdefault((variant, ours["learning rates"], other), []).append(
            (
                ours["best score"] - theirs["best score"],
                ours["whole process"] / theirs["whole process"],
                case,
            )
        )
    rows = []
    for (variant, rates, other), found in groups.items():
        label = f"grid search, SigmoidNet {variant} ({rates}) against {other}"
        worst = min(found)
        slowest = max(found, key=lambda item: item[1])
        rows += [
            [
                f"{label}: best CV within {LEARNING_GOALS['search']}",
                f"lowest {worst[0]:+.3f} ({worst[2]}; {_problems(len(found))})",
                yes_no(within_goal(worst[0], "search")),
            ],
            [
                f"{label}: whole process no slower",
                f"slowest {slowest[1]:.2f}x ({slowest[2]}; {_problems(len(found))})",
                yes_no(slowest[1] <= 1),
            ],
        ]
    return rows


def learning_goals_table(results):
    """The goals the learning part checks, what was measured and whether
    each is met."""
    rows = _quality_goals(results) + _search_goals(results)
    return Table(["goal", "measured", "met"], rows, ["---", "---", "---"])


# The learning part's tables, in the order run.py prints them.
LEARNING_TABLES = (
    "learning-tuning",
    "learning-held-out",
    "learning-search",
    "learning-goals",
)
TABLES = {
    "training": training_table,
    "training-times": lambda results, regime: training_table(results, regime, False),
    "training-ratios": lambda results, regime: ratio_table(results),
    "search": lambda results, regime: search_table(results, [regime]),
    "search-regimes": lambda results, regime: search_table(results, list(REGIMES)),
    "search-summary": lambda results, regime: search_summary_table(results),
    "cold-start": lambda results, regime: cold_start_table(results),
    "unscaled": lambda results, regime: unscaled_table(results),
    "learning-tuning": lambda results, regime: learning_table(results, "tuning"),
    "learning-held-out": lambda results, regime: learning_table(results, "held out"),
    "learning-search": lambda results, regime: learning_search_table(results),
    "learning-goals": lambda results, regime: learning_goals_table(results),
}


def table(results, kind, regime=None):
    """The table ``kind`` (a key of ``TABLES``) of ``results``; ``regime``
    for the kinds that show one."""
    if kind not in TABLES:
        raise ValueError(f"unknown table {kind!r}; choose one of {sorted(TABLES)}")
    if regime is not None and regime not in REGIMES:
        raise ValueError(f"unknown regime {regime!r}; choose one of {REGIMES}")
    return TABLES[kind](results, regime)


# -- Markup -------------------------------------------------------------------


def markdown(header, rows, align=None):
    """A Markdown table of ``header`` and ``rows`` (lists of cells)."""
    align = align or ["---"] * len(header)
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


def table_markdown(table):
    return markdown(table.header, table.rows, table.align)


def table_rst(table):
    """The reStructuredText list-table of ``table``, as lines."""
    lines = [".. list-table::", "   :header-rows: 1", ""]
    for cells in [table.header, *table.rows]:
        for index, cell in enumerate(cells):
            # Cells are plain text: no markup may start inside them.
            text = re.sub(r"([*`|_\\])", r"\\\1", str(cell)) or "\\ "
            lines.append(f"   {'*' if index == 0 else ' '} - {text}")
    return lines


# -- The README ---------------------------------------------------------------

# Each block of the README that is written from stored results: its name, the
# run it shows and the tables, in order.
README_BLOCKS = {
    "learning": ("2026-12-08.csv", ["learning-goals"]),
    "defaults": ("2026-12-08-defaults.csv", ["search-summary"]),
    "per-epoch": ("2026-11-27.csv", ["training-ratios"]),
}


def readme_block(name):
    """The Markdown of the README's block ``name``: how the run was made,
    then its tables."""
    file, kinds = README_BLOCKS[name]
    results = stored_results(file)
    parts = [how_measured(results, note=False)]
    parts += [table_markdown(table(results, kind)) for kind in kinds]
    return "\n\n".join(parts)


def _markers(name):
    return (
        f"<!-- {name}: written by `python benchmarks/records.py --readme` "
        f"from benchmarks/results/{README_BLOCKS[name][0]}; do not edit -->",
        f"<!-- end of {name} -->",
    )


def readme_blocks(text):
    """name -> the text between the markers of each README block."""
    blocks = {}
    for name in README_BLOCKS:
        start, end = _markers(name)
        if text.count(start) != 1 or text.count(end) != 1:
            raise ValueError(f"the README must hold the markers of {name!r} once")
        blocks[name] = text.split(start)[1].split(end)[0].strip("\n")
    return blocks


def with_readme_blocks(text):
    """``text`` (the README) with every block written from its stored run."""
    for name in readme_blocks(text):
        start, end = _markers(name)
        before, rest = text.split(start)
        after = rest.split(end)[1]
        text = f"{before}{start}\n{readme_block(name)}\n{end}{after}"
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(description="Render stored benchmark results.")
    parser.add_argument(
        "--readme", action="store_true", help="rewrite the README's result blocks"
    )
    parser.add_argument("file", nargs="?", help="a results CSV to print as Markdown")
    args = parser.parse_args(argv)
    if args.readme:
        README.write_text(
            with_readme_blocks(README.read_text(encoding="utf-8")), encoding="utf-8"
        )
    if args.file:
        results = read_results(args.file)
        print(how_measured(results))
        for kind in ("training", "search", "unscaled", "cold-start"):
            regimes = REGIMES if kind in ("training", "search") else (None,)
            for regime in regimes:
                if results.distinct("case", part=kind, regime=regime or ""):
                    print(f"\n{table_markdown(table(results, kind, regime))}")
        for kind in LEARNING_TABLES:
            if (shown := table(results, kind)).rows:
                print(f"\n{table_markdown(shown)}")


if __name__ == "__main__":
    main()
