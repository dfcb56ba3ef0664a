"""Probabilities stay finite and agree with ``predict`` when outputs saturate."""

import warnings

import numpy as np
import pytest
from cases import ACTIVATIONS, target_of_kind
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.special import log_expit, logsumexp
from sklearn.datasets import make_classification

from sksigmoidnet import SigmoidNetClassifier


def fitted(activation, kind, dtype, seed=0, max_iter=5):
    X, y = make_classification(
        n_samples=60, n_features=5, n_informative=4, n_redundant=0,
        n_classes=3, random_state=seed,
    )  # fmt: skip
    y = target_of_kind(y, kind)
    model = SigmoidNetClassifier(
        hidden_layer_sizes=(7,), activation=activation, max_iter=max_iter,
        learning_rate_init=0.25, random_state=seed,
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning after a few epochs
        return model.fit(X.astype(dtype), y), X.astype(dtype)


def reference_log_probabilities(logits, kind):
    """The log-probabilities of ``logits``, in float64 and log space."""
    z = logits.astype(np.float64).reshape(len(logits), -1)
    if kind == "binary":
        return np.hstack([log_expit(-z), log_expit(z)])
    log_units = log_expit(z)
    if kind == "multiclass":
        log_units -= logsumexp(log_units, axis=1, keepdims=True)
    return log_units


def check_accuracy(model, X, proba, log_proba):
    """Both within a few units in the last place of a float64 reference.

    A log-probability is a difference of values as large as the row's
    largest logit, so it is good to about ``eps * max|z|`` in absolute terms,
    and the exponential of it to that much relatively. ``predict_proba``
    computes rows of moderate logits directly, to a few ``eps`` relatively;
    its other rows are exponentials of log-probabilities. Below the smallest
    normal number, the spacing of subnormal numbers is all that can be asked.
    """
    logits = model.decision_function(X).reshape(len(X), -1)
    reference = reference_log_probabilities(logits, model._target_kind)
    info = np.finfo(proba.dtype)
    error = 8 * info.eps * (1 + np.abs(logits).max(axis=1, keepdims=True))
    assert (np.abs(log_proba - reference) <= error).all()
    assert (
        np.abs(proba - np.exp(reference))
        <= error * np.exp(reference) + info.smallest_subnormal
    ).all()


def check_probabilities(model, X):
    proba = model.predict_proba(X)
    log_proba = model.predict_log_proba(X)
    assert np.isfinite(proba).all() and np.isfinite(log_proba).all()
    assert ((proba >= 0) & (proba <= 1)).all()
    check_accuracy(model, X, proba, log_proba)
    prediction = model.predict(X)
    if model._target_kind == "multilabel-indicator":
        np.testing.assert_array_equal(prediction, (proba > 0.5).astype(int))
    else:
        np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-5)
        # The most probable class; among equal probabilities, the largest logit.
        rows, predicted = np.arange(len(X)), np.searchsorted(model.classes_, prediction)
        most_probable = proba == proba.max(axis=1, keepdims=True)
        assert most_probable[rows, predicted].all()
        if model._target_kind == "multiclass":
            logits = np.where(most_probable, model.decision_function(X), -np.inf)
            np.testing.assert_array_equal(predicted, np.argmax(logits, axis=1))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_multiclass_probabilities_are_finite_when_every_output_underflows(dtype):
    model, X = fitted("relu", "multiclass", dtype)
    X_far = X * dtype(1e5)  # far outside the training range
    logits = model.decision_function(X_far)
    underflow = -120 if dtype == np.float32 else -800
    saturated = logits.max(axis=1) < underflow
    assert saturated.sum() >= 5, "the test needs rows whose every sigmoid is 0"
    check_probabilities(model, X_far)


def test_binary_log_probabilities_are_finite_for_confident_rows():
    model, X = fitted("identity", "binary", np.float64)
    X_far = X * 1e5
    assert np.abs(model.decision_function(X_far)).max() > 800
    log_proba = model.predict_log_proba(X_far)
    assert np.isfinite(log_proba).all()
    # log(1 - p) is the log-sigmoid of -z, not log of a rounded 0.
    z = model.decision_function(X_far)
    np.testing.assert_allclose(log_proba[:, 0], -np.logaddexp(0, z))


