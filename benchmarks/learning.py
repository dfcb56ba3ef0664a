"""Learning quality: what each estimator learns at its defaults, and the grid
search a user runs, on problems that need a hidden layer.

Two measurements, on the problems of ``learning_problems.py``:

- **the defaults**, in this process: for each problem and data seed, a 30%
  stratified test split (``random_state`` the seed), then
  ``make_pipeline(StandardScaler(), estimator)`` of ``SigmoidNetClassifier()``,
  ``MLPClassifier()`` (Adam and ReLU: what users compare with),
  ``MLPClassifier(solver="sgd")`` and ``LogisticRegression()`` (the linear
  baseline), each at its defaults with ``random_state`` the seed, fitted one
  after the other for each seed (interleaved), at the default threads: test
  accuracy, fit time, epochs (``n_iter_``) and ConvergenceWarnings;
- **grid searches**, each a fresh process (``search_problem.py``):
  ``GridSearchCV(make_pipeline(StandardScaler(), estimator), grid, cv=3)``
  over hidden sizes (32,) and (100,), SigmoidNet over the learning rates the
  documentation recommends (``DOCS_LEARNING_RATES``) and over
  ``TODAYS_ADVICE``, ``MLPClassifier()`` over its own natural range
  (``MLP_LEARNING_RATES``), on the problems ``sizes.py`` names (a spiral, a
  checkerboard, the moons and a held-out problem); and the large grid,
  60,000 rows of 4 classes, hidden (64,) and (128,) times ``LARGE_RATES`` for
  SigmoidNet and ``MLPClassifier(solver="sgd")`` alike. Each search runs
  ``sizes.search_repeats`` times, interleaved, and its times are medians (the
  large grid, minutes a search, runs once). A grid that equals another of the
  same estimator on the same problem is searched once and reported under both
  names.

Run it with ``python benchmarks/run.py --only learning`` (add ``--csv`` to
store it); the tables say, goal by goal, whether SigmoidNet meets issue 25's
goals (``records.LEARNING_GOALS``).
"""

import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from learning_problems import LARGE, PROBLEMS, TUNING, problem_data, shape_text
from measure import run_fresh_process
from records import DEFAULT_THREADS, Record
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sksigmoidnet import SigmoidNetClassifier

# The learning rates the documentation recommends for SigmoidNet's searches
# (docs/user_guide/tuning.rst): set here, and only here, when they change.
DOCS_LEARNING_RATES = (0.2, 0.5, 1.0)
# What the documentation advised when this part was written (tuning.rst's
# example grid): a user who learned it then still searches these.
TODAYS_ADVICE = (0.05, 0.2, 0.5)
# MLPClassifier()'s natural range around its default 1e-3 (Adam).
MLP_LEARNING_RATES = (1e-3, 3e-3, 1e-2, 3e-2)
HIDDEN = (32, 100)
# The large grid: both estimators over the same grid.
LARGE_PROBLEM = next(iter(LARGE))
LARGE_HIDDEN = (64, 128)
LARGE_RATES = (0.05, 0.2)
SCRIPT = Path(__file__).resolve().parent / "search_problem.py"

CONTENDERS = {
    "SigmoidNet": lambda seed: SigmoidNetClassifier(random_state=seed),
    "MLP": lambda seed: MLPClassifier(random_state=seed),
    "MLP sgd": lambda seed: MLPClassifier(solver="sgd", random_state=seed),
    "logistic": lambda seed: LogisticRegression(random_state=seed),
}

LEARNING_FOOTNOTE = """\
Each problem at data seeds 0, 1 and 2 (seed 0 alone in a quick run): a 30%
stratified test split (`random_state` the seed), then
`make_pipeline(StandardScaler(), estimator)` with each estimator at its
defaults and `random_state` the seed: SigmoidNet is `SigmoidNetClassifier()`,
MLP `MLPClassifier()` (Adam, ReLU), MLP sgd
`MLPClassifier(solver="sgd")`, logistic `LogisticRegression()`. Accuracies on
the test split, means over the seeds; fit times summed over the seeds, in one
process at the default threads, the contenders fitted one after the other
for each seed; epochs are `n_iter_`, means over the seeds (logistic's
iterations are not epochs and are left out); ConvergenceWarnings summed.
"within": no more than the goal below MLP's accuracy (above is within); time
SN / MLP below 1x means SigmoidNet is faster."""

LEARNING_SEARCH_FOOTNOTE = """\
Grid search: `GridSearchCV(make_pipeline(StandardScaler(), estimator), grid,
cv=3)` on the problem at data seed 0, hidden sizes times learning rates as the
grid column says (with `max_iter` where it names one), every other parameter
at its default, `random_state=0`; each search a fresh process
(`benchmarks/search_problem.py`), at the default threads, `n_jobs=1`, run
three times (once in a quick run) interleaved with the other searches of its
problem, medians (the 60,000-row grid: once). Each time: the whole process,
imports included (the search alone in brackets; SigmoidNet's script imports
torch before its search). A grid that equals another is searched once and
shown under both names. "within": best CV score no more than the goal below
the other's; time SN / other below 1x means SigmoidNet's process was
faster."""


def _fit_scored(make, seed, X_train, X_test, y_train, y_test):
    """(test accuracy, fit seconds, epochs, ConvergenceWarnings) of one fit."""
    pipeline = make_pipeline(StandardScaler(), make(seed))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        started = time.perf_counter()
        pipeline.fit(X_train, y_train)
        seconds = time.perf_counter() - started
    n_warnings = sum(issubclass(w.category, ConvergenceWarning) for w in caught)
    # LogisticRegression's n_iter_ is an array (one per class problem)
    epochs = int(np.max(pipeline[-1].n_iter_))
    return float(pipeline.score(X_test, y_test)), seconds, epochs, n_warnings


