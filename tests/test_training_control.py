"""Training control: partial_fit, warm_start, schedules, early stopping, verbose
output, divergence and interruption (issue 3), through the public API only."""

import _thread
import copy
import io
import pickle
import re
import signal
import threading
import warnings
from contextlib import contextmanager, redirect_stdout

import numpy as np
import pytest
import sklearn
from assertions import assert_same_weights
from cases import ACTIVATIONS, small_net
from numpy.testing import assert_allclose, assert_array_equal
from scipy.special import expit
from sklearn.base import clone
from sklearn.datasets import make_blobs
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.neural_network import MLPClassifier
from sklearn.utils.fixes import parse_version

from sksigmoidnet import SigmoidNetClassifier, TrainingDivergedError

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

# Relative tolerance for "the same float64 computation done by another code path".
FLOAT64_RTOL = 1e-10


def binary_data(n_samples=60, n_features=4, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n_samples, n_features))
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(int)
    return X, y


def multiclass_data(n_samples=90, n_features=4, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n_samples, n_features))
    y = np.digitize(X[:, 0] + 0.3 * X[:, 1], [-0.45, 0.45])
    return X, y


def noisy_binary_data(n_samples=200, seed=0):
    """Data where the validation accuracy goes up and down: early stopping stops."""
    X, y = binary_data(n_samples, seed=seed)
    flip = np.random.RandomState(seed + 1).rand(n_samples) < 0.2
    return X, np.where(flip, 1 - y, y)


def all_weights(model):
    return model.coefs_ + model.intercepts_


def assert_close_weights(first, second, rtol=FLOAT64_RTOL):
    for a, b in zip(all_weights(first), all_weights(second), strict=True):
        assert_allclose(a, b, rtol=rtol, atol=1e-14)


def weights_differ(first, second):
    return any(
        not np.allclose(a, b, rtol=1e-6, atol=0)
        for a, b in zip(all_weights(first), all_weights(second), strict=True)
    )


# ------------------------------------------------------------------ partial_fit


@pytest.mark.parametrize("learning_rate", ["constant", "invscaling", "adaptive"])
@pytest.mark.parametrize("weighted", [False, True])
def test_partial_fit_repeated_equals_fit(learning_rate, weighted):
    """N calls of partial_fit on the same data are fit(max_iter=N) without a stop."""
    X, y = multiclass_data()
    sample_weight = (
        np.random.RandomState(3).uniform(0.5, 2, len(y)) if weighted else None
    )
    params = dict(learning_rate=learning_rate, shuffle=True, n_iter_no_change=np.inf)
    n_epochs = 4
    fitted = small_net(max_iter=n_epochs, **params).fit(
        X, y, sample_weight=sample_weight
    )

    incremental = small_net(**params)
    for _ in range(n_epochs):
        # dask-ml passes classes on every call: that is allowed.
        incremental.partial_fit(X, y, classes=[0, 1, 2], sample_weight=sample_weight)

    assert_same_weights(fitted, incremental)
    assert_array_equal(fitted.predict_proba(X), incremental.predict_proba(X))
    assert_array_equal(fitted.loss_curve_, incremental.loss_curve_)
    assert fitted.t_ == incremental.t_ == n_epochs * len(y)
    assert fitted.n_iter_ == n_epochs
    assert incremental.n_iter_ == 1


def test_partial_fit_classes_needed_on_first_call_only():
    X, y = binary_data()
    with_classes = small_net()
    without_classes = small_net()
    for call in range(3):
        with_classes.partial_fit(X, y, classes=[0, 1])
        without_classes.partial_fit(X, y, classes=[0, 1] if call == 0 else None)
    assert_same_weights(with_classes, without_classes)


def test_partial_fit_first_batch_may_lack_a_class():
    X, y = multiclass_data()
    model = small_net().partial_fit(X[y != 2], y[y != 2], classes=[0, 1, 2])
    assert_array_equal(model.classes_, [0, 1, 2])
    assert model.predict_proba(X).shape == (len(X), 3)
    model.partial_fit(X, y)
    assert set(np.unique(model.predict(X))) <= {0, 1, 2}


def test_partial_fit_without_classes_on_first_call_raises():
    X, y = binary_data()
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        small_net().partial_fit(X, y)


@pytest.mark.parametrize("on_first_call", [True, False])
def test_partial_fit_label_outside_classes_raises(on_first_call):
    X, y = multiclass_data()
    model = small_net()
    if not on_first_call:
        model.partial_fit(X[y != 2], y[y != 2], classes=[0, 1])
    with pytest.raises(ValueError, match=r"labels \[2\] that are not in classes"):
        model.partial_fit(X, y, classes=[0, 1])


def test_partial_fit_classes_changed_on_later_call_raises():
    X, y = multiclass_data()
    model = small_net().partial_fit(X, y, classes=[0, 1, 2])
    with pytest.raises(
        ValueError,
        match=r"differs from the classes this model was fitted with, \[0, 1, 2\]",
    ):
        model.partial_fit(X, y, classes=[0, 1, 2, 3])


