"""Encoding class labels as 0/1 targets for sigmoid outputs, and back.

Three kinds of target, as scikit-learn names them:

- ``"binary"`` (two classes, or one): a single output, 1 for ``classes_[1]``;
- ``"multiclass"`` (K > 2 classes): K outputs, one-hot;
- ``"multilabel-indicator"``: K independent outputs, the indicator itself.
"""

import numpy as np
from sklearn.utils.multiclass import check_classification_targets, type_of_target

BINARY = "binary"
MULTICLASS = "multiclass"
MULTILABEL = "multilabel-indicator"


def target_kind(y, classes):
    """The kind of target, decided by the full set of ``classes``."""
    if y.ndim == 2:
        return MULTILABEL
    return BINARY if len(classes) <= 2 else MULTICLASS


def find_classes(y):
    """Validate ``y`` as a classification target and return its sorted classes."""
    check_classification_targets(y)
    if type_of_target(y) == MULTILABEL:
        return np.arange(y.shape[1])
    return np.unique(y)


def check_known_labels(y, classes):
    """Raise a ValueError when ``y`` holds labels outside ``classes``."""
    if y.ndim == 2:
        if y.shape[1] != len(classes):
            raise ValueError(
                f"y has {y.shape[1]} label columns but the model was fitted with "
                f"{len(classes)}."
            )
        return
    unknown = np.setdiff1d(np.unique(y), classes)
    if unknown.size:
        raise ValueError(
            f"y contains labels {unknown.tolist()} that are not in classes "
            f"{classes.tolist()}. Pass every label that can occur in `classes` on "
            "the first call to partial_fit."
        )


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


def decode(logits, classes, kind):
    """Predicted labels from output logits."""
    if kind == MULTILABEL:
        return (logits > 0).astype(int)
    if len(classes) == 1:
        return np.full(logits.shape[0], classes[0])
    if kind == BINARY:
        return classes[(logits[:, 0] > 0).astype(int)]
    return classes[np.argmax(logits, axis=1)]
