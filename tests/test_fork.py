"""A forked worker trains and predicts after its parent ran multi-threaded
torch steps (issue 19).

GNU OpenMP's thread pool does not survive ``fork``: a child's first parallel
torch operation used to wait forever for threads that exist only in the
parent. Each test runs the child with a timeout, so that a regression fails
instead of hanging the suite.
"""

import multiprocessing
import sys
import warnings

import numpy as np
import pytest
from joblib import Parallel, delayed
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_limits

from sksigmoidnet import SigmoidNetClassifier

pytestmark = [
    pytest.mark.skipif(
        sys.platform == "win32", reason="Windows has no fork start method"
    ),
    pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning"),
    # Python 3.12 and later warn of any fork of a process with threads; the
    # threads here are torch's OpenMP workers, the subject of these tests.
    pytest.mark.filterwarnings("ignore:This process .* is multi-threaded"),
]

TIMEOUT_S = 60


def large_data():
    """Wide enough that a step at the default batch is more than 4M
    multiply-adds (200 rows x 200 features x 100 hidden units): one that
    runs on every core."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(400, 200))
    return X, (X[:, 0] + X[:, 1] > 0).astype(int)


def fit_and_predict(X, y):
    """What a worker does: fit a large model, predict a large batch."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = SigmoidNetClassifier(max_iter=2, random_state=0).fit(X, y)
    return model.predict_proba(np.tile(X, (20, 1)))


@pytest.fixture(scope="module")
def parent_fit():
    """A multi-threaded fit in this process, before any fork. OpenMP runs two
    threads for the whole module, forks included, even where the session runs
    one (a one-core machine, or test workers given ``OMP_NUM_THREADS=1`` by
    the root conftest.py): threadpoolctl sets it, as joblib or a user would."""
    with threadpool_limits(limits=2, user_api="openmp"):
        X, y = large_data()
        yield X, y, fit_and_predict(X, y)


def in_a_forked_worker(function, *args):
    """``function(*args)`` run by a worker of a fork-based pool."""
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        try:
            return pool.apply_async(function, args).get(TIMEOUT_S)
        finally:
            pool.terminate()


def test_a_fork_based_pool_trains_after_a_multi_threaded_fit(parent_fit):
    X, y, expected = parent_fit
    result = in_a_forked_worker(fit_and_predict, X, y)
    # One thread in the child, several in the parent: sums in another order.
    np.testing.assert_allclose(result, expected, rtol=1e-6)


def test_joblib_multiprocessing_backend_trains_after_a_multi_threaded_fit(
    parent_fit,
):
    X, y, expected = parent_fit
    results = Parallel(n_jobs=2, backend="multiprocessing", timeout=TIMEOUT_S)(
        delayed(fit_and_predict)(X, y) for _ in range(2)
    )
    for result in results:
        np.testing.assert_allclose(result, expected, rtol=1e-6)


def module_parameters(model):
    """What a worker does with ``to_torch``: build the module, and return its
    parameters as NumPy arrays (running it is the worker's own torch work)."""
    return [parameter.detach().numpy() for parameter in model.to_torch().parameters()]


def test_to_torch_in_a_forked_worker_after_a_multi_threaded_fit(parent_fit):
    X, y, _ = parent_fit
    # 80,000 weights in the first layer: torch copies them into the module
    # on several threads, which in a fork waited forever for the parent's.
    model = SigmoidNetClassifier(hidden_layer_sizes=(400,), max_iter=2, random_state=0)
    model.fit(X, y)
    weight, bias, output_weight, output_bias = in_a_forked_worker(
        module_parameters, model
    )
    np.testing.assert_array_equal(weight, model.coefs_[0].T)
    np.testing.assert_array_equal(bias, model.intercepts_[0])
    np.testing.assert_array_equal(output_weight, model.coefs_[1].T)
    np.testing.assert_array_equal(output_bias, model.intercepts_[1])
