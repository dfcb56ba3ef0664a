"""Property: a saved state with one field replaced by NaN, inf, another type,
shape or dtype either fails to load with a ValueError naming that field, or
loads as a model that predicts exactly what the original predicted and can
keep training (or refuses to, with a ValueError).

The replacement goes into the dict that pickle, joblib and skops all hand to
``__setstate__``: a forged pickle reaches every field directly."""

import copy
import functools
import io
import pickle
import warnings

import joblib
import numpy as np
import pandas as pd
import pytest
import sklearn
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.datasets import make_classification, make_multilabel_classification
from sklearn.exceptions import ConvergenceWarning, InconsistentVersionWarning
from sklearn.metrics import accuracy_score, make_scorer
from test_properties import datasets, parameters

from sksigmoidnet import SigmoidNetClassifier

PREDICTION_METHODS = (
    "predict",
    "predict_proba",
    "predict_log_proba",
    "decision_function",
)


class _Forged:
    """Pickles as a SigmoidNetClassifier restored from an arbitrary state."""

    def __init__(self, state):
        self.state = state

    def __reduce__(self):
        return (object.__new__, (SigmoidNetClassifier,), self.state)


def _data(kind, dtype):
    if kind == "multilabel":
        X, y = make_multilabel_classification(
            60, n_features=4, n_classes=3, random_state=0
        )
    else:
        X, y = make_classification(
            60,
            n_features=4,
            n_informative=3,
            n_redundant=0,
            n_classes=2 if kind == "binary" else 3,
            random_state=0,
        )
        if kind == "multiclass":
            y = np.array(["ant", "bee", "cow"])[y]
    return X.astype(dtype), y


def _continue(model, X, y):
    if model.early_stopping:
        return model.set_params(warm_start=True, max_iter=2).fit(X, y)
    return model.partial_fit(X, y)


def _fit(kind, dtype, how):
    X, y = _data(kind, dtype)
    model = SigmoidNetClassifier(
        (5,), max_iter=4, random_state=0, early_stopping=how == "warm_start"
    )
    if how == "partial_fit":
        classes = None if kind == "multilabel" else np.unique(y)
        model.partial_fit(X, y, classes=classes)
    elif how == "routed":
        X = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
        callbacks = pytest.importorskip(
            "sklearn.callback", reason="scikit-learn has callbacks from 1.9 on"
        )
        with sklearn.config_context(enable_metadata_routing=True):
            model.set_fit_request(sample_weight=True)
            model.set_callbacks(callbacks.ScoringMonitor(scoring="accuracy"))
            model.fit(X, y)
    else:
        model.fit(X, y)
    if how in ("partial_fit", "warm_start"):
        _continue(model, X, y)
    return model, X, y


MODELS = {
    "binary-float64-fit": ("binary", np.float64, "fit"),
    "binary-float32-partial_fit": ("binary", np.float32, "partial_fit"),
    "multiclass-float32-fit": ("multiclass", np.float32, "fit"),
    "multiclass-float64-warm_start": ("multiclass", np.float64, "warm_start"),
    "multilabel-float64-partial_fit": ("multilabel", np.float64, "partial_fit"),
    "multilabel-float32-callbacks-and-routing": ("multilabel", np.float32, "routed"),
}