# ------------------------------------------------------------------ warm_start


def test_warm_start_continues_from_current_weights():
    """Without momentum and with a constant rate, the optimizer holds no state:
    2 epochs then 3 more with warm_start are exactly 5 epochs in one call."""
    X, y = binary_data()
    params = dict(momentum=0.0, learning_rate="constant", n_iter_no_change=np.inf)
    in_one_call = small_net(max_iter=5, **params).fit(X, y)

    continued = small_net(max_iter=2, **params).fit(X, y)
    continued.set_params(warm_start=True, max_iter=3).fit(X, y)

    assert_close_weights(in_one_call, continued, rtol=1e-12)
    assert_allclose(in_one_call.loss_curve_, continued.loss_curve_, rtol=1e-12)
    assert continued.n_iter_ == 3  # the epochs of the last call, as in MLPClassifier
    assert continued.t_ == 5 * len(y)  # t_ keeps counting
    assert len(continued.loss_curve_) == 5


@pytest.mark.parametrize(
    "optimizer_state",
    [
        pytest.param(dict(momentum=0.9, learning_rate="constant"), id="velocities"),
        pytest.param(dict(momentum=0.0, learning_rate="invscaling"), id="schedule"),
    ],
)
def test_warm_start_restarts_the_optimizer(optimizer_state):
    """As in MLPClassifier, fit with warm_start starts the velocities and the
    learning rate afresh, whereas partial_fit carries them on."""
    X, y = binary_data()
    params = dict(n_iter_no_change=np.inf, **optimizer_state)
    warm = small_net(max_iter=2, **params).fit(X, y)
    warm.set_params(warm_start=True, max_iter=1).fit(X, y)

    incremental = small_net(**params)
    for _ in range(3):
        incremental.partial_fit(X, y, classes=[0, 1])
    in_one_call = small_net(max_iter=3, **params).fit(X, y)

    assert_same_weights(incremental, in_one_call)
    assert weights_differ(warm, in_one_call)
    assert warm.t_ == in_one_call.t_


def test_a_changed_architecture_is_explained_to_partial_fit():
    """partial_fit ignores warm_start: the advice names what does start afresh."""
    X, y = binary_data()
    model = small_net(max_iter=2).fit(X, y)
    with pytest.raises(ValueError, match="fit a new model, or call fit with") as info:
        model.set_params(hidden_layer_sizes=(7,)).partial_fit(X, y)
    assert "Set warm_start=False" not in str(info.value)


def test_warm_start_with_other_classes_raises():
    X, y = multiclass_data()
    model = small_net(max_iter=2, warm_start=True).fit(X, y)
    for y_other in (y[y != 2], np.where(y == 2, 7, y)):
        X_other = X[: len(y_other)]
        with pytest.raises(
            ValueError, match="same classes as the fitted model"
        ) as info:
            model.fit(X_other, y_other)
        assert "partial_fit" not in str(info.value)


def test_without_warm_start_fit_starts_afresh():
    X, y = binary_data()
    model = small_net(max_iter=3).fit(X, y)
    model.set_params(max_iter=2).fit(X, y)
    fresh = small_net(max_iter=2).fit(X, y)
    assert_same_weights(model, fresh)
    assert len(model.loss_curve_) == 2
    assert model.t_ == 2 * len(y)


# ------------------------------------------------------- weights set by hand


def hand_set_weights(n_features, n_hidden, seed=7):
    rng = np.random.RandomState(seed)
    coefs = [
        rng.normal(scale=0.5, size=(n_features, n_hidden)),
        rng.normal(scale=0.5, size=(n_hidden, 1)),
    ]
    intercepts = [rng.normal(scale=0.1, size=n_hidden), rng.normal(scale=0.1, size=1)]
    return coefs, intercepts


def reference_forward(X, coefs, intercepts):
    hidden = expit(X @ coefs[0] + intercepts[0])
    return hidden, (hidden @ coefs[1] + intercepts[1])[:, 0]


def reference_loss_and_step(X, y, coefs, intercepts, alpha, learning_rate):
    """Mean BCE plus MLPClassifier's L2 term, and one full-batch SGD step."""
    n = len(y)
    hidden, logits = reference_forward(X, coefs, intercepts)
    p = expit(logits)
    loss = -np.mean(y * np.log(p) + (1 - y) * np.log1p(-p))
    loss += 0.5 * alpha * sum((c**2).sum() for c in coefs) / n
    output_delta = (p - y)[:, None] / n
    hidden_delta = (output_delta @ coefs[1].T) * hidden * (1 - hidden)
    gradients = [
        X.T @ hidden_delta + alpha * coefs[0] / n,
        hidden.T @ output_delta + alpha * coefs[1] / n,
        hidden_delta.sum(axis=0),
        output_delta.sum(axis=0),
    ]
    parameters = coefs + intercepts
    return loss, [
        w - learning_rate * g for w, g in zip(parameters, gradients, strict=True)
    ]


