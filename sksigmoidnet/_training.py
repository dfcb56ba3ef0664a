"""The training loop: epochs and the rules that stop them.

It sits between the estimator, which validates data and keeps the fitted
state, and the torch side: the batches and steps of one epoch in ``_epochs``,
the network in ``_network``, the optimizer and its learning-rate schedule in
``_sgd``; it imports no torch itself. Its rules (the stopping rules, the loss
recorded, and the optimizer's step and schedules) are
``MLPClassifier``'s, and so is the order of the rows when they are not
shuffled: then the two move the same weights the same way. Shuffled epochs are
ordered by a torch generator rather than by NumPy's, so with ``shuffle=True``
the trajectories differ from ``MLPClassifier``'s although they follow the same
rules.
"""

import time
from dataclasses import dataclass

import numpy as np

from ._state import TrainingHistory, improves
from ._stopping import StoppingRule
from ._threads import thread_budget


class TrainingDivergedError(ValueError):
    """Raised when training diverges: the loss or the weights became infinite or NaN.

    A subclass of :class:`ValueError`. The model keeps the state it had before
    the fit that diverged. The message gives the learning rate and what to do:
    lower ``learning_rate_init`` or a large ``alpha``, or scale the input.

    Parameters
    ----------
    *args, **kwargs
        The message, as for any exception (:class:`ValueError`'s).

    Examples
    --------
    >>> import numpy as np
    >>> from sksigmoidnet import SigmoidNetClassifier, TrainingDivergedError
    >>> X, y = np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([0, 0, 1, 1])
    >>> model = SigmoidNetClassifier(learning_rate_init=1e300, random_state=0)
    >>> try:
    ...     model.fit(X, y)
    ... except TrainingDivergedError as error:
    ...     print(str(error).split(":")[0])
    Training diverged at epoch 2
    """


@dataclass(frozen=True)
class Settings:
    """What the training loop needs from the estimator's parameters."""

    alpha: float
    batch_size: int
    stopping: StoppingRule
    max_epochs: int
    shuffle: bool
    incremental: bool
    verbose: bool


class Progress(TrainingHistory):
    """The training history (see ``_state``) as the loop updates it."""

    def prepare_stopping_rule(self, early_stopping):
        """Set up the records this fit's stopping rule reads.

        Early stopping tracks validation scores, otherwise the best loss.
        ``early_stopping`` may have been switched since the last fit: switched
        on, the epochs before have NaN for their validation score and loss (no
        rows were held out), so that every curve keeps one entry per epoch;
        switched off, the validation records describe no stopping rule and
        weights no longer kept, and are dropped.
        """
        if early_stopping:
            self.best_loss = None
            if self.validation_scores is None:
                self.validation_scores = [np.nan] * len(self.loss_curve)
                self.validation_loss_curve = [np.nan] * len(self.loss_curve)
                self.best_validation_score = -np.inf
        else:
            self.validation_scores = self.validation_loss_curve = None
            self.best_validation_score = None
            if self.best_loss is None:
                self.best_loss = np.inf


@dataclass
class Outcome:
    """What one call of :func:`train` did."""

    n_iter: int = 0
    stop_reason: str | None = None
    interrupted: bool = False
    reached_max_epochs: bool = False


def _record_epoch(progress, settings, validation_score, network):
    """Count the epoch in the stopping rule; return whether it was the best."""
    stopping = settings.stopping
    if not stopping.early_stopping:
        stopping.record(progress, progress.loss_curve[-1])
        return False
    score, loss = validation_score(network)
    progress.validation_scores.append(score)
    progress.validation_loss_curve.append(loss)
    stopping.record(progress, score)
    is_best = improves(score, progress.best_validation_score)
    if is_best:
        progress.best_validation_score = score
    return is_best


def constant_prediction_loss(Y, sample_weight):
    """The training loss of a network that ignores its input.

    Its best outputs are the (weighted) frequencies of each output's 1s, and
    its loss the sum of their binary entropies: a fit whose loss ends no lower
    has learned nothing from the features.

    Examples
    --------
    >>> import numpy as np
    >>> round(constant_prediction_loss(np.array([[0.0], [1.0]]), None), 4)
    0.6931
    """
    frequencies = np.average(Y, axis=0, weights=sample_weight)
    p = np.clip(frequencies, 1e-12, 1 - 1e-12)
    return float(-np.sum(p * np.log(p) + (1 - p) * np.log1p(-p)))


def _diverged(epoch, learning_rate):
    return TrainingDivergedError(
        f"Training diverged at epoch {epoch}: the loss or the weights became "
        f"infinite or NaN. Use a smaller learning_rate_init (the learning rate was "
        f"{learning_rate:g}) or, if alpha is large, a smaller alpha (a strong L2 "
        "penalty makes each step overshoot too), or scale the input, for example "
        "with sklearn.preprocessing.StandardScaler."
    )