@functools.cache
def _fitted(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model, X, y = _fit(*MODELS[name])
    expected = {method: getattr(model, method)(X) for method in PREDICTION_METHODS}
    return pickle.dumps(model), X, y, expected


# ------------------------------------------------------------ replacements


def _array_variants(array):
    variants = [
        array[None],  # one more dimension
        np.concatenate([array, array[-1:]]),  # one more row
        np.ma.masked_array(array),
        array.astype(object),
        array.tolist(),
    ]
    if array.ndim == 2:
        variants += [array.ravel(), np.asmatrix(array), array.T]
    if array.dtype.kind in "biuf":
        for value in (np.nan, np.inf):
            poisoned = array.astype(np.float64 if array.dtype.kind in "biu" else None)
            poisoned.flat[0] = value
            variants.append(poisoned)
        variants += [array.astype(np.float16), array.astype(np.int64)]
        other = np.float32 if array.dtype == np.float64 else np.float64
        variants.append(array.astype(other))
    return variants


def _scalar_variants(value):
    variants = [str(value), [value], np.array([value, value])]
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        variants += [np.float32(value), -value, float(value)]
        if float(value).is_integer():
            variants.append(np.int64(value))
    return variants


def _list_variants(values):
    variants = [tuple(values), values[:-1], values + values[-1:], [values]]
    if values:
        first = values[0]
        inner = (
            _array_variants(first)
            if isinstance(first, np.ndarray)
            else _scalar_variants(first)
        )
        variants += [[replacement, *values[1:]] for replacement in inner]
    return variants


def _variants(value):
    """Replacements for ``value``: NaN, inf, other types, shapes and dtypes."""
    variants = [np.nan, np.inf, -np.inf, None, "text", {"value": 1}, object()]
    if isinstance(value, np.ndarray):
        variants += _array_variants(value)
    elif isinstance(value, list):
        variants += _list_variants(value)
    else:
        variants += _scalar_variants(value)
    return variants


@st.composite
def _tampered_states(draw):
    name = draw(st.sampled_from(sorted(MODELS)))
    data, X, y, expected = _fitted(name)
    state = pickle.loads(data).__getstate__()
    field = draw(st.sampled_from(sorted(state)))
    replacement = draw(st.sampled_from(_variants(state[field])))
    return name, field, dict(state, **{field: replacement}), X, y, expected


# ---------------------------------------------------------------- property


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=_tampered_states())
def test_a_tampered_field_is_refused_by_name_or_changes_no_prediction(case):
    name, field, state, X, y, expected = case
    with warnings.catch_warnings():
        # A replaced version string warns, and the loss may not have converged.
        warnings.simplefilter("ignore", InconsistentVersionWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        try:
            model = pickle.loads(pickle.dumps(_Forged(state)))
        except ValueError as error:
            assert f"'{field}'" in str(error), (name, field, str(error))
            return
        for method in PREDICTION_METHODS:
            np.testing.assert_array_equal(
                getattr(model, method)(X), expected[method], err_msg=f"{name} {field}"
            )
        try:
            _continue(model, X, y)
        except ValueError:
            return
        assert all(np.isfinite(coef).all() for coef in model.coefs_)


# ------------------------------------------------- round trips of fitted models


# What a legitimate skops file of each feature asks to trust (SECURITY.md).
OUR_TYPE = "sksigmoidnet._classifier.SigmoidNetClassifier"
CALLABLE_SCORING_TYPES = {
    "sklearn.metrics._scorer._Scorer",
    "sklearn.metrics._classification.accuracy_score",
}
SCORING_MONITOR_TYPES = {
    "sklearn.callback._scoring_monitor.ScoringMonitor",
    "sklearn.callback._transport.ListenerHandle",
    "uuid.UUID",
}


@st.composite
def _trainings(draw):
    """A data set, parameters, and a way of training on them with some of the
    estimator's features: early stopping with each kind of scoring, class
    weights, partial_fit, warm starts, feature names, callbacks, metadata
    routing, and an attribute of the user's own."""
    X, y, sample_weight = draw(datasets())
    params = draw(parameters(invalid_share=0))
    how = draw(st.sampled_from(["fit", "partial_fit", "warm_start"]))
    # Early stopping holds out rows: it refuses the smallest data sets.
    if how != "partial_fit" and len(y) >= 10 and draw(st.booleans()):
        params["early_stopping"] = True
        params["validation_fraction"] = draw(st.sampled_from([0.3, 0.5]))
        params["scoring"] = draw(st.sampled_from([None, "accuracy", "callable"]))
        params["n_iter_no_change"] = draw(st.sampled_from(["auto", 1]))
    if how != "partial_fit" and draw(st.booleans()):
        params["class_weight"] = "balanced"
    features = {
        "feature_names": draw(st.booleans()),
        "callbacks": hasattr(SigmoidNetClassifier, "set_callbacks")
        and draw(st.booleans()),
        "routed": draw(st.booleans()),
        "note": draw(st.booleans()),
    }
    return X, y, sample_weight, params, how, features


def _train(model, X, y, sample_weight, how, routed):
    with (
        warnings.catch_warnings(),
        sklearn.config_context(enable_metadata_routing=routed),
    ):
        # Few epochs on tiny data: not converged, batches clipped to the rows.
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)
        if routed:
            model.set_fit_request(sample_weight=True)
        if how == "partial_fit":
            classes = None if np.ndim(y) == 2 else np.unique(y)
            model.partial_fit(X, y, sample_weight=sample_weight, classes=classes)
            model.partial_fit(X, y, sample_weight=sample_weight)
        else:
            model.fit(X, y, sample_weight=sample_weight)
            if how == "warm_start":
                model.set_params(warm_start=True, max_iter=1)
                model.fit(X, y, sample_weight=sample_weight)
    return model


