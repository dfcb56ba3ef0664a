"""Scaling out with Dask: searches on a cluster, incremental training, prediction.

Every test here runs on a real ``LocalCluster`` with two worker processes bound
to the loopback interface, so each fit crosses a process boundary and is
pickled. The cluster is started once for the module and closed by the fixture.
"""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV

from sksigmoidnet import SigmoidNetClassifier

dask = pytest.importorskip("dask", reason="needs the dask extra")
da = pytest.importorskip("dask.array", reason="needs the dask extra")
dd = pytest.importorskip("dask.dataframe", reason="needs the dask extra")
distributed = pytest.importorskip("dask.distributed", reason="needs the dask extra")
joblib = pytest.importorskip("joblib")
threadpoolctl = pytest.importorskip("threadpoolctl")
wrappers = pytest.importorskip("dask_ml.wrappers", reason="needs the dask extra")
pd = pytest.importorskip("pandas")

N_WORKERS = 2

# Fresh worker processes that import torch: the cluster takes seconds to start,
# and its fits cross processes.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client():
    """A two-process, single-thread-per-worker cluster on 127.0.0.1 only."""
    with (
        distributed.LocalCluster(
            n_workers=N_WORKERS,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def _classification(n_samples, random_state=0):
    X, y = make_classification(
        n_samples=n_samples,
        n_features=20,
        n_informative=8,
        n_redundant=2,
        random_state=random_state,
    )
    return X.astype(np.float32), y


def _search(n_jobs):
    return GridSearchCV(
        SigmoidNetClassifier(max_iter=15, n_iter_no_change=np.inf, random_state=0),
        param_grid={
            "hidden_layer_sizes": [(8,), (16,)],
            "learning_rate_init": [0.1, 0.3],
        },
        cv=3,
        n_jobs=n_jobs,
    )


def _torch_threads_around_a_fit(X, y):
    """Run in a worker: torch's intra-op thread count before and after a fit."""
    import torch

    before = torch.get_num_threads()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        SigmoidNetClassifier((8,), max_iter=3, random_state=0).fit(X, y)
    return before, torch.get_num_threads()


def test_grid_search_on_dask_matches_serial(client):
    X, y = _classification(300)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        # The serial run gets the workers' budget (one thread each): torch's
        # default two intra-op threads only slow these tiny matrices down.
        with threadpoolctl.threadpool_limits(limits=1):
            serial = _search(n_jobs=None).fit(X, y)
        with joblib.parallel_config(backend="dask"):
            on_cluster = _search(n_jobs=-1).fit(X, y)

    assert len(on_cluster.cv_results_["params"]) == 4
    np.testing.assert_array_equal(
        on_cluster.cv_results_["mean_test_score"],
        serial.cv_results_["mean_test_score"],
    )
    for name in ("split0_test_score", "split1_test_score", "split2_test_score"):
        np.testing.assert_array_equal(
            on_cluster.cv_results_[name], serial.cv_results_[name]
        )
    assert on_cluster.best_params_ == serial.best_params_
    for got, expected in zip(
        on_cluster.best_estimator_.coefs_, serial.best_estimator_.coefs_, strict=True
    ):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_search_fits_really_ran_on_the_workers(client):
    X, y = _classification(120)
    with joblib.parallel_config(backend="dask"):
        pids = joblib.Parallel(n_jobs=-1)(
            joblib.delayed(_fit_and_report_pid)(X, y, seed) for seed in range(4)
        )
    worker_pids = set(client.run(_pid).values())
    assert set(pids) <= worker_pids
    assert len(worker_pids) == N_WORKERS


def _pid():
    import os

    return os.getpid()


def _fit_and_report_pid(X, y, seed):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        SigmoidNetClassifier((4,), max_iter=2, random_state=seed).fit(X, y)
    return _pid()


def test_dask_worker_fits_use_the_worker_thread_budget(client):
    # Each worker has nthreads=1; Dask's nanny exports OMP_NUM_THREADS=1 before
    # spawning it, and a fit must neither widen nor reset that budget.
    X, y = _classification(200)
    reports = client.gather(
        [client.submit(_torch_threads_around_a_fit, X, y, pure=False) for _ in range(4)]
    )
    assert reports == [(1, 1)] * 4


# Starting two loky processes that import torch takes 10-40 s.
def test_loky_worker_fits_use_the_joblib_thread_budget():
    # joblib gives each of its n_jobs loky workers cpu_count // n_jobs threads
    # for OpenMP/BLAS (via OMP_NUM_THREADS); here inner_max_num_threads pins it.
    X, y = _classification(200)
    with joblib.parallel_config(backend="loky", inner_max_num_threads=1):
        reports = joblib.Parallel(n_jobs=2)(
            joblib.delayed(_torch_threads_around_a_fit)(X, y) for _ in range(2)
        )
    assert reports == [(1, 1)] * 2


def test_fit_keeps_the_threadpoolctl_limit_and_the_global_thread_count():
    import torch

    X, y = _classification(200)
    # Two threads outside the limit, even where the session runs one (test
    # workers, see the root conftest.py), so that a fit leaving one would show.
    with threadpoolctl.threadpool_limits(limits=2, user_api="openmp"):
        threads = torch.get_num_threads()
        with threadpoolctl.threadpool_limits(limits=1):
            assert _torch_threads_around_a_fit(X, y) == (1, 1)
        assert _torch_threads_around_a_fit(X, y) == (threads, threads) == (2, 2)


def _chunked(X, y, rows_per_block):
    return (
        da.from_array(X, chunks=(rows_per_block, X.shape[1])),
        da.from_array(y, chunks=rows_per_block),
    )


def test_incremental_fit_is_one_partial_fit_per_block(client):
    X, y = _classification(2400)
    dX, dy = _chunked(X, y, rows_per_block=200)
    assert dX.numblocks[0] == 12

    model = wrappers.Incremental(
        SigmoidNetClassifier((8,), random_state=0), random_state=0
    ).fit(dX, dy, classes=[0, 1])

    fitted = model.estimator_
    assert len(fitted.loss_curve_) == 12
    assert fitted.t_ == X.shape[0]
    assert fitted.n_iter_ == 1


def test_incremental_epochs_match_in_memory_accuracy(client):
    # Incremental.fit makes one pass over the blocks; E epochs are E calls of
    # Incremental.partial_fit, each continuing from the previous estimator_.
    epochs = 5
    X, y = _classification(9_000)
    X_train, y_train, X_test, y_test = X[:6_000], y[:6_000], X[6_000:], y[6_000:]
    dX, dy = _chunked(X_train, y_train, rows_per_block=500)
    assert dX.numblocks[0] == 12
    params = dict(hidden_layer_sizes=(16,), random_state=0)

    incremental = wrappers.Incremental(SigmoidNetClassifier(**params))
    for epoch in range(epochs):
        incremental.set_params(random_state=epoch)  # a new block order per pass
        incremental.partial_fit(dX, dy, classes=[0, 1])

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        in_memory = SigmoidNetClassifier(
            **params, max_iter=epochs, n_iter_no_change=np.inf
        ).fit(X_train, y_train)

    assert incremental.estimator_.t_ == epochs * X_train.shape[0]
    assert len(incremental.estimator_.loss_curve_) == epochs * dX.numblocks[0]
    in_memory_accuracy = in_memory.score(X_test, y_test)
    incremental_accuracy = incremental.score(X_test, y_test)
    assert in_memory_accuracy > 0.85
    assert abs(incremental_accuracy - in_memory_accuracy) <= 0.02


@pytest.fixture(scope="module")
def fitted_on_frame():
    X, y = _classification(600)
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = SigmoidNetClassifier((8,), max_iter=50, random_state=0).fit(frame, y)
    return model, frame


def test_parallel_post_fit_predicts_on_dask_array_like_in_memory(
    client, fitted_on_frame
):
    model, frame = fitted_on_frame
    X = frame.to_numpy()
    wrapped = wrappers.ParallelPostFit(model)
    dX = da.from_array(X, chunks=(150, X.shape[1]))

    with warnings.catch_warnings():
        # Fitted with feature names; plain arrays have none (a sklearn warning).
        warnings.simplefilter("ignore", UserWarning)
        predictions = wrapped.predict(dX)
        probabilities = wrapped.predict_proba(dX)
        assert isinstance(predictions, da.Array)
        np.testing.assert_array_equal(predictions.compute(), model.predict(X))
        # float32 network: chunked and whole-array passes may round differently.
        np.testing.assert_allclose(
            probabilities.compute(), model.predict_proba(X), rtol=1e-5, atol=1e-7
        )


def test_parallel_post_fit_predicts_on_dask_dataframe_like_in_memory(
    client, fitted_on_frame
):
    model, frame = fitted_on_frame
    wrapped = wrappers.ParallelPostFit(model)
    dframe = dd.from_pandas(frame, npartitions=4)

    predictions = wrapped.predict(dframe).compute()

    np.testing.assert_array_equal(np.asarray(predictions), model.predict(frame))


def test_incremental_predicts_on_dask_array_like_its_estimator(client):
    X, y = _classification(800)
    dX, dy = _chunked(X, y, rows_per_block=200)
    model = wrappers.Incremental(SigmoidNetClassifier((8,), random_state=0)).fit(
        dX, dy, classes=[0, 1]
    )

    np.testing.assert_array_equal(
        model.predict(dX).compute(), model.estimator_.predict(X)
    )


def test_incremental_on_lazily_generated_blocks_matches_in_memory(client):
    # The example's pattern: 20 blocks made lazily, by seeded tasks that run
    # on the workers. Only the in-memory reference gathers them all.
    n_blocks, rows_per_block, n_features, epochs = 20, 2_000, 20, 3
    rng = np.random.default_rng(0)
    weights = rng.normal(size=n_features).astype(np.float32)

    def block(block_id):
        block_rng = np.random.default_rng([1, block_id])
        Xb = block_rng.normal(size=(rows_per_block, n_features)).astype(np.float32)
        return Xb, (Xb @ weights > 0).astype(np.int64)

    parts = [dask.delayed(block, nout=2)(i) for i in range(n_blocks)]
    dX = da.concatenate(
        [
            da.from_delayed(p[0], (rows_per_block, n_features), dtype=np.float32)
            for p in parts
        ]
    )
    dy = da.concatenate(
        [da.from_delayed(p[1], (rows_per_block,), dtype=np.int64) for p in parts]
    )
    incremental = wrappers.Incremental(SigmoidNetClassifier((16,), random_state=0))
    for epoch in range(epochs):
        incremental.set_params(random_state=epoch)
        incremental.partial_fit(dX, dy, classes=[0, 1])

    X_all, y_all = dask.compute(dX, dy)
    with warnings.catch_warnings(), threadpoolctl.threadpool_limits(limits=1):
        warnings.simplefilter("ignore", ConvergenceWarning)
        in_memory = SigmoidNetClassifier(
            (16,), random_state=0, max_iter=epochs, n_iter_no_change=np.inf
        ).fit(X_all, y_all)
    X_test, y_test = block(n_blocks + 1)
    assert (
        abs(incremental.score(X_test, y_test) - in_memory.score(X_test, y_test)) <= 0.02
    )