@pytest.mark.parametrize("n_rows", [3, 30_000])  # NumPy and torch forward passes
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_outputs_overflowed_to_nan_are_refused_not_predicted(n_rows, dtype):
    model, X = fitted("relu", "binary", dtype)
    # Weights and input so large that the first layer overflows to +inf and
    # -inf, which the next layer adds up to NaN.
    model.coefs_ = [coef * dtype(1e6) for coef in model.coefs_]
    scale = dtype(1e30) if dtype == np.float32 else dtype(1e300)
    X_overflowing = np.resize(X, (n_rows, X.shape[1])) * scale
    name = np.dtype(dtype).name
    for method in ["predict", "predict_proba", "predict_log_proba"]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # NumPy's overflow
            with pytest.raises(ValueError, match=f"NaN.*overflowed {name}") as error:
                getattr(model, method)(X_overflowing)
        # Training on float64 data is advice for float32 models only.
        assert ("float64 model" in str(error.value)) == (dtype == np.float32)
    # Rows of ordinary scale still predict.
    check_probabilities(model, X)


@pytest.mark.parametrize("n_rows", [3, 30_000])  # NumPy and torch forward passes
def test_multiclass_outputs_all_minus_infinity_are_refused(n_rows):
    model, X = fitted("relu", "multiclass", np.float32)
    # Every output weight negative: a hidden unit overflowing to +inf drives
    # every logit to -inf, with no NaN on the way.
    model.coefs_[0] = model.coefs_[0] * np.float32(1e6)
    model.coefs_[-1] = -np.abs(model.coefs_[-1]) - np.float32(0.1)
    X_overflowing = np.resize(np.abs(X), (n_rows, X.shape[1])) * np.float32(1e34)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy's overflow
        for method in ["decision_function", "predict", "predict_proba"]:
            with pytest.raises(ValueError, match="all -inf.*overflowed float32"):
                getattr(model, method)(X_overflowing)


def test_saturated_multiclass_ties_go_to_the_largest_logit():
    model, X = fitted("logistic", "multiclass", np.float64)
    # Logits 40, 50 and -3 on every row: the first two sigmoids round to 1.
    model.coefs_[-1] = np.zeros_like(model.coefs_[-1])
    model.intercepts_[-1] = np.array([40.0, 50.0, -3.0])
    proba = model.predict_proba(X)
    assert (proba[:, 0] == proba[:, 1]).all()
    np.testing.assert_array_equal(model.predict(X), model.classes_[1])
    check_probabilities(model, X)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("kind", ["binary", "multiclass", "multilabel"])
def test_probabilities_are_accurate_on_both_sides_of_saturation(kind, dtype):
    model, X = fitted("identity", kind, dtype)
    # Logits c * x + b of the first feature, x sweeping past the values
    # where sigmoids leave the normal numbers (about -745 in float64 and
    # -104 in float32) and where they round to 1.
    n_outputs = model.coefs_[-1].shape[1]
    model.coefs_[0] = np.zeros_like(model.coefs_[0])
    model.coefs_[0][0] = 1
    model.intercepts_[0] = np.zeros_like(model.intercepts_[0])
    slopes = np.array([1.0, -0.7, 0.4])[:n_outputs]
    model.coefs_[-1] = np.zeros_like(model.coefs_[-1])
    model.coefs_[-1][0] = slopes
    model.intercepts_[-1] = np.array([0.0, -30.0, 12.0], dtype=dtype)[:n_outputs]
    reach = 900 if dtype == np.float64 else 130
    X_sweep = np.zeros((6_001, X.shape[1]), dtype=dtype)
    X_sweep[:, 0] = np.linspace(-reach, reach, len(X_sweep))
    check_probabilities(model, X_sweep)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    activation=st.sampled_from(ACTIVATIONS),
    kind=st.sampled_from(["binary", "multiclass", "multilabel"]),
    dtype=st.sampled_from([np.float32, np.float64]),
    log_scale=st.floats(-3, 6),
    seed=st.integers(0, 50),
)
def test_probabilities_of_random_networks_at_any_input_scale(
    activation, kind, dtype, log_scale, seed
):
    model, X = fitted(activation, kind, dtype, seed=seed, max_iter=2)
    check_probabilities(model, X * dtype(10.0**log_scale))
