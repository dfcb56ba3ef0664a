"""``SigmoidNetClassifier``: parameters, validation, targets and public methods.

This module knows scikit-learn. A fit checks its data and target here, and
``_fit`` does the rest: it describes the fit and hands it to the torch engine
(``_engine``), and reports back what the estimator keeps and warns about.
Predictions are computed by NumPy (``_numpy_network``) or, for large batches
and on GPUs, by the engine. The saved state is ``_state``'s.
"""

import os
import sys
import warnings
from numbers import Integral, Real

import numpy as np
import sklearn.base
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.validation import check_is_fitted, validate_data

from . import _engine, _targets
from ._activations import ACTIVATIONS
from ._callbacks import CallbackSupportMixin
from ._class_weight import check_partial_fit_class_weight
from ._compat import (
    Interval,
    Options,
    StrOptions,
    _fit_context,
)
from ._fit import FitCall, FitData, run_fit
from ._learning_checks import failure_to_learn
from ._numpy_network import numpy_logits, predicts_with_numpy
from ._probabilities import log_probabilities, probabilities
from ._rows import SPARSE_FORMATS
from ._state import FIT_WRITTEN_NAMES, check_state, get_state

# Frames in these files are the estimator's own, or scikit-learn's wrapper of
# its fit methods: a warning names the first frame outside them.
_OWN_FILES = (os.path.dirname(__file__), sklearn.base.__file__)


def _refuse_unusable_logits(logits, dtype, kind):
    """Refuse outputs that no probability can be computed from, rather than
    guess.

    Validated input holds no NaN, so a NaN output means that values overflowed
    to infinities inside the network and then met (``inf - inf``). Overflow
    can also drive every output of a multiclass row to ``-inf``: each class
    then has probability 0 and their ratios are undefined."""
    if logits.min() > -np.inf:  # one pass: NaN propagates, and fails this test
        return
    bad_rows = np.isnan(logits).any(axis=1)
    if kind == _targets.MULTICLASS:
        bad_rows |= (logits == -np.inf).all(axis=1)
    if bad_rows.any():
        wider = (
            ", or train on float64 data for a float64 model"
            if dtype == np.float32
            else ""
        )
        raise ValueError(
            f"The network's outputs are NaN or all -inf for {bad_rows.sum()} "
            f"of {len(logits)} rows: values overflowed {np.dtype(dtype).name} "
            "inside the network. Scale the input as the training data was "
            f"scaled (for example with sklearn.preprocessing.StandardScaler){wider}."
        )


