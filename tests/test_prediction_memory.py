"""Prediction converts its input to the model's dtype chunk by chunk, so the
extra memory it needs stays bounded whatever the input's dtype, memory order
or sparsity, on both of its paths: NumPy's (a small network) and torch's (a
network big enough for torch to predict 200,000 rows). tracemalloc sees
NumPy's allocations, where a conversion of the whole input (19 to 78 MiB
here) would show."""

import tracemalloc

import numpy as np
import pytest
import scipy.sparse as sp

from sksigmoidnet import SigmoidNetClassifier

pytestmark = [
    pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning"),
    # 24 predictions of 200,000 rows under tracemalloc: over ten seconds.
    pytest.mark.slow,
]

N_ROWS, N_FEATURES = 200_000, 50
MAX_EXTRA_MIB = 16


@pytest.fixture(scope="module")
def data():
    rng = np.random.RandomState(0)
    X = rng.randn(N_ROWS, N_FEATURES)
    y = (X[:, 0] > 0).astype(int)
    return X, y


# Hidden sizes: 200,000 dense rows through (5,) are predicted with NumPy,
# through (100,) (over 2**28 multiply-adds) with torch; sparse rows, with
# NumPy through both, in chunks of their stored entries.
PATHS = {"numpy": (5,), "torch": (100,)}


def _fitted(X, y, dtype, hidden):
    return SigmoidNetClassifier(hidden, max_iter=1, random_state=0).fit(
        X[:1_000].astype(dtype), y[:1_000]
    )


def _sparse(X):
    return np.where(np.abs(X) < 0.7, 0, X)


INPUTS = {
    "float64 C": lambda X: X,
    "float64 F": np.asfortranarray,
    "float32 F": lambda X: np.asfortranarray(X.astype(np.float32)),
    "int64": lambda X: (10 * X).astype(np.int64),
    "float64 CSR": lambda X: sp.csr_matrix(_sparse(X)),
    "float64 CSC": lambda X: sp.csc_matrix(_sparse(X)),
}


@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize("model_dtype", [np.float32, np.float64])
@pytest.mark.parametrize(
    "kind",
    ["float64 C", "float64 F", "float32 F", "int64", "float64 CSR", "float64 CSC"],
)
def test_prediction_converts_chunk_by_chunk(data, model_dtype, kind, path):
    X, y = data
    model = _fitted(X, y, model_dtype, PATHS[path])
    X_input = INPUTS[kind](X)
    tracemalloc.start()
    try:
        proba = model.predict_proba(X_input)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MAX_EXTRA_MIB * 2**20, f"{peak / 2**20:.1f} MiB"
    expected = model.predict_proba(X_input[:20_000].astype(model_dtype))
    np.testing.assert_allclose(proba[:20_000], expected, rtol=1e-5, atol=1e-6)
