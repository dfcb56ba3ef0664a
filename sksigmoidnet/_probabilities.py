"""Probabilities from output logits, exact where sigmoids saturate.

A sigmoid output far from zero rounds to 0 or 1: dividing such outputs by
their sum, or taking ``log(1 - p)``, gives NaN or infinities. Working with
log-sigmoids and subtracting their log-sum-exp keeps every probability
finite and every row summing to one.

Log space costs several transcendental functions per output, so
:func:`probabilities` computes sigmoids and their ratios directly on rows whose
logits are all small enough in magnitude for every sigmoid, and every ratio,
to be a normal floating-point number: there the direct result is as precise
as the log-space one (a few units in the last place), finite, and sums to
one. Other rows go through log space.
"""

import numpy as np
from scipy.special import logsumexp

from ._activations import sigmoid_
from ._targets import BINARY, MULTICLASS


def log_sigmoid(z):
    """``log(sigmoid(z))`` without overflow or rounding to ``-inf``."""
    return -np.logaddexp(0, -z)


def log_probabilities(logits, kind, n_classes):
    """Log-probabilities of each class (or label) from output logits.

    Parameters
    ----------
    logits : ndarray of shape (n_samples, n_outputs)
    kind : str
        ``"binary"``, ``"multiclass"`` or ``"multilabel-indicator"``.
    n_classes : int
        Number of classes (labels for multilabel targets).

    Returns
    -------
    log_proba : ndarray of shape (n_samples, n_classes)
        Finite for finite logits: binary targets give ``[log(1 - p), log(p)]``
        as two log-sigmoids, multiclass targets the log-sigmoids normalised to
        sum to one in probability space, multilabel targets each label's own
        log-sigmoid.

    Examples
    --------
    >>> import numpy as np
    >>> log_probabilities(np.array([[-800.0, -900.0, -1000.0]]), "multiclass", 3)
    array([[   0., -100., -200.]])
    """
    if n_classes == 1:
        return np.zeros_like(logits)
    if kind == BINARY:
        return np.hstack([log_sigmoid(-logits), log_sigmoid(logits)])
    log_units = log_sigmoid(logits)
    if kind == MULTICLASS:
        log_units -= logsumexp(log_units, axis=1, keepdims=True)
    return log_units


def probabilities(logits, kind, n_classes):
    """Probabilities of each class (or label) from output logits: the
    exponential of :func:`log_probabilities`, to within rounding.

    Parameters
    ----------
    logits : ndarray of shape (n_samples, n_outputs)
        Not modified.
    kind : str
        ``"binary"``, ``"multiclass"`` or ``"multilabel-indicator"``.
    n_classes : int
        Number of classes (labels for multilabel targets).

    Returns
    -------
    proba : ndarray of shape (n_samples, n_classes)

    Examples
    --------
    >>> import numpy as np
    >>> probabilities(np.array([[0.0], [-800.0]]), "binary", 2)
    array([[0.5, 0.5],
           [1. , 0. ]])
    """
    if n_classes == 1:
        return np.ones_like(logits)
    direct = _within(logits, _direct_bound(logits.dtype, kind, logits.shape[1]), kind)
    if direct.all():
        return _direct_probabilities(logits, kind)
    proba = np.empty((len(logits), n_classes), dtype=logits.dtype)
    proba[direct] = _direct_probabilities(logits[direct], kind)
    proba[~direct] = np.exp(log_probabilities(logits[~direct], kind, n_classes))
    return proba


def _direct_bound(dtype, kind, n_outputs):
    """The largest ``b`` such that logits above ``-b`` give normal sigmoids
    (for multiclass targets, normal ratios of a sigmoid to a sum of
    ``n_outputs``), with a factor ``e`` to spare."""
    bound = -np.log(np.finfo(dtype).tiny) - 1
    return bound - np.log(n_outputs) if kind == MULTICLASS else bound


def _within(logits, bound, kind):
    """Rows whose probabilities are computed directly. Binary targets also
    need ``sigmoid(-z)``, so ``z`` below ``bound``. NaN is never within."""
    if kind == BINARY:
        return np.abs(logits[:, 0]) <= bound
    return logits.min(axis=1) >= -bound


def _direct_probabilities(logits, kind):
    if kind == BINARY:
        proba = np.hstack([-logits, logits])
        return sigmoid_(proba)
    proba = sigmoid_(logits.copy())
    if kind == MULTICLASS:
        proba /= proba.sum(axis=1, keepdims=True)
    return proba
