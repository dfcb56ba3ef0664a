"""Both prediction paths, NumPy's (small batches on the CPU) and torch's
(batches over 2**28 multiply-adds), compute the network that ``coefs_`` and
``intercepts_`` define, for every hidden activation: each is compared with a
forward pass written here in plain NumPy, in float64, sharing no code with the
package (issue 26 item 12). Comparing one path with the other, or with the
training code's torch forward, would not catch a wrong activation that both
share."""

import warnings

import numpy as np
import pytest
from cases import ACTIVATIONS
from sklearn.datasets import make_classification

from sksigmoidnet import SigmoidNetClassifier


def _logistic(z):
    with np.errstate(over="ignore"):  # exp(-z) = inf gives exactly 0
        return 1 / (1 + np.exp(-z))


HIDDEN_FUNCTIONS = {
    "logistic": _logistic,
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0),
    "identity": lambda z: z,
}

# Two hidden layers of 300 and 30 units on 8 features: 11,490 weights. 1,500
# rows are 17 million multiply-adds, predicted with NumPy; 24,000 rows are
# 276 million, over 2**28, predicted with torch.
HIDDEN = (300, 30)
ROWS = {"numpy": 1_500, "torch": 24_000}
TOLERANCE = {np.float32: 1e-4, np.float64: 1e-10}


def reference_logits(model, X):
    """The logits of ``X``, from ``coefs_`` and ``intercepts_`` alone."""
    hidden = HIDDEN_FUNCTIONS[model.activation]
    layer = np.asarray(X, dtype=np.float64)
    for index, (coef, intercept) in enumerate(
        zip(model.coefs_, model.intercepts_, strict=True)
    ):
        layer = layer @ coef.astype(np.float64) + intercept.astype(np.float64)
        if index < len(model.coefs_) - 1:
            layer = hidden(layer)
    return layer


def test_every_activation_has_a_reference():
    assert sorted(HIDDEN_FUNCTIONS) == sorted(ACTIVATIONS)


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(
        n_samples=ROWS["torch"], n_features=8, n_informative=6, n_classes=3,
        random_state=0,
    )  # fmt: skip
    # Pre-activations of several units: the activations' nonlinear range.
    return 3 * X, y


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("path", list(ROWS))
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_predictions_compute_the_fitted_network(data, activation, path, dtype):
    X, y = data
    X = X.astype(dtype)
    model = SigmoidNetClassifier(
        HIDDEN, activation=activation, max_iter=1, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning after one epoch
        model.fit(X[:300], y[:300])
    X_path = X[: ROWS[path]]
    logits = model.decision_function(X_path)
    assert logits.dtype == dtype
    # The first and the last rows: the first chunk of rows, and the last.
    for rows in (slice(0, 500), slice(-500, None)):
        np.testing.assert_allclose(
            logits[rows],
            reference_logits(model, X_path[rows]),
            rtol=TOLERANCE[dtype],
            atol=TOLERANCE[dtype],
        )
