"""Time a grid search on a two-worker Dask cluster against the same search run serially.

The search has 4 candidates x 3 folds = 12 fits of over a second each
(``refit=False``, so only the cross-validation fits are timed). Three runs are
timed, interleaved, ``--repeats`` times:

- ``serial``: ``n_jobs=None`` in this process, torch's default threads;
- ``serial, 1 thread``: the same under ``threadpool_limits(1)``, the budget of
  one Dask worker, to separate the gain of parallel fits from torch's threads;
- ``dask, 2 workers``: ``n_jobs=-1`` inside ``joblib.parallel_config("dask")``
  on ``LocalCluster(n_workers=2, threads_per_worker=1)``, loopback only. The
  cluster is started, and the workers import the library, before timing.

It prints the best time of each and the speedups. Needs the ``dask`` extra::

    pip install -e ".[dask]"
    python benchmarks/dask_search.py            # about 2 minutes on 2 idle cores
    python benchmarks/dask_search.py --quick    # a smaller search, well under a minute

Timings need an otherwise idle machine: the load average is printed with them.
"""

import argparse
import os
import time
import warnings

import numpy as np
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV


def _search(n_jobs, max_iter):
    from sksigmoidnet import SigmoidNetClassifier

    return GridSearchCV(
        SigmoidNetClassifier(
            max_iter=max_iter, n_iter_no_change=np.inf, random_state=0
        ),
        param_grid={
            "hidden_layer_sizes": [(64,), (100,)],
            "learning_rate_init": [0.1, 0.2],
        },
        cv=3,
        refit=False,
        n_jobs=n_jobs,
    )


def _quiet_import():
    """Run on each worker before timing: import the library, hide its warnings."""
    warnings.simplefilter("ignore", ConvergenceWarning)
    import sksigmoidnet  # noqa: F401

    return os.getpid()


def _timed(run):
    start = time.perf_counter()
    search = run()
    return time.perf_counter() - start, search


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller search")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args(argv)

    import joblib
    from dask.distributed import Client, LocalCluster
    from threadpoolctl import threadpool_limits

    n_samples, max_iter = (4_000, 40) if args.quick else (12_000, 200)
    X, y = make_classification(
        n_samples=n_samples, n_features=20, n_informative=10, random_state=0
    )
    X = X.astype(np.float32)
    warnings.simplefilter("ignore", ConvergenceWarning)

    def serial():
        return _search(None, max_iter).fit(X, y)

    def serial_one_thread():
        with threadpool_limits(limits=1):
            return _search(None, max_iter).fit(X, y)

    def on_dask():
        with joblib.parallel_config(backend="dask"):
            return _search(-1, max_iter).fit(X, y)

    runs = {
        "serial": serial,
        "serial, 1 thread": serial_one_thread,
        "dask, 2 workers": on_dask,
    }
    times = {name: [] for name in runs}
    scores = {}
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(_quiet_import)
        for repeat in range(args.repeats):
            for name, run in runs.items():
                seconds, search = _timed(run)
                times[name].append(seconds)
                scores[name] = search.cv_results_["mean_test_score"]
                fit_time = search.cv_results_["mean_fit_time"].mean()
                n_fits = 3 * len(search.cv_results_["params"])
                print(
                    f"repeat {repeat + 1}: {name:<17} {seconds:7.2f} s "
                    f"(mean fit {fit_time:.2f} s, {n_fits} fits, "
                    f"load average {os.getloadavg()[0]:.1f})",
                    flush=True,
                )

    best = {name: min(values) for name, values in times.items()}
    print()
    print(f"cpus: {os.cpu_count()}, n_samples: {n_samples}, epochs per fit: {max_iter}")
    for name, seconds in best.items():
        print(f"best of {args.repeats}: {name:<17} {seconds:7.2f} s")
    dask_time = best["dask, 2 workers"]
    print(f"speedup over serial:          {best['serial'] / dask_time:.2f}x")
    print(f"speedup over serial, 1 thread: {best['serial, 1 thread'] / dask_time:.2f}x")
    same = np.array_equal(scores["dask, 2 workers"], scores["serial, 1 thread"])
    print(f"dask scores equal serial scores: {same}")


if __name__ == "__main__":
    main()
