"""``SigmoidNetClassifier``: parameters, validation, targets and public methods.

This module knows scikit-learn. The network and its gradients are in
``_network``, the epochs and stopping rules in ``_training``.
"""

import warnings
from numbers import Integral, Real

import numpy as np
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import (
    Interval,
    InvalidParameterError,
    Options,
    StrOptions,
)
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    column_or_1d,
    validate_data,
)

from . import _persistence, _targets
from ._callbacks import CallbackSupportMixin, EpochHooks, has_callbacks
from ._devices import prediction_device, resolve_device
from ._network import (
    NUMPY_PREDICTION_WORK,
    Network,
    Packed,
    TrainableNetwork,
    build_torch_module,
    initial_weights,
    numpy_logits,
)
from ._sgd import MomentumSGD
from ._training import Progress, Settings, TrainingData, train
from ._version import __version__

# n_iter_no_change="auto": MLPClassifier's 10 epochs, counted only once the
# network has seen this many samples. A sigmoid network's initial plateau,
# where the loss falls too slowly to be told from convergence, lasts up to
# about 1,500 SGD steps on the seed notebook's ten points.
AUTO_N_ITER_NO_CHANGE = 10
AUTO_SAMPLES_BEFORE_STOPPING = 20_000


def _as_layer_sizes(hidden_layer_sizes):
    """The hidden sizes as a list of ints, rejecting anything but positive ints."""
    sizes = (
        [hidden_layer_sizes]
        if isinstance(hidden_layer_sizes, Integral)
        else list(hidden_layer_sizes)
    )
    if not all(isinstance(size, Integral) and size > 0 for size in sizes):
        raise InvalidParameterError(
            "The 'hidden_layer_sizes' parameter of SigmoidNetClassifier must be a "
            "positive int or a sequence of positive ints, such as (100,) or "
            f"(32, 16). Got {hidden_layer_sizes!r} instead."
        )
    return [int(size) for size in sizes]


