"""Cases shared by the test files."""

import numpy as np

from sksigmoidnet._activations import ACTIVATIONS as _REGISTRY

# Every registered activation: a new entry is tested by every file that
# parametrizes over this list, with no edit there.
ACTIVATIONS = list(_REGISTRY)


def target_of_kind(y, kind):
    """A three-class ``y`` turned into a target of ``kind``: ``"binary"``,
    ``"multilabel"`` (one indicator column per class) or anything else
    (left multiclass)."""
    if kind == "binary":
        return y % 2
    if kind == "multilabel":
        return np.column_stack([y == 0, y == 1, y == 2]).astype(int)
    return y
