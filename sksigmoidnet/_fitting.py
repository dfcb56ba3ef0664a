"""One fit: from checked rows to the attributes it leaves on the estimator.

``_classifier`` checks the data, the target and the parameters; this module
sets up the training from them, and builds the fitted attributes.

1. :func:`starting_point`: the weights, velocities and history a fit starts
   from, and its validation split. Their draws from ``random_state`` are made
   here only, in ``MLPClassifier``'s order, on which the parity of the weights
   with it depends.
2. :class:`TrainingRun`: the features standardised where off scale, the
   sample weights scaled, the network, optimizer, scorer and callbacks; then
   the training loop (``_training``) over them.
3. :meth:`TrainingRun.attributes`: the one place where the network as it
   stands becomes fitted attributes, for the end of the fit and, mid-fit, for
   a callback's copy and a scorer's model.

torch is imported when the first :class:`TrainingRun` is made.
"""

import warnings
from dataclasses import dataclass, replace

import numpy as np
from sklearn.utils import check_random_state

from ._callbacks import EpochHooks, has_callbacks
from ._devices import resolve_device, training_dtype
from ._early_stopping import Scorer
from ._input_scaling import OFF_SCALE, InputScaling, largest_feature_scale
from ._numpy_network import initial_weights
from ._rows import Rows
from ._sample_weights import scaled_for_training
from ._sgd import MomentumSGD
from ._state import VERSION_KEY, fitted_attributes
from ._stopping import StoppingRule
from ._training import Progress, Settings, constant_prediction_loss, train
from ._version import __version__

# Frames between a warning raised in TrainingRun's setup and the user's call:
# the warning's function, TrainingRun.__init__, _fit_unguarded, _fit, the
# public method and scikit-learn's _fit_context wrapper.
SETUP_STACKLEVEL = 7


@dataclass
class Start:
    """Where a fit starts (see :func:`starting_point`)."""

    coefs: list
    intercepts: list
    velocities: list | None  # None: zeros
    progress: Progress
    training: Rows
    validation: Rows | None
    weights_were_fitted: bool  # False: new random weights


def starting_point(
    estimator, layer_sizes, training, validation, classes, kind, continuing, incremental
):
    """The weights, velocities and history to start from, and the split.

    Continuing (``partial_fit``, or ``fit`` with ``warm_start``) starts from
    the fitted state, with fresh velocities and learning rate for ``fit``, as
    in ``MLPClassifier``; otherwise from new random weights.

    The draws from ``random_state`` come in ``MLPClassifier``'s order, so
    that both hold out the same rows and start from the same weights:

    1. the initial weights; a warm-started ``fit`` with early stopping draws
       them too, and discards them, so that an int ``random_state`` holds out
       the same rows in every fit on the same data, and the best score
       carried over is measured on those rows;
    2. the validation split, when early stopping holds out rows;
    3. the seed of the epochs' row orders, by a first fit only: later fits
       continue its sequence.

    Returns
    -------
    start : Start
    """
    random_state = check_random_state(estimator.random_state)
    dtype = training.X.dtype
    if not continuing or (estimator.early_stopping and not incremental):
        coefs, intercepts = initial_weights(
            layer_sizes, estimator.activation, random_state, dtype
        )
    if continuing:
        coefs, intercepts = _fitted_weights(estimator, layer_sizes, dtype)
    if estimator.early_stopping and validation is None:
        training, validation = training.hold_out(
            estimator.validation_fraction, classes, kind, random_state
        )
    learning_rate_init = float(estimator.learning_rate_init)
    if continuing:
        progress = Progress.from_attributes(vars(estimator))
        if not incremental:
            progress.learning_rate = learning_rate_init
    else:
        shuffle_seed = int(random_state.randint(np.iinfo(np.int32).max))
        progress = Progress(shuffle_seed=shuffle_seed, learning_rate=learning_rate_init)
    progress.prepare_stopping_rule(estimator.early_stopping)
    velocities = estimator._velocities if continuing and incremental else None
    return Start(
        coefs, intercepts, velocities, progress, training, validation, continuing
    )


