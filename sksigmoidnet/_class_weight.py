"""Class weights: how much each class counts, as a factor on sample weights.

``class_weight`` has scikit-learn's meaning: a dict ``{label: weight}`` or
``"balanced"`` (``n_samples / (n_classes * count)``, as
:func:`~sklearn.utils.class_weight.compute_class_weight`). For multilabel
targets, as :func:`~sklearn.utils.class_weight.compute_sample_weight` accepts
them: ``"balanced"`` for every column, or a list of one dict per column with
keys 0 and 1; a row's weight is the product over its columns.

The weights per class are worked out once, from the training targets, and
then applied to any rows: the training rows and the validation rows alike.
"""

import datetime

import numpy as np
from sklearn.utils.class_weight import compute_class_weight

from ._targets import MULTILABEL, describe_labels


def check_partial_fit_class_weight(class_weight):
    """Refuse ``"balanced"`` in ``partial_fit``, as ``SGDClassifier`` does."""
    if isinstance(class_weight, str) and class_weight == "balanced":
        raise ValueError(
            "class_weight='balanced' is not supported by partial_fit: the class "
            "frequencies of one batch are not those of the data. Compute the "
            "weights once from the labels of all the data (or a large enough "
            "sample), with sklearn.utils.class_weight.compute_class_weight("
            "'balanced', classes=classes, y=y), and pass them as a dict."
        )


class ClassWeights:
    """The weight of each class, for one column of labels or several.

    Parameters
    ----------
    class_weight : dict, list of dict or "balanced"
        The estimator's ``class_weight`` parameter.
    y : ndarray of shape (n_samples,) or (n_samples, n_labels)
        Training labels; ``"balanced"`` counts them.
    classes : ndarray
        Every label the model knows (``classes_``).
    kind : str
        The kind of target, from ``_targets``.
    """

    def __init__(self, class_weight, y, classes, kind):
        if kind == MULTILABEL:
            columns = [y[:, k] for k in range(y.shape[1])]
            per_column = self._multilabel_weights(class_weight, len(columns))
            self.labels = [np.array([0, 1])] * len(columns)
        else:
            if isinstance(class_weight, list):
                raise ValueError(
                    "class_weight as a list of dicts is for multilabel targets, "
                    "one dict per label column; this target has one column of "
                    f"labels {classes.tolist()}. Pass one dict {{label: weight}} "
                    "or 'balanced'."
                )
            columns, per_column, self.labels = [y], [class_weight], [classes]
        self.weights = [
            _column_weights(weight, column, labels)
            for weight, column, labels in zip(
                per_column, columns, self.labels, strict=True
            )
        ]
        for weights, labels in zip(self.weights, self.labels, strict=True):
            _check_usable(weights, labels)

    @staticmethod
    def _multilabel_weights(class_weight, n_columns):
        if isinstance(class_weight, str):
            return [class_weight] * n_columns
        if isinstance(class_weight, list) and len(class_weight) == n_columns:
            if all(isinstance(weights, dict) for weights in class_weight):
                return class_weight
        raise ValueError(
            f"For multilabel targets class_weight must be 'balanced' or a list of "
            f"{n_columns} dicts, one per label column, such as "
            f"[{{0: 1, 1: 5}}, ...]; got {class_weight!r}."
        )

    def per_sample(self, y):
        """The weight of each row of ``y``: a float64 array of shape (n_samples,)."""
        columns = [y] if y.ndim == 1 else [y[:, k] for k in range(y.shape[1])]
        # The same product as compute_sample_weight's, so that the two agree
        # to the last bit.
        return np.prod(
            [
                weights[np.searchsorted(labels, column)]
                for weights, labels, column in zip(
                    self.weights, self.labels, columns, strict=True
                )
            ],
            axis=0,
            dtype=np.float64,
        )


def _column_weights(class_weight, y, labels):
    """Weights of ``labels`` for one column; "balanced" counts the labels present."""
    if isinstance(class_weight, str):
        # A label absent from the training data (a constant multilabel column)
        # has no frequency: it keeps weight 1.
        present = np.unique(y)
        weights = np.ones(len(labels))
        weights[np.searchsorted(labels, present)] = compute_class_weight(
            class_weight, classes=present, y=y
        )
        return weights
    return _dict_weights(class_weight, labels)


