"""One grid search on digits, as a user runs it: a script in a fresh process.

``python benchmarks/search_digits.py SigmoidNet --n-jobs 2``
searches ``StandardScaler() + estimator`` over hidden layer sizes (32,),
(100,) and (64, 64) and learning rates 0.05 and 0.2, with 3-fold
cross-validation, and prints one JSON line: the seconds spent importing (from
the first line of this script) and searching (worker start-up included), the
best score and the best parameters. ``MLP`` stands for
``MLPClassifier(solver="sgd")``; every other setting, ``max_iter`` included
unless ``--max-iter`` is given, is each estimator's default. Each fit's
``ConvergenceWarning`` is counted (``convergence_warnings``), not printed.

sksigmoidnet imports torch in its first fit. This script imports it before
the search and reports that import apart (``torch_import_seconds``, part of
``import_seconds``), so that the search alone is the one a notebook session
runs once torch is loaded; a first search in a fresh process takes
``torch_import_seconds`` longer.

``--backend threading`` runs the ``n_jobs`` fits in threads of this process
(joblib's threading backend) instead of loky's worker processes.
``--threads 1`` runs the search under ``threadpool_limits(1)`` (loky's
workers already run one thread each on two cores). ``--float32`` searches
on ``X.astype(np.float32)``, which both estimators train in float32.
"""

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402 (the imports are part of what is timed)
import warnings  # noqa: E402
from contextlib import nullcontext  # noqa: E402

import numpy as np  # noqa: E402
from joblib import parallel_config  # noqa: E402
from search_report import print_search_report  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.model_selection import GridSearchCV  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

GRID = {
    "hidden_layer_sizes": [(32,), (100,), (64, 64)],
    "learning_rate_init": [0.05, 0.2],
}


def estimator(model, max_iter):
    """Import and build the estimator only when asked, as a user's script would."""
    chosen = {} if max_iter is None else {"max_iter": max_iter}
    if model == "SigmoidNet":
        from sksigmoidnet import SigmoidNetClassifier

        return SigmoidNetClassifier(random_state=0, **chosen)
    from sklearn.neural_network import MLPClassifier

    return MLPClassifier(solver="sgd", random_state=0, **chosen)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", choices=["SigmoidNet", "MLP"])
    parser.add_argument("--n-jobs", type=int, default=1)
    parser.add_argument("--max-iter", type=int, default=None)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--backend", choices=["loky", "threading"], default="loky")
    parser.add_argument("--float32", action="store_true")
    args = parser.parse_args()
    net = estimator(args.model, args.max_iter)
    X, y = load_digits(return_X_y=True)
    if args.float32:
        X = X.astype(np.float32)
    step = type(net).__name__.lower()
    search = GridSearchCV(
        make_pipeline(StandardScaler(), net),
        {f"{step}__{name}": values for name, values in GRID.items()},
        cv=3,
        n_jobs=args.n_jobs,
    )
    torch_import_seconds = 0.0
    if args.model == "SigmoidNet":
        started_torch = time.perf_counter()
        import torch  # noqa: F401

        torch_import_seconds = time.perf_counter() - started_torch
    imported = time.perf_counter()
    limits = threadpool_limits(args.threads) if args.threads else nullcontext()
    with (
        limits,
        parallel_config(backend=args.backend),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always", ConvergenceWarning)
        search.fit(X, y)
    searched = time.perf_counter()
    moments = (STARTED, imported, searched)
    print_search_report(search, caught, moments, torch_import_seconds)


if __name__ == "__main__":
    main()
