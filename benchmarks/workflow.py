"""The grid search a user runs, timed in fresh processes.

Each run is ``search_digits.py`` in a new Python process, for SigmoidNet and
``MLPClassifier(solver="sgd")`` at ``n_jobs=1``, at ``n_jobs=2`` with joblib's
default backend (loky: worker processes), and at ``n_jobs=2`` with its
threading backend (threads of the same process), interleaved repeat by
repeat. Two times are kept for each: the whole process (from its start to its
exit, imports included) and the search alone after the imports (loky's worker
start-up included), which is what a notebook session meets. SigmoidNet's
imports include torch, imported by the script before its search as a notebook
has it after its first fit; its median import time is reported apart: a first
search in a fresh process takes that much longer.
"""

import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from measure import run_fresh_process
from records import SEARCH_MODELS, Record

SCRIPT = Path(__file__).resolve().parent / "search_digits.py"
WORKFLOW_FOOTNOTE = """\
Grid search: `GridSearchCV(make_pipeline(StandardScaler(), estimator), grid,
cv=3)` on digits (1,797 x 64, 10 classes), the grid hidden_layer_sizes (32,),
(100,), (64, 64) times learning_rate_init 0.05, 0.2, each estimator otherwise
at its defaults (`MLPClassifier(solver="sgd")`), `max_iter` as the epochs
column says; `benchmarks/search_digits.py`, one fresh process per run, runs
interleaved, medians. Each cell: the whole process, imports included (the
search alone, after the imports, worker start-up included, in brackets).
SigmoidNet's script imports torch before its search, as a notebook has it after
a first fit; a first search in a fresh process adds the torch import column.
Columns: `n_jobs=1`; `n_jobs=2` with joblib's default loky backend (worker
processes); `n_jobs=2 threads` inside `joblib.parallel_config(backend=
"threading")` (threads of the same process). Best against best: the fastest
configuration of each side, MLP's time over SigmoidNet's. Under
`threadpool_limits(1)` the limit is set in the main process around the search;
loky's workers already run one thread each on two cores."""

# (n_jobs, joblib backend) of each parallel configuration, and its label.
PARALLEL = {
    (1, "loky"): "n_jobs=1",
    (2, "loky"): "n_jobs=2",
    (2, "threading"): "n_jobs=2 threads",
}


@dataclass
class SearchResult:
    """Medians over fresh processes of one estimator in one configuration."""

    whole_seconds: float
    search_seconds: float
    torch_import_seconds: float
    best_score: float
    best_params: dict


def search_results(max_iter, threads, repeats):
    """(model, configuration) -> SearchResult, for every model and
    configuration of ``PARALLEL``."""
    runs = [(model, config) for model in SEARCH_MODELS for config in PARALLEL]
    wholes = {run: [] for run in runs}
    reports = {run: [] for run in runs}
    for repeat in range(repeats):
        for model, (n_jobs, backend) in runs:
            arguments = [str(SCRIPT), model, f"--n-jobs={n_jobs}"]
            arguments.append(f"--backend={backend}")
            if max_iter is not None:
                arguments.append(f"--max-iter={max_iter}")
            if threads:
                arguments.append(f"--threads={threads}")
            seconds, report = run_fresh_process(arguments)
            wholes[model, (n_jobs, backend)].append(seconds)
            reports[model, (n_jobs, backend)].append(report)
            print(
                f"  search {model} {PARALLEL[n_jobs, backend]} {_epochs(max_iter)} "
                f"repeat {repeat + 1}: {seconds:.2f} s "
                f"(search {report['search_seconds']:.2f} s)",
                file=sys.stderr,
            )
    return {
        run: SearchResult(
            statistics.median(wholes[run]),
            statistics.median(r["search_seconds"] for r in reports[run]),
            statistics.median(r["torch_import_seconds"] for r in reports[run]),
            reports[run][-1]["best_score"],
            reports[run][-1]["best_params"],
        )
        for run in runs
    }


def _epochs(max_iter):
    return "defaults" if max_iter is None else f"max_iter={max_iter}"


def _short_params(params):
    hidden = tuple(params["hidden_layer_sizes"])
    return f"{hidden}, lr {params['learning_rate_init']}"


def search_records(sizes, regime, threads):
    """The records of the search at each epoch budget of ``sizes``, under
    ``regime`` (``threads`` for the fresh processes): each estimator's times
    in each configuration, its best score and parameters, and SigmoidNet's
    torch import, the last three at ``n_jobs=1``."""
    records = []
    for max_iter in sizes.search_epochs:
        results = search_results(max_iter, threads, sizes.search_repeats)
        case = _epochs(max_iter)
        for (model, config), result in results.items():
            variant = PARALLEL[config]
            records += [
                Record("search", regime, case, variant, model, quantity, "s", seconds)
                for quantity, seconds in (
                    ("whole process", result.whole_seconds),
                    ("search alone", result.search_seconds),
                )
            ]
        first = PARALLEL[1, "loky"]
        for model in SEARCH_MODELS:
            result = results[model, (1, "loky")]
            records += [
                Record("search", regime, case, first, model, quantity, "", value)
                for quantity, value in (
                    ("best score", result.best_score),
                    ("best parameters", _short_params(result.best_params)),
                )
            ]
        torch_import = results["SigmoidNet", (1, "loky")].torch_import_seconds
        records.append(
            Record(
                "search",
                regime,
                case,
                first,
                "SigmoidNet",
                "torch import",
                "s",
                torch_import,
            )
        )
    return records
