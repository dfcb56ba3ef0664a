"""One fit, from checked data to the report the estimator reads.

The estimator checks the data, the target and the parameters
(``_classifier``) and hands over what kind of call it is (:class:`FitCall`)
and its data (:class:`FitData`). :func:`run_fit` then takes the data one way
down, each step in a module of its own:

1. the starting weights, drawn first (``_starting_point``);
2. the rows, weighed, with the validation rows checked or held out
   (``_rows``); then the history, seeded last;
3. the rows standardised where features are far from unit scale
   (``_input_scaling``);
4. the description of the fit (``_fit_description``), handed with the rows and
   the start to the training engine (``_engine.train``).

What comes back is weights; :class:`FittedAttributes` turns them into the
fitted attributes, the one place where that is done: at the end of the fit
and, mid-fit, for a callback's copy and a scorer's model.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.utils import check_random_state

from . import _engine, _targets
from ._callbacks import EpochHooks, has_callbacks
from ._early_stopping import Scorer
from ._fit_description import FitDescription, clipped_batch_size, layer_sizes
from ._input_scaling import standardise
from ._learning_checks import constant_prediction_loss
from ._rows import weighted_rows
from ._starting_point import starting_history, starting_weights
from ._state import VERSION_KEY, fitted_attributes
from ._version import __version__


@dataclass(frozen=True)
class FitCall:
    """What one call of ``fit`` or ``partial_fit`` is: its classes and kind of
    target, whether it is ``partial_fit``'s one epoch (``incremental``), and
    whether it starts from the fitted state (``continuing``: ``partial_fit``,
    or ``fit`` with ``warm_start``)."""

    classes: np.ndarray
    kind: str
    incremental: bool
    continuing: bool


@dataclass(frozen=True)
class FitData:
    """The data of one call, checked: ``validation`` is ``(X_val, y_val,
    sample_weight_val)`` as given to ``fit`` (Nones when absent)."""

    X: object
    y: np.ndarray
    sample_weight: object = None
    validation: tuple = (None, None, None)


@dataclass
class FitReport:
    """What a fit leaves, and what the estimator needs to warn about it.

    Attributes
    ----------
    attributes : dict
        The fitted attributes.
    outcome : Outcome
        How the training loop ended.
    notes : list of (category, message)
        Warnings of the setup, for the estimator to raise.
    constant_loss : float or None
        The training loss of always predicting the class frequencies; None
        where the targets of the rows that weigh anything do not vary.
    training : Rows
        The training rows as given, with their weights (class weights
        applied).
    scorer : Scorer or None
        The validation rows' scorer, with early stopping.
    """

    attributes: dict
    outcome: object
    notes: list
    constant_loss: float | None
    training: object
    scorer: object = None

    def weighed_rows(self):
        """``(X, y)`` of the training rows that weigh anything, as given."""
        training, weighed = self.training, _weighed(self.training)
        if weighed is None:
            return training.X, training.y
        return training.X[weighed], training.y[weighed]

    def constant_validation_loss(self):
        """The validation loss of always predicting the training rows' class
        frequencies, or None without early stopping or where the validation
        targets do not vary."""
        if self.scorer is None:
            return None
        training = self.training
        frequencies = np.average(training.Y, axis=0, weights=training.sample_weight)
        return self.scorer.constant_prediction_loss(frequencies)


def run_fit(estimator, call, data):
    """Fit ``estimator``'s network on ``data`` (the estimator itself is not
    changed); return the :class:`FitReport`."""
    random_state = check_random_state(estimator.random_state)
    weighed_by = _weighed_by(estimator, data.sample_weight)
    sizes = layer_sizes(
        estimator.hidden_layer_sizes,
        data.X.shape[1],
        _targets.n_outputs(call.classes, call.kind),
    )
    # Three draws from random_state, in MLPClassifier's order: the weights,
    # the validation split, the seed of the epochs' row orders.
    start = starting_weights(estimator, call, sizes, data.X.dtype, random_state)
    training, validation = weighted_rows(estimator, call, data, random_state)
    start.history = starting_history(estimator, call, random_state)
    kept = estimator._standardisation if start.weights_were_fitted else None
    rows = standardise(training, validation, fresh=not call.incremental, kept=kept)
    fitted = FittedAttributes(estimator, call, start.history, rows.scaling)
    fitted.unfold(start)
    constant_loss = _constant_loss(training.Y, training.sample_weight)
    description = FitDescription.of(
        estimator,
        n_rows=training.Y.shape[0],
        n_outputs=training.Y.shape[1],
        incremental=call.incremental,
        constant_loss=constant_loss,
        weighed_by=weighed_by,
    )
    scorer = None
    if estimator.early_stopping:
        scorer = Scorer(
            rows.validation,
            validation.X,
            estimator,
            classes=call.classes,
            kind=call.kind,
            model_from=fitted.model_from,
        )
    hooks = None
    if has_callbacks(estimator):
        hooks = EpochHooks(
            estimator, training.X, training.y, description.max_epochs, fitted.of
        )
    result = _engine.train(
        description, rows.training, start, scorer=scorer, hooks=hooks
    )
    weights = (result.coefs, result.intercepts, result.velocities)
    if hooks is not None:
        hooks.fit_ends(weights)
    return FitReport(
        attributes=fitted.of(weights, n_iter=result.outcome.n_iter),
        outcome=result.outcome,
        notes=_notes(estimator, training.Y.shape[0], rows.off_scale),
        constant_loss=constant_loss,
        training=training,
        scorer=scorer,
    )


class FittedAttributes:
    """Fitted attributes from weights as the network trains them.

    Parameters
    ----------
    estimator : SigmoidNetClassifier
        Whose parameters a model made from weights has; it is not changed.
    call : FitCall
    history : TrainingHistory
        The fit's history, as the loop updates it.
    scaling : InputScaling or None
        The standardisation the network trains on, folded into the first
        layer of the fitted attributes.
    """

    def __init__(self, estimator, call, history, scaling):
        self.estimator, self.call = estimator, call
        self.history, self.scaling = history, scaling

    def unfold(self, start):
        """Make the fitted weights and velocities that ``start`` continues
        from act on the standardised features, as the network trains."""
        if self.scaling is None or not start.weights_were_fitted:
            return
        start.coefs, start.intercepts = self.scaling.unfold(
            start.coefs, start.intercepts
        )
        if start.velocities is not None:
            start.velocities = self.scaling.unfold_velocities(start.velocities)

    def of(self, weights, n_iter=None):
        """The fitted attributes of a model with ``weights`` (coefs,
        intercepts and velocities as the network trains them).

        ``n_iter`` is left out in the middle of a fit.
        """
        coefs, intercepts, velocities = weights
        scaling = self.scaling
        if scaling is not None:
            # The state of record acts on the features as given.
            coefs, intercepts = scaling.fold(coefs, intercepts)
            velocities = scaling.fold_velocities(velocities)
        result = {
            "classes_": self.call.classes,
            "_target_kind": self.call.kind,
            "coefs_": coefs,
            "intercepts_": intercepts,
            "_velocities": velocities,
            "_standardisation": None
            if scaling is None
            else [scaling.mean.copy(), scaling.scale.copy()],
            VERSION_KEY: __version__,
        }
        if n_iter is not None:
            result["n_iter_"] = n_iter
        return fitted_attributes(self.history, result)

    def model_from(self, weights):
        """A new estimator that predicts with ``weights``.

        It has the estimator's parameter objects themselves, not clone's
        deep copies: a scorer may hold a lock or an open file, which cannot
        be copied, and prediction only reads the parameters.
        """
        estimator = self.estimator
        model = type(estimator)(**estimator.get_params(deep=False))
        model.n_features_in_ = estimator.n_features_in_
        vars(model).update(self.of(weights))
        return model


def _weighed_by(estimator, sample_weight):
    """The parameters the rows' weights come from, for errors about their size."""
    given = (("sample_weight", sample_weight), ("class_weight", estimator.class_weight))
    return tuple(name for name, value in given if value is not None)


