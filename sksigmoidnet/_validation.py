"""The rows early stopping holds out, and the score it stops on.

With ``early_stopping=True`` the network is scored after every epoch on rows
it does not train on: ``validation_fraction`` of the training data, split off
as ``MLPClassifier`` splits it, or the ``X_val`` and ``y_val`` given to
``fit``. The score is the accuracy (``scoring=None``), the validation loss
negated (``scoring="loss"``, so that higher is better, as in
``HistGradientBoostingClassifier``), or any scikit-learn scorer. The
validation loss is recorded whatever the score. Validation rows are weighed
as training rows are: sample weight times class weight.
"""

import inspect
import numbers
import reprlib
from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse
from sklearn.metrics import accuracy_score, check_scoring
from sklearn.model_selection import train_test_split
from sklearn.utils.validation import (
    _check_sample_weight,
    check_array,
    column_or_1d,
    validate_data,
)

from . import _targets
from ._class_weight import ClassWeights, weigh_rows
from ._probabilities import log_probabilities
from ._sample_weights import scaled_to_unit_mean
from ._training import TrainingDivergedError


@dataclass
class Rows:
    """Inputs, 0/1 targets, labels and sample weights (or None) of some rows."""

    X: object
    Y: np.ndarray
    y: np.ndarray
    sample_weight: np.ndarray | None

    def hold_out(self, fraction, classes, kind, random_state):
        """Split into training rows and ``fraction`` of held-out rows.

        The split is ``MLPClassifier``'s: one ``train_test_split`` drawing from
        ``random_state``, stratified by the labels of a binary target, so that
        both estimators hold out the same rows for the same state. Multiclass
        targets are stratified too (``MLPClassifier`` does not stratify them);
        multilabel targets are not, nor are targets that cannot be: when a
        class has a single row, or the training part would have fewer rows
        than there are classes.

        Returns
        -------
        training, held_out : Rows
        """
        n_rows = self.X.shape[0]
        n_held_out = int(np.ceil(fraction * n_rows))
        stratify = None if kind == _targets.MULTILABEL else self.y
        if stratify is not None and n_held_out < len(classes):
            raise ValueError(
                f"early_stopping holds out validation_fraction={fraction} of "
                f"{n_rows} samples, {n_held_out} rows, fewer than the "
                f"{len(classes)} classes. Raise validation_fraction, add data, "
                "pass X_val and y_val to fit, or set early_stopping=False."
            )
        if n_held_out < 2:
            raise ValueError(
                f"early_stopping holds out only {n_held_out} row. Raise "
                "validation_fraction, add data, or pass X_val and y_val to fit."
            )
        if stratify is not None:
            counts = np.unique(stratify, return_counts=True)[1]
            if counts.min() < 2 or n_rows - n_held_out < len(counts):
                stratify = None
        arrays = [self.X, self.Y, self.y]
        if self.sample_weight is not None:
            arrays.append(self.sample_weight)
        parts = train_test_split(
            *arrays, test_size=fraction, random_state=random_state, stratify=stratify
        )
        if self.sample_weight is None:
            parts += [None, None]
        training, held_out = Rows(*parts[0::2]), Rows(*parts[1::2])
        for part, name in ((training, "training"), (held_out, "held-out")):
            if part.sample_weight is not None and not np.any(part.sample_weight):
                raise ValueError(
                    f"early_stopping's split left the {name} rows with sample "
                    f"weight 0 only (validation_fraction={fraction}, "
                    f"{n_held_out} of {n_rows} rows held out): nothing to "
                    f"{'train on' if name == 'training' else 'score'}. Give "
                    "more rows a positive weight, change random_state or "
                    "validation_fraction, or pass X_val and y_val to fit."
                )
        return training, held_out


