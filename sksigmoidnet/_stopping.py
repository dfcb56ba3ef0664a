"""The stopping rule: when an epoch counts as progress, and when to stop.

With an int ``n_iter_no_change`` it is ``MLPClassifier``'s rule exactly: an
epoch whose training loss is not below the best loss minus ``tol`` (or whose
validation score is not above the best score plus ``tol``) counts as one
without improvement, and training stops when more than ``n_iter_no_change``
such epochs follow each other. A change of exactly ``tol`` is progress.

With ``n_iter_no_change="auto"``, ``tol`` applies to the training loss per
output unit, and the patience depends on how much the network has learned. A
sigmoid network starts on a plateau, and on problems that need a hidden layer
it can sit on further ones for some hundreds of SGD steps, where its loss
falls too slowly to be told from convergence by ten epochs of a few steps
each. While its training loss is above ``PLATEAU_SHARE`` of a constant
prediction's (it has learned little yet), the patience is
``max(10 epochs, PLATEAU_PATIENCE_SAMPLES)``; below, ``MLPClassifier``'s 10
epochs; and no stop before the network has seen 20,000 samples (``t_``),
which is a few SGD steps of ten epochs on a small data set. A fit that
reaches ``max_iter`` after a stall that only the wait kept going counts as
converged. The tuning guide shows the measurements behind the numbers.

Early stopping keeps the weights of the best-scored epoch; which epoch that
is (:func:`improves`, :func:`kept_epoch`) is written here too, beside the rule
that reads the same scores.
"""

import math
from dataclasses import dataclass

import numpy as np

# n_iter_no_change="auto": MLPClassifier's 10 epochs, or while the network is
# on a plateau, as many as it takes to see this many samples if that is more.
AUTO_PATIENCE_EPOCHS = 10
PLATEAU_PATIENCE_SAMPLES = 200_000
# A training loss above this share of a constant prediction's is taken for a
# plateau: the network has learned little from the features yet.
PLATEAU_SHARE = 0.3
# No stop before the network has seen this many samples: ten epochs of a small
# data set are a few SGD steps.
AUTO_SAMPLES_BEFORE_STOPPING = 20_000


