"""One fit, from checked data to the report the estimator reads.

The estimator checks the data, the target and the parameters
(``_classifier``) and hands them over as a :class:`FitCall`; then
:func:`run_fit`

1. weighs the rows and checks the validation rows (``_rows``);
2. draws the starting point and holds out the validation rows, in
   ``MLPClassifier``'s order (``_starting_point``);
3. standardises features far from unit scale (``_input_scaling``);
4. describes the fit (``_fit_description``) and hands the description, the
   rows and the start to the training engine (``_engine``);
5. turns the trained weights into the fitted attributes, the standardisation
   folded back, and returns them in a :class:`FitReport` with what the
   estimator warns about.

:meth:`FitRun.attributes` is the one place where weights become fitted
attributes: at the end of the fit and, mid-fit, for a callback's copy and a
scorer's model.
"""

from dataclasses import dataclass, field, replace

import numpy as np

from . import _engine
from ._callbacks import EpochHooks, has_callbacks
from ._early_stopping import Scorer
from ._fit_description import FitDescription, clipped_batch_size, layer_sizes
from ._input_scaling import OFF_SCALE, InputScaling, largest_feature_scale
from ._learning_checks import constant_prediction_loss
from ._rows import weighted_rows
from ._starting_point import starting_point
from ._state import VERSION_KEY, fitted_attributes
from ._version import __version__