def weighted_rows(estimator, X, y, sample_weight, validation_data, classes, kind):
    """The training rows, and the explicit validation rows or None.

    Each row's weight is its sample weight times its class weight, worked out
    from the training labels, so that validation rows weigh as training rows
    do.

    Parameters
    ----------
    estimator : SigmoidNetClassifier
    X, y : the validated training data.
    sample_weight : array-like of shape (n_samples,) or None
    validation_data : tuple
        ``(X_val, y_val, sample_weight_val)`` as given to ``fit``.
    classes : ndarray
    kind : str

    Returns
    -------
    training : Rows
    validation : Rows or None
        Their sample weights are float64 (or None).
    """
    class_weights = (
        None
        if estimator.class_weight is None
        else ClassWeights(estimator.class_weight, y, classes, kind)
    )
    if sample_weight is not None:
        sample_weight = _check_sample_weight(
            sample_weight, X, dtype=np.float64, ensure_non_negative=True
        )
        _refuse_all_zero(sample_weight)
    training = Rows(
        X,
        _targets.encode(y, classes, X.dtype),
        y,
        weigh_rows(sample_weight, class_weights, y),
    )
    validation = check_validation_data(
        estimator, *validation_data, training, classes, kind
    )
    if validation is not None:
        validation.sample_weight = weigh_rows(
            validation.sample_weight,
            class_weights,
            validation.y,
            name="sample_weight_val",
        )
    return training, validation


def check_validation_data(
    estimator, X_val, y_val, sample_weight_val, training, classes, kind
):
    """Check an explicit validation set against the training data.

    Parameters
    ----------
    estimator : SigmoidNetClassifier
        With ``n_features_in_`` (and ``feature_names_in_``) of this fit set.
    X_val, y_val, sample_weight_val
        As given to ``fit``; None when absent.
    training : Rows
        The checked training rows, whose dtype and kind of target ``X_val``
        and ``y_val`` must follow.
    classes : ndarray
    kind : str

    Returns
    -------
    rows : Rows or None
        The validation rows (their weights without class weights), or None
        when none were given.
    """
    if X_val is None and y_val is None:
        if sample_weight_val is not None:
            raise ValueError(
                "sample_weight_val was passed without X_val and y_val: it weights "
                "the rows of an explicit validation set. Pass X_val and y_val too."
            )
        return None
    if X_val is None or y_val is None:
        given, missing = ("X_val", "y_val") if y_val is None else ("y_val", "X_val")
        raise ValueError(
            f"{given} was passed to fit without {missing}: an explicit validation "
            "set needs both."
        )
    if not estimator.early_stopping:
        raise ValueError(
            "X_val and y_val were passed to fit with early_stopping=False: the "
            "validation set is only used by early stopping. Set "
            "early_stopping=True, or leave X_val and y_val out."
        )
    try:
        X_val = validate_data(
            estimator,
            X_val,
            accept_sparse=["csr", "csc"],
            dtype=training.X.dtype,
            reset=False,
        )
    except ValueError as error:
        raise ValueError(f"X_val does not fit the training data X: {error}") from None
    # Sparse as a sparse y is accepted: a multilabel indicator matrix.
    y_val = check_array(
        y_val, accept_sparse="csr", ensure_2d=False, dtype=None, input_name="y_val"
    )
    if sparse.issparse(y_val):
        y_val = y_val.toarray()
    if y_val.ndim == 2 and y_val.shape[1] == 1:
        y_val = column_or_1d(y_val, warn=True)
    if y_val.ndim == 1:
        _targets.check_no_missing_time(y_val, "y_val")
    if y_val.shape[0] != X_val.shape[0]:
        raise ValueError(
            f"X_val has {X_val.shape[0]} rows but y_val has {y_val.shape[0]}: "
            "they must describe the same samples."
        )
    _check_labels(y_val, training.y, classes, kind)
    if sample_weight_val is not None:
        try:
            sample_weight_val = _check_sample_weight(
                sample_weight_val, X_val, ensure_non_negative=True
            )
            _refuse_all_zero(sample_weight_val)
        except ValueError as error:
            raise ValueError(f"sample_weight_val: {error}") from None
    Y_val = _targets.encode(y_val, classes, training.X.dtype)
    return Rows(X_val, Y_val, y_val, sample_weight_val)