@dataclass(frozen=True)
class StoppingRule:
    """When training stops, over one call of ``fit`` or ``partial_fit``.

    The records it reads and updates (the no-improvement count, the best loss
    or validation score, the loss curve) are the training history's, so that
    they carry over from one call to the next.

    Parameters
    ----------
    tol : float
        The progress an epoch must make, on the validation score or on the
        training loss per output unit.
    n_outputs : int
        What ``tol`` is multiplied by to apply to the whole training loss: the
        number of output units (``"auto"``), or 1 (``MLPClassifier``'s rule,
        and early stopping).
    patience : int or float
        Training stops once more than this many epochs in a row made no
        progress (``np.inf``: never).
    plateau_patience : int or float
        The patience while the last training loss is above ``plateau_loss``.
    plateau_loss : float, default=inf
        The training loss above which the network is taken to be on a plateau.
    samples_before_stopping : int, default=0
        No stop before the training history has seen this many samples
        (``t_``, over all calls).
    early_stopping : bool, default=False
        Whether progress is measured on the validation score (higher is
        better) instead of the training loss (lower is better).

    Examples
    --------
    >>> rule = StoppingRule.for_fit("auto", 1e-3, n_outputs=2, n_rows=1_000,
    ...                             constant_loss=1.0)
    >>> rule.threshold, rule.patience, rule.plateau_patience, rule.plateau_loss
    (0.002, 10, 200, 0.3)
    """

    tol: float
    n_outputs: int
    patience: float
    plateau_patience: float
    plateau_loss: float = math.inf
    samples_before_stopping: int = 0
    early_stopping: bool = False

    @classmethod
    def for_fit(
        cls, n_iter_no_change, tol, *, n_outputs, n_rows, constant_loss,
        early_stopping=False,
    ):  # fmt: skip
        """The rule for the estimator's parameters and the rows of one call.

        Parameters
        ----------
        n_iter_no_change : int, np.inf or "auto"
        tol : float
        n_outputs : int
            The training loss is a sum of this many cross-entropies.
        n_rows : int
            Training rows of the call: an epoch sees this many samples.
        constant_loss : float or None
            The training loss of always predicting the class frequencies;
            None where the targets do not vary (no plateau to cross).
        early_stopping : bool, default=False

        Returns
        -------
        rule : StoppingRule
        """
        if n_iter_no_change != "auto":
            return cls(
                tol,
                n_outputs=1,
                patience=n_iter_no_change,
                plateau_patience=n_iter_no_change,
                early_stopping=early_stopping,
            )
        plateau_patience = max(
            AUTO_PATIENCE_EPOCHS, math.ceil(PLATEAU_PATIENCE_SAMPLES / n_rows)
        )
        plateau_loss = (
            math.inf if constant_loss is None else PLATEAU_SHARE * constant_loss
        )
        return cls(
            tol,
            n_outputs=1 if early_stopping else n_outputs,
            patience=AUTO_PATIENCE_EPOCHS,
            plateau_patience=plateau_patience,
            plateau_loss=plateau_loss,
            samples_before_stopping=AUTO_SAMPLES_BEFORE_STOPPING,
            early_stopping=early_stopping,
        )

    @property
    def threshold(self):
        """The progress an epoch must make on the measure itself."""
        return self.tol * self.n_outputs

    def makes_progress(self, value, best):
        """Whether an epoch's loss (or validation score) ``value`` is progress
        over the ``best`` before it: by ``tol`` at least."""
        if self.early_stopping:
            return value >= best + self.threshold
        return value <= best - self.threshold

    def record(self, history, value):
        """Count an epoch's loss, or validation score, in ``history``.

        Updates its no-improvement count and, for the training loss, its best
        loss; the best validation score is the caller's, which keeps the
        weights that go with it.
        """
        if self.early_stopping:
            best = history.best_validation_score
        else:
            best = history.best_loss
        if self.makes_progress(value, best):
            history.no_improvement_count = 0
        else:
            history.no_improvement_count += 1
        if not self.early_stopping:
            history.best_loss = min(history.best_loss, value)

    def current_patience(self, history):
        """The patience that applies after the last epoch of ``history``."""
        on_plateau = history.loss_curve and history.loss_curve[-1] > self.plateau_loss
        return self.plateau_patience if on_plateau else self.patience

    def converged(self, history):
        """Whether the epochs without progress have run out the patience: a
        fit that ends now, at ``max_iter``, had converged."""
        return history.no_improvement_count > self.current_patience(history)

    def should_stop(self, history):
        """Whether training stops: converged, once enough samples have been
        seen."""
        return self.converged(history) and history.t >= self.samples_before_stopping

    def describe(self, history):
        """Why the rule stopped training, in a sentence."""
        measure = "Validation score" if self.early_stopping else "Training loss"
        per_output = " per output unit" if self.n_outputs > 1 else ""
        return (
            f"{measure} did not improve more than tol={self.tol}{per_output} for "
            f"{self.current_patience(history)} consecutive epochs."
        )


def improves(score, best):
    """Whether an epoch's validation score beats the best before it, so that
    early stopping keeps that epoch's weights: strictly, so that of equal
    scores the first epoch is kept; NaN (an epoch not scored) never does."""
    return score > best


def kept_epoch(validation_scores):
    """The epoch (counted from 1) whose weights early stopping kept, or None.

    The rule of :func:`improves`, replayed over ``validation_scores_``. None
    without early stopping (``validation_scores`` None: the model holds the
    last epoch's weights) and when no epoch was scored. Exact when every fit
    scored the same validation rows with the same ``scoring``: a warm-started
    fit scores the weights it starts from again, which the records do not hold.
    """
    if validation_scores is None:
        return None
    kept, best = None, -np.inf
    for epoch, score in enumerate(validation_scores, start=1):
        if improves(score, best):
            kept, best = epoch, score
    return kept