class SigmoidNetClassifier(CallbackSupportMixin, ClassifierMixin, BaseEstimator):
    """A multilayer perceptron with sigmoid outputs, trained by SGD on PyTorch.

    The network is a stack of fully connected layers with the chosen hidden
    activation and one sigmoid output per class (one in all for two classes).
    It is trained by minimising the binary cross-entropy between its outputs
    and the 0/1 encoding of the labels, with stochastic gradient descent and
    momentum. Parameters and fitted attributes carry
    :class:`~sklearn.neural_network.MLPClassifier`'s names wherever the meaning
    is the same, so parameter names in a grid carry over; learning rates do
    not: ``MLPClassifier``'s defaults are made for its Adam solver, and SGD on
    logistic units wants rates from about 0.2 to 1.5 (see the tuning guide).
    A fit that learned nothing from the features (it predicts one label for
    every training row, or its training loss ends within 0.1% of a constant
    prediction's) warns with the likely causes.

    Features far from unit scale (some feature's root mean square above 4, as
    raw measurements in the hundreds) saturate sigmoid units. :meth:`fit` then
    trains on standardised features and folds the standardisation into the
    first layer, so that ``coefs_`` and ``intercepts_`` act on the features as
    given; features near unit scale are trained as given. A
    ``StandardScaler`` in a pipeline is still the usual way.

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

    learning_rate_init : float, default=0.6
        Initial SGD step size, the same for every weight. Sigmoid networks
        start on a plateau where the gradient is small, and too small a rate
        never leaves it: 0.2 to 1.5 suit logistic units on standardised
        features; tanh, relu and identity units want about a tenth of that (a
        linear network can diverge at the default). The tuning guide says how
        the default was chosen and which rates learn.

    power_t : float, default=0.5
        Exponent of the ``"invscaling"`` schedule.

    max_iter : int, default=500
        Maximum number of epochs (passes over the training data);
        ``n_iter_no_change`` says when training stops earlier.

    shuffle : bool, default=True
        Whether to shuffle the rows before each epoch. The order is drawn by
        a torch generator, not by NumPy's as in ``MLPClassifier``: shuffled
        training follows the same rules but not the same trajectory. With
        ``shuffle=False`` the weights equal ``MLPClassifier(solver="sgd")``'s
        for the same parameters on binary and multilabel targets, early
        stopping included.

    random_state : int, RandomState instance or None, default=None
        Seeds the initial weights, then the validation split, then the row
        order of the epochs, drawn in that order as ``MLPClassifier`` draws
        them, so that both hold out the same rows. An int gives reproducible
        fits.

    tol : float, default=3e-4
        Improvement of the training loss (or of the validation score with
        ``early_stopping``) that counts as progress. With
        ``n_iter_no_change="auto"`` it applies to the training loss per output
        unit (the loss is a sum of one cross-entropy per output), so that ten
        classes do not take ten times the epochs to stop; with an int
        ``n_iter_no_change``, to the whole loss, as in ``MLPClassifier``. See
        the tuning guide for the figures behind ``3e-4``.

    verbose : bool, default=False
        Print the loss (and validation score) after each epoch, the elapsed
        time, and why training stopped.

    warm_start : bool, default=False
        Start ``fit`` from the current weights instead of new ones. As in
        ``MLPClassifier``, the optimizer's velocities and learning rate start
        afresh while ``t_`` and ``loss_curve_`` continue. With
        ``early_stopping`` in both fits the validation records continue too,
        and the model keeps the best weights seen: those it started from,
        scored again on this fit's validation rows with this fit's
        ``scoring``, unless an epoch beats them. Switching
        ``early_stopping`` on gives the earlier epochs NaN validation scores
        and losses; switching it off sets the validation attributes to None.

    momentum : float, default=0.9
        Momentum of the SGD updates, between 0 and 1.

    nesterovs_momentum : bool, default=True
        Whether to use Nesterov's momentum.

    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the training data (stratified for
        binary and multiclass targets where every class has two rows or
        more), or use the ``X_val`` and ``y_val``
        given to :meth:`fit`; stop when the ``scoring`` on those rows has not
        improved by ``tol`` for ``n_iter_no_change`` epochs, and keep the
        weights of the best epoch.

    validation_fraction : float, default=0.1
        Share of the training data held out with ``early_stopping``, in
        ``[0, 1)`` as in ``MLPClassifier``; not used without
        ``early_stopping`` or when ``X_val`` is passed to :meth:`fit`.

    n_iter_no_change : int, np.inf or "auto", default="auto"
        Training stops when ``tol`` has not been gained for more than this
        many consecutive epochs (``np.inf`` never stops early). ``"auto"``
        means ``tol`` per output unit, no stop before the network has seen
        20,000 samples (``t_``, over all calls), and a patience of 10 epochs,
        or of 200,000 samples while the training loss is above 30% of a
        constant prediction's: the plateaus a sigmoid network crosses before it
        learns are not taken for convergence (the tuning guide says why). A fit
        that stalled before the 20,000 samples ends at ``max_iter`` without a
        ``ConvergenceWarning``. An int gives ``MLPClassifier``'s rule exactly.

    device : str, default="cpu"
        Where to train and predict: ``"cpu"``, ``"cuda"``, ``"cuda:N"``,
        ``"mps"``, or ``"auto"`` for the first GPU when one is visible. The
        fitted weights are always stored as NumPy arrays, so a model trained on
        a GPU predicts on a machine without one. Apple's ``"mps"`` has no
        float64: there the network trains in float32 whatever the input's
        dtype, and ``coefs_`` and ``intercepts_`` are float32.

    class_weight : dict, list of dict, "balanced" or None, default=None
        Weight of each class, ``{label: weight}``, multiplying the sample
        weights of its rows (training and validation rows alike). ``"balanced"``
        weighs each class by ``n_samples / (n_classes * count)`` in ``y``, as
        :func:`~sklearn.utils.class_weight.compute_class_weight`. For
        multilabel targets, ``"balanced"`` or one dict per label column
        (``[{0: 1, 1: 5}, ...]``), the weights of a row's columns multiplied,
        as :func:`~sklearn.utils.class_weight.compute_sample_weight` does.
        :meth:`partial_fit` refuses ``"balanced"``, as ``SGDClassifier`` does:
        one batch's class frequencies are not the data's. Weights must be
        finite and non-negative, as sample weights must. Keys are matched to
        labels as ``compute_class_weight`` matches them; dates and durations
        match by value, whatever their type.

    scoring : str, callable or None, default=None
        What early stopping maximises on the validation rows: None for the
        accuracy (``MLPClassifier``'s rule); ``"loss"`` for the binary
        cross-entropy, recorded negated so that higher is better as in
        ``HistGradientBoostingClassifier``; or any scorer name (``"roc_auc"``,
        ``"neg_log_loss"``, ...) or callable ``scorer(estimator, X, y)``;
        where the validation rows are weighted (``sample_weight`` or
        ``class_weight``) the callable gets their weights too, scaled by a
        power of two to a mean near one as the training weights are, and must
        take a ``sample_weight`` argument. Only used with ``early_stopping``.
        A score that is not a finite number (NaN, infinite, or not a number at
        all), or that fails because the validation rows lack a class, stops
        the fit with an error naming the value or what the rows lack. The
        callable receives the validation rows as given, and a model that
        predicts from them, also when ``fit`` standardises the features.

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
        Validation score (see ``scoring``) of every epoch with
        ``early_stopping``, else None. NaN for epochs of earlier warm-started
        fits without early stopping.

    validation_loss_curve_ : list of float or None
        Mean binary cross-entropy of the validation rows (weighted by their
        sample and class weights, without the L2 penalty that ``loss_curve_``
        includes) after every epoch with ``early_stopping``, whatever the
        ``scoring``; else None.

    best_validation_score_ : float or None
        Validation score of the weights the model keeps with
        ``early_stopping``, the best of ``validation_scores_``; else None.

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

    # The HTML repr links the class and each parameter to this API page, as
    # scikit-learn's own estimators link to theirs (docs/api.rst builds it).
    _doc_link_module = "sksigmoidnet"
    _doc_link_template = (
        "https://sksigmoidnet.github.io/sksigmoidnet/generated/"
        "{estimator_module}.{estimator_name}.html"
    )

    _parameter_constraints = {
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "activation": [StrOptions(set(ACTIVATIONS))],
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
        "validation_fraction": [Interval(Real, 0, 1, closed="left")],
        "n_iter_no_change": [
            Interval(Integral, 1, None, closed="left"),
            Options(Real, {np.inf}),
            StrOptions({"auto"}),
        ],
        "device": [str],
        "class_weight": [dict, list, StrOptions({"balanced"}), None],
        "scoring": [str, callable, None],
    }

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="logistic",
        *,
        alpha=1e-4,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.6,
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
        class_weight=None,
        scoring=None,
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
        self.class_weight = class_weight
        self.scoring = scoring

    # ------------------------------------------------------------------ fit

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(
        self,
        X,
        y,
        sample_weight=None,
        *,
        X_val=None,
        y_val=None,
        sample_weight_val=None,
    ):
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
            so that weight 2 counts as the row repeated. Multiplied by the
            ``class_weight`` of the sample's class.
        X_val : {array-like, sparse matrix} of shape (n_val, n_features), \
                default=None
            Validation rows for early stopping, used instead of holding out
            ``validation_fraction`` of ``X``: every row of ``X`` is then
            trained on. Requires ``early_stopping=True`` and ``y_val``.
        y_val : array-like of shape (n_val,) or (n_val, n_labels), default=None
            Labels of ``X_val``, of the same kind as ``y`` and among its
            labels.
        sample_weight_val : array-like of shape (n_val,), default=None
            Weights of the validation rows (multiplied by ``class_weight``, as
            the training rows' are).

        Returns
        -------
        self : SigmoidNetClassifier
            The fitted estimator.
        """
        return self._fit(
            X, y, sample_weight, validation=(X_val, y_val, sample_weight_val)
        )

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """Train for one epoch over ``X`` and ``y``, continuing from before.

        After a :meth:`fit` that standardised features far from unit scale,
        the epoch trains on the same standardisation; otherwise on the
        features as given, with a warning when they are far from unit scale.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_labels)
            Class labels, or a 0/1 indicator matrix.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative sample weights.
        classes : array-like of shape (n_classes,), default=None
            Every label that can occur. Required on the first call (except for
            multilabel targets); may be repeated on later calls, where it must
            equal the first. Arguments come in ``MLPClassifier.partial_fit``'s
            order, so pass ``classes`` by name.

        Returns
        -------
        self : SigmoidNetClassifier
            The updated estimator.
        """
        if self.__sklearn_is_fitted__():
            # scikit-learn checks the parameters in the first partial_fit only;
            # those set or loaded since are checked here, as fit checks them.
            self._validate_params()
        if self.early_stopping:
            raise ValueError(
                "partial_fit does not support early_stopping=True: there is no "
                "fixed validation set to stop on. Use fit, or set early_stopping=False."
            )
        check_partial_fit_class_weight(self.class_weight)
        return self._fit(X, y, sample_weight, classes=classes, incremental=True)

    def _fit(
        self, X, y, sample_weight, *, classes=None, incremental=False,
        validation=(None, None, None),
    ):  # fmt: skip
        """Fit from the arguments of ``fit`` or ``partial_fit``, and warn
        about what the fit reports.

        A fit that fails (bad input, divergence, a warning made an error)
        leaves the model as it was.
        """
        previous_state = self.__dict__.copy()
        try:
            continuing = self.__sklearn_is_fitted__() and (
                incremental or self.warm_start
            )
            X, y = validate_data(
                self,
                X,
                y,
                accept_sparse=SPARSE_FORMATS,
                dtype=self.coefs_[0].dtype if continuing else [np.float64, np.float32],
                multi_output=True,
                reset=not continuing,
            )
            y = _targets.as_target(y)
            classes_, kind = self._check_classes(y, classes, continuing, incremental)
            call = FitCall(classes_, kind, incremental, continuing)
            report = run_fit(self, call, FitData(X, y, sample_weight, validation))
            vars(self).update(report.attributes)
            self._warn_about(report, incremental)
        except BaseException:
            # What scikit-learn's callback support set up during this fit
            # stays: it tears the callbacks down on the way out.
            callback_bookkeeping = {
                name: value
                for name, value in self.__dict__.items()
                if name not in previous_state and name not in FIT_WRITTEN_NAMES
            }
            self.__dict__.clear()
            self.__dict__.update(previous_state)
            self.__dict__.update(callback_bookkeeping)
            raise
        return self

    def _warn_about(self, report, incremental):
        """Warn about the setup's notes, and when the fit was interrupted,
        learned nothing, or ran out of epochs."""
        for category, message in report.notes:
            _warn(message, category)
        outcome = report.outcome
        if outcome.interrupted:
            _warn(outcome.stop_reason, UserWarning)
            return
        failure = None if incremental else failure_to_learn(self, report)
        if failure is not None:
            _warn(f"SigmoidNetClassifier: {failure}", ConvergenceWarning)
        elif outcome.reached_max_epochs:
            _warn(
                f"SigmoidNetClassifier: {outcome.stop_reason} The training loss may "
                "still decrease: raise max_iter, or raise tol.",
                ConvergenceWarning,
            )

    def _check_classes(self, y, classes, continuing, incremental):
        """Return the classes and the kind of target of this fit.

        A fit that continues (``partial_fit``, or ``fit`` with ``warm_start``)
        must keep the kind of target and the classes of the fitted model.
        """
        observed = _targets.find_classes(y)
        if incremental and classes is not None:
            given = _targets.check_classes_param(classes)
            if continuing and not np.array_equal(given, self.classes_):
                raise ValueError(
                    f"classes={given.tolist()} differs from the classes this model was "
                    f"fitted with, {self.classes_.tolist()}: they cannot change. "
                    "Fit a new model for other classes."
                )
            classes_ = given
        elif continuing:
            classes_ = self.classes_
        elif incremental and y.ndim == 1:
            raise ValueError(
                "classes must be passed on the first call to partial_fit: the first "
                "batch may not contain every label."
            )
        else:
            classes_ = observed
        kind = _targets.target_kind(y, classes_)
        if continuing:
            self._check_same_target(y, observed, kind, incremental)
        if incremental:
            _targets.check_known_labels(
                y,
                classes_,
                kind,
                remedy="Pass every label that can occur in `classes` on the "
                "first call to partial_fit.",
            )
        return classes_, kind

    def _check_same_target(self, y, observed, kind, incremental):
        """Refuse a continued fit whose target differs from the fitted one's."""
        how = "partial_fit" if incremental else "A warm_start fit"
        if kind != self._target_kind:
            # Named by its own labels: against the model's classes, a 1-d y of
            # 0s and 1s for a model of 3 labels would count as multiclass.
            given_kind = _targets.target_kind(y, observed)
            raise ValueError(
                f"{how} got a {given_kind} target, but this model was fitted on a "
                f"{self._target_kind} target. The kind of target cannot change "
                "between calls: fit a new model, or set warm_start=False."
            )
        if not incremental and not np.array_equal(observed, self.classes_):
            raise ValueError(
                f"A warm_start fit needs y with the same classes as the fitted "
                f"model: it has {self.classes_.tolist()}, this y has "
                f"{observed.tolist()}. Fit a new model, or set warm_start=False."
            )

    # -------------------------------------------------------------- predict

    def _logits(self, X):
        check_is_fitted(self)
        # X keeps its dtype here: converting a large X to the weights' dtype
        # whole would double its memory, so each chunk is converted on its own.
        X = validate_data(
            self, X, accept_sparse=SPARSE_FORMATS, dtype="numeric", reset=False
        )
        # Where torch cannot be imported, NumPy computes every prediction: a
        # model loaded there predicts batches of any size. torch is imported
        # only for a batch that torch would compute.
        if predicts_with_numpy(X, self.coefs_, self.device) or not (
            _engine.importable()
        ):
            logits = numpy_logits(X, self.coefs_, self.intercepts_, self.activation)
        else:
            logits = _engine.predict_logits(
                self.coefs_, self.intercepts_, self.activation, self.device, X
            )
        _refuse_unusable_logits(logits, self.coefs_[0].dtype, self._target_kind)
        return logits

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
            For multiclass targets, the most probable class; among classes
            whose probabilities round to equal values (saturated outputs), the
            one of the largest logit.
        """
        logits = self._logits(X)
        kind = self._target_kind
        proba = probabilities(logits, kind, len(self.classes_))
        return _targets.decode(proba, logits, self.classes_, kind)

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
            independent probability of each label. Rows with saturated outputs
            are computed in log space, so that they give 0 or 1, never NaN; the
            most probable class is always the one :meth:`predict` returns.

        Raises
        ------
        ValueError
            When values overflow inside the network (an input far larger than
            the training data, in a float32 model) so that its outputs are NaN;
            every prediction method refuses such rows rather than guess.
        """
        return probabilities(self._logits(X), self._target_kind, len(self.classes_))

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`, computed without rounding to -inf.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Finite wherever the network's outputs are: log-sigmoids of the
            logits, normalised by their log-sum-exp for multiclass targets.
        """
        return log_probabilities(self._logits(X), self._target_kind, len(self.classes_))

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
        return _engine.torch_module(self.coefs_, self.intercepts_, self.activation)

    def __sklearn_is_fitted__(self):
        return hasattr(self, "coefs_")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        tags.input_tags.sparse = True
        return tags

    def __getstate__(self):
        return get_state(self, super().__getstate__())

    def __setstate__(self, state):
        super().__setstate__(check_state(self, state))


def _warn(message, category):
    """Warn, naming the first frame outside this package and scikit-learn's
    wrapper of the fit methods: the line that called ``fit`` or
    ``partial_fit``, whatever the calls in between."""
    level, frame = 2, sys._getframe(1)  # stacklevel 2 names _warn's caller
    while frame is not None and frame.f_code.co_filename.startswith(_OWN_FILES):
        level, frame = level + 1, frame.f_back
    warnings.warn(message, category, stacklevel=level)