def _refuse_all_zero(sample_weight):
    """Refuse weights that are all zero, as scikit-learn 1.8 and later do in
    ``_check_sample_weight`` (1.6 and 1.7 let them through)."""
    if not np.any(sample_weight):
        raise ValueError("Sample weights must contain at least one non-zero number.")


def _check_labels(y_val, y, classes, kind):
    """Refuse a y_val of another kind than y, or with labels y does not have."""
    if kind == _targets.MULTILABEL or y_val.ndim == 2:
        if y_val.ndim != y.ndim or y_val.shape[1:] != y.shape[1:]:
            raise ValueError(
                f"y_val has shape {y_val.shape} but y has shape {y.shape}: the "
                "validation labels must be of the same kind as the training "
                "labels."
            )
        unexpected = np.setdiff1d(np.unique(y_val), [0, 1])
        if unexpected.size:
            raise ValueError(
                f"y_val is a multilabel indicator matrix with values "
                f"{unexpected.tolist()}; only 0 and 1 are allowed."
            )
        return
    unseen = _unseen_labels(y_val, classes)
    if len(unseen):
        raise ValueError(
            f"y_val contains labels {_targets.describe_labels(unseen)} that are "
            f"not in the training labels {_targets.describe_labels(classes)}: the "
            "model cannot predict them. Remove those rows from the validation set."
        )


def _unseen_labels(y_val, classes):
    """The distinct labels of ``y_val`` that are not in ``classes``.

    NumPy sorts to compare, which fails on labels of mixed types (None, or
    a number, among strings); they are then compared one by one, so that
    only the labels that really are unseen are named.
    """
    try:
        return np.setdiff1d(np.unique(y_val), classes)
    except TypeError:
        known, unseen = classes.tolist(), []
        for label in y_val.tolist():
            if label not in known and label not in unseen:
                unseen.append(label)
        return np.array(unseen, dtype=object)


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
    """Scores the network on held-out rows after an epoch.

    Parameters
    ----------
    rows : Rows
        The held-out rows, their weights with class weights applied. The
        weights are scaled by a power of two to a mean near one, as the
        training weights are: weights near the largest float would make
        every weighted mean NaN.
    scoring : None, "loss", str or callable
        The estimator's ``scoring`` parameter.
    estimator : SigmoidNetClassifier
        Whose parameters a scorer's model gets, with the current weights.
    classes : ndarray
    kind : str
    """

    def __init__(self, rows, scoring, estimator, classes, kind):
        if rows.sample_weight is not None:
            scaled, _ = scaled_to_unit_mean(rows.sample_weight, np.float64)
            rows = replace(rows, sample_weight=scaled)
        self.rows = rows
        self.scoring = scoring
        self.classes, self.kind = classes, kind
        self._scorer = self._model = None
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
            # A new estimator with the same parameter objects, not clone's
            # deep copies: a scorer may hold a lock or an open file, which
            # cannot be copied, and prediction only reads the parameters.
            self._model = type(estimator)(**estimator.get_params(deep=False))
            # What prediction reads besides the weights.
            self._model.classes_ = classes
            self._model._target_kind = kind
            self._model.n_features_in_ = estimator.n_features_in_

    def __call__(self, network):
        """Return ``(score, loss)`` of the network on the held-out rows.

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
        logits = network.predict_logits(rows.X)
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
            self._model.coefs_, self._model.intercepts_ = network.to_numpy()
            weight = (
                {}
                if rows.sample_weight is None
                else {"sample_weight": rows.sample_weight}
            )
            try:
                score = self._scorer(self._model, rows.X, rows.y, **weight)
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
