"""The rows a fit trains on, and the rows early stopping scores.

Each row is weighed by its sample weight times its class weight, validation
rows as training rows. With ``early_stopping=True`` the validation rows are
the ``X_val`` and ``y_val`` given to ``fit``, checked against the training
data, or ``validation_fraction`` of the training rows, held out as
``MLPClassifier`` holds them out. How they are scored is ``_early_stopping``'s.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.utils.validation import check_array, validate_data

from . import _targets
from ._class_weight import ClassWeights, weigh_rows
from ._compat import _check_sample_weight

# The sparse formats X is taken in; others are converted to CSR, whose rows
# the epochs gather into batches.
SPARSE_FORMATS = ["csr", "csc"]


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


def weighted_rows(estimator, call, data, random_state):
    """The rows to train on, and the validation rows (None without early
    stopping).

    Each row's weight is its sample weight times its class weight, worked out
    from the training labels, so that validation rows weigh as training rows
    do. With early stopping and no ``X_val``, ``validation_fraction`` of the
    rows is held out, drawing from ``random_state`` (see
    :meth:`Rows.hold_out`).

    Parameters
    ----------
    estimator : SigmoidNetClassifier
    call : FitCall
        The classes and kind of target.
    data : FitData
        The checked training data, and what was given for validation.
    random_state : RandomState

    Returns
    -------
    training : Rows
    validation : Rows or None
        Their sample weights are float64 (or None).
    """
    X, y = data.X, data.y
    class_weights = (
        None
        if estimator.class_weight is None
        else ClassWeights(estimator.class_weight, y, call.classes, call.kind)
    )
    sample_weight = data.sample_weight
    if sample_weight is not None:
        sample_weight = _check_sample_weight(
            sample_weight, X, dtype=np.float64, ensure_non_negative=True
        )
        _refuse_all_zero(sample_weight)
    training = Rows(
        X,
        _targets.encode(y, call.classes, X.dtype),
        y,
        weigh_rows(sample_weight, class_weights, y),
    )
    validation = check_validation_data(estimator, call, data.validation, X.dtype)
    if validation is not None:
        validation.sample_weight = weigh_rows(
            validation.sample_weight,
            class_weights,
            validation.y,
            name="sample_weight_val",
        )
    elif estimator.early_stopping:
        training, validation = training.hold_out(
            estimator.validation_fraction, call.classes, call.kind, random_state
        )
    return training, validation


def check_validation_data(estimator, call, validation, dtype):
    """Check an explicit validation set against the training data.

    Parameters
    ----------
    estimator : SigmoidNetClassifier
        With ``n_features_in_`` (and ``feature_names_in_``) of this fit set.
    call : FitCall
        The classes and kind of target, which ``y_val`` must follow.
    validation : tuple
        ``X_val``, ``y_val`` and ``sample_weight_val`` as given to ``fit``
        (None when absent).
    dtype : numpy dtype
        The checked training data's, which ``X_val`` takes.

    Returns
    -------
    rows : Rows or None
        The validation rows (their weights without class weights), or None
        when none were given.
    """
    X_val, y_val, sample_weight_val = validation
    if not _validation_given(X_val, y_val, sample_weight_val, estimator):
        return None
    X_val = _checked_X_val(estimator, X_val, dtype)
    y_val = _checked_y_val(y_val, X_val, call)
    if sample_weight_val is not None:
        try:
            sample_weight_val = _check_sample_weight(
                sample_weight_val, X_val, ensure_non_negative=True
            )
            _refuse_all_zero(sample_weight_val)
        except ValueError as error:
            raise ValueError(f"sample_weight_val: {error}") from None
    Y_val = _targets.encode(y_val, call.classes, dtype)
    return Rows(X_val, Y_val, y_val, sample_weight_val)


def _validation_given(X_val, y_val, sample_weight_val, estimator):
    """Whether an explicit validation set was given, refusing half of one, or
    one without early stopping."""
    if X_val is None and y_val is None:
        if sample_weight_val is not None:
            raise ValueError(
                "sample_weight_val was passed without X_val and y_val: it weights "
                "the rows of an explicit validation set. Pass X_val and y_val too."
            )
        return False
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
    return True


def _checked_X_val(estimator, X_val, dtype):
    try:
        return validate_data(
            estimator, X_val, accept_sparse=SPARSE_FORMATS, dtype=dtype, reset=False
        )
    except ValueError as error:
        raise ValueError(f"X_val does not fit the training data X: {error}") from None


def _checked_y_val(y_val, X_val, call):
    # Sparse as a sparse y is accepted: a multilabel indicator matrix.
    y_val = _targets.as_target(
        check_array(
            y_val, accept_sparse="csr", ensure_2d=False, dtype=None, input_name="y_val"
        )
    )
    if y_val.ndim == 1:
        _targets.check_no_missing_time(y_val, "y_val")
    if y_val.shape[0] != X_val.shape[0]:
        raise ValueError(
            f"X_val has {X_val.shape[0]} rows but y_val has {y_val.shape[0]}: "
            "they must describe the same samples."
        )
    _targets.check_known_labels(
        y_val,
        call.classes,
        call.kind,
        name="y_val",
        remedy="The model cannot predict them: remove those rows from the "
        "validation set.",
    )
    return y_val


def _refuse_all_zero(sample_weight):
    """Refuse weights that are all zero, as scikit-learn 1.8 and later do in
    ``_check_sample_weight`` (1.6 and 1.7 let them through)."""
    if not np.any(sample_weight):
        raise ValueError("Sample weights must contain at least one non-zero number.")
