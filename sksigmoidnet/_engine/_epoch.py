"""One epoch: the rows in the epoch's order, cut into batches, an SGD step on
each, and the epoch's loss.

A step at batch 200 is tens of microseconds of work, and every torch call
around it costs about as much again. So the rows stay on the device for the
whole fit; each epoch gathers them in its order with one indexing operation
per tensor and cuts them into batch views in one call; and the steps write
their logits to one buffer, from which the cross-entropy of the whole epoch
is computed at its end, instead of three more calls per step.
"""

from dataclasses import dataclass

import numpy as np
import torch

from ._network import product_buffer
from ._tensors import to_tensor


@dataclass
class DeviceRows:
    """The training rows on the device.

    ``X`` is a tensor, or a CSR matrix whose batches are densified one at a
    time; ``Y`` the 0/1 targets; ``weight`` the sample weights as a tensor and
    ``host_weight`` as an ndarray (both None without weights).
    """

    X: object
    Y: object
    weight: object
    host_weight: np.ndarray | None


class EpochRunner:
    """Runs epochs of SGD steps of ``optimizer`` on ``network`` over ``rows``.

    Parameters
    ----------
    network : TrainableNetwork
    optimizer : MomentumSGD
    rows : DeviceRows
    batch_size : int
    alpha : float
        L2 penalty, as the loop takes it (see ``_sample_weights``).
    """

    def __init__(self, network, optimizer, rows, *, batch_size, alpha):
        self.network, self.optimizer, self.rows = network, optimizer, rows
        self.batch_size, self.alpha = batch_size, alpha
        self.n_rows = rows.Y.shape[0]
        self.sparse = hasattr(rows.X, "toarray")
        self._generator = torch.Generator()
        # Reused by every epoch: a fresh allocation of the size of X costs
        # page faults each epoch.
        self._shuffled = None
        self._logits = product_buffer(*rows.Y.shape, network.dtype, network.device)
        # Rows per batch, and where each starts.
        self._batch_rows = np.diff(
            np.append(np.arange(0, self.n_rows, batch_size), self.n_rows)
        )

    def run(self, shuffle_seed):
        """One pass of SGD steps over the rows; return the epoch's mean loss.

        The loss is ``MLPClassifier``'s: each batch's loss (cross-entropy and
        penalty, at the weights the batch saw) weighted by its number of rows.
        It is read from the device once, at the end.

        Parameters
        ----------
        shuffle_seed : int or None
            Seeds the epoch's permutation of the rows; None keeps their order.

        Returns
        -------
        loss : float
        """
        order = _permutation(self._generator, self.n_rows, shuffle_seed)
        # X (dense only, else None), Y and the weights in the epoch's order:
        # one gather per tensor and epoch, into buffers kept for the next.
        rows = self.rows
        X, Y, weight = [None if self.sparse else rows.X, rows.Y, rows.weight]
        if order is not None:
            index = order.to(self.network.device)
            if self._shuffled is None:
                self._shuffled = [
                    None if tensor is None else torch.empty_like(tensor)
                    for tensor in (X, Y, weight)
                ]
            X, Y, weight = [
                None
                if tensor is None
                else torch.index_select(tensor, 0, index, out=out)
                for tensor, out in zip((X, Y, weight), self._shuffled, strict=True)
            ]
        totals = _batch_totals(self.rows.host_weight, order, self._batch_rows)
        batches = zip(
            self._sparse_batches(order) if self.sparse else X.split(self.batch_size),
            Y.split(self.batch_size),
            [None] * len(totals) if weight is None else weight.split(self.batch_size),
            self._logits.split(self.batch_size),
            totals.tolist(),
            strict=True,
        )
        squared_norms = []
        for X_batch, Y_batch, weight_batch, logits, total in batches:
            if total == 0:
                # Rows of weight zero carry no gradient, nor any loss.
                logits.zero_()
                continue
            squared_norm, gradients = self.network.gradients(
                X_batch, Y_batch, weight_batch, self.alpha, logits
            )
            self.optimizer.step(gradients, total)
            squared_norms.append(squared_norm)
        loss = self._loss(Y, weight, totals, squared_norms)
        return loss.item() / self.n_rows

    def _loss(self, Y, weight, totals, squared_norms):
        """The epoch's summed loss, a 0-d tensor on the device."""
        cross_entropy = torch.nn.functional.binary_cross_entropy_with_logits
        logits, alpha = self._logits, self.alpha
        penalties = torch.stack(squared_norms) if alpha else None
        if weight is None:
            loss = cross_entropy(logits, Y, reduction="sum")
            if alpha:
                loss += 0.5 * alpha * penalties.sum()
            return loss
        # Each batch's loss counts its rows over its total weight (and a
        # batch of weight zero, which took no step, not at all).
        rows = self._batch_rows
        stepped = totals > 0
        factors = np.divide(rows, totals, out=np.zeros(len(rows)), where=stepped)
        row_factors = self._tensor(np.repeat(factors, rows))
        row_losses = cross_entropy(logits, Y, reduction="none").sum(1)
        loss = row_losses @ (weight * row_factors)
        if alpha:
            loss += 0.5 * alpha * (penalties @ self._tensor(factors[stepped]))
        return loss

    def _tensor(self, array):
        return to_tensor(array, self.network.dtype, self.network.device)

    def _sparse_batches(self, order):
        """Each batch of the sparse ``X`` in ``order``, densified on its own."""
        rows = np.arange(self.n_rows) if order is None else order.numpy()
        dtype, device = self.network.dtype, self.network.device
        for start in range(0, self.n_rows, self.batch_size):
            batch = self.rows.X[rows[start : start + self.batch_size]]
            yield to_tensor(batch, dtype, device)


def _permutation(generator, n_rows, shuffle_seed):
    """A permutation of ``n_rows`` rows on the CPU, drawn by ``generator``
    seeded with ``shuffle_seed``, or None (no seed) to keep them as given."""
    if shuffle_seed is None:
        return None
    generator.manual_seed(shuffle_seed)
    return torch.randperm(n_rows, generator=generator)


def _batch_totals(weight, order, batch_rows):
    """Each batch's total sample weight (its row count without weights), the
    rows in ``order``, as host floats so that no step waits for the device."""
    if weight is None:
        return batch_rows.astype(float)
    if order is not None:
        weight = weight[order.numpy()]
    return np.add.reduceat(weight.astype(float), np.cumsum(batch_rows) - batch_rows)
