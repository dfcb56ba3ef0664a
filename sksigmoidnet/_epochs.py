"""One epoch of SGD steps over training rows held as torch tensors.

A step at 200 rows and 100 hidden units is some tens of microseconds of
work, and every torch call around it costs one or two more. So the rows are
moved to the device once per fit; each epoch gathers them in its shuffled
order (one indexing operation per tensor) and cuts them into batch views in
one call; and the steps write their logits to one buffer, from which the
cross-entropy of the whole epoch is computed at its end, instead of three
more calls per step.
"""

import numpy as np
import torch

from ._network import product_buffer, to_tensor


class TrainingData:
    """Rows to train on, moved to the device once, run through in epochs.

    Dense ``X`` becomes one tensor; sparse ``X`` stays sparse and each batch
    is densified on its own, so a sparse matrix is never densified whole.

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
        self._logits = product_buffer(*self.Y.shape, dtype, device)

    def run_epoch(self, network, optimizer, shuffle_seed, batch_size, alpha):
        """One pass of SGD steps over the rows; return the epoch's mean loss.

        The loss is ``MLPClassifier``'s: each batch's loss (cross-entropy and
        penalty, at the weights the batch saw) weighted by its number of rows.
        It is read from the device once, at the end.

        Parameters
        ----------
        network : TrainableNetwork
        optimizer : MomentumSGD
        shuffle_seed : int or None
            Seeds the epoch's permutation of the rows; None keeps their order.
        batch_size : int
        alpha : float
            L2 penalty.

        Returns
        -------
        loss : float
        """
        order = self._order(shuffle_seed)
        X, Y, weight = self._in_order(order)
        rows = np.diff(np.append(np.arange(0, self.n_rows, batch_size), self.n_rows))
        totals = self._batch_weights(order, rows)
        logits = self._logits
        batches = zip(
            self._sparse_batches(order, batch_size)
            if self.sparse
            else X.split(batch_size),
            Y.split(batch_size),
            [None] * len(rows) if weight is None else weight.split(batch_size),
            logits.split(batch_size),
            totals.tolist(),
            strict=True,
        )
        squared_norms = []
        for X_batch, Y_batch, weight_batch, logits_batch, total in batches:
            if total == 0:
                # Rows of weight zero carry no gradient, nor any loss.
                logits_batch.zero_()
                continue
            squared_norm, gradients = network.gradients(
                X_batch, Y_batch, weight_batch, alpha, logits_batch
            )
            optimizer.step(gradients, total)
            squared_norms.append(squared_norm)

        cross_entropy = torch.nn.functional.binary_cross_entropy_with_logits
        penalties = torch.stack(squared_norms) if alpha else None
        if weight is None:
            loss = cross_entropy(logits, Y, reduction="sum")
            if alpha:
                loss += 0.5 * alpha * penalties.sum()
        else:
            # Each batch's loss counts its rows over its total weight (and a
            # batch of weight zero, which took no step, not at all).
            stepped = totals > 0
            factors = np.divide(rows, totals, out=np.zeros(len(rows)), where=stepped)
            row_factors = self._tensor(np.repeat(factors, rows))
            row_losses = cross_entropy(logits, Y, reduction="none").sum(1)
            loss = row_losses @ (weight * row_factors)
            if alpha:
                loss += 0.5 * alpha * (penalties @ self._tensor(factors[stepped]))
        return loss.item() / self.n_rows

    def _tensor(self, array):
        return to_tensor(array, self.dtype, self.device)

    def _order(self, shuffle_seed):
        """A permutation of the rows on the CPU, or None to keep them as given."""
        if shuffle_seed is None:
            return None
        self._generator.manual_seed(shuffle_seed)
        return torch.randperm(self.n_rows, generator=self._generator)

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