def test_predict_uses_hand_set_weights():
    X, y = binary_data()
    model = small_net(max_iter=2).fit(X, y)
    coefs, intercepts = hand_set_weights(X.shape[1], 5)
    model.coefs_, model.intercepts_ = coefs, intercepts

    _, logits = reference_forward(X, coefs, intercepts)
    assert_allclose(model.decision_function(X), logits, rtol=1e-12)
    assert_allclose(model.predict_proba(X)[:, 1], expit(logits), rtol=1e-12)
    assert_array_equal(model.predict(X), (logits > 0).astype(int))


@pytest.mark.parametrize("how", ["partial_fit", "warm_start"])
def test_training_starts_from_hand_set_weights(how):
    """One full-batch epoch without momentum is one SGD step from the weights
    set by hand: its loss and result match a NumPy computation."""
    X, y = binary_data()
    alpha, learning_rate = 1e-2, 0.3
    model = small_net(
        max_iter=1,
        batch_size=len(y),
        momentum=0.0,
        shuffle=False,
        alpha=alpha,
        learning_rate_init=learning_rate,
    ).fit(X, y)
    coefs, intercepts = hand_set_weights(X.shape[1], 5)
    model.coefs_ = [c.copy() for c in coefs]
    model.intercepts_ = [b.copy() for b in intercepts]

    if how == "partial_fit":
        model.partial_fit(X, y)
    else:
        model.set_params(warm_start=True).fit(X, y)

    loss, stepped = reference_loss_and_step(
        X, y, coefs, intercepts, alpha, learning_rate
    )
    assert_allclose(model.loss_curve_[-1], loss, rtol=1e-12)
    for got, expected in zip(all_weights(model), stepped, strict=True):
        assert_allclose(got, expected, rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("how", ["fit", "warm_start", "partial_fit"])
def test_invscaling_with_a_huge_power_t_decays_the_rate_to_zero(how):
    """(t + 1) ** 100 is beyond the largest float from 1,209 samples on:
    Python's OverflowError escaped from the schedule. The rate underflows to
    0 instead, a state that saves, and the weights stop moving."""
    X, y = binary_data(n_samples=1500)
    model = small_net(learning_rate="invscaling", momentum=0.0, max_iter=2)
    if how != "fit":
        model.fit(X, y)
    model.set_params(power_t=100, warm_start=how == "warm_start")
    if how == "partial_fit":
        model.partial_fit(X, y)
    else:
        model.fit(X, y)
    model = pickle.loads(pickle.dumps(model))
    before = [weights.copy() for weights in all_weights(model)]
    model.partial_fit(X, y)
    for old, new in zip(before, all_weights(model), strict=True):
        assert_array_equal(old, new)


def test_pickle_round_trip_keeps_optimizer_state():
    """partial_fit after pickle.loads(pickle.dumps(model)) is bit-identical."""
    X, y = multiclass_data()
    model = small_net(learning_rate="invscaling", momentum=0.9, nesterovs_momentum=True)
    for _ in range(2):
        model.partial_fit(X, y, classes=[0, 1, 2])
    restored = pickle.loads(pickle.dumps(model))
    for _ in range(2):
        model.partial_fit(X, y)
        restored.partial_fit(X, y)
    assert_same_weights(model, restored)
    assert_array_equal(model.loss_curve_, restored.loss_curve_)
    assert model.t_ == restored.t_


# ------------------------------------------- same trajectory as MLPClassifier


MOMENTUM_SETTINGS = {
    "no-momentum": dict(momentum=0.0, nesterovs_momentum=False),
    "momentum": dict(momentum=0.9, nesterovs_momentum=False),
    "nesterov": dict(momentum=0.9, nesterovs_momentum=True),
}


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("momentum", list(MOMENTUM_SETTINGS))
@pytest.mark.parametrize("learning_rate", ["constant", "invscaling", "adaptive"])
def test_weights_move_as_in_mlp_classifier(learning_rate, momentum, activation, capsys):
    """Same start, same data order: the same weights after every epoch.

    Both models are fitted for one epoch, given the same weights by hand, then
    trained with warm_start for k = 1..4 epochs from copies of that state. The
    weights stay moderate, so MLPClassifier's probability clipping never acts.
    """
    X, y = binary_data()
    coefs, intercepts = hand_set_weights(X.shape[1], 5)
    params = dict(
        hidden_layer_sizes=(5,),
        activation=activation,
        learning_rate=learning_rate,
        learning_rate_init=0.3,
        power_t=0.5,
        alpha=1e-3,
        batch_size=16,  # four batches, the last one short
        shuffle=False,
        random_state=0,
        **MOMENTUM_SETTINGS[momentum],
    )
    if learning_rate == "adaptive":
        # Every epoch counts as no improvement: the rate is divided by 5 every
        # second epoch (epochs 2 and 4).
        params.update(tol=1e3, n_iter_no_change=1)
    else:
        params.update(tol=0.0, n_iter_no_change=1000)

    def started(model):
        model.set_params(max_iter=1).fit(X, y)
        model.coefs_ = [c.copy() for c in coefs]
        model.intercepts_ = [b.copy() for b in intercepts]
        return model.set_params(warm_start=True)

    mlp_start = started(MLPClassifier(solver="sgd", **params))
    ours_start = started(SigmoidNetClassifier(**params))
    for n_epochs in range(1, 5):
        mlp = copy.deepcopy(mlp_start).set_params(max_iter=n_epochs, verbose=True)
        ours = copy.deepcopy(ours_start).set_params(max_iter=n_epochs, verbose=True)
        mlp.fit(X, y)
        ours.fit(X, y)
        assert_close_weights(ours, mlp)
        # The first entry is the epoch before the weights were set by hand.
        assert_allclose(ours.loss_curve_[1:], mlp.loss_curve_[1:], rtol=FLOAT64_RTOL)
        assert ours.t_ == mlp.t_
        assert ours.n_iter_ == mlp.n_iter_ == n_epochs

    printed = capsys.readouterr().out
    divisions = printed.count("Setting learning rate to")
    if learning_rate == "adaptive":
        # Both printed it: once in the 2- and 3-epoch runs, twice in the 4-epoch run.
        assert divisions == 2 * (1 + 1 + 2)
    else:
        assert divisions == 0


# -------------------------------------------------------------- early stopping


def early_stopping_net(**params):
    defaults = dict(
        early_stopping=True, n_iter_no_change=3, max_iter=200, learning_rate_init=0.5
    )
    return small_net(**{**defaults, **params})


def test_early_stopping_restores_the_best_epoch():
    X, y = noisy_binary_data()
    model = early_stopping_net().fit(X, y)

    scores = model.validation_scores_
    assert len(scores) == model.n_iter_ == len(model.loss_curve_)
    assert model.n_iter_ < model.max_iter  # it stopped on the validation score
    assert model.best_validation_score_ == max(scores)
    assert model.best_loss_ is None  # as in MLPClassifier with early stopping
    best_epoch = int(np.argmax(scores)) + 1
    assert best_epoch < model.n_iter_

    # The same training cut at the best epoch ends on the weights of that epoch.
    at_best_epoch = clone(model).set_params(
        max_iter=best_epoch, n_iter_no_change=np.inf
    )
    at_best_epoch.fit(X, y)
    assert at_best_epoch.validation_scores_ == scores[:best_epoch]
    assert_same_weights(model, at_best_epoch)
    assert_array_equal(model.predict(X), at_best_epoch.predict(X))


def test_early_stopping_split_is_drawn_from_random_state():
    X, y = noisy_binary_data()
    first = early_stopping_net(random_state=3).fit(X, y)
    again = early_stopping_net(random_state=3).fit(X, y)
    assert first.validation_scores_ == again.validation_scores_
    n_validation = int(np.ceil(0.1 * len(y)))
    # Accuracies on a held-out set of n_validation rows.
    assert_allclose(
        np.asarray(first.validation_scores_) * n_validation % 1, 0, atol=1e-9
    )


@pytest.mark.parametrize("random_state", range(5))
def test_early_stopping_split_is_stratified(random_state):
    """10 positives in 100 rows and validation_fraction=0.1: a stratified split
    holds exactly one positive, so a model that always predicts the negative
    class scores exactly 0.9 (an unstratified split would often hold 0 or 2)."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(100, 3))
    y = np.r_[np.ones(10, dtype=int), np.zeros(90, dtype=int)]
    model = small_net(
        hidden_layer_sizes=(3,),
        early_stopping=True,
        max_iter=1,
        random_state=random_state,
    ).fit(X, y)
    # Always "0", and too small a step to change that during the next epoch.
    model.coefs_ = [np.zeros((3, 3)), np.zeros((3, 1))]
    model.intercepts_ = [np.zeros(3), np.array([-10.0])]
    model.set_params(warm_start=True, learning_rate_init=1e-12).fit(X, y)
    assert model.validation_scores_[-1] == 0.9


def test_switching_on_early_stopping_with_warm_start():
    """The epochs before have NaN validation records: one entry per epoch."""
    X, y = noisy_binary_data()
    model = small_net(max_iter=2).fit(X, y)
    model.set_params(warm_start=True, early_stopping=True, max_iter=3).fit(X, y)

    n_epochs = 2 + model.n_iter_
    for curve in (model.validation_scores_, model.validation_loss_curve_):
        assert len(curve) == len(model.loss_curve_) == n_epochs
        assert np.isnan(curve[:2]).all()
        assert np.isfinite(curve[2:]).all()
    # Records start afresh: the best is that of this fit's epochs.
    assert model.best_validation_score_ == max(model.validation_scores_[2:])
    assert model.best_loss_ is None


def test_switching_off_early_stopping_with_warm_start():
    """No stale validation records: they describe no rule and no kept weights."""
    X, y = noisy_binary_data()
    model = early_stopping_net(max_iter=3, n_iter_no_change=np.inf).fit(X, y)
    assert model.best_validation_score_ is not None
    model.set_params(warm_start=True, early_stopping=False, max_iter=4).fit(X, y)

    assert model.validation_scores_ is None
    assert model.validation_loss_curve_ is None
    assert model.best_validation_score_ is None
    assert len(model.loss_curve_) == 3 + 4
    # The best loss is that of this fit, the first to track it.
    assert model.best_loss_ == min(model.loss_curve_[3:])


def test_warm_start_with_early_stopping_keeps_the_best_weights_seen():
    """A warm-started fit whose epochs do not beat the best validation score
    carried over keeps the weights it started from, which that score describes
    (MLPClassifier keeps its last epoch's weights instead)."""
    X, y = noisy_binary_data(n_samples=300)
    X_val, y_val = noisy_binary_data(n_samples=100, seed=5)
    model = early_stopping_net().fit(X, y, X_val=X_val, y_val=y_val)
    best, weights = model.best_validation_score_, copy.deepcopy(all_weights(model))
    assert model.score(X_val, y_val) == best

    # A far too large learning rate: every epoch scores worse than the best.
    model.set_params(warm_start=True, learning_rate_init=50.0, n_iter_no_change=2)
    model.fit(X, y, X_val=X_val, y_val=y_val)

    assert max(model.validation_scores_[-model.n_iter_ :]) < best
    assert model.best_validation_score_ == best == max(model.validation_scores_)
    for kept, started_from in zip(all_weights(model), weights, strict=True):
        assert_array_equal(kept, started_from)
    assert model.score(X_val, y_val) == best


def test_warm_start_with_early_stopping_holds_out_the_same_rows():
    """With an int random_state every warm-started fit holds out the rows the
    first fit held out: weights that barely move score what they scored."""
    X, y = noisy_binary_data()
    model = early_stopping_net(random_state=4).fit(X, y)
    model.set_params(warm_start=True, learning_rate_init=1e-12, max_iter=2)
    model.fit(X, y)
    assert model.validation_scores_[-2:] == [model.best_validation_score_] * 2


@pytest.mark.skipif(
    parse_version(sklearn.__version__) < parse_version("1.7"),
    reason="MLPClassifier.fit takes sample_weight from scikit-learn 1.7 on",
)
@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("target", ["binary", "multilabel"])
@pytest.mark.parametrize("weighted", [False, True])
def test_early_stopping_weights_move_as_in_mlp_classifier(target, weighted, activation):
    """Without shuffling, early stopping draws from random_state in
    MLPClassifier's order (initial weights, then the split): both hold out the
    same rows, score the same and stop at the same epoch on the same weights.
    (Multiclass targets are not compared: MLPClassifier's output is softmax.)"""
    X, y = noisy_binary_data()
    if target == "multilabel":
        y = np.c_[y, 1 - y, X[:, 2] > 0].astype(int)
    sample_weight = (
        np.random.RandomState(2).uniform(0.5, 2, len(X)) if weighted else None
    )
    params = dict(
        hidden_layer_sizes=(5,),
        activation=activation,
        early_stopping=True,
        shuffle=False,
        random_state=3,
        learning_rate_init=0.5,
        n_iter_no_change=3,
        tol=1e-4,
        batch_size=32,
    )
    mlp = MLPClassifier(solver="sgd", **params)
    mlp.fit(X, y, sample_weight=sample_weight)
    ours = SigmoidNetClassifier(**params).fit(X, y, sample_weight=sample_weight)

    assert ours.n_iter_ == mlp.n_iter_ < 200
    assert_allclose(ours.validation_scores_, mlp.validation_scores_, rtol=1e-12)
    assert ours.best_validation_score_ == pytest.approx(mlp.best_validation_score_)
    assert_allclose(ours.loss_curve_, mlp.loss_curve_, rtol=FLOAT64_RTOL)
    assert_close_weights(ours, mlp)


def test_best_loss_is_none_with_early_stopping_as_in_mlp():
    X, y = noisy_binary_data()
    mlp = MLPClassifier(
        hidden_layer_sizes=(5,),
        solver="sgd",
        early_stopping=True,
        max_iter=5,
        random_state=0,
    ).fit(X, y)
    ours = early_stopping_net(max_iter=5).fit(X, y)
    assert mlp.best_loss_ is None
    assert ours.best_loss_ is None
    without_early_stopping = small_net(max_iter=5).fit(X, y)
    assert without_early_stopping.best_loss_ == min(without_early_stopping.loss_curve_)


def test_early_stopping_split_too_small_for_every_class_raises():
    X, y = multiclass_data(n_samples=20)
    model = early_stopping_net(validation_fraction=0.1)
    with pytest.raises(ValueError, match="2 rows, fewer than the 3 classes"):
        model.fit(X, y)


def test_partial_fit_with_early_stopping_raises():
    X, y = binary_data()
    with pytest.raises(ValueError, match="partial_fit does not support early_stopping"):
        early_stopping_net().partial_fit(X, y, classes=[0, 1])


# --------------------------------------------------------------------- verbose

EPOCH_LINE = re.compile(
    r"^Iteration (\d+), loss = (\d+\.\d{8})(?:, validation score = (\d\.\d+))?"
    r", elapsed = \d+\.\d\d s$"
)


def epoch_lines(printed):
    return [
        EPOCH_LINE.match(line)
        for line in printed.splitlines()
        if EPOCH_LINE.match(line)
    ]


def test_verbose_prints_each_epoch_and_why_it_stopped(capsys):
    X, y = binary_data()
    model = small_net(max_iter=3, verbose=True).fit(X, y)
    lines = capsys.readouterr().out.strip().splitlines()

    matches = [EPOCH_LINE.match(line) for line in lines[:-1]]
    assert all(matches), lines
    assert [int(m.group(1)) for m in matches] == [1, 2, 3]
    assert_allclose([float(m.group(2)) for m in matches], model.loss_curve_, atol=1e-8)
    assert all(m.group(3) is None for m in matches)
    assert "Reached max_iter=3 epochs" in lines[-1]
    assert lines[-1].endswith("Stopping.")


def test_verbose_prints_validation_score_with_early_stopping(capsys):
    X, y = noisy_binary_data()
    model = early_stopping_net(verbose=True).fit(X, y)
    printed = capsys.readouterr().out
    matches = epoch_lines(printed)
    assert len(matches) == model.n_iter_
    assert_allclose(
        [float(m.group(3)) for m in matches], model.validation_scores_, atol=1e-6
    )
    last = printed.strip().splitlines()[-1]
    assert "Validation score did not improve more than tol" in last
    assert last.endswith("Stopping.")


def test_verbose_says_when_the_loss_stalls(capsys):
    X, y = binary_data()
    model = small_net(verbose=True, tol=1e3, n_iter_no_change=1).fit(X, y)
    printed = capsys.readouterr().out
    # Epoch 1 improves on an infinite best loss; epochs 2 and 3 do not: the count
    # exceeds n_iter_no_change=1 at epoch 3, as in MLPClassifier.
    mlp = MLPClassifier(
        hidden_layer_sizes=(5,),
        solver="sgd",
        tol=1e3,
        n_iter_no_change=1,
        random_state=0,
    ).fit(X, y)
    assert model.n_iter_ == mlp.n_iter_ == 3
    assert len(epoch_lines(printed)) == 3
    assert "Training loss did not improve more than tol=1000.0 for 1 consecutive" in (
        printed
    )


# ------------------------------------------------------------------ divergence


@pytest.mark.parametrize("how", ["warm_start", "partial_fit"])
def test_divergence_keeps_the_last_finite_weights(how):
    X, y = binary_data()
    model = small_net(max_iter=3, batch_size=10).fit(X, y)
    before = copy.deepcopy(model)

    # An absurd L2 penalty makes each step multiply the weights by about -1e298:
    # they overflow within the first epoch. (alpha is read on every call, whereas
    # partial_fit carries its learning rate on, as MLPClassifier's does.)
    model.set_params(alpha=1e300)
    with pytest.raises(ValueError, match="Training diverged at epoch 1"):
        if how == "warm_start":
            model.set_params(warm_start=True).fit(X, y)
        else:
            model.partial_fit(X, y)

    assert_same_weights(model, before)
    assert model.loss_curve_ == before.loss_curve_
    assert model.t_ == before.t_
    probabilities = model.predict_proba(X)
    assert np.isfinite(probabilities).all()
    assert_array_equal(probabilities, before.predict_proba(X))

    # And it carries on training once the cause is fixed.
    model.set_params(alpha=1e-4).partial_fit(X, y)
    assert np.isfinite(model.loss_)
    assert len(model.loss_curve_) == len(before.loss_curve_) + 1


def test_divergence_on_first_fit_leaves_the_model_unfitted():
    X, y = binary_data()
    model = small_net(batch_size=10, learning_rate_init=1e300)
    with pytest.raises(ValueError, match="smaller learning_rate_init"):
        model.fit(X * 1e10, y)
    with pytest.raises(NotFittedError):
        model.predict(X)


def test_divergence_from_a_huge_alpha_names_alpha():
    """alpha=1e308 diverged with advice about learning_rate_init only."""
    X, y = binary_data()
    with pytest.raises(TrainingDivergedError, match=r"a smaller alpha \(a strong L2"):
        small_net(alpha=1e308).fit(X, y)


# ---------------------------------------------------------- KeyboardInterrupt


class InterruptAfterEpochs(io.StringIO):
    """Verbose-output sink that sends a real interrupt to the main thread, from
    a timer thread, ``delay`` seconds after ``n_epochs`` epochs have been
    reported. Where it lands depends on timing: the tests that send it hold
    wherever it lands."""

    def __init__(self, n_epochs, delay=0.05):
        super().__init__()
        self.trigger = f"Iteration {n_epochs},"
        self.delay = delay
        self.timer = None

    def write(self, text):
        if self.timer is None and text.startswith(self.trigger):
            self.timer = threading.Timer(self.delay, _thread.interrupt_main)
            self.timer.start()
        return super().write(text)


class InterruptAtEpoch(io.StringIO):
    """Verbose-output sink that raises KeyboardInterrupt as the fit reports
    epoch ``n_epochs``: an interrupt at a defined point, after that epoch's
    records and the copy of its weights, whatever the machine's load."""

    def __init__(self, n_epochs):
        super().__init__()
        self.trigger = f"Iteration {n_epochs},"

    def write(self, text):
        if text.startswith(self.trigger):
            raise KeyboardInterrupt
        return super().write(text)


@contextmanager
def interrupts_raise():
    """Python's own SIGINT handler, which raises KeyboardInterrupt, for the
    duration. A session started with SIGINT ignored (a background job of a
    shell script) has none, and ``interrupt_main`` then does nothing: the fit
    would run its million epochs."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def fit_until_interrupted(model, X, y, after_epochs=3, delay=0.05):
    sink = InterruptAfterEpochs(after_epochs, delay)
    with interrupts_raise():
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                with redirect_stdout(sink):
                    model.fit(X, y)
        except KeyboardInterrupt:  # pragma: no cover - would end the test session
            pytest.fail("KeyboardInterrupt escaped from fit")
        finally:
            if sink.timer is not None:
                sink.timer.join()
    return caught, sink.getvalue()


def test_keyboard_interrupt_leaves_a_usable_model():
    X, y = binary_data(n_samples=20)
    max_iter = 10**6  # hours of training: only the interrupt can end it
    model = small_net(
        hidden_layer_sizes=(3,),
        max_iter=max_iter,
        n_iter_no_change=np.inf,
        verbose=True,
    )
    caught, printed = fit_until_interrupted(model, X, y)

    interrupted = [w for w in caught if "interrupted" in str(w.message)]
    assert len(interrupted) == 1
    assert interrupted[0].category is UserWarning
    assert not [w for w in caught if issubclass(w.category, ConvergenceWarning)]
    assert 3 <= model.n_iter_ < max_iter
    assert len(model.loss_curve_) == model.n_iter_
    assert model.t_ == model.n_iter_ * len(y)
    assert f"interrupted by the user after {model.n_iter_} epochs" in printed
    assert np.isfinite(model.predict_proba(X)).all()
    assert model.predict(X).shape == y.shape
    # The interrupted model can continue training.
    n_epochs = model.n_iter_
    model.set_params(verbose=False).partial_fit(X, y)
    assert len(model.loss_curve_) == n_epochs + 1


def interruptible_early_stopping_net():
    """Early stopping on 10 validation rows, for a million epochs: only an
    interrupt ends the fit."""
    return small_net(
        hidden_layer_sizes=(3,),
        early_stopping=True,
        validation_fraction=0.25,
        max_iter=10**6,
        n_iter_no_change=np.inf,
        learning_rate_init=0.5,
        verbose=True,
    )


def best_scored_epoch(scores):
    """The epoch (from 1) whose score beats every score before it, last of
    all: the one early stopping keeps. NaN, an epoch not scored, never is."""
    best, kept = -np.inf, None
    for epoch, score in enumerate(scores, start=1):
        if score > best:
            best, kept = score, epoch
    return kept


def test_keyboard_interrupt_with_early_stopping_keeps_the_best_weights():
    """Interrupted at a defined epoch (it was by a timer, and on a loaded
    machine sometimes landed where the kept weights were lost: issue 26
    item 14; the next test covers that)."""
    X, y = noisy_binary_data(n_samples=40)
    model = interruptible_early_stopping_net()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with redirect_stdout(InterruptAtEpoch(12)):
            model.fit(X, y)
    assert sum("interrupted" in str(w.message) for w in caught) == 1
    assert model.n_iter_ == len(model.validation_scores_) == 12
    scores = model.validation_scores_
    assert model.best_validation_score_ == max(scores)
    best_epoch = best_scored_epoch(scores)
    assert best_epoch < 12  # the kept weights are not the last epoch's
    at_best_epoch = (
        clone(model).set_params(max_iter=best_epoch, verbose=False).fit(X, y)
    )
    assert_same_weights(model, at_best_epoch)


def test_an_interrupt_from_another_thread_keeps_the_best_weights_and_score():
    """An interrupt sent from another thread lands when the main thread takes
    the interpreter lock back, which torch releases in each operation: one
    of them copies the weights of a new best epoch, after its score is
    recorded. Landing there lost the copy, and the model kept the previous
    best weights with the new best score. Sent at a hundred moments of the
    first epochs, every interrupt leaves the best scored epoch's weights."""
    X, y = noisy_binary_data(n_samples=40)
    at_epoch = {}
    for trial in range(100):
        model = interruptible_early_stopping_net()
        fit_until_interrupted(model, X, y, delay=trial * 3e-5)
        scores = model.validation_scores_
        best_epoch = best_scored_epoch(scores)
        assert model.best_validation_score_ == scores[best_epoch - 1]
        if best_epoch not in at_epoch:
            at_epoch[best_epoch] = (
                clone(model).set_params(max_iter=best_epoch, verbose=False).fit(X, y)
            )
        assert_same_weights(model, at_epoch[best_epoch])


def test_keyboard_interrupt_while_scoring_keeps_one_record_per_epoch():
    """An interrupt that lands in the validation scorer: the epoch it ends
    trained but has no score, recorded as NaN, and the model saves and loads."""
    X, y = noisy_binary_data(n_samples=60)
    calls = []

    def interrupted_on_third_call(estimator, X_val, y_val):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return estimator.score(X_val, y_val)

    model = early_stopping_net(scoring=interrupted_on_third_call, max_iter=20)
    with pytest.warns(UserWarning, match="interrupted by the user after 3 epochs"):
        model.fit(X, y)

    assert len(model.loss_curve_) == len(model.validation_scores_) == 3
    assert len(model.validation_loss_curve_) == 3
    assert np.isnan(model.validation_scores_[-1])
    assert np.isnan(model.validation_loss_curve_[-1])
    assert model.best_validation_score_ == max(model.validation_scores_[:2])
    loaded = pickle.loads(pickle.dumps(model.set_params(scoring=None)))
    assert_array_equal(loaded.predict_proba(X), model.predict_proba(X))


# ------------------------------------------- warm_start with early stopping


def two_problems():
    """Two binary problems on the same features, the second noisier."""
    X_first, y_first = noisy_binary_data(n_samples=200, seed=0)
    rng = np.random.RandomState(5)
    X_second = rng.normal(size=(200, 4))
    y_second = (X_second[:, 1] - X_second[:, 0] > 0).astype(int)
    return (X_first, y_first), (X_second, y_second)


def test_warm_start_on_new_data_keeps_what_it_learned():
    """The weights a warm start begins from are scored again on the new
    validation rows: training that beats them there is kept."""
    (X_first, y_first), (X_second, y_second) = two_problems()
    model = early_stopping_net(warm_start=True).fit(X_first, y_first)
    first_score = model.best_validation_score_
    started_from = copy.deepcopy(model)
    model.set_params(n_iter_no_change=10).fit(X_second, y_second)

    assert weights_differ(model, started_from)
    assert started_from.score(X_second, y_second) < 0.6
    assert model.score(X_second, y_second) > 0.8
    # The best score is that of the kept weights, on the second problem's rows.
    assert model.best_validation_score_ == max(
        model.validation_scores_[-model.n_iter_ :]
    )
    assert model.best_validation_score_ != first_score


def test_warm_start_with_another_scoring_compares_like_with_like():
    """An accuracy carried over is never compared with negated losses."""
    X, y = noisy_binary_data()
    model = early_stopping_net(warm_start=True, max_iter=5).fit(X, y)
    started_from = copy.deepcopy(model)
    model.set_params(scoring="loss", n_iter_no_change=np.inf, max_iter=20).fit(X, y)

    assert model.best_validation_score_ < 0  # a negated loss
    assert model.best_validation_score_ == max(model.validation_scores_[-20:])
    assert weights_differ(model, started_from)


def test_auto_stopping_rule_applies_tol_per_output_unit(capsys):
    """The training loss sums one cross-entropy per output unit: under
    ``n_iter_no_change="auto"`` ten classes get ``tol`` per unit, the rule an
    int ``n_iter_no_change`` applies with ten times ``tol`` to the sum. With
    blobs learned from the first epochs, the loss is soon far below a constant
    prediction's: no plateau, and the patience is 10 epochs."""
    X, y = make_blobs(2000, n_features=5, centers=10, random_state=0)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    auto = SigmoidNetClassifier((16,), tol=3e-4, verbose=True, random_state=0)
    auto.fit(X, y)
    assert "tol=0.0003 per output unit" in capsys.readouterr().out
    whole_loss = SigmoidNetClassifier(
        (16,), tol=3e-3, n_iter_no_change=10, random_state=0
    ).fit(X, y)
    assert auto.n_iter_ == whole_loss.n_iter_ < 500
    np.testing.assert_array_equal(auto.loss_curve_, whole_loss.loss_curve_)