def _joblib_round_trip(model):
    buffer = io.BytesIO()
    joblib.dump(model, buffer)
    buffer.seek(0)
    return joblib.load(buffer)


def _skops_round_trip(model, allowed):
    import skops.io as sio

    data = sio.dumps(model)
    untrusted = sio.get_untrusted_types(data=data)
    assert OUR_TYPE in untrusted
    assert set(untrusted) <= allowed, untrusted
    return sio.loads(data, trusted=untrusted)


def _assert_predicts_identically(model, other, X, label):
    assert type(other) is type(model), label
    for method in PREDICTION_METHODS:
        np.testing.assert_array_equal(
            getattr(other, method)(X), getattr(model, method)(X), err_msg=label
        )


def _types_to_trust(params, features):
    """The types skops is told to trust for a model of ``params``; a callable
    ``scoring`` is made a scorer here."""
    allowed = {OUR_TYPE}
    if params.get("scoring") == "callable":
        params["scoring"] = make_scorer(accuracy_score)
        allowed |= CALLABLE_SCORING_TYPES
    if features["callbacks"]:
        allowed |= SCORING_MONITOR_TYPES
    return allowed


def _new_model(params, features):
    model = SigmoidNetClassifier(**params)
    if features["callbacks"]:
        callbacks = pytest.importorskip("sklearn.callback")
        model.set_callbacks(callbacks.ScoringMonitor(scoring="accuracy"))
    return model


def _round_trips(model, allowed, routed):
    """Copies of ``model`` by pickle, copy.deepcopy, joblib and, unless it
    holds a metadata request, skops (a limit of skops: it cannot write
    LogisticRegression's either)."""
    copies = {
        "pickle": pickle.loads(pickle.dumps(model)),
        "deepcopy": copy.deepcopy(model),
        "joblib": _joblib_round_trip(model),
    }
    if not routed:
        copies["skops"] = _skops_round_trip(model, allowed)
    return copies


@pytest.mark.extra("skops")
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(training=_trainings())
def test_every_fitted_model_round_trips_and_predicts_identically(training):
    """For every model the strategies can fit, with any combination of the
    features: pickle, copy.deepcopy, clone, joblib and skops round trips
    succeed and predict identically (issue 19, "Property")."""
    X, y, sample_weight, params, how, features = training
    if features["feature_names"]:
        X = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    allowed = _types_to_trust(params, features)
    try:
        model = _train(
            _new_model(params, features), X, y, sample_weight, how, features["routed"]
        )
    except (ValueError, TypeError) as error:  # the documented errors of fit
        event(f"fit refused: {str(error)[:70]}")
        return
    event(f"fitted: {how}")
    for name, used in [*features.items(), ("early_stopping", "scoring" in params)]:
        if used:
            event(f"fitted with {name}")
    if features["note"]:
        model.notes_ = "v1"

    for label, other in _round_trips(model, allowed, features["routed"]).items():
        _assert_predicts_identically(model, other, X, label)
        assert set(vars(other)) == set(vars(model)), label
        assert getattr(other, "notes_", None) == getattr(model, "notes_", None)

    # A clone has the parameters and none of the fitted state; trained as the
    # model was (from the parameters it was made with), it predicts the same.
    twin = clone(model)
    assert repr(twin.get_params()) == repr(model.get_params())
    assert not hasattr(twin, "coefs_")
    twin.set_params(warm_start=False, max_iter=params["max_iter"])
    _train(twin, X, y, sample_weight, how, features["routed"])
    _assert_predicts_identically(model, twin, X, "clone")
