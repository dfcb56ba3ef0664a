"""Property-based tests: whatever is thrown at ``fit`` and the predict methods,
the outcome is a usable model or one of scikit-learn's documented errors.
"""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sklearn.utils._param_validation import InvalidParameterError

from sksigmoidnet import SigmoidNetClassifier

# ValueError covers InvalidParameterError, scikit-learn's validation errors and
# our divergence error; TypeError covers validation of wrongly typed input.
DOCUMENTED_ERRORS = (ValueError, TypeError)

LABEL_SETS = {
    "int": np.array([0, 1, 2, 3]),
    "noncontiguous": np.array([-5, 3, 17, 400]),
    "str": np.array(["ant", "bee", "cat", "dog"]),
    "bool": np.array([False, True]),
}

PROPERTY_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def datasets(draw):
    """``(X, y, sample_weight)`` of random shape, dtype, labels and weights."""
    n_samples = draw(st.integers(1, 25))
    n_features = draw(st.integers(1, 5))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    scale = draw(st.sampled_from([1.0, 1e-3, 1e3]))
    X = rng.normal(scale=scale, size=(n_samples, n_features))
    dtype = draw(st.sampled_from([np.float64, np.float32, np.int64, np.int32]))
    X = X.astype(dtype)

    target = draw(st.sampled_from([*LABEL_SETS, "multilabel"]))
    if target == "multilabel":
        n_labels = draw(st.integers(2, 4))
        y = rng.integers(0, 2, size=(n_samples, n_labels))
    else:
        labels = LABEL_SETS[target]
        n_classes = draw(st.integers(1, len(labels)))
        y = rng.choice(labels[:n_classes], size=n_samples)

    weights = draw(st.sampled_from(["none", "positive", "with-zeros", "all-zero"]))
    if weights == "none":
        sample_weight = None
    elif weights == "positive":
        sample_weight = rng.uniform(0.1, 3.0, size=n_samples)
    elif weights == "with-zeros":
        sample_weight = rng.uniform(0.0, 3.0, size=n_samples) * (
            rng.random(n_samples) > 0.3
        )
    else:
        sample_weight = np.zeros(n_samples)
    return X, y, sample_weight


INVALID_VALUES = {
    "hidden_layer_sizes": [0, -1],
    "activation": ["elu"],
    "alpha": [-1.0],
    "batch_size": [0],
    "learning_rate_init": [0.0, -0.1],
    "momentum": [1.5],
}


@st.composite
def parameters(draw, invalid_share=0.25):
    """Constructor parameters: valid ones, with one invalid value now and then."""
    params = {
        "hidden_layer_sizes": draw(
            st.one_of(
                st.integers(1, 6),
                st.lists(st.integers(1, 6), min_size=1, max_size=3).map(tuple),
            )
        ),
        "activation": draw(st.sampled_from(["logistic", "tanh", "relu", "identity"])),
        "alpha": draw(st.sampled_from([0.0, 1e-4, 1.0])),
        "batch_size": draw(st.one_of(st.just("auto"), st.integers(1, 40))),
        "learning_rate_init": draw(st.sampled_from([1e-4, 1e-2, 0.2, 1.0])),
        "momentum": draw(st.sampled_from([0.0, 0.5, 0.9, 1.0])),
        "nesterovs_momentum": draw(st.booleans()),
        "shuffle": draw(st.booleans()),
        "learning_rate": draw(st.sampled_from(["constant", "invscaling", "adaptive"])),
        "max_iter": draw(st.integers(1, 4)),
        "random_state": draw(st.integers(0, 100)),
    }
    if draw(st.floats(0, 1)) < invalid_share:
        name = draw(st.sampled_from(sorted(INVALID_VALUES)))
        params[name] = draw(st.sampled_from(INVALID_VALUES[name]))
    return params


def _fit(params, X, y, sample_weight):
    clf = SigmoidNetClassifier(**params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning after a few epochs
        clf.fit(X, y, sample_weight=sample_weight)
    return clf


def _check_predictions(clf, X, y):
    n_samples = X.shape[0]
    multilabel = np.ndim(y) == 2
    proba = clf.predict_proba(X)
    assert proba.shape == (n_samples, len(clf.classes_))
    assert np.all(np.isfinite(proba))
    assert np.all((proba >= 0) & (proba <= 1))
    if not multilabel:
        np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)
    prediction = clf.predict(X)
    if multilabel:
        assert prediction.shape == y.shape
        assert set(np.unique(prediction)) <= {0, 1}
    else:
        assert prediction.shape == (n_samples,)
        assert set(prediction) <= set(clf.classes_)
        np.testing.assert_array_equal(clf.classes_, np.unique(y))
    log_proba = clf.predict_log_proba(X)
    assert np.all(np.isfinite(log_proba))
    np.testing.assert_allclose(np.exp(log_proba), proba, rtol=1e-5)
    logits = clf.decision_function(X)
    assert logits.shape[0] == n_samples
    assert not np.any(np.isnan(logits))
    assert 0.0 <= clf.score(X, y) <= 1.0


@PROPERTY_SETTINGS
@given(data=datasets(), params=parameters())
def test_fit_and_predict_give_a_model_or_a_documented_error(data, params):
    X, y, sample_weight = data
    try:
        clf = _fit(params, X, y, sample_weight)
    except DOCUMENTED_ERRORS as error:
        event(f"fit raised {type(error).__name__}")
        assert str(error), "errors must explain themselves"
        return
    event("fitted")
    _check_predictions(clf, X, y)
    # The fitted state of record is finite NumPy, in the promised dtype.
    expected_dtype = np.float32 if X.dtype == np.float32 else np.float64
    for array in clf.coefs_ + clf.intercepts_:
        assert isinstance(array, np.ndarray)
        assert array.dtype == expected_dtype
        assert np.all(np.isfinite(array))


@PROPERTY_SETTINGS
@given(
    data=datasets(),
    n_features=st.integers(0, 6),
    n_rows=st.integers(0, 5),
    poison=st.sampled_from([None, np.nan, np.inf]),
)
def test_predict_methods_on_random_input_give_results_or_documented_errors(
    data, n_features, n_rows, poison
):
    X, y, _ = data
    clf = _fit(
        {"hidden_layer_sizes": (3,), "max_iter": 2, "random_state": 0}, X, y, None
    )
    X_new = np.random.default_rng(0).normal(size=(n_rows, n_features))
    if poison is not None and X_new.size:
        X_new[0, 0] = poison
    valid = n_rows > 0 and n_features == X.shape[1] and poison is None
    for method in (
        "predict",
        "predict_proba",
        "predict_log_proba",
        "decision_function",
    ):
        if valid:
            assert len(getattr(clf, method)(X_new)) == n_rows
        else:
            with pytest.raises(DOCUMENTED_ERRORS):
                getattr(clf, method)(X_new)


@PROPERTY_SETTINGS
@given(params=parameters(invalid_share=0.5))
def test_invalid_parameters_raise_invalid_parameter_error(params):
    X = np.random.default_rng(0).normal(size=(12, 3))
    y = np.arange(12) % 3
    invalid = [
        name for name, values in INVALID_VALUES.items() if params[name] in values
    ]
    if invalid:
        with pytest.raises(InvalidParameterError, match=f"'{invalid[0]}' parameter"):
            _fit(params, X, y, None)
    else:
        try:
            clf = _fit(params, X, y, None)
        except ValueError as error:  # divergence is the only other way out
            assert "learning_rate_init" in str(error)
        else:
            np.testing.assert_allclose(clf.predict_proba(X).sum(1), 1.0)
