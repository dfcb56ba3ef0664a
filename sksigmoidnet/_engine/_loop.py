"""The training loop: epochs until the stopping rule, ``max_iter``, a
callback or an interruption ends them.

The loop runs epochs (``_epoch``) and hands each one's loss to the keeper of
the weights (``_kept_weights``), which records it in the stopping rule
(``_stopping``) and, with early stopping, scores the network and keeps the
best weights. Callbacks' hooks (``_callbacks``) and the verbose report
(``_verbose``) are objects that do nothing when absent. How training ended is
classified once the loop is over.

Its rules (the stopping rules, the loss recorded, and the optimizer's step and
schedules) are ``MLPClassifier``'s, and so is the order of the rows when they
are not shuffled: then the two move the same weights the same way. Shuffled
epochs are ordered by a torch generator rather than by NumPy's, so with
``shuffle=True`` the trajectories differ from ``MLPClassifier``'s although
they follow the same rules.
"""

from dataclasses import dataclass

import numpy as np

from .._exceptions import TrainingDivergedError


@dataclass
class Outcome:
    """What one call of :meth:`TrainingLoop.run` did."""

    n_iter: int = 0
    stop_reason: str | None = None
    interrupted: bool = False
    reached_max_epochs: bool = False


class TrainingLoop:
    """Epochs of one ``fit`` or ``partial_fit``.

    The loop knows nothing of the rows: it runs epochs, counts them, and asks
    the stopping rule, the keeper of the weights, the hooks and the report.

    Parameters
    ----------
    history : TrainingHistory
        Updated in place: samples seen, loss curve, stopping records.
    description : FitDescription
        ``max_epochs``, ``shuffle``, ``incremental`` and the stopping rule.
    run_epoch : callable
        ``run_epoch(shuffle_seed) -> loss``: one epoch of SGD steps, and its
        mean training loss.
    n_rows : int
        The samples an epoch sees.
    model : ModelNow
        The network and optimizer as they stand, which the hooks may read.
    keeper : LastWeights or BestWeights
    hooks : EpochHooks or NoHooks
        ``epoch_begins(model)`` and ``epoch_ends(model) -> bool`` (True stops
        training).
    report : VerboseReport or Silent
    """

    def __init__(
        self, history, description, *, run_epoch, n_rows, model, keeper, hooks,
        report,
    ):  # fmt: skip
        self.history, self.description = history, description
        self.rule = description.stopping
        self.run_epoch, self.n_rows, self.model = run_epoch, n_rows, model
        self.keeper, self.hooks, self.report = keeper, hooks, report

    def run(self):
        """Run the epochs; return the :class:`Outcome`.

        Raises
        ------
        TrainingDivergedError
            When the loss or weights stop being finite. The network is then in
            an unusable state; the caller keeps its previous weights.
        """
        outcome, max_epochs = Outcome(), self.description.max_epochs
        try:
            while not outcome.stop_reason and outcome.n_iter < max_epochs:
                self._epoch(outcome)
        except KeyboardInterrupt:
            self.keeper.interrupted()
            outcome.interrupted = True
            outcome.stop_reason = (
                f"Training interrupted by the user after {outcome.n_iter} epochs."
            )
        if not self.model.network.all_finite():
            raise self._diverged(outcome.n_iter)
        self.keeper.restore()
        # partial_fit's one epoch ends without a verdict on convergence.
        if not (outcome.stop_reason or self.description.incremental):
            self._classify_end(outcome)
        self.report.stopped(outcome.stop_reason)
        return outcome

    def _epoch(self, outcome):
        """Run one epoch and record it; set ``outcome.stop_reason`` to stop."""
        history, optimizer = self.history, self.model.optimizer
        self.hooks.epoch_begins(self.model)
        # Seeded by the epoch's number: N calls of partial_fit see the
        # orders of one fit over N epochs.
        shuffle_seed = history.epoch_seed() if self.description.shuffle else None
        loss = self.run_epoch(shuffle_seed)
        if not np.isfinite(loss):
            raise self._diverged(outcome.n_iter + 1)
        outcome.n_iter += 1
        history.t += self.n_rows
        history.loss_curve.append(loss)
        self.keeper.record(loss)
        self.report.epoch(history, outcome.n_iter)
        optimizer.epoch_ends(history.t)
        if self.rule.should_stop(history):
            message = self.rule.describe(history)
            if optimizer.should_stop():
                outcome.stop_reason = message
            else:
                history.no_improvement_count = 0
                self.report.learning_rate_lowered(message, optimizer.learning_rate)
        history.learning_rate = optimizer.learning_rate
        if self.hooks.epoch_ends(self.model) and not outcome.stop_reason:
            outcome.stop_reason = "A callback asked to stop."

    def _classify_end(self, outcome):
        """Why ``fit`` ended after its last epoch, the rule not having stopped it."""
        if self.rule.converged(self.history):
            # Stalled before the samples a stop waits for: as converged as a
            # stop would have been.
            outcome.stop_reason = self.rule.describe(self.history)
        else:
            outcome.reached_max_epochs = True
            outcome.stop_reason = (
                f"Reached max_iter={self.description.max_epochs} epochs before the "
                "stopping criterion was met."
            )

    def _diverged(self, epoch):
        return TrainingDivergedError(
            f"Training diverged at epoch {epoch}: the loss or the weights became "
            "infinite or NaN. Use a smaller learning_rate_init (the learning rate "
            f"was {self.model.optimizer.learning_rate:g}) or, if alpha is large, a "
            "smaller alpha (a strong L2 penalty makes each step overshoot too), or "
            "scale the input, for example with sklearn.preprocessing.StandardScaler."
        )