def _dict_weights(class_weight, labels):
    """Weights of ``labels`` from a dict ``{label: weight}``; 1 for a label
    without a key.

    A label's key is found as scikit-learn's ``compute_class_weight`` finds
    it (``int(label)``, else ``str(label)``), so that both agree wherever
    that works, then as the label itself. Dates and durations are matched
    by value instead: ``int()`` fails on them or gives nanoseconds, and a
    date key is as likely a ``datetime.date`` or a ``pandas.Timestamp`` as a
    ``numpy.datetime64``, of any unit.
    """
    weights = np.ones(len(labels))
    weighted = np.zeros(len(labels), dtype=bool)
    used_keys = []
    for index, label in enumerate(labels):
        for key in _keys_of(label, class_weight):
            weights[index] = class_weight[key]
            weighted[index] = True
            used_keys.append(key)
            break
    unweighted = labels[~weighted]
    unused_keys = [key for key in class_weight if not _in(key, used_keys)]
    if unweighted.size and unused_keys:
        # As compute_class_weight, a key for no class is refused only when a
        # class has no key: it was probably meant for that class.
        raise ValueError(
            f"class_weight has no weight for the classes "
            f"{describe_labels(unweighted)}, and keys {unused_keys!r} that are "
            f"no class of y (its classes are {describe_labels(labels)}). Key "
            "class_weight by the labels of y, or leave a class out to give it "
            "weight 1."
        )
    return weights


_TIME_KEYS = {
    "M": ((np.datetime64, datetime.date), np.datetime64),
    "m": ((np.timedelta64, datetime.timedelta), np.timedelta64),
}


def _keys_of(label, class_weight):
    """The keys of ``class_weight`` that weigh ``label``, in order of
    preference: scikit-learn's, then the label itself; for a date or a
    duration, the keys equal to it in value."""
    kind = np.asarray(label).dtype.kind
    if kind in _TIME_KEYS:
        key_types, convert = _TIME_KEYS[kind]
        return [
            key
            for key in class_weight
            if isinstance(key, key_types) and convert(key) == label
        ]
    try:
        candidates = [int(label)]
    except ValueError:  # a string
        candidates = [str(label)]
    except TypeError:  # an object int() does not take
        candidates = []
    return [key for key in [*candidates, label] if _in(key, class_weight)]


def _in(key, keys):
    """``key in keys``, False for an unhashable key."""
    try:
        return key in keys
    except TypeError:
        return False


def _check_usable(weights, labels):
    """Refuse negative or non-finite class weights, as negative or non-finite
    sample weights are refused: SGD would climb the loss of such a class."""
    if not (np.isfinite(weights).all() and (weights >= 0).all()):
        given = dict(zip(describe_labels(labels), weights.tolist(), strict=True))
        raise ValueError(
            "class_weight must give every class a finite, non-negative weight; "
            f"got {given}. Use 0 to ignore a class."
        )


def weigh_rows(sample_weight, class_weights, y, name="sample_weight"):
    """Sample weights times class weights, in float64.

    Parameters
    ----------
    sample_weight : ndarray of shape (n_samples,) or None
        Checked, non-negative sample weights in float64.
    class_weights : ClassWeights or None
    y : ndarray
        The labels of the rows.
    name : str
        How to call the weights in an error message.

    Returns
    -------
    sample_weight : ndarray of shape (n_samples,) or None
        None when neither weights nor class weights are given.
    """
    if class_weights is None:
        return sample_weight
    # Overflow is refused below, with a message saying which weights.
    with np.errstate(over="ignore"):
        weights = class_weights.per_sample(y)
        if sample_weight is not None:
            weights = sample_weight * weights
    if not np.isfinite(weights).all():
        product = (
            "class_weight" if sample_weight is None else f"{name} times class_weight"
        )
        raise ValueError(
            f"The weights of {np.sum(~np.isfinite(weights))} rows, {product}"
            + (" (multiplied over the label columns)" if y.ndim == 2 else "")
            + ", overflow float64. Only their ratios matter: scale them down, for "
            "example dividing each class weight by the largest"
            + ("" if sample_weight is None else f", or {name} by its largest")
            + "."
        )
    if not np.any(weights > 0):  # a sum could overflow
        raise ValueError(
            f"The class weights (times {name}, if given) sum to zero over these "
            "rows: at least one sample needs a positive weight. Give the classes "
            "present positive weights in class_weight."
        )
    return weights