def _weighed(rows):
    """Which of ``rows`` weigh anything (None: all of them): rows of weight
    zero teach nothing, and the checks of what a fit learned leave them out."""
    return None if rows.sample_weight is None else rows.sample_weight > 0


def _constant_loss(Y, weight):
    """The training loss of always predicting the class frequencies of ``Y``,
    or None where the targets of the rows that weigh anything do not vary:
    then there is nothing to learn."""
    if weight is not None:
        weighed = weight > 0
        Y, weight = Y[weighed], weight[weighed]
    if not len(Y) or not np.ptp(Y, axis=0).any():
        return None
    return constant_prediction_loss(Y, weight)


def _notes(estimator, n_rows, off_scale):
    """The warnings of the setup: ``partial_fit`` on features far from unit
    scale (their largest root mean square ``off_scale``), and a batch size
    clipped to the ``n_rows`` training rows."""
    notes = []
    if off_scale is not None:
        notes.append(
            (
                UserWarning,
                "partial_fit trains on the features as given, and some are far "
                f"from unit scale (root mean square {off_scale:.3g}): a "
                "sigmoid network barely learns from them. Standardise them "
                "first, for example with a StandardScaler fitted on a sample of "
                "the data.",
            )
        )
    clipped = clipped_batch_size(estimator.batch_size, n_rows)
    if clipped is not None:
        notes.append((UserWarning, clipped))
    return notes
