"""Predictions on the CPU, computed with NumPy, agree with the fitted network
run by torch (``to_torch()``): every activation, float32 and float64, every
target kind, dense and sparse input, over several chunks of rows."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
import torch
from cases import ACTIVATIONS, target_of_kind
from scipy.special import expit
from sklearn.datasets import make_classification

from sksigmoidnet import SigmoidNetClassifier

# 1,000 hidden units: prediction takes rows in chunks of 262 (1,048 where the
# BLAS runs several threads), so 1,500 rows span several, the last partial.
HIDDEN, N_ROWS = (1_000,), 1_500
TOLERANCE = {np.float32: 2e-5, np.float64: 1e-12}


def _fitted(activation, kind, dtype):
    X, y = make_classification(
        n_samples=N_ROWS, n_features=8, n_informative=5, n_classes=3,
        random_state=0,
    )  # fmt: skip
    y = target_of_kind(y, kind)
    model = SigmoidNetClassifier(
        HIDDEN,
        activation=activation,
        learning_rate_init=0.1,  # the identity diverges at 1.0
        max_iter=2,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning after two epochs
        model.fit(X[:200].astype(dtype), y[:200])
    # Half the rows with small integer values, so that a sparse input has
    # zeros and an integer one loses nothing.
    X[::2] = np.round(X[::2])
    return model, X


INPUTS = {
    "dense": lambda X, dtype: X.astype(dtype),
    "Fortran order": lambda X, dtype: np.asfortranarray(X.astype(dtype)),
    "int64": lambda X, dtype: np.round(X).astype(np.int64),
    "CSR": lambda X, dtype: sp.csr_matrix(X.astype(dtype)),
    "CSC": lambda X, dtype: sp.csc_matrix(X.astype(dtype)),
}


def _reference(model, X, dtype):
    """Logits and probabilities in float64 from the torch module's logits."""
    dense = X.toarray() if sp.issparse(X) else np.asarray(X)
    module = model.to_torch()
    with torch.no_grad():
        logits = module[:-1](torch.from_numpy(dense.astype(dtype))).double().numpy()
    if model._target_kind == "binary":
        return logits, expit(np.hstack([-logits, logits]))
    proba = expit(logits)
    if model._target_kind == "multiclass":
        proba /= proba.sum(axis=1, keepdims=True)
    return logits, proba


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("kind", ["binary", "multiclass", "multilabel"])
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_cpu_predictions_match_the_torch_module(activation, kind, dtype):
    model, X = _fitted(activation, kind, dtype)
    tolerance = TOLERANCE[dtype]
    for name, make_input in INPUTS.items():
        X_input = make_input(X, dtype)
        logits, proba = _reference(model, X_input, dtype)
        decision = model.decision_function(X_input)
        assert decision.dtype == dtype, name
        np.testing.assert_allclose(
            decision.reshape(logits.shape), logits, rtol=tolerance, atol=tolerance,
            err_msg=name,
        )  # fmt: skip
        predicted = model.predict_proba(X_input)
        assert predicted.dtype == dtype, name
        np.testing.assert_allclose(
            predicted, proba, rtol=tolerance, atol=tolerance, err_msg=name
        )
        labels = model.predict(X_input)
        if kind == "multilabel":
            np.testing.assert_array_equal(labels, predicted > 0.5, err_msg=name)
        else:
            expected = model.classes_[np.argmax(predicted, axis=1)]
            np.testing.assert_array_equal(labels, expected, err_msg=name)
