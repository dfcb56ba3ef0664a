"""Encoding class labels as 0/1 targets for sigmoid outputs, and back.

Three kinds of target, as scikit-learn names them:

- ``"binary"`` (two classes, or one): a single output, 1 for ``classes_[1]``;
- ``"multiclass"`` (K > 2 classes): K outputs, one-hot;
- ``"multilabel-indicator"``: K independent outputs, the indicator itself.
"""

from numbers import Real

import numpy as np
from scipy import sparse
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import column_or_1d

BINARY = "binary"
MULTICLASS = "multiclass"
MULTILABEL = "multilabel-indicator"


def as_target(y):
    """A checked ``y`` as the fit takes it: a sparse indicator matrix made
    dense, and a single column made 1-d (with scikit-learn's warning)."""
    if sparse.issparse(y):
        y = y.toarray()
    if y.ndim == 2 and y.shape[1] == 1:
        y = column_or_1d(y, warn=True)
    return y


def target_kind(y, classes):
    """The kind of target, decided by the full set of ``classes``."""
    if y.ndim == 2:
        return MULTILABEL
    return BINARY if len(classes) <= 2 else MULTICLASS


def find_classes(y):
    """Validate ``y`` as a classification target and return its sorted classes.

    Raises
    ------
    ValueError
        For targets other than binary, multiclass or a 0/1 indicator matrix:
        the sigmoid outputs are trained on the indicator's values themselves.
    """
    check_classification_targets(y)
    if y.ndim == 1:
        check_no_missing_time(y, "y")
        return np.unique(y)
    if type_of_target(y) != MULTILABEL:
        raise ValueError(
            f"y has {y.shape[1]} columns holding {type_of_target(y)} targets; "
            "a 2-d y must be a multilabel indicator matrix of 0s and 1s. For "
            "several multiclass outputs, wrap the classifier in "
            "sklearn.multioutput.MultiOutputClassifier."
        )
    _check_indicator_values(y, "y")
    return np.arange(y.shape[1])


def _check_indicator_values(y, name):
    """Refuse a multilabel target with values other than 0 and 1."""
    values = np.unique(y)
    if not np.isin(values, [0, 1]).all():
        raise ValueError(
            f"A multilabel {name} must be an indicator matrix of 0s and 1s; this "
            f"one holds the values {values.tolist()}. Convert it, for example "
            "with (y == positive_value).astype(int)."
        )


def check_classes_param(classes):
    """The ``classes`` passed to ``partial_fit``, sorted, or a ValueError."""
    given = np.asarray(classes)
    if given.ndim != 1 or given.size == 0:
        raise ValueError(
            f"classes must be a non-empty 1-d array of labels, got {classes!r}."
        )
    if any(isinstance(label, Real) and not np.isfinite(label) for label in given):
        raise ValueError(
            f"classes must hold finite labels; got {given.tolist()}. NaN and "
            "infinite values cannot be told apart reliably, nor saved and loaded."
        )
    check_no_missing_time(given, "classes")
    return np.unique(given)


def check_no_missing_time(labels, name):
    """Refuse NaT, the missing date or duration, as scikit-learn refuses NaN."""
    if labels.dtype.kind in "mM" and np.isnat(labels).any():
        raise ValueError(
            f"{name} contains NaT, a missing date or duration, which is not a "
            "class label. Drop those rows, or give them a label of their own."
        )


def describe_labels(labels):
    """Labels as a list for an error message.

    ``tolist`` turns dates into ``datetime.date(2020, 1, 1)`` and NaT into
    None; their NumPy strings (``'2020-01-01'``, ``'NaT'``) say what the
    user wrote.
    """
    labels = np.asarray(labels)
    if labels.dtype.kind in "mM":
        return [str(label) for label in labels]
    return labels.tolist()


def check_known_labels(y, classes, kind, *, name="y", remedy):
    """Raise a ValueError unless ``y`` is a target of ``kind`` over ``classes``.

    A multilabel target must be an indicator matrix of 0s and 1s with one
    column per class; any other, labels among ``classes``. ``name`` is what
    the user called ``y``; ``remedy`` ends the message about unknown labels,
    saying what to do.
    """
    if y.ndim == 2 or kind == MULTILABEL:
        if y.ndim != 2 or kind != MULTILABEL:
            raise ValueError(
                f"{name} has shape {y.shape}, but the model was fitted on a "
                f"{kind} target: {name} must be of the same kind as the "
                "training labels."
            )
        if y.shape[1] != len(classes):
            raise ValueError(
                f"{name} has {y.shape[1]} label columns, but the model's classes "
                f"are {classes.tolist()}: a multilabel model has one class per "
                "label column."
            )
        _check_indicator_values(y, name)
        return
    unknown = _unknown_labels(y, classes)
    if len(unknown):
        raise ValueError(
            f"{name} contains labels {describe_labels(unknown)} that are not in "
            f"classes {describe_labels(classes)}. {remedy}"
        )


def _unknown_labels(y, classes):
    """The distinct labels of ``y`` that are not in ``classes``.

    NumPy sorts to compare, which fails on labels of mixed types (None, or
    a number, among strings); they are then compared one by one, so that
    only the labels that really are unknown are named.
    """
    try:
        return np.setdiff1d(np.unique(y), classes)
    except TypeError:
        known, unknown = classes.tolist(), []
        for label in y.tolist():
            if label not in known and label not in unknown:
                unknown.append(label)
        return np.array(unknown, dtype=object)


def n_outputs(classes, kind):
    """The network's output units for ``classes``: one per class or label,
    but one in all for a binary target (as :func:`encode` encodes it)."""
    return len(classes) if kind == MULTILABEL or len(classes) > 2 else 1


def encode(y, classes, dtype):
    """Targets of shape ``(n_samples, n_outputs)`` with values 0 and 1."""
    if y.ndim == 2:
        return np.asarray(y, dtype=dtype)
    if len(classes) == 1:
        return np.ones((len(y), 1), dtype=dtype)
    indices = np.searchsorted(classes, y)
    if len(classes) == 2:
        return indices.astype(dtype).reshape(-1, 1)
    one_hot = np.zeros((len(y), len(classes)), dtype=dtype)
    one_hot[np.arange(len(y)), indices] = 1
    return one_hot


def decode(probabilities, logits, classes, kind):
    """Predicted labels from ``predict_proba``'s output and the logits it was
    computed from.

    Binary and multilabel outputs say yes above probability 0.5, as in
    ``MLPClassifier``. A multiclass row takes its most probable class; among
    classes of equal probability, the one of the largest logit. Saturated
    outputs round to equal probabilities, and the logits still rank them.
    """
    if kind == MULTILABEL:
        return (probabilities > 0.5).astype(int)
    if kind == MULTICLASS:
        most_probable = probabilities == probabilities.max(axis=1, keepdims=True)
        logits = np.where(most_probable, logits, -np.inf)
        return classes[np.argmax(logits, axis=1)]
    return classes[np.argmax(probabilities, axis=1)]