def _fitted_weights(estimator, layer_sizes, dtype):
    """The weights to continue from, checked against the architecture."""
    expected = list(zip(layer_sizes[:-1], layer_sizes[1:], strict=True))
    found = [np.shape(c) for c in estimator.coefs_]
    if found != expected or [np.shape(b) for b in estimator.intercepts_] != [
        (fan_out,) for _, fan_out in expected
    ]:
        raise ValueError(
            f"coefs_ and intercepts_ have shapes {found} that do not match "
            f"hidden_layer_sizes={estimator.hidden_layer_sizes} and the data "
            f"(expected {expected}). To start afresh, fit a new model, or "
            "call fit with warm_start=False."
        )
    return (
        [np.asarray(c, dtype=dtype) for c in estimator.coefs_],
        [np.asarray(b, dtype=dtype) for b in estimator.intercepts_],
    )


class TrainingRun:
    """The network, optimizer and history of one fit, and what they make.

    Parameters
    ----------
    estimator : SigmoidNetClassifier
        Whose parameters the fit follows; it is not changed here.
    start : Start
    classes : ndarray
    kind : str
    incremental : bool
        Whether this is ``partial_fit``'s one epoch.
    weighed_by : tuple of str
        The parameters the rows' weights come from, for an error about their
        size (see ``_sample_weights``).
    """

    def __init__(self, estimator, start, classes, kind, incremental, weighed_by):
        from ._epochs import TrainingData
        from ._network import TrainableNetwork

        self.estimator, self.classes, self.kind = estimator, classes, kind
        self.progress = start.progress
        training, validation = start.training, start.validation
        # Callbacks and scorers see the rows as given.
        self.training_as_given = training
        self.scaling = _input_scaling(estimator, start, incremental)
        coefs, intercepts = start.coefs, start.intercepts
        velocities = start.velocities
        if self.scaling is not None:
            training = replace(training, X=self.scaling.transform(training.X))
            if start.weights_were_fitted:
                coefs, intercepts = self.scaling.unfold(coefs, intercepts)
            if velocities is not None:
                velocities = self.scaling.unfold_velocities(velocities)
        device = resolve_device(estimator.device)
        self.network = TrainableNetwork(coefs, intercepts, estimator.activation, device)
        batch_size = _batch_size(estimator.batch_size, training.X.shape[0])
        self.sample_weight, alpha = scaled_for_training(
            training.sample_weight,
            estimator.alpha,
            training_dtype(training.X.dtype, device.type),
            batch_size,
            estimator.learning_rate_init,
            weighed_by,
        )
        self.Y = training.Y
        # Rows of weight zero teach nothing: the checks of what the fit
        # learned leave them out (None: every row weighs).
        self._weighed = None if self.sample_weight is None else self.sample_weight > 0
        self.constant_loss = self._constant_loss()
        self.settings = _settings(
            estimator, batch_size, alpha, training.Y, self.constant_loss, incremental
        )
        self.optimizer = MomentumSGD(
            self.network,
            velocities,
            self.progress.learning_rate,
            schedule=estimator.learning_rate,
            learning_rate_init=float(estimator.learning_rate_init),
            power_t=float(estimator.power_t),
            momentum=estimator.momentum,
            nesterov=estimator.nesterovs_momentum,
        )
        self.scorer = None
        if estimator.early_stopping:
            scaled_validation = validation
            if self.scaling is not None:
                scaled_validation = replace(
                    validation, X=self.scaling.transform(validation.X)
                )
            self.scorer = Scorer(
                scaled_validation,
                validation.X,
                estimator.scoring,
                estimator,
                classes,
                kind,
                self.model_as_it_stands,
            )
        self.data = TrainingData(
            training.X, training.Y, self.sample_weight, self.network.dtype, device
        )

    def train(self):
        """Run the training loop, telling the callbacks; return its Outcome."""
        hooks = None
        if has_callbacks(self.estimator):
            hooks = EpochHooks(
                self.estimator,
                self.training_as_given.X,
                self.training_as_given.y,
                self.settings.max_epochs,
                self.attributes,
            )
        outcome = train(
            self.network,
            self.optimizer,
            self.data,
            self.progress,
            self.settings,
            self.scorer,
            hooks,
        )
        if hooks is not None:
            hooks.finish()
        return outcome

    def attributes(self, n_iter=None):
        """The fitted attributes of the model as it stands.

        ``n_iter`` is left out in the middle of a fit.
        """
        coefs, intercepts = self.network.to_numpy()
        velocities = self.optimizer.velocities()
        if self.scaling is not None:
            # The state of record acts on the features as given.
            coefs, intercepts = self.scaling.fold(coefs, intercepts)
            velocities = self.scaling.fold_velocities(velocities)
        result = {
            "classes_": self.classes,
            "_target_kind": self.kind,
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
        return fitted_attributes(self.progress, result)

    def model_as_it_stands(self):
        """A new estimator that predicts as the network stands now.

        It has the estimator's parameter objects themselves, not clone's
        deep copies: a scorer may hold a lock or an open file, which cannot
        be copied, and prediction only reads the parameters.
        """
        model = type(self.estimator)(**self.estimator.get_params(deep=False))
        model.n_features_in_ = self.estimator.n_features_in_
        vars(model).update(self.attributes())
        return model

    def _constant_loss(self):
        """The training loss of always predicting the class frequencies, or
        None where the targets of the rows that weigh anything do not vary:
        then there is nothing to learn."""
        Y, weight = self.Y, self.sample_weight
        if self._weighed is not None:
            Y, weight = Y[self._weighed], weight[self._weighed]
        if not len(Y) or not np.ptp(Y, axis=0).any():
            return None
        return constant_prediction_loss(Y, weight)

    def constant_validation_loss(self):
        """The validation loss of always predicting the training rows' class
        frequencies, or None without early stopping or where the validation
        targets do not vary."""
        if self.scorer is None:
            return None
        frequencies = np.average(self.Y, axis=0, weights=self.sample_weight)
        return self.scorer.constant_prediction_loss(frequencies)

    def weighed_rows(self):
        """The training rows that weigh anything, as given: ``(X, y)``."""
        X, y = self.training_as_given.X, self.training_as_given.y
        if self._weighed is None:
            return X, y
        return X[self._weighed], y[self._weighed]


def _input_scaling(estimator, start, incremental):
    """The standardisation this fit trains on (see ``_input_scaling``), or None.

    ``fit`` standardises features far from unit scale. ``partial_fit``
    continues on the standardisation of the fit before, whose fold into
    ``coefs_`` it undoes for its epoch and redoes after: trained on the
    features as given, those weights would take SGD steps scaled by the
    features' squares. Without one (a first call, or after a fit on features
    near unit scale) it trains on the features as given, and warns when they
    are far from unit scale.
    """
    training = start.training
    if not incremental:
        return InputScaling.for_training(training.X, training.sample_weight)
    if start.weights_were_fitted and estimator._standardisation is not None:
        return InputScaling(*estimator._standardisation)
    largest_scale = largest_feature_scale(training.X)
    if largest_scale > OFF_SCALE:
        warnings.warn(
            "partial_fit trains on the features as given, and some are far "
            f"from unit scale (root mean square {largest_scale:.3g}): a "
            "sigmoid network barely learns from them. Standardise them "
            "first, for example with a StandardScaler fitted on a sample of "
            "the data.",
            UserWarning,
            stacklevel=SETUP_STACKLEVEL,
        )
    return None


def _batch_size(batch_size, n_rows):
    """Rows per step: ``"auto"`` is ``min(200, n_rows)``; larger sizes are
    clipped, with a warning."""
    if batch_size == "auto":
        return min(200, n_rows)
    # A NumPy integer (a grid's values) or a bool, as MLPClassifier takes
    # them: torch takes Python ints only.
    batch_size = int(batch_size)
    if batch_size > n_rows:
        warnings.warn(
            f"batch_size={batch_size} is larger than the {n_rows} training "
            f"samples; it is clipped to {n_rows}.",
            UserWarning,
            stacklevel=SETUP_STACKLEVEL,
        )
        return n_rows
    return batch_size


def _settings(estimator, batch_size, alpha, Y, constant_loss, incremental):
    """The parameters as the training loop takes them."""
    n_rows, n_outputs = Y.shape
    return Settings(
        alpha=alpha,
        batch_size=batch_size,
        stopping=StoppingRule.for_fit(
            estimator.n_iter_no_change,
            float(estimator.tol),
            n_outputs=n_outputs,
            n_rows=n_rows,
            constant_loss=constant_loss,
            early_stopping=estimator.early_stopping,
        ),
        max_epochs=1 if incremental else estimator.max_iter,
        shuffle=estimator.shuffle,
        incremental=incremental,
        verbose=bool(estimator.verbose),
    )
