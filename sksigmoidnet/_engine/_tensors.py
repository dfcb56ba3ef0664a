"""NumPy arrays and SciPy sparse rows as torch tensors, and dtypes between the two."""

from functools import cache

import numpy as np
import torch


@cache
def torch_to_numpy_dtype(dtype):
    """The NumPy dtype of a torch dtype (asked of every batch and chunk
    converted, so worked out once per dtype)."""
    return torch.empty((), dtype=dtype).numpy().dtype


def torch_dtype(dtype):
    """The torch dtype of a NumPy dtype."""
    return torch.from_numpy(np.empty(0, dtype=dtype)).dtype


def to_tensor(X, dtype=None, device=None):
    """A tensor of ``X`` (dense, or sparse rows densified), sharing memory where
    possible.

    With ``dtype``, ``X`` is converted by NumPy first: torch refuses dtypes
    that NumPy casts without trouble, such as big-endian floats (``">f8"``)
    and ``longdouble``.
    """
    if hasattr(X, "toarray"):
        X = X.toarray()
    X = np.ascontiguousarray(
        X, dtype=None if dtype is None else torch_to_numpy_dtype(dtype)
    )
    if not X.flags.writeable:  # torch cannot share read-only memory
        X = X.copy()
    return torch.as_tensor(X, dtype=dtype, device=device)
