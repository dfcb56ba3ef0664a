"""Which weights a fit ends with: the last epoch's, or with early stopping the
best-scored epoch's.

Each epoch's loss goes to the keeper, which counts it in the stopping rule:
the training loss itself, or with early stopping the validation score of the
network as the epoch left it.
"""

import numpy as np

from .._stopping import improves


class LastWeights:
    """Without early stopping: the stopping rule reads the training loss, and
    the fit ends with the last epoch's weights.

    Parameters
    ----------
    history : TrainingHistory
    rule : StoppingRule
    """

    def __init__(self, history, rule):
        self.history, self.rule = history, rule

    def record(self, loss):
        """Count an epoch's training loss in the stopping rule."""
        self.rule.record(self.history, loss)

    def interrupted(self):
        """Nothing to complete: the network holds the weights the fit keeps."""

    def restore(self):
        """Nothing to restore: the network holds the last epoch's weights."""


class BestWeights:
    """With early stopping: scores the network after each epoch and keeps a
    copy of the weights of the best score, which the fit ends with.

    When ``history`` carries a best score from an earlier fit (``warm_start``
    from the best weights of a fit with early stopping), the weights the fit
    starts from are kept unless an epoch beats them. They are scored again, on
    this fit's validation rows with this fit's scoring: the rows, or the
    scoring, may have changed since.

    Parameters
    ----------
    network : TrainableNetwork
    history : TrainingHistory
    rule : StoppingRule
    score : callable
        ``score() -> (score, loss)`` of the network as it stands, on the
        validation rows.
    """

    def __init__(self, network, history, rule, score):
        self.network, self.history, self.rule = network, history, rule
        self.score = score
        self.kept = None
        if history.best_validation_score > -np.inf:
            history.best_validation_score = score()[0]
            self.kept = network.parameters.clone()
        # The score of the weights kept, and the epochs before this fit.
        self.kept_score = history.best_validation_score
        self.first_epoch = len(history.loss_curve)

    def record(self, loss):
        """Score the epoch, count the score in the stopping rule, and keep the
        weights when it is the best yet."""
        history = self.history
        score, validation_loss = self.score()
        history.validation_scores.append(score)
        history.validation_loss_curve.append(validation_loss)
        self.rule.record(history, score)
        if improves(score, history.best_validation_score):
            history.best_validation_score = score
            self.kept = self.network.parameters.clone()
            self.kept_score = score

    def interrupted(self):
        """Complete the validation records after an interruption, and forget
        the copy when the network itself holds the best weights.

        An interrupt that lands while an epoch is scored leaves that epoch
        trained but unscored: NaN. One that lands between the scoring of a
        new best epoch and the copy of its weights (as torch's copy returns,
        which is where an interrupt sent from another thread usually lands)
        leaves the best score recorded, or about to be, and the copy lost: the
        network still holds those weights, as no step has run since.
        """
        history = self.history
        for record in (history.validation_scores, history.validation_loss_curve):
            record.extend([np.nan] * (len(history.loss_curve) - len(record)))
        scores = history.validation_scores[self.first_epoch :]
        if scores and improves(scores[-1], history.best_validation_score):
            history.best_validation_score = scores[-1]
        if history.best_validation_score != self.kept_score:
            self.kept = None

    def restore(self):
        """Put the kept weights back into the network."""
        if self.kept is not None:
            self.network.parameters.copy_(self.kept)
