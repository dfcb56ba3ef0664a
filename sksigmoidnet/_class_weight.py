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

import numpy as np
from sklearn.utils.class_weight import compute_class_weight

from ._targets import MULTILABEL


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
    return np.asarray(compute_class_weight(class_weight, classes=labels, y=y))


def _check_usable(weights, labels):
    """Refuse negative or non-finite class weights, as negative or non-finite
    sample weights are refused: SGD would climb the loss of such a class."""
    if not (np.isfinite(weights).all() and (weights >= 0).all()):
        given = dict(zip(labels.tolist(), weights.tolist(), strict=True))
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
    weights = class_weights.per_sample(y)
    if sample_weight is not None:
        weights = sample_weight * weights
    if not weights.sum() > 0:
        raise ValueError(
            f"The class weights (times {name}, if given) sum to zero over these "
            "rows: at least one sample needs a positive weight. Give the classes "
            "present positive weights in class_weight."
        )
    return weights
