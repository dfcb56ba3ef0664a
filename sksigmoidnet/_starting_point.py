"""Where a fit starts: its weights, velocities and training history.

Continuing (``partial_fit``, or ``fit`` with ``warm_start``) starts from
the fitted state, with fresh velocities and learning rate for ``fit``, as in
``MLPClassifier``; otherwise from new random weights. The draws from
``random_state`` come in ``MLPClassifier``'s order, so that both hold out the
same rows and start from the same weights; ``_fit.run_fit`` makes them:

1. the initial weights (:func:`starting_weights`); a warm-started ``fit``
   with early stopping draws them too, and discards them, so that an int
   ``random_state`` holds out the same rows in every fit on the same data,
   and the best score carried over is measured on those rows;
2. the validation split, when early stopping holds out rows
   (``_rows.weighted_rows``);
3. the seed of the epochs' row orders (:func:`starting_history`), by a first
   fit only: later fits continue its sequence.
"""

from dataclasses import dataclass

import numpy as np

from ._activations import ACTIVATIONS
from ._state import TrainingHistory


@dataclass
class Start:
    """The weights, velocities and history a fit starts from."""

    coefs: list
    intercepts: list
    velocities: list | None  # None: zeros
    history: TrainingHistory | None = None
    weights_were_fitted: bool = False  # False: new random weights


def starting_weights(estimator, call, sizes, dtype, random_state):
    """The weights and velocities to start from (the first draw).

    Parameters
    ----------
    estimator : SigmoidNetClassifier
    call : FitCall
    sizes : list of int
        The units of every layer, inputs and outputs included.
    dtype : numpy dtype
        The training data's.
    random_state : RandomState

    Returns
    -------
    start : Start
        Without its history.
    """
    if not call.continuing or (estimator.early_stopping and not call.incremental):
        coefs, intercepts = initial_weights(
            sizes, estimator.activation, random_state, dtype
        )
    if not call.continuing:
        return Start(coefs, intercepts, None)
    coefs, intercepts = _fitted_weights(estimator, sizes, dtype)
    velocities = estimator._velocities if call.incremental else None
    return Start(coefs, intercepts, velocities, weights_were_fitted=True)


def initial_weights(sizes, activation, random_state, dtype):
    """Draw Glorot-uniform weights and biases as NumPy arrays.

    This is ``MLPClassifier``'s initialisation (with its smaller range for the
    logistic activation), so both estimators start from the same point for
    the same ``random_state``.
    """
    factor = ACTIVATIONS[activation].init_factor
    coefs, intercepts = [], []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        bound = np.sqrt(factor / (fan_in + fan_out))
        coefs.append(random_state.uniform(-bound, bound, (fan_in, fan_out)))
        intercepts.append(random_state.uniform(-bound, bound, fan_out))
    return (
        [c.astype(dtype, copy=False) for c in coefs],
        [b.astype(dtype, copy=False) for b in intercepts],
    )


def _fitted_weights(estimator, sizes, dtype):
    """The weights to continue from, checked against the architecture."""
    expected = list(zip(sizes[:-1], sizes[1:], strict=True))
    found = [np.shape(c) for c in estimator.coefs_]
    if found != expected or [np.shape(b) for b in estimator.intercepts_] != [
        (fan_out,) for _, fan_out in expected
    ]:
        raise ValueError(
            f"coefs_ and intercepts_ have shapes {found} that do not match "
            f"hidden_layer_sizes={estimator.hidden_layer_sizes} and the data "
            f"(expected {expected}). To start afresh, fit a new model, or "
            "call fit with warm_start=False."
        )
    return (
        [np.asarray(c, dtype=dtype) for c in estimator.coefs_],
        [np.asarray(b, dtype=dtype) for b in estimator.intercepts_],
    )


def starting_history(estimator, call, random_state):
    """The training history to continue, or a new one seeded from
    ``random_state`` (the last draw), with the records of this fit's stopping
    rule."""
    learning_rate_init = float(estimator.learning_rate_init)
    if call.continuing:
        history = TrainingHistory.from_attributes(vars(estimator))
        if not call.incremental:
            history.learning_rate = learning_rate_init
    else:
        shuffle_seed = int(random_state.randint(np.iinfo(np.int32).max))
        history = TrainingHistory(
            shuffle_seed=shuffle_seed, learning_rate=learning_rate_init
        )
    _prepare_stopping_records(history, estimator.early_stopping)
    return history


def _prepare_stopping_records(history, early_stopping):
    """Set up the records this fit's stopping rule reads.

    Early stopping tracks validation scores, otherwise the best loss.
    ``early_stopping`` may have been switched since the last fit: switched
    on, the epochs before have NaN for their validation score and loss (no
    rows were held out), so that every curve keeps one entry per epoch;
    switched off, the validation records describe no stopping rule and
    weights no longer kept, and are dropped.
    """
    if early_stopping:
        history.best_loss = None
        if history.validation_scores is None:
            history.validation_scores = [np.nan] * len(history.loss_curve)
            history.validation_loss_curve = [np.nan] * len(history.loss_curve)
            history.best_validation_score = -np.inf
    else:
        history.validation_scores = history.validation_loss_curve = None
        history.best_validation_score = None
        if history.best_loss is None:
            history.best_loss = np.inf