def train(
    network,
    optimizer,
    data,
    progress,
    settings,
    validation_score=None,
    epoch_hooks=None,
):
    """Run epochs until ``max_epochs``, a stall, or an interruption.

    Parameters
    ----------
    network : TrainableNetwork
    optimizer : MomentumSGD
    data : TrainingData
        Runs each epoch's steps (``_epochs``).
    progress : Progress
        Updated in place.
    settings : Settings
    validation_score : callable, optional
        ``validation_score(network) -> (score, loss)`` on held-out rows,
        required with early stopping. The weights of the best epoch are kept;
        when ``progress`` carries a best score from an earlier fit, the
        weights the fit started from count as that score's.
    epoch_hooks : object, optional
        With methods ``begin()`` and ``end() -> bool``; ``end`` returning True
        stops training.

    Returns
    -------
    outcome : Outcome

    Raises
    ------
    TrainingDivergedError
        When the loss or weights stop being finite. ``network`` is then in an
        unusable state; the caller keeps its previous weights.
    """
    with thread_budget(network.multiply_adds(settings.batch_size), data.device):
        return _train(
            network, optimizer, data, progress, settings, validation_score, epoch_hooks
        )


def _train(network, optimizer, data, progress, settings, validation_score, epoch_hooks):
    outcome = Outcome()
    best_parameters = None
    if settings.stopping.early_stopping and progress.best_validation_score > -np.inf:
        # Warm-started from the best weights of an earlier fit: kept unless
        # an epoch of this fit beats them. They are scored again, on this
        # fit's validation rows with this fit's scoring: the rows, or the
        # scoring, may have changed since.
        progress.best_validation_score = validation_score(network)[0]
        best_parameters = network.parameters.clone()
    # The score of the weights kept, and the epochs before this fit.
    kept_score, first_epoch = progress.best_validation_score, len(progress.loss_curve)
    started = time.perf_counter()
    try:
        for _ in range(settings.max_epochs):
            if epoch_hooks is not None:
                epoch_hooks.begin()
            # Seeded by the epoch's number: N calls of partial_fit see the
            # orders of one fit over N epochs.
            shuffle_seed = progress.epoch_seed() if settings.shuffle else None
            loss = data.run_epoch(
                network, optimizer, shuffle_seed, settings.batch_size, settings.alpha
            )
            if not np.isfinite(loss):
                raise _diverged(outcome.n_iter + 1, optimizer.learning_rate)
            progress.epochs_seen += 1
            outcome.n_iter += 1
            progress.t += data.n_rows
            progress.loss_curve.append(loss)
            if _record_epoch(progress, settings, validation_score, network):
                best_parameters = network.parameters.clone()
                kept_score = progress.best_validation_score
            if settings.verbose:
                _report_epoch(progress, outcome, settings, started)
            optimizer.epoch_ends(progress.t)
            if settings.stopping.should_stop(progress):
                message = settings.stopping.describe(progress)
                if optimizer.should_stop():
                    outcome.stop_reason = message
                else:
                    progress.no_improvement_count = 0
                    if settings.verbose:
                        print(
                            f"{message} Setting learning rate to "
                            f"{optimizer.learning_rate:g}."
                        )
            progress.learning_rate = optimizer.learning_rate
            if (
                epoch_hooks is not None
                and epoch_hooks.end()
                and not outcome.stop_reason
            ):
                outcome.stop_reason = "A callback asked to stop."
            if outcome.stop_reason:
                break
            if settings.incremental:
                break
        else:  # partial_fit's one epoch always breaks out of the loop
            if settings.stopping.converged(progress):
                # Stalled before the samples a stop waits for: as converged
                # as a stop would have been.
                outcome.stop_reason = settings.stopping.describe(progress)
            else:
                outcome.reached_max_epochs = True
                outcome.stop_reason = (
                    f"Reached max_iter={settings.max_epochs} epochs before the "
                    "stopping criterion was met."
                )
    except KeyboardInterrupt:
        if settings.stopping.early_stopping and _best_left_in_network(
            progress, kept_score, first_epoch
        ):
            best_parameters = None
        outcome.interrupted = True
        outcome.stop_reason = (
            f"Training interrupted by the user after {outcome.n_iter} epochs."
        )
    if not network.all_finite():
        raise _diverged(outcome.n_iter, optimizer.learning_rate)
    if best_parameters is not None:
        network.parameters.copy_(best_parameters)
    if settings.verbose and outcome.stop_reason:
        print(f"{outcome.stop_reason} Stopping.")
    return outcome


def _best_left_in_network(progress, kept_score, first_epoch):
    """Complete the validation records of a fit with early stopping that was
    interrupted, and return whether the network itself holds the best weights.

    An interrupt that lands while an epoch is scored leaves that epoch
    trained but unscored: NaN. One that lands between the scoring of a new
    best epoch and the copy of its weights (as torch's copy returns, which is
    where an interrupt sent from another thread usually lands) leaves the
    best score recorded, or about to be, and the copy lost: the network still
    holds those weights, as no step has run since.
    """
    for record in (progress.validation_scores, progress.validation_loss_curve):
        record.extend([np.nan] * (len(progress.loss_curve) - len(record)))
    scores = progress.validation_scores[first_epoch:]
    if scores and improves(scores[-1], progress.best_validation_score):
        progress.best_validation_score = scores[-1]
    return progress.best_validation_score != kept_score


def _report_epoch(progress, outcome, settings, started):
    line = f"Iteration {outcome.n_iter}, loss = {progress.loss_curve[-1]:.8f}"
    if settings.stopping.early_stopping:
        line += f", validation score = {progress.validation_scores[-1]:.6f}"
    print(f"{line}, elapsed = {time.perf_counter() - started:.2f} s")
