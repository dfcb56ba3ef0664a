"""What early stopping scores after each epoch, on the validation rows.

The score is the accuracy (``scoring=None``), the validation loss negated
(``scoring="loss"``, so that higher is better, as in
``HistGradientBoostingClassifier``), or any scikit-learn scorer. The
validation loss is recorded whatever the score. The rows are ``_rows``'; the
rule that stops on the scores is ``_stopping``'s.
"""

import inspect
import numbers
import reprlib
from dataclasses import replace

import numpy as np
from sklearn.metrics import accuracy_score, check_scoring

from . import _targets
from ._exceptions import TrainingDivergedError
from ._probabilities import log_probabilities
from ._sample_weights import scaled_to_unit_mean


def validation_loss(logits, Y, sample_weight):
    """Mean binary cross-entropy of ``logits`` against the 0/1 targets ``Y``.

    Summed over outputs and averaged over rows (weighted by ``sample_weight``),
    as the training loss is, without its L2 penalty. ``softplus(±z)`` keeps
    it finite however saturated the outputs.
    """
    logits = np.asarray(logits, dtype=np.float64)
    per_row = np.logaddexp(0, (1 - 2 * Y) * logits).sum(axis=1)
    return float(np.average(per_row, weights=sample_weight))


class Scorer:
    """Scores the network on the validation rows after an epoch.

    Parameters
    ----------
    rows : Rows
        The validation rows as the network trains on them (standardised
        when the fit standardises its features), their weights with class
        weights applied. The weights are scaled by a power of two to a mean
        near one, as the training weights are: weights near the largest
        float would make every weighted mean NaN.
    X_as_given : array-like or sparse matrix
        The same rows as the user gave them, which a scorer receives.
    estimator : SigmoidNetClassifier
        Whose ``scoring`` parameter says what to score, and for
        scikit-learn's checks of it.
    classes : ndarray
    kind : str
    model_from : callable
        ``model_from(weights)``: a fitted estimator that predicts with
        ``weights`` (see ``_fit``); called only where ``scoring`` is a scorer.
    """

    def __init__(self, rows, X_as_given, estimator, *, classes, kind, model_from):
        if rows.sample_weight is not None:
            scaled, _ = scaled_to_unit_mean(rows.sample_weight, np.float64)
            rows = replace(rows, sample_weight=scaled)
        self.rows, self.X_as_given = rows, X_as_given
        self.scoring = scoring = estimator.scoring
        self.classes, self.kind = classes, kind
        self.model_from = model_from
        self._scorer = None
        if scoring is not None and not (isinstance(scoring, str) and scoring == "loss"):
            if rows.sample_weight is not None and not _takes_sample_weight(scoring):
                raise TypeError(
                    f"scoring={scoring!r} takes no sample_weight, but the "
                    "validation rows are weighted (by sample_weight or "
                    "class_weight) and are scored with their weights. Give it "
                    "that argument: def scorer(estimator, X, y, "
                    "sample_weight=None), or build it with "
                    "sklearn.metrics.make_scorer."
                )
            self._scorer = check_scoring(estimator, scoring)

    def constant_prediction_loss(self, frequencies):
        """The validation loss of always predicting ``frequencies`` (each
        output's share of 1s in the training rows), or None where the
        validation targets do not vary."""
        rows = self.rows
        if not np.ptp(rows.Y, axis=0).any():
            return None
        p = np.clip(frequencies, 1e-12, 1 - 1e-12)
        logits = np.broadcast_to(np.log(p) - np.log1p(-p), rows.Y.shape)
        return validation_loss(logits, rows.Y, rows.sample_weight)

    def __call__(self, model):
        """Return ``(score, loss)`` of the network on the held-out rows.

        Parameters
        ----------
        model : ModelNow
            The network as it stands (see ``_engine``): its logits, and its
            weights for a scorer's estimator.

        Raises
        ------
        TrainingDivergedError
            When the validation loss is infinite or NaN: the network's
            outputs on the validation rows overflowed, although its weights
            may still be finite.
        ValueError
            When the score is not a finite number.
        """
        rows = self.rows
        logits = model.logits(rows.X)
        loss = validation_loss(logits, rows.Y, rows.sample_weight)
        if not np.isfinite(loss):
            raise TrainingDivergedError(
                f"Training diverged: the validation loss is {loss}, because the "
                "network's outputs on the validation rows overflowed "
                f"{np.dtype(logits.dtype).name}, though its weights may still be "
                "finite. Use a smaller learning_rate_init, or scale the input "
                "(the validation rows as the training rows), for example with "
                "sklearn.preprocessing.StandardScaler."
            )
        if self._scorer is not None:
            weight = (
                {}
                if rows.sample_weight is None
                else {"sample_weight": rows.sample_weight}
            )
            estimator = self.model_from(model.weights())
            try:
                score = self._scorer(estimator, self.X_as_given, rows.y, **weight)
            except ValueError as error:
                if self._unrepresented() is None:
                    raise
                raise ValueError(
                    self._explain(f"failed ({error})", "an error")
                ) from error
            score = self._as_number(score)
        elif self.scoring is None:
            log_proba = log_probabilities(logits, self.kind, len(self.classes))
            predicted = _targets.decode(
                np.exp(log_proba), logits, self.classes, self.kind
            )
            score = accuracy_score(rows.y, predicted, sample_weight=rows.sample_weight)
        else:
            score = -loss
        if not np.isfinite(score):
            # Scores are compared and kept: a NaN would compare as no
            # progress, an infinity would win forever, and neither loads.
            value = "NaN" if np.isnan(score) else str(score)
            raise ValueError(self._explain(f"is {value}", value))
        return float(score), loss

    def _as_number(self, score):
        """The scorer's return value as a float, or a ValueError saying what
        it returned instead. NumPy scalars and one-element arrays are taken,
        as scikit-learn's model selection takes them."""
        value = score
        if hasattr(value, "item"):
            try:
                value = value.item()
            except (ValueError, TypeError):
                pass
        if isinstance(value, numbers.Number) and not (
            isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real)
        ):
            return float(value)
        raise ValueError(
            f"The validation score (scoring={self.scoring!r}) is "
            f"{reprlib.repr(score)}, of type {type(score).__name__}, not a number: "
            "early stopping compares the scores of the epochs. Make the scorer "
            "return a single real number, such as a float."
        )

    def _unrepresented(self):
        """What the validation rows lack for a score that needs every class
        (or both values of every label), described; None when they lack
        nothing."""
        n_rows = len(self.rows.y)
        if self.kind == _targets.MULTILABEL:
            constant = np.flatnonzero(np.ptp(self.rows.Y, axis=0) == 0)
            if constant.size:
                return (
                    f"label columns {constant.tolist()} take one value only in "
                    f"the {n_rows} validation rows"
                )
            return None
        missing = np.setdiff1d(self.classes, np.unique(self.rows.y))
        if missing.size:
            return (
                f"the {n_rows} validation rows hold no row of classes "
                f"{_targets.describe_labels(missing)}"
            )
        return None

    def _explain(self, what, returned):
        unrepresented = self._unrepresented()
        if unrepresented is None:
            return (
                f"The validation score (scoring={self.scoring!r}) {what}: the "
                f"scorer returned {returned} though the validation rows hold "
                "every class. Early stopping compares the scores of the epochs, "
                "and needs finite ones: choose another scoring, or make the "
                "scorer return finite values."
            )
        return (
            f"The validation score (scoring={self.scoring!r}) {what}: "
            f"{unrepresented}. Pass X_val and y_val with rows of every class, "
            "raise validation_fraction, or choose another scoring."
        )


def _takes_sample_weight(scorer):
    """Whether a scorer can be called with ``sample_weight=``; scorers whose
    signature cannot be read are given the benefit of the doubt."""
    if isinstance(scorer, str):
        return True
    try:
        parameters = inspect.signature(scorer).parameters.values()
    except (TypeError, ValueError):
        return True
    return any(p.name == "sample_weight" or p.kind == p.VAR_KEYWORD for p in parameters)
