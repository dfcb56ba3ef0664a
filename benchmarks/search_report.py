"""What a fresh grid-search process reports to the benchmark that ran it.

Shared by ``search_digits.py`` and ``search_problem.py``, which time their own
imports: this module imports nothing that they have not imported already.
"""

import json

from sklearn.exceptions import ConvergenceWarning


def print_search_report(search, caught, moments, torch_import_seconds, **extra):
    """Print one JSON line: the times, the best score and parameters, and the
    number of ConvergenceWarnings among ``caught``.

    ``moments`` are the ``time.perf_counter()`` readings at the process's
    start, after its imports and after its search; ``extra`` adds fields.
    """
    started, imported, searched = moments
    best = {key.split("__")[1]: value for key, value in search.best_params_.items()}
    report = {
        "import_seconds": imported - started,
        "torch_import_seconds": torch_import_seconds,
        "search_seconds": searched - imported,
        "best_score": search.best_score_,
        "best_params": best,
        "convergence_warnings": sum(
            issubclass(w.category, ConvergenceWarning) for w in caught
        ),
        **extra,
    }
    print(json.dumps(report))
