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

SCRIPT = Path(__file__).resolve().parent / "search_digits.py"
SEARCH_MODELS = ("SigmoidNet", "MLP")
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


def _fastest(results, model, measure):
    """(label, seconds) of ``model``'s fastest configuration by ``measure``."""
    return min(
        (
            (label, getattr(results[model, config], measure))
            for config, label in PARALLEL.items()
        ),
        key=lambda pair: pair[1],
    )


def workflow_row(max_iter, results):
    """The table cells of one ``max_iter``: times, best against best, scores
    and SigmoidNet's torch import."""
    cells = [_epochs(max_iter)]
    for model in SEARCH_MODELS:
        for config in PARALLEL:
            result = results[model, config]
            cells.append(
                f"{result.whole_seconds:.1f} s ({result.search_seconds:.1f} s)"
            )
    comparisons = []
    for measure, label in [("whole_seconds", "whole"), ("search_seconds", "search")]:
        ours_config, ours = _fastest(results, "SigmoidNet", measure)
        theirs_config, theirs = _fastest(results, "MLP", measure)
        comparisons.append(
            f"{label} {theirs / ours:.2f}x ({ours_config} vs {theirs_config})"
        )
    cells.append("; ".join(comparisons))
    cells.append(
        " / ".join(
            f"{results[model, (1, 'loky')].best_score:.3f} "
            f"{_short_params(results[model, (1, 'loky')].best_params)}"
            for model in SEARCH_MODELS
        )
    )
    cells.append(f"{results['SigmoidNet', (1, 'loky')].torch_import_seconds:.1f} s")
    return cells


def _epochs(max_iter):
    return "defaults" if max_iter is None else f"max_iter={max_iter}"


def _short_params(params):
    hidden = tuple(params["hidden_layer_sizes"])
    return f"{hidden}, lr {params['learning_rate_init']}"


WORKFLOW_HEADER = [
    "epochs",
    *(f"{model} {label}" for model in SEARCH_MODELS for label in PARALLEL.values()),
    "best against best",
    "best score and parameters SN / MLP",
    "torch import (SN, n_jobs=1)",
]


def workflow_table_rows(sizes, threads):
    """One row of cells per epoch budget of ``sizes``."""
    return [
        workflow_row(max_iter, search_results(max_iter, threads, sizes.search_repeats))
        for max_iter in sizes.search_epochs
    ]
