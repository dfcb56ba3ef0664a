"""The network in NumPy: initial weights, and forward passes of a few rows.

This module imports no torch, so that ``import sksigmoidnet``, loading a
fitted model and predicting a small batch start in scikit-learn's time; torch
is imported (by ``_network``) only to train, to move to a device, to predict a
batch big enough to need it, or to build a ``torch.nn`` module.
"""

import numpy as np
from scipy.special import expit

# Below this many multiply-adds a prediction is computed with NumPy: a few
# rows take about 8 us there against about 50 us of torch call overhead.
NUMPY_PREDICTION_WORK = 50_000

NUMPY_ACTIVATIONS = {
    "logistic": expit,
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0),
    "identity": lambda z: z,
}


def initial_weights(layer_sizes, activation, random_state, dtype):
    """Draw Glorot-uniform weights and biases as NumPy arrays.

    This is ``MLPClassifier``'s initialisation (with its smaller range for the
    logistic activation), so both estimators start from the same point for
    the same ``random_state``.
    """
    factor = 2.0 if activation == "logistic" else 6.0
    coefs, intercepts = [], []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:], strict=True):
        bound = np.sqrt(factor / (fan_in + fan_out))
        coefs.append(random_state.uniform(-bound, bound, (fan_in, fan_out)))
        intercepts.append(random_state.uniform(-bound, bound, fan_out))
    return (
        [c.astype(dtype, copy=False) for c in coefs],
        [b.astype(dtype, copy=False) for b in intercepts],
    )


def numpy_logits(X, coefs, intercepts, activation):
    """Output logits of a small ``X`` (dense or sparse, of any numeric dtype),
    computed with NumPy in the weights' dtype."""
    activate = NUMPY_ACTIVATIONS[activation]
    hidden = X.astype(coefs[0].dtype, copy=False)
    for coef, intercept in zip(coefs[:-1], intercepts[:-1], strict=True):
        hidden = activate(hidden @ coef + intercept)
    return np.asarray(hidden @ coefs[-1] + intercepts[-1])
