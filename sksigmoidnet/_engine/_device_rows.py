"""The training rows, moved to the device once per fit, and their batches.

Dense ``X`` becomes one tensor; sparse ``X`` stays sparse and each batch is
densified on its own, so a sparse matrix is never densified whole. Each
epoch gathers the rows in its shuffled order (one indexing operation per
tensor) and cuts them into batch views in one call.
"""

from dataclasses import dataclass

import numpy as np
import torch

from ._network import product_buffer
from ._tensors import to_tensor


@dataclass
class Batch:
    """One batch of an epoch: its rows, their weights (or None), the view of
    the epoch's logits it writes, and its total sample weight."""

    X: object
    Y: object
    weight: object
    logits: object
    total: float


@dataclass
class EpochRows:
    """The rows of one epoch in its order, cut into batches."""

    batches: list
    Y: object  # every row's targets, in the epoch's order
    weight: object  # every row's sample weight in that order, or None
    rows: np.ndarray  # rows of each batch
    totals: np.ndarray  # total sample weight of each batch, as host floats


class DeviceRows:
    """Rows to train on, held on the device, handed out in batches.

    Parameters
    ----------
    X : ndarray or sparse matrix of shape (n_rows, n_inputs)
    Y : ndarray of shape (n_rows, n_outputs)
        0/1 targets.
    sample_weight : ndarray of shape (n_rows,) or None
    dtype : torch.dtype
    device : torch.device
    """

    def __init__(self, X, Y, sample_weight, dtype, device):
        self.n_rows = X.shape[0]
        self.dtype, self.device = dtype, device
        self.sparse = hasattr(X, "toarray")
        self.X = X.tocsr() if self.sparse else to_tensor(X, dtype, device)
        self.Y = to_tensor(Y, dtype, device)
        self.host_weight = sample_weight
        self.weight = (
            None if sample_weight is None else to_tensor(sample_weight, dtype, device)
        )
        self._generator = torch.Generator()
        # Reused by every epoch: a fresh allocation of the size of X costs
        # page faults each epoch.
        self._shuffled = None
        self.logits = product_buffer(*self.Y.shape, dtype, device)

    def tensor(self, array):
        """``array`` as a tensor in the rows' dtype and on their device."""
        return to_tensor(array, self.dtype, self.device)

    def order(self, shuffle_seed):
        """A permutation of the rows on the CPU, or None to keep them as given."""
        if shuffle_seed is None:
            return None
        self._generator.manual_seed(shuffle_seed)
        return torch.randperm(self.n_rows, generator=self._generator)

    def in_batches(self, order, batch_size):
        """The rows in ``order`` (None: as given), cut into batches of
        ``batch_size`` rows.

        Returns
        -------
        epoch_rows : EpochRows
        """
        X, Y, weight = self._in_order(order)
        rows = np.diff(np.append(np.arange(0, self.n_rows, batch_size), self.n_rows))
        totals = self._batch_weights(order, rows)
        parts = zip(
            self._sparse_batches(order, batch_size)
            if self.sparse
            else X.split(batch_size),
            Y.split(batch_size),
            [None] * len(rows) if weight is None else weight.split(batch_size),
            self.logits.split(batch_size),
            totals.tolist(),
            strict=True,
        )
        return EpochRows([Batch(*part) for part in parts], Y, weight, rows, totals)

    def _in_order(self, order):
        """``X`` (dense only, else None), ``Y`` and ``weight`` with
        their rows in ``order``: one gather per tensor and epoch."""
        tensors = [None if self.sparse else self.X, self.Y, self.weight]
        if order is None:
            return tensors
        index = order.to(self.device)
        if self._shuffled is None:
            self._shuffled = [
                None if t is None else torch.empty_like(t) for t in tensors
            ]
        return [
            None if t is None else torch.index_select(t, 0, index, out=out)
            for t, out in zip(tensors, self._shuffled, strict=True)
        ]

    def _batch_weights(self, order, rows):
        """Each batch's total sample weight (its row count without weights),
        as host floats so that no step waits for the device."""
        if self.host_weight is None:
            return rows.astype(float)
        weight = self.host_weight if order is None else self.host_weight[order.numpy()]
        return np.add.reduceat(weight.astype(float), np.cumsum(rows) - rows)

    def _sparse_batches(self, order, batch_size):
        """Each batch of the sparse ``X`` in ``order``, densified on its own."""
        rows = np.arange(self.n_rows) if order is None else order.numpy()
        for start in range(0, self.n_rows, batch_size):
            batch = self.X[rows[start : start + batch_size]]
            yield to_tensor(batch, self.dtype, self.device)