def _warm_up():
    """One small fit of each contender, so that first-call costs (torch's
    import, thread pools) fall on no problem."""
    X, y = problem_data("moons", 0, 200)
    for make in CONTENDERS.values():
        _fit_scored(make, 0, *train_test_split(X, y, random_state=0))


def quality_records(sizes):
    """The records of every contender's default fits on each problem and
    data seed of ``sizes``, with each problem's suite and size."""
    _warm_up()
    records = []
    for name in sizes.learning_problems or tuple(PROBLEMS):
        suite = "tuning" if name in TUNING else "held out"
        for seed in sizes.learning_seeds:
            X, y = problem_data(name, seed, sizes.learning_rows)
            if seed == sizes.learning_seeds[0]:
                records += [
                    Record("learning", "", name, "", "", "suite", "", suite),
                    Record("learning", "", name, "", "", "shape", "", shape_text(X, y)),
                ]
            split = train_test_split(X, y, test_size=0.3, stratify=y, random_state=seed)
            progress = []
            for model, make in CONTENDERS.items():
                accuracy, seconds, epochs, n_warnings = _fit_scored(make, seed, *split)
                records += [
                    Record("learning", DEFAULT_THREADS, name, f"seed {seed}", model, *q)
                    for q in (
                        ("accuracy", "", accuracy),
                        ("fit time", "s", seconds),
                        ("epochs", "", epochs),
                        ("ConvergenceWarnings", "", n_warnings),
                    )
                ]
                progress.append(f"{model} {accuracy:.3f} {seconds:.2f} s")
            print(f"  {name} seed {seed}: " + ", ".join(progress), file=sys.stderr)
    return records


def _rates_text(rates):
    return ", ".join(f"{rate:g}" for rate in rates)


def _grid_text(hidden, rates, max_iter):
    text = ", ".join(f"({h},)" for h in hidden) + " x " + _rates_text(rates)
    return text if max_iter is None else f"{text}, max_iter={max_iter}"


def _short_params(params):
    return f"{tuple(params['hidden_layer_sizes'])}, lr {params['learning_rate_init']}"


def _run_search(problem, model, rates, hidden, rows, max_iter):
    """(whole-process seconds, report) of one search in a fresh process."""
    arguments = [
        str(SCRIPT),
        model,
        f"--problem={problem}",
        f"--rates={','.join(map(str, rates))}",
        f"--hidden={','.join(map(str, hidden))}",
    ]
    if rows is not None:
        arguments.append(f"--rows={rows}")
    if max_iter is not None:
        arguments.append(f"--max-iter={max_iter}")
    seconds, report = run_fresh_process(arguments)
    print(
        f"  search {problem}, {model} over {_rates_text(rates)}: {seconds:.2f} s "
        f"(search {report['search_seconds']:.2f} s), best {report['best_score']:.3f}",
        file=sys.stderr,
    )
    return seconds, report


def _searched(problem, searches, grid, repeats):
    """The records of the searches ``searches`` ((variant, model, rates) each)
    of ``problem``: each distinct grid run ``repeats`` times in fresh
    processes, interleaved so that the machine's load falls on each alike;
    times are medians, scores those of the first run (``random_state=0``
    makes every run the same search). ``grid`` is ``(hidden, rows,
    max_iter)``."""
    hidden, rows, max_iter = grid
    distinct = list(dict.fromkeys((model, rates) for _, model, rates in searches))
    runs = {key: [] for key in distinct}
    for _ in range(repeats):
        for model, rates in distinct:
            runs[model, rates].append(
                _run_search(problem, model, rates, hidden, rows, max_iter)
            )
    records = []
    for variant, model, rates in searches:
        report = runs[model, rates][0][1]
        seconds = statistics.median(seconds for seconds, _ in runs[model, rates])
        search_alone = statistics.median(
            report["search_seconds"] for _, report in runs[model, rates]
        )
        keys = ("learning-search", DEFAULT_THREADS, problem, variant, model)
        records += [
            Record(*keys, quantity, unit, value)
            for quantity, unit, value in (
                ("grid", "", _grid_text(hidden, rates, max_iter)),
                ("learning rates", "", _rates_text(rates)),
                ("whole process", "s", seconds),
                ("search alone", "s", search_alone),
                ("torch import", "s", report["torch_import_seconds"]),
                ("best score", "", report["best_score"]),
                ("best parameters", "", _short_params(report["best_params"])),
                ("ConvergenceWarnings", "", report["convergence_warnings"]),
            )
        ]
    shape = Record("learning-search", "", problem, "", "", "shape", "", report["shape"])
    return [shape, *records]


def search_records(sizes):
    """The records of the grid searches of ``sizes``: each searched problem's
    and the large grid's, each search a fresh process."""
    problem_searches = [
        ("docs' rates", "SigmoidNet", DOCS_LEARNING_RATES),
        ("today's advice", "SigmoidNet", TODAYS_ADVICE),
        ("its range", "MLP", MLP_LEARNING_RATES),
    ]
    records = []
    epochs = sizes.learning_search_epochs
    for problem in sizes.searched_problems:
        grid = (HIDDEN, sizes.learning_rows, epochs)
        records += _searched(problem, problem_searches, grid, sizes.search_repeats)
    large_searches = [
        ("same grid", "SigmoidNet", LARGE_RATES),
        ("same grid", "MLP sgd", LARGE_RATES),
    ]
    # Minutes a search: run once.
    large_grid = (LARGE_HIDDEN, sizes.large_grid_rows, epochs)
    records += _searched(LARGE_PROBLEM, large_searches, large_grid, repeats=1)
    return records


def learning_records(sizes):
    """The records of the whole learning part: default fits, then searches."""
    return quality_records(sizes) + search_records(sizes)