@dataclass(frozen=True)
class FitCall:
    """What one call of ``fit`` or ``partial_fit`` was given, checked.

    ``validation`` is ``(X_val, y_val, sample_weight_val)`` as given to
    ``fit`` (Nones when absent); ``continuing`` says whether the fit starts
    from the fitted state (``partial_fit``, or ``fit`` with ``warm_start``).
    """

    X: object
    y: np.ndarray
    sample_weight: object
    validation: tuple
    classes: np.ndarray
    kind: str
    incremental: bool
    continuing: bool


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
    constant_validation_loss : float or None
        The same prediction's validation loss with early stopping, else None.
    weighed_rows : tuple
        ``(X, y)`` of the training rows that weigh anything, as given.
    """

    attributes: dict
    outcome: object
    notes: list = field(default_factory=list)
    constant_loss: float | None = None
    constant_validation_loss: float | None = None
    weighed_rows: tuple = ()


def run_fit(estimator, call):
    """Fit ``estimator``'s network on ``call``'s data (the estimator itself is
    not changed); return the :class:`FitReport`."""
    training, validation = weighted_rows(estimator, call)
    sizes = layer_sizes(
        estimator.hidden_layer_sizes, call.X.shape[1], training.Y.shape[1]
    )
    start = starting_point(estimator, call, sizes, training, validation)
    return FitRun(estimator, call, start).run()


class FitRun:
    """One fit's setup around the engine, and what it makes of the result.

    Parameters
    ----------
    estimator : SigmoidNetClassifier
        Whose parameters the fit follows; it is not changed here.
    call : FitCall
    start : Start
        As drawn, on the rows as given.
    """

    def __init__(self, estimator, call, start):
        self.estimator, self.call = estimator, call
        self.history = start.history
        self.notes = []
        # Callbacks, scorers and the learning checks see the rows as given.
        self.training_as_given = start.training
        self.scaling = self._input_scaling(start)
        self.start = self._standardised(start)
        weight = start.training.sample_weight
        # Rows of weight zero teach nothing: the checks of what the fit
        # learned leave them out (None: every row weighs).
        self.weighed = None if weight is None else weight > 0
        self.constant_loss = self._constant_loss()
        weighed_by = tuple(
            name
            for name, given in (
                ("sample_weight", call.sample_weight),
                ("class_weight", estimator.class_weight),
            )
            if given is not None
        )
        self.description = FitDescription.of(
            estimator,
            start.training,
            incremental=call.incremental,
            constant_loss=self.constant_loss,
            weighed_by=weighed_by,
        )
        note = clipped_batch_size(estimator.batch_size, start.training.X.shape[0])
        if note is not None:
            self.notes.append((UserWarning, note))
        self.scorer = self._scorer(start.validation)

    def run(self):
        """Train; return the :class:`FitReport`."""
        hooks = None
        if has_callbacks(self.estimator):
            hooks = EpochHooks(
                self.estimator,
                self.training_as_given.X,
                self.training_as_given.y,
                self.description.max_epochs,
                self.attributes,
            )
        result = _engine.train(
            self.description, self.start.training, self.start, scorer=self.scorer,
            hooks=hooks,
        )  # fmt: skip
        weights = (result.coefs, result.intercepts, result.velocities)
        if hooks is not None:
            hooks.fit_ends(weights)
        return FitReport(
            attributes=self.attributes(weights, n_iter=result.outcome.n_iter),
            outcome=result.outcome,
            notes=self.notes,
            constant_loss=self.constant_loss,
            constant_validation_loss=self._constant_validation_loss(),
            weighed_rows=self._weighed_rows(),
        )

    def attributes(self, weights, n_iter=None):
        """The fitted attributes of a model with ``weights`` (coefs,
        intercepts and velocities as the network trains them).

        ``n_iter`` is left out in the middle of a fit.
        """
        coefs, intercepts, velocities = weights
        if self.scaling is not None:
            # The state of record acts on the features as given.
            coefs, intercepts = self.scaling.fold(coefs, intercepts)
            velocities = self.scaling.fold_velocities(velocities)
        result = {
            "classes_": self.call.classes,
            "_target_kind": self.call.kind,
            "coefs_": coefs,
            "intercepts_": intercepts,
            "_velocities": velocities,
            "_standardisation": None
            if self.scaling is None
            else [self.scaling.mean.copy(), self.scaling.scale.copy()],
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
        vars(model).update(self.attributes(weights))
        return model

    def _input_scaling(self, start):
        """The standardisation this fit trains on (see ``_input_scaling``),
        or None.

        ``fit`` standardises features far from unit scale. ``partial_fit``
        continues on the standardisation of the fit before, whose fold into
        ``coefs_`` it undoes for its epoch and redoes after: trained on the
        features as given, those weights would take SGD steps scaled by the
        features' squares. Without one (a first call, or after a fit on
        features near unit scale) it trains on the features as given, with
        a note when they are far from unit scale.
        """
        training = start.training
        if not self.call.incremental:
            return InputScaling.for_training(training.X, training.sample_weight)
        if start.weights_were_fitted and self.estimator._standardisation is not None:
            return InputScaling(*self.estimator._standardisation)
        largest_scale = largest_feature_scale(training.X)
        if largest_scale > OFF_SCALE:
            self.notes.append((UserWarning, _off_scale_note(largest_scale)))
        return None

    def _standardised(self, start):
        """``start`` with its rows and weights as the network trains on them:
        standardised features, and the fitted weights acting on them."""
        if self.scaling is None:
            return start
        scaling = self.scaling
        training = replace(start.training, X=scaling.transform(start.training.X))
        coefs, intercepts = start.coefs, start.intercepts
        if start.weights_were_fitted:
            coefs, intercepts = scaling.unfold(coefs, intercepts)
        velocities = start.velocities
        if velocities is not None:
            velocities = scaling.unfold_velocities(velocities)
        return replace(
            start,
            training=training,
            coefs=coefs,
            intercepts=intercepts,
            velocities=velocities,
        )

    def _scorer(self, validation):
        """The scorer of the validation rows with early stopping, else None."""
        if not self.estimator.early_stopping:
            return None
        scaled = validation
        if self.scaling is not None:
            scaled = replace(validation, X=self.scaling.transform(validation.X))
        return Scorer(
            scaled,
            validation.X,
            self.estimator,
            classes=self.call.classes,
            kind=self.call.kind,
            model_from=self.model_from,
        )

    def _constant_loss(self):
        """The training loss of always predicting the class frequencies, or
        None where the targets of the rows that weigh anything do not vary:
        then there is nothing to learn."""
        Y, weight = self.start.training.Y, self.start.training.sample_weight
        if self.weighed is not None:
            Y, weight = Y[self.weighed], weight[self.weighed]
        if not len(Y) or not np.ptp(Y, axis=0).any():
            return None
        return constant_prediction_loss(Y, weight)

    def _constant_validation_loss(self):
        """The validation loss of always predicting the training rows' class
        frequencies, or None without early stopping or where the validation
        targets do not vary."""
        if self.scorer is None:
            return None
        training = self.start.training
        frequencies = np.average(training.Y, axis=0, weights=training.sample_weight)
        return self.scorer.constant_prediction_loss(frequencies)

    def _weighed_rows(self):
        """The training rows that weigh anything, as given: ``(X, y)``."""
        X, y = self.training_as_given.X, self.training_as_given.y
        if self.weighed is None:
            return X, y
        return X[self.weighed], y[self.weighed]


def _off_scale_note(largest_scale):
    return (
        "partial_fit trains on the features as given, and some are far "
        f"from unit scale (root mean square {largest_scale:.3g}): a "
        "sigmoid network barely learns from them. Standardise them "
        "first, for example with a StandardScaler fitted on a sample of "
        "the data."
    )
