"""Probabilities from output logits, computed in log space.

A sigmoid output far from zero rounds to 0 or 1: dividing such outputs by
their sum, or taking ``log(1 - p)``, gives NaN or infinities. Working with
log-sigmoids and subtracting their log-sum-exp keeps every probability
finite and every row summing to one.
"""

import numpy as np
from scipy.special import logsumexp

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
