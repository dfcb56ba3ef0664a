"""One epoch: the SGD steps over every batch, and the epoch's loss.

The steps write their logits to one buffer, from which the cross-entropy of
the whole epoch is computed at its end, instead of three more torch calls per
step.
"""

import numpy as np
import torch


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
        epoch = self.rows.in_batches(self.rows.order(shuffle_seed), self.batch_size)
        squared_norms = []
        for batch in epoch.batches:
            if batch.total == 0:
                # Rows of weight zero carry no gradient, nor any loss.
                batch.logits.zero_()
                continue
            squared_norm, gradients = self.network.gradients(
                batch.X, batch.Y, batch.weight, self.alpha, batch.logits
            )
            self.optimizer.step(gradients, batch.total)
            squared_norms.append(squared_norm)
        return self._loss(epoch, squared_norms).item() / self.rows.n_rows

    def _loss(self, epoch, squared_norms):
        """The epoch's summed loss, a 0-d tensor on the device."""
        cross_entropy = torch.nn.functional.binary_cross_entropy_with_logits
        logits, alpha = self.rows.logits, self.alpha
        penalties = torch.stack(squared_norms) if alpha else None
        if epoch.weight is None:
            loss = cross_entropy(logits, epoch.Y, reduction="sum")
            if alpha:
                loss += 0.5 * alpha * penalties.sum()
            return loss
        # Each batch's loss counts its rows over its total weight (and a
        # batch of weight zero, which took no step, not at all).
        rows, totals = epoch.rows, epoch.totals
        stepped = totals > 0
        factors = np.divide(rows, totals, out=np.zeros(len(rows)), where=stepped)
        row_factors = self.rows.tensor(np.repeat(factors, rows))
        row_losses = cross_entropy(logits, epoch.Y, reduction="none").sum(1)
        loss = row_losses @ (epoch.weight * row_factors)
        if alpha:
            loss += 0.5 * alpha * (penalties @ self.rows.tensor(factors[stepped]))
        return loss
