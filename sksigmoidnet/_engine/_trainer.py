"""One fit's training on torch: the device, the network, the optimizer, the
rows on the device, and the loop over them.

What the estimator's side hands over is a description of the fit, the rows
to train on and the point to start from; what comes back is the trained
weights, the optimizer's velocities and how the loop ended. Everything torch
does in between runs under the thread limits of ``_threads``.
"""

from dataclasses import dataclass
from functools import partial

from .._sample_weights import scaled_for_training
from ._devices import resolve_device, training_dtype
from ._epoch import DeviceRows, EpochRunner
from ._kept_weights import BestWeights, LastWeights
from ._loop import Outcome, TrainingLoop
from ._network import TrainableNetwork
from ._sgd import MomentumSGD
from ._tensors import to_tensor
from ._threads import one_thread_if_forked, thread_budget
from ._verbose import Silent, VerboseReport


@dataclass
class TrainingResult:
    """The weights a fit ends with, as NumPy arrays, and how it ended."""

    coefs: list
    intercepts: list
    velocities: list
    outcome: Outcome


class ModelNow:
    """The network as it stands in the middle of a fit, for whoever watches:
    its logits for some rows, and its weights and velocities as NumPy arrays.

    Parameters
    ----------
    network : TrainableNetwork
    optimizer : MomentumSGD
    """

    def __init__(self, network, optimizer):
        self.network, self.optimizer = network, optimizer

    def logits(self, X):
        """Logits of the rows ``X`` (NumPy or SciPy sparse), as an ndarray."""
        return self.network.predict_logits(X)

    def weights(self):
        """New arrays: ``(coefs, intercepts, velocities)``."""
        coefs, intercepts = self.network.to_numpy()
        return coefs, intercepts, self.optimizer.velocities()


def train(description, training, start, *, scorer=None, hooks=None):
    """Train the network that ``start`` holds on the ``training`` rows.

    Parameters
    ----------
    description : FitDescription
    training : Rows
        The rows as the network trains on them, with their sample weights
        (class weights applied) or None.
    start : Start
        The weights, velocities (None: zeros) and training history to start
        from; the history is updated in place.
    scorer : callable, optional
        ``scorer(model) -> (score, loss)`` of a :class:`ModelNow` on the
        validation rows; required with early stopping.
    hooks : EpochHooks, optional
        Told when each epoch begins and ends, given a :class:`ModelNow`.

    Returns
    -------
    result : TrainingResult
    """
    with one_thread_if_forked():
        device = resolve_device(description.device)
        network = TrainableNetwork(
            start.coefs, start.intercepts, description.activation, device
        )
        sample_weight, alpha = scaled_for_training(
            training.sample_weight,
            description.alpha,
            training_dtype(training.X.dtype, device.type),
            batch_rows=description.batch_size,
            learning_rate=description.learning_rate_init,
            weighed_by=description.weighed_by,
        )
        optimizer = _optimizer(network, start, description)
        # The rows on the network's device and in its dtype; a sparse X stays
        # on the host, and its batches are densified one at a time.
        dtype, X = network.dtype, training.X
        X = X.tocsr() if hasattr(X, "toarray") else to_tensor(X, dtype, device)
        rows = DeviceRows(
            X,
            to_tensor(training.Y, dtype, device),
            None if sample_weight is None else to_tensor(sample_weight, dtype, device),
            sample_weight,
        )
        epochs = EpochRunner(
            network, optimizer, rows, batch_size=description.batch_size, alpha=alpha
        )
        model = ModelNow(network, optimizer)
        score = None if scorer is None else partial(scorer, model)
        with thread_budget(network.multiply_adds(description.batch_size), device):
            loop = TrainingLoop(
                start.history,
                description,
                run_epoch=epochs.run,
                n_rows=epochs.n_rows,
                model=model,
                keeper=_keeper(network, start.history, description, score),
                hooks=hooks or NoHooks(),
                report=VerboseReport(description.early_stopping)
                if description.verbose
                else Silent(),
            )
            outcome = loop.run()
        return TrainingResult(*network.to_numpy(), optimizer.velocities(), outcome)


class NoHooks:
    """The hooks of a fit without callbacks: nothing to tell."""

    def epoch_begins(self, model):
        pass

    def epoch_ends(self, model):
        return False


def _optimizer(network, start, description):
    return MomentumSGD(
        network,
        start.velocities,
        start.history.learning_rate,
        schedule=description.learning_rate,
        learning_rate_init=description.learning_rate_init,
        power_t=description.power_t,
        momentum=description.momentum,
        nesterov=description.nesterovs_momentum,
    )


def _keeper(network, history, description, score):
    rule = description.stopping
    if description.early_stopping:
        return BestWeights(network, history, rule, score)
    return LastWeights(history, rule)