class SigmoidNetClassifier(CallbackSupportMixin, ClassifierMixin, BaseEstimator):
    """A multilayer perceptron with sigmoid outputs, trained by SGD on PyTorch.

    The network is a stack of fully connected layers with the chosen hidden
    activation and one sigmoid output per class (one in all for two classes).
    It is trained by minimising the binary cross-entropy between its outputs
    and the 0/1 encoding of the labels, with stochastic gradient descent and
    momentum. Parameters and fitted attributes carry
    :class:`~sklearn.neural_network.MLPClassifier`'s names wherever the meaning
    is the same, so parameter grids written for one work for the other.

    Parameters
    ----------
    hidden_layer_sizes : int or array-like of int, default=(100,)
        Number of neurons in each hidden layer.

    activation : {"logistic", "tanh", "relu", "identity"}, default="logistic"
        Activation of the hidden layers; ``"logistic"`` is the sigmoid. The
        output layer is always sigmoid.

    alpha : float, default=1e-4
        Strength of the L2 penalty on the weights (not the biases), divided by
        the batch's total sample weight as in ``MLPClassifier``.

    batch_size : int or "auto", default="auto"
        Rows per SGD step; ``"auto"`` means ``min(200, n_samples)``. Larger
        values are clipped to the number of samples.

    learning_rate : {"constant", "invscaling", "adaptive"}, default="constant"
        Learning-rate schedule: constant; ``learning_rate_init / (t + 1) **
        power_t`` after each epoch, with ``t`` the number of samples seen; or
        divided by 5 each time the stopping rule would otherwise stop training,
        until it falls below 1e-6.

    learning_rate_init : float, default=0.2
        Initial SGD step size. Sigmoid networks start on a plateau where the
        gradient is small: the seed notebook's ``1e-3`` never leaves it in
        10,000 epochs, and ``0.1`` creeps along it too slowly. With momentum
        0.9, ``0.2`` crosses it on the seed's ten points for every
        ``random_state`` from 0 to 9 (in 578 to 1,534 epochs of its one full
        batch), and in 5-fold cross-validation after standard scaling it
        scores at least as well as ``MLPClassifier()``'s defaults on the iris
        and wine datasets and within 0.4 points on breast cancer and digits.

    power_t : float, default=0.5
        Exponent of the ``"invscaling"`` schedule.

    max_iter : int, default=500
        Maximum number of epochs (passes over the training data). With the
        default stopping rule, fits on the iris, wine, breast-cancer and
        digits datasets stop by themselves after 96 to 236 epochs.

    shuffle : bool, default=True
        Whether to shuffle the rows before each epoch.

    random_state : int, RandomState instance or None, default=None
        Seeds the initial weights, the row order of each epoch and the
        validation split. An int gives reproducible fits.

    tol : float, default=3e-4
        Improvement of the training loss (or of the validation score with
        ``early_stopping``) that counts as progress. On the datasets above,
        ``3e-4`` stops training once the test accuracy has settled, in less
        time than ``MLPClassifier()`` takes; ``MLPClassifier``'s ``1e-4`` runs
        1.4 to 3 times as many epochs for no better accuracy.

    verbose : bool, default=False
        Print the loss (and validation score) after each epoch, the elapsed
        time, and why training stopped.

    warm_start : bool, default=False
        Start ``fit`` from the current weights instead of new ones. As in
        ``MLPClassifier``, the optimizer's velocities and learning rate start
        afresh while ``t_`` and ``loss_curve_`` continue.

    momentum : float, default=0.9
        Momentum of the SGD updates, between 0 and 1.

    nesterovs_momentum : bool, default=True
        Whether to use Nesterov's momentum.

    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the training data (stratified for
        binary and multiclass targets), stop when its accuracy has not improved
        by ``tol`` for ``n_iter_no_change`` epochs, and keep the weights of the
        best epoch.

    validation_fraction : float, default=0.1
        Share of the training data held out with ``early_stopping``.

    n_iter_no_change : int, np.inf or "auto", default="auto"
        Training stops when ``tol`` has not been gained for more than this
        many consecutive epochs (``np.inf`` never stops early). ``"auto"``
        means 10, and no stop before the network has seen 20,000 samples
        (``t_``, over all calls): a sigmoid network starts on a plateau where
        the loss falls by about ``1e-5`` per epoch, too slowly to be told from
        convergence, and on tiny data with one SGD step per epoch leaving it
        takes up to about 1,500 epochs (the seed notebook's ten points stop
        after 2,000 epochs, all learned). An int gives ``MLPClassifier``'s
        rule exactly.

    device : str, default="cpu"
        Where to train and predict: ``"cpu"``, ``"cuda"``, ``"cuda:N"``,
        ``"mps"``, or ``"auto"`` for the first GPU when one is visible. The
        fitted weights are always stored as NumPy arrays, so a model trained on
        a GPU predicts on a machine without one.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels, sorted. For multilabel targets, the column indices.

    n_features_in_ : int
        Number of features seen during ``fit``.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during ``fit``, when ``X`` has string
        column names.

    coefs_ : list of ndarray
        Weight matrices; ``coefs_[i]`` has shape ``(fan_in, fan_out)`` of layer
        ``i``. With ``intercepts_``, the fitted state of record.

    intercepts_ : list of ndarray
        Bias vectors; ``intercepts_[i]`` has shape ``(fan_out,)``.

    n_layers_ : int
        Number of layers, input and output included.

    n_outputs_ : int
        Number of output units: 1 for binary targets, else the number of
        classes or labels.

    out_activation_ : str
        Always ``"logistic"``.

    loss_ : float
        Mean training loss of the last epoch.

    loss_curve_ : list of float
        Mean training loss of every epoch, over successive calls with
        ``warm_start`` or ``partial_fit``.

    best_loss_ : float or None
        Lowest training loss reached; None with ``early_stopping``.

    validation_scores_ : list of float or None
        Validation accuracy of every epoch with ``early_stopping``, else None.

    best_validation_score_ : float or None
        Best validation accuracy with ``early_stopping``, else None.

    n_iter_ : int
        Epochs run by the last call of ``fit`` (1 after ``partial_fit``).

    t_ : int
        Training samples seen, over all calls.

    See Also
    --------
    sklearn.neural_network.MLPClassifier : The NumPy multilayer perceptron
        whose parameters this estimator follows.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sksigmoidnet import SigmoidNetClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> model = make_pipeline(
    ...     StandardScaler(),
    ...     SigmoidNetClassifier(hidden_layer_sizes=(16,), random_state=0),
    ... ).fit(X, y)
    >>> model.predict(X[:3])
    array([0, 0, 0])
    >>> round(model.score(X, y), 2) >= 0.95
    True
    """

    _parameter_constraints = {
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "activation": [StrOptions({"logistic", "tanh", "relu", "identity"})],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "batch_size": [
            StrOptions({"auto"}),
            Interval(Integral, 1, None, closed="left"),
        ],
        "learning_rate": [StrOptions({"constant", "invscaling", "adaptive"})],
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "power_t": [Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "momentum": [Interval(Real, 0, 1, closed="both")],
        "nesterovs_momentum": ["boolean"],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "n_iter_no_change": [
            Interval(Integral, 1, None, closed="left"),
            Options(Real, {np.inf}),
            StrOptions({"auto"}),
        ],
        "device": [str],
    }

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="logistic",
        *,
        alpha=1e-4,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.2,
        power_t=0.5,
        max_iter=500,
        shuffle=True,
        random_state=None,
        tol=3e-4,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        n_iter_no_change="auto",
        device="cpu",
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.device = device

    # ------------------------------------------------------------------ fit

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Train the network on ``X`` and ``y``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data. float32 input is trained and stored in float32,
            anything else in float64. Sparse input is densified one batch at
            a time.
        y : array-like of shape (n_samples,) or (n_samples, n_labels)
            Class labels, or a 0/1 indicator matrix for multilabel problems.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights; each sample's loss is scaled by its weight,
            so that weight 2 counts as the row repeated.

        Returns
        -------
        self : SigmoidNetClassifier
            The fitted estimator.
        """
        return self._fit(X, y, sample_weight, classes=None, incremental=False)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Train for one epoch over ``X`` and ``y``, continuing from before.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_labels)
            Class labels, or a 0/1 indicator matrix.
        classes : array-like of shape (n_classes,), default=None
            Every label that can occur. Required on the first call (except for
            multilabel targets); may be repeated on later calls, where it must
            equal the first.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative sample weights.

        Returns
        -------
        self : SigmoidNetClassifier
            The updated estimator.
        """
        if self.early_stopping:
            raise ValueError(
                "partial_fit does not support early_stopping=True: there is no "
                "fixed validation set to stop on. Use fit, or set early_stopping=False."
            )
        return self._fit(X, y, sample_weight, classes=classes, incremental=True)

    def _fit(self, X, y, sample_weight, classes, incremental):
        # A fit that fails (bad input, divergence) leaves the model as it was.
        previous_state = self.__dict__.copy()
        try:
            return self._fit_unguarded(X, y, sample_weight, classes, incremental)
        except BaseException:
            self.__dict__.clear()
            self.__dict__.update(previous_state)
            raise

    def _fit_unguarded(self, X, y, sample_weight, classes, incremental):
        fitted = self.__sklearn_is_fitted__()
        continuing = fitted and (incremental or self.warm_start)
        X, y = self._validate_training_data(X, y, reset=not continuing)
        classes_ = self._check_classes(y, classes, continuing, incremental)
        kind = _targets.target_kind(y, classes_)
        Y = _targets.encode(y, classes_, X.dtype)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(
                sample_weight, X, dtype=X.dtype, ensure_non_negative=True
            )
            if not sample_weight.sum() > 0:
                raise ValueError(
                    "sample_weight sums to zero: at least one sample needs a "
                    "positive weight."
                )
        device = resolve_device(self.device)
        random_state = check_random_state(self.random_state)
        layer_sizes = [
            X.shape[1],
            *_as_layer_sizes(self.hidden_layer_sizes),
            Y.shape[1],
        ]

        coefs, intercepts, velocities, progress = self._starting_point(
            layer_sizes, X.dtype, random_state, continuing, incremental
        )
        network = TrainableNetwork(coefs, intercepts, self.activation, device)
        velocities = Packed(velocities, network.dtype, device)
        optimizer = MomentumSGD(
            network.parameters,
            velocities.flat,
            self.momentum,
            self.nesterovs_momentum,
        )

        validation_score = None
        if self.early_stopping:
            X, Y, y, sample_weight, validation_score = self._split_validation(
                X, Y, y, sample_weight, classes_, kind, random_state
            )
        settings = self._settings(n_rows=X.shape[0], incremental=incremental)
        data = TrainingData(X, Y, sample_weight, network.dtype, device)

        def fitted_attributes():
            return self._fitted_attributes(
                network, velocities, progress, classes_, kind, n_iter=None
            )

        hooks = (
            EpochHooks(self, X, y, settings.max_epochs, fitted_attributes)
            if has_callbacks(self)
            else None
        )
        outcome = train(
            network, optimizer, data, progress, settings, validation_score, hooks
        )
        if hooks is not None:
            hooks.finish()

        for name, value in self._fitted_attributes(
            network, velocities, progress, classes_, kind, outcome.n_iter
        ).items():
            setattr(self, name, value)
        if outcome.interrupted:
            warnings.warn(outcome.stop_reason, UserWarning, stacklevel=5)
        elif outcome.reached_max_epochs:
            warnings.warn(
                f"SigmoidNetClassifier: {outcome.stop_reason} The training loss may "
                "still decrease: raise max_iter, or raise tol.",
                ConvergenceWarning,
                stacklevel=5,
            )
        return self

    def _starting_point(
        self, layer_sizes, dtype, random_state, continuing, incremental
    ):
        """Weights, velocities and training history to start from.

        Continuing (``partial_fit``, or ``fit`` with ``warm_start``) starts from
        the fitted state, with fresh velocities and learning rate for ``fit``
        as in ``MLPClassifier``; otherwise from new random weights.
        """
        if continuing:
            coefs, intercepts = self._current_weights(layer_sizes, dtype)
            progress = self._progress(fresh_optimizer=not incremental)
        else:
            coefs, intercepts = initial_weights(
                layer_sizes, self.activation, random_state, dtype
            )
            progress = Progress(
                shuffle_seed=int(random_state.randint(np.iinfo(np.int32).max)),
                learning_rate=float(self.learning_rate_init),
            )
        progress.prepare_stopping_rule(self.early_stopping)
        velocities = (
            self._velocities
            if continuing and incremental
            else [np.zeros_like(p) for p in coefs + intercepts]
        )
        return coefs, intercepts, velocities, progress

    def _settings(self, n_rows, incremental):
        """The parameters as the training loop takes them."""
        batch_size = 200 if self.batch_size == "auto" else self.batch_size
        auto = self.n_iter_no_change == "auto"
        return Settings(
            alpha=float(self.alpha),
            batch_size=min(batch_size, n_rows),
            learning_rate_init=float(self.learning_rate_init),
            schedule=self.learning_rate,
            power_t=float(self.power_t),
            tol=float(self.tol),
            n_iter_no_change=AUTO_N_ITER_NO_CHANGE if auto else self.n_iter_no_change,
            max_epochs=1 if incremental else self.max_iter,
            samples_before_stopping=AUTO_SAMPLES_BEFORE_STOPPING if auto else 0,
            shuffle=self.shuffle,
            incremental=incremental,
            early_stopping=self.early_stopping,
            verbose=bool(self.verbose),
        )

    def _validate_training_data(self, X, y, reset):
        dtype = [np.float64, np.float32] if reset else self.coefs_[0].dtype
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=["csr", "csc"],
            dtype=dtype,
            multi_output=True,
            reset=reset,
        )
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        return X, y

    def _check_classes(self, y, classes, continuing, incremental):
        """Return the classes of this fit, checking them against earlier fits."""
        observed = _targets.find_classes(y)
        if incremental and classes is not None:
            given = np.unique(np.asarray(classes))
            if continuing and not np.array_equal(given, self.classes_):
                raise ValueError(
                    f"classes={given.tolist()} differs from the classes of the first "
                    f"call to partial_fit, {self.classes_.tolist()}."
                )
            _targets.check_known_labels(y, given)
            return given
        if continuing:
            _targets.check_known_labels(y, self.classes_)
            if not incremental and not np.array_equal(observed, self.classes_):
                raise ValueError(
                    f"warm_start=True needs y with the same classes as the previous "
                    f"fit: it had {self.classes_.tolist()}, this y has "
                    f"{observed.tolist()}. Fit a new model, or set warm_start=False."
                )
            return self.classes_
        if incremental and y.ndim == 1:
            raise ValueError(
                "classes must be passed on the first call to partial_fit: the first "
                "batch may not contain every label."
            )
        return observed

    def _current_weights(self, layer_sizes, dtype):
        """The weights to continue from, checked against the architecture."""
        expected = list(zip(layer_sizes[:-1], layer_sizes[1:], strict=True))
        found = [np.shape(c) for c in self.coefs_]
        if found != expected or [np.shape(b) for b in self.intercepts_] != [
            (fan_out,) for _, fan_out in expected
        ]:
            raise ValueError(
                f"coefs_ and intercepts_ have shapes {found} that do not match "
                f"hidden_layer_sizes={self.hidden_layer_sizes} and the data "
                f"(expected {expected}). Set warm_start=False to start afresh."
            )
        return (
            [np.asarray(c, dtype=dtype) for c in self.coefs_],
            [np.asarray(b, dtype=dtype) for b in self.intercepts_],
        )

    def _progress(self, fresh_optimizer):
        """The training history of the fitted model, as the loop expects it."""
        return Progress(
            shuffle_seed=self._shuffle_seed,
            learning_rate=(
                float(self.learning_rate_init)
                if fresh_optimizer
                else self._learning_rate
            ),
            t=self.t_,
            epochs_seen=self._epochs_seen,
            loss_curve=list(self.loss_curve_),
            best_loss=self.best_loss_,
            no_improvement_count=self._no_improvement_count,
            validation_scores=(
                None
                if self.validation_scores_ is None
                else list(self.validation_scores_)
            ),
            best_validation_score=self.best_validation_score_,
        )

    def _split_validation(self, X, Y, y, sample_weight, classes_, kind, random_state):
        """Hold out ``validation_fraction`` of the rows for early stopping."""
        n_validation = int(np.ceil(self.validation_fraction * X.shape[0]))
        stratify = None if kind == _targets.MULTILABEL else y
        if stratify is not None and n_validation < len(classes_):
            raise ValueError(
                "early_stopping holds out "
                f"validation_fraction={self.validation_fraction} of {X.shape[0]} "
                f"samples, {n_validation} rows, fewer than the {len(classes_)} "
                "classes. Raise validation_fraction, add data, or set "
                "early_stopping=False."
            )
        if n_validation < 2:
            raise ValueError(
                f"early_stopping holds out only {n_validation} row. Raise "
                "validation_fraction or add data."
            )
        arrays = [X, Y, y] + ([] if sample_weight is None else [sample_weight])
        parts = train_test_split(
            *arrays,
            test_size=self.validation_fraction,
            random_state=random_state,
            stratify=stratify,
        )
        X_train, X_val, Y_train, _, y_train, y_val = parts[:6]
        weight_train, weight_val = (
            parts[6:] if sample_weight is not None else (None, None)
        )

        def validation_score(network):
            logits = network.predict_logits(X_val)
            return accuracy_score(
                y_val, _targets.decode(logits, classes_, kind), sample_weight=weight_val
            )

        return X_train, Y_train, y_train, weight_train, validation_score

    def _fitted_attributes(self, network, velocities, progress, classes_, kind, n_iter):
        coefs, intercepts = network.to_numpy()
        attributes = {
            "classes_": classes_,
            "coefs_": coefs,
            "intercepts_": intercepts,
            "n_layers_": len(coefs) + 1,
            "n_outputs_": coefs[-1].shape[1],
            "out_activation_": "logistic",
            "loss_": progress.loss_curve[-1] if progress.loss_curve else None,
            "loss_curve_": list(progress.loss_curve),
            "best_loss_": progress.best_loss,
            "validation_scores_": (
                None
                if progress.validation_scores is None
                else list(progress.validation_scores)
            ),
            "best_validation_score_": progress.best_validation_score,
            "t_": progress.t,
            "_target_kind": kind,
            "_velocities": velocities.to_numpy(),
            "_learning_rate": progress.learning_rate,
            "_no_improvement_count": progress.no_improvement_count,
            "_shuffle_seed": progress.shuffle_seed,
            "_epochs_seen": progress.epochs_seen,
            "_sksigmoidnet_version": __version__,
        }
        if n_iter is not None:
            attributes["n_iter_"] = n_iter
        return attributes

    # -------------------------------------------------------------- predict

    def _logits(self, X):
        check_is_fitted(self)
        X = validate_data(
            self,
            X,
            accept_sparse=["csr", "csc"],
            dtype=[np.asarray(self.coefs_[0]).dtype],
            reset=False,
        )
        n_weights = sum(np.size(coef) for coef in self.coefs_)
        if X.shape[0] * n_weights < NUMPY_PREDICTION_WORK:
            return numpy_logits(X, self.coefs_, self.intercepts_, self.activation)
        network = Network.sharing(
            self.coefs_,
            self.intercepts_,
            self.activation,
            prediction_device(self.device),
        )
        return network.predict_logits(X)

    def decision_function(self, X):
        """Output logits: the values the sigmoid outputs are computed from.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        logits : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            One column for binary targets (returned flat), else one per class
            or label.
        """
        logits = self._logits(X)
        return logits[:, 0] if logits.shape[1] == 1 else logits

    def predict(self, X):
        """Predict class labels (or the label indicator matrix).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_labels)
            Labels from ``classes_``; for multilabel targets, 0/1 indicators.
        """
        return _targets.decode(self._logits(X), self.classes_, self._target_kind)

    def predict_proba(self, X):
        """Probability estimates.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            For binary targets ``[1 - p, p]``; for multiclass targets the K
            sigmoid outputs divided by their sum; for multilabel targets the
            independent probability of each label.
        """
        probabilities = expit(self._logits(X))
        if len(self.classes_) == 1:
            return np.ones_like(probabilities)
        if self._target_kind == _targets.BINARY:
            return np.hstack([1 - probabilities, probabilities])
        if self._target_kind == _targets.MULTICLASS:
            probabilities /= probabilities.sum(axis=1, keepdims=True)
        return probabilities

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def to_torch(self):
        """The fitted network as a new ``torch.nn.Sequential``.

        ``Linear`` layers alternate with the hidden activation and the last
        layer is followed by ``Sigmoid``, so that the module's output is the
        probability of each output unit. Its parameters are copies: training
        it does not change this estimator.

        Returns
        -------
        module : torch.nn.Sequential

        Examples
        --------
        >>> import torch
        >>> from sklearn.datasets import load_breast_cancer
        >>> from sksigmoidnet import SigmoidNetClassifier
        >>> X, y = load_breast_cancer(return_X_y=True)
        >>> X = (X - X.mean(0)) / X.std(0)
        >>> clf = SigmoidNetClassifier(hidden_layer_sizes=(8,), random_state=0)
        >>> clf = clf.fit(X, y)
        >>> net = clf.to_torch()
        >>> net
        Sequential(
          (0): Linear(in_features=30, out_features=8, bias=True)
          (1): Sigmoid()
          (2): Linear(in_features=8, out_features=1, bias=True)
          (3): Sigmoid()
        )
        >>> p = net(torch.from_numpy(X[:5])).detach().numpy()[:, 0]
        >>> bool(abs(p - clf.predict_proba(X[:5])[:, 1]).max() < 1e-12)
        True
        """
        check_is_fitted(self)
        return build_torch_module(self.coefs_, self.intercepts_, self.activation)

    def __sklearn_is_fitted__(self):
        return hasattr(self, "coefs_")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        tags.input_tags.sparse = True
        return tags

    def __getstate__(self):
        return _persistence.get_state(self, super().__getstate__())

    def __setstate__(self, state):
        super().__setstate__(_persistence.check_state(self, state))
