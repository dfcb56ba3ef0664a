"""Bad input gets scikit-learn's familiar errors and never damages a fitted model."""

import pickle
from functools import partial

import numpy as np
import pytest
from assertions import assert_same_weights
from cases import small_net
from sklearn.datasets import load_breast_cancer
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV
from sklearn.neural_network import MLPClassifier
from sklearn.utils._param_validation import InvalidParameterError

from sksigmoidnet import SigmoidNetClassifier

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

RNG = np.random.default_rng(0)
X = RNG.normal(size=(40, 4))
Y = np.arange(40) % 2
PREDICT_METHODS = ["predict", "predict_proba", "predict_log_proba", "decision_function"]


quick = partial(small_net, max_iter=5)


@pytest.fixture
def fitted():
    return quick().fit(X, Y)


def with_value(array, index, value):
    array = array.astype(float)
    array[index] = value
    return array


BAD_FIT_DATA = {
    "nan-in-X": (with_value(X, (3, 1), np.nan), Y, "NaN"),
    "inf-in-X": (with_value(X, (0, 0), np.inf), Y, "infinity"),
    "neg-inf-in-X": (with_value(X, (5, 2), -np.inf), Y, "infinity"),
    "nan-in-y": (X, with_value(Y, 4, np.nan), "NaN"),
    "empty-rows": (np.empty((0, 4)), np.empty(0), "0 sample"),
    "empty-features": (np.empty((40, 0)), Y, "0 feature"),
    "1d-X": (X[:, 0], Y, "Expected 2D array"),
    "3d-X": (X.reshape(40, 2, 2), Y, "dim 3"),
    "strings-in-X": (X.astype(str).astype(object) + "x", Y, "could not convert"),
    "complex-X": (X + 1j, Y, "Complex data not supported"),
    "length-mismatch": (X, Y[:-1], "inconsistent numbers of samples"),
    "continuous-y": (X, np.linspace(0, 1, 40), "Unknown label type"),
}


@pytest.mark.parametrize("case", BAD_FIT_DATA)
def test_bad_training_data_raises_sklearn_error(case):
    X_bad, y_bad, message = BAD_FIT_DATA[case]
    with pytest.raises(ValueError, match=message):
        quick().fit(X_bad, y_bad)


@pytest.mark.parametrize(
    "X_bad, message",
    [
        (with_value(X, (1, 1), np.nan), "NaN"),
        (with_value(X, (1, 1), np.inf), "infinity"),
        (np.empty((0, 4)), "0 sample"),
        (X[0], "Expected 2D array"),
        (X.reshape(40, 2, 2), "dim 3"),
        (X + 1j, "Complex data not supported"),
        (X[:, :3], "X has 3 features, but SigmoidNetClassifier is expecting 4"),
        (np.hstack([X, X]), "X has 8 features"),
    ],
    ids=[
        "nan",
        "inf",
        "empty",
        "1d",
        "3d",
        "complex",
        "fewer-features",
        "more-features",
    ],
)
@pytest.mark.parametrize("method", PREDICT_METHODS + ["score"])
def test_bad_prediction_data_raises_sklearn_error(fitted, method, X_bad, message):
    args = (X_bad, Y) if method == "score" else (X_bad,)
    with pytest.raises(ValueError, match=message):
        getattr(fitted, method)(*args)


@pytest.mark.parametrize("n_rows", [3, 5_000])  # NumPy and torch forward passes
@pytest.mark.parametrize("dtype", [">f8", ">f4", np.longdouble])
def test_prediction_takes_any_float_dtype_at_any_batch_size(fitted, n_rows, dtype):
    """Big-endian floats (FITS, HDF5, network byte order) and long doubles
    predict as float64 does, in small batches and large."""
    X_many = np.resize(X, (n_rows, X.shape[1]))
    for method in PREDICT_METHODS:
        np.testing.assert_allclose(
            getattr(fitted, method)(X_many.astype(dtype)),
            getattr(fitted, method)(X_many),
            rtol=1e-6,
            atol=1e-7,
        )


def test_sparse_X_with_nan_is_rejected():
    import scipy.sparse as sp

    with pytest.raises(ValueError, match="NaN"):
        quick().fit(sp.csr_matrix(with_value(X, (2, 2), np.nan)), Y)


def test_negative_sample_weight_is_rejected():
    with pytest.raises(ValueError, match="[Nn]egative"):
        quick().fit(X, Y, sample_weight=with_value(np.ones(40), 3, -1.0))


def test_sample_weight_of_wrong_length_is_rejected():
    with pytest.raises(ValueError, match="sample_weight"):
        quick().fit(X, Y, sample_weight=np.ones(39))


def test_all_zero_sample_weight_is_rejected():
    with pytest.raises(ValueError, match="[Ss]ample.weight"):
        quick().fit(X, Y, sample_weight=np.zeros(40))


@pytest.mark.parametrize("method", PREDICT_METHODS + ["to_torch"])
def test_predicting_before_fitting_raises_not_fitted(method):
    args = () if method == "to_torch" else (X,)
    with pytest.raises(NotFittedError):
        getattr(SigmoidNetClassifier(), method)(*args)


def test_score_before_fitting_raises_not_fitted():
    with pytest.raises(NotFittedError):
        SigmoidNetClassifier().score(X, Y)


INVALID_PARAMETERS = [
    ("hidden_layer_sizes", 0),
    ("hidden_layer_sizes", -3),
    ("learning_rate_init", -0.1),
    ("learning_rate_init", 0.0),
    ("activation", "softmax"),
    ("activation", "sigmoid"),
    ("momentum", 1.5),
    ("momentum", -0.1),
    ("batch_size", 0),
    ("batch_size", -5),
    ("batch_size", "all"),
    ("alpha", -1.0),
    ("max_iter", 0),
    ("tol", -1e-3),
    ("n_iter_no_change", 0),
    ("shuffle", "yes"),
    ("validation_fraction", 1.0),
    ("learning_rate", "cyclic"),
]


@pytest.mark.parametrize("name, value", INVALID_PARAMETERS)
def test_invalid_parameter_names_the_parameter(name, value):
    with pytest.raises(InvalidParameterError, match=f"'{name}' parameter"):
        quick(**{name: value}).fit(X, Y)


def test_invalid_parameter_is_a_value_error():
    # InvalidParameterError subclasses ValueError (and TypeError) for users
    # who catch the familiar types.
    with pytest.raises(ValueError):
        quick(momentum=2).fit(X, Y)


@pytest.mark.parametrize("sizes", [(0,), (4, 0), (-1,), [3, -2]])
def test_zero_or_negative_size_in_a_tuple_names_the_parameter(sizes):
    with pytest.raises(InvalidParameterError, match="hidden_layer_sizes"):
        quick(hidden_layer_sizes=sizes).fit(X, Y)


@pytest.mark.parametrize(
    "sizes",
    [True, (True,), (4, False), {5}, {5: 1}, "5", (2.0,), np.array([[3]]), None],
    ids=["True", "(True,)", "(4,False)", "set", "dict", "str", "float", "2-d", "None"],
)
def test_hidden_layer_sizes_other_than_ordered_ints_are_refused(sizes):
    with pytest.raises(InvalidParameterError, match="hidden_layer_sizes"):
        quick(hidden_layer_sizes=sizes).fit(X, Y)


@pytest.mark.parametrize(
    "sizes",
    [np.array(5), np.array([5]), np.int64(5), (np.int32(5),), [5], 5],
    ids=["0-d array", "1-d array", "np.int64", "tuple of np.int32", "list", "int"],
)
def test_hidden_layer_sizes_as_ints_arrays_and_numpy_integers(sizes):
    model = quick(hidden_layer_sizes=sizes).fit(X, Y)
    assert [coef.shape for coef in model.coefs_] == [(4, 5), (5, 1)]


@pytest.mark.parametrize("sizes", [10**30, 10**18, (10**10, 10**10)])
@pytest.mark.parametrize("how", ["fit", "partial_fit"])
def test_hidden_layers_larger_than_any_array_are_refused_by_name(sizes, how):
    """NumPy said "Maximum allowed dimension exceeded" or "array is too big",
    without naming the parameter; the fitted model stays as it was."""
    model = quick().fit(X, Y)
    before = model.predict_proba(X)
    model.set_params(hidden_layer_sizes=sizes)
    with pytest.raises(ValueError, match=r"hidden_layer_sizes=.* more than any array"):
        model.fit(X, Y) if how == "fit" else model.partial_fit(X, Y)
    np.testing.assert_array_equal(model.predict_proba(X), before)


def test_batch_size_larger_than_the_data_warns_as_mlp_classifier():
    with pytest.warns(UserWarning, match="batch_size=500 is larger than the 40"):
        model = quick(batch_size=500).fit(X, Y)
    reference = quick(batch_size=40).fit(X, Y)
    np.testing.assert_array_equal(model.coefs_[0], reference.coefs_[0])


# ---------------------------------------------------------- sample weights


def test_tiny_float32_sample_weights_train_like_uniform_weights():
    X32 = X.astype(np.float32)
    tiny = quick(alpha=0.0).fit(X32, Y, sample_weight=np.full(len(X), 1e-40))
    unit = quick(alpha=0.0).fit(X32, Y, sample_weight=np.ones(len(X)))
    for a, b in zip(tiny.coefs_, unit.coefs_, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)


def test_scaling_weights_and_alpha_together_changes_nothing():
    weights = RNG.uniform(0.1, 3, size=len(X))
    model = quick(alpha=1e-3).fit(X, Y, sample_weight=weights)
    for factor in (2.0**-60, 2.0**40):
        scaled = quick(alpha=1e-3 * factor).fit(X, Y, sample_weight=weights * factor)
        for a, b in zip(model.coefs_, scaled.coefs_, strict=True):
            np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    "factor",
    [
        2.0**-1030,  # subnormal: the factor that scales them up overflows
        2.0**1020,  # their sum overflows
    ],
)
def test_weights_at_the_ends_of_the_float_range_train_as_unit_weights(factor):
    weights = RNG.uniform(0.5, 1.5, size=len(X))
    model = quick(alpha=0.0).fit(X, Y, sample_weight=weights)
    extreme = quick(alpha=0.0).fit(X, Y, sample_weight=weights * factor)
    for a, b in zip(model.coefs_, extreme.coefs_, strict=True):
        # Subnormal weights keep fewer significant bits.
        np.testing.assert_allclose(a, b, rtol=1e-9)


def test_tiny_sample_weights_with_a_penalty_name_alpha_and_sample_weight(fitted):
    before = [c.copy() for c in fitted.coefs_]
    for tiny in (1e-30, 1e-310):
        with pytest.raises(ValueError, match="alpha=0.0001") as error:
            fitted.fit(X, Y, sample_weight=np.full(len(X), tiny))
        # The power of two nearest their mean.
        mean = float(str(error.value).split("average about ")[1].split(")")[0])
        assert tiny / 1.5 < mean < tiny * 1.5
        assert "learning_rate_init" not in str(error.value)
    for a, b in zip(before, fitted.coefs_, strict=True):
        np.testing.assert_array_equal(a, b)


# ------------------------------------------------------------- divergence


@pytest.fixture(scope="module")
def unscaled():
    X_bc, y_bc = load_breast_cancer(return_X_y=True)
    return X_bc * 1e3, y_bc


@pytest.mark.parametrize(
    "activation, dtype", [("identity", np.float64), ("relu", np.float32)]
)
def test_divergence_raises_a_clear_value_error(unscaled, activation, dtype):
    X_big, y_big = unscaled
    clf = quick(activation=activation, learning_rate_init=1e6, max_iter=30)
    with pytest.raises(ValueError, match="learning_rate_init") as error:
        clf.fit(X_big.astype(dtype), y_big)
    assert "diverged" in str(error.value)
    assert "scale" in str(error.value)
    assert not hasattr(clf, "coefs_")


def test_divergence_keeps_a_previously_fitted_model(unscaled):
    X_big, y_big = unscaled
    clf = quick(activation="identity").fit(X_big / 1e4, y_big)
    coefs = [c.copy() for c in clf.coefs_ + clf.intercepts_]
    proba = clf.predict_proba(X_big / 1e4)
    loss_curve, n_iter = list(clf.loss_curve_), clf.n_iter_

    clf.set_params(learning_rate_init=1e6, max_iter=30)
    with pytest.raises(ValueError, match="learning_rate_init"):
        clf.fit(X_big, y_big)

    for before, after in zip(coefs, clf.coefs_ + clf.intercepts_, strict=True):
        np.testing.assert_array_equal(before, after)
    assert clf.loss_curve_ == loss_curve and clf.n_iter_ == n_iter
    after = clf.predict_proba(X_big / 1e4)
    assert np.all(np.isfinite(after))
    np.testing.assert_array_equal(after, proba)


# ------------------------------------------- failed fits leave models alone


def _snapshot(clf):
    return {
        "coefs": [c.copy() for c in clf.coefs_ + clf.intercepts_],
        "classes": clf.classes_.copy(),
        "n_features_in": clf.n_features_in_,
        "proba": clf.predict_proba(X),
    }


def _assert_unchanged(clf, snapshot):
    for before, after in zip(
        snapshot["coefs"], clf.coefs_ + clf.intercepts_, strict=True
    ):
        np.testing.assert_array_equal(before, after)
    np.testing.assert_array_equal(clf.classes_, snapshot["classes"])
    assert clf.n_features_in_ == snapshot["n_features_in"]
    np.testing.assert_array_equal(clf.predict_proba(X), snapshot["proba"])


@pytest.mark.parametrize(
    "case", [c for c in BAD_FIT_DATA if c not in ("continuous-y",)]
)
def test_failed_fit_with_bad_data_keeps_the_fitted_model(fitted, case):
    snapshot = _snapshot(fitted)
    X_bad, y_bad, _ = BAD_FIT_DATA[case]
    with pytest.raises(ValueError):
        fitted.fit(X_bad, y_bad)
    _assert_unchanged(fitted, snapshot)


@pytest.mark.parametrize("name, value", INVALID_PARAMETERS[:6])
def test_failed_fit_with_bad_parameter_keeps_the_fitted_model(fitted, name, value):
    snapshot = _snapshot(fitted)
    original = fitted.get_params()[name]
    with pytest.raises(InvalidParameterError):
        fitted.set_params(**{name: value}).fit(X, Y)
    # Prediction reads the hidden activation from the parameters, as in
    # MLPClassifier, so put the valid value back before comparing.
    fitted.set_params(**{name: original})
    _assert_unchanged(fitted, snapshot)


def test_failed_fit_with_continuous_y_same_width_keeps_the_model(fitted):
    snapshot = _snapshot(fitted)
    with pytest.raises(ValueError, match="Unknown label type"):
        fitted.fit(X, np.linspace(0, 1, 40))
    _assert_unchanged(fitted, snapshot)


def test_failed_fit_on_other_width_keeps_the_model(fitted):
    snapshot = _snapshot(fitted)
    with pytest.raises(ValueError, match="Unknown label type"):
        fitted.fit(X[:, :3], np.linspace(0, 1, 40))
    _assert_unchanged(fitted, snapshot)


def test_failed_fit_keeps_feature_names():
    pd = pytest.importorskip("pandas")
    columns = ["a", "b", "c", "d"]
    clf = quick().fit(pd.DataFrame(X, columns=columns), Y)
    with pytest.raises(ValueError, match="NaN"):
        clf.fit(with_value(X, (0, 0), np.nan), Y)
    np.testing.assert_array_equal(clf.feature_names_in_, columns)


# ----------------------------- parameters as MLPClassifier takes them (issue 19)


@pytest.mark.parametrize(
    "given, plain",
    [
        ({"batch_size": np.int64(16)}, {"batch_size": 16}),
        ({"batch_size": np.uint8(16)}, {"batch_size": 16}),
        ({"batch_size": True}, {"batch_size": 1}),
        ({"momentum": True}, {"momentum": 1.0}),
        ({"momentum": np.float32(0.5)}, {"momentum": float(np.float32(0.5))}),
    ],
    ids=["np.int64", "np.uint8", "batch_size=True", "momentum=True", "np.float32"],
)
def test_numpy_numbers_and_bools_train_as_the_python_numbers(given, plain):
    """MLPClassifier takes them (bool is an Integral to scikit-learn's
    parameter checks): the same fit as the plain Python numbers."""
    MLPClassifier(solver="sgd", max_iter=2, **given).fit(X, Y)
    assert_same_weights(quick(**given).fit(X, Y), quick(**plain).fit(X, Y))


def test_a_grid_of_batch_sizes_as_a_numpy_array():
    """ParameterGrid hands out NumPy integers."""
    search = GridSearchCV(
        quick(), {"batch_size": np.array([8, 16]), "momentum": [True, 0.5]}, cv=2
    ).fit(X, Y)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.best_params_["batch_size"] in (8, 16)


def test_alpha_beyond_float32_is_named_on_float32_data():
    model = quick().fit(X.astype(np.float32), Y)
    before = pickle.dumps(model)
    model.set_params(alpha=1e39, warm_start=True)
    with pytest.raises(ValueError, match=r"alpha=1e\+39 is beyond 3.4e\+38, the larg"):
        model.fit(X.astype(np.float32), Y)
    model.set_params(alpha=1e-4, warm_start=False)
    assert pickle.dumps(model) == before
    with pytest.raises(ValueError, match="largest float32 value"):
        quick(alpha=1e39).fit(X.astype(np.float32), Y)


@pytest.mark.parametrize("method", ["fit", "partial_fit"])
def test_a_learning_rate_beyond_float32_is_named(method):
    model = quick(learning_rate_init=1e45)
    with pytest.raises(ValueError, match=r"step size.*: beyond 3.4e\+38") as error:
        if method == "fit":
            model.fit(X.astype(np.float32), Y)
        else:
            model.partial_fit(X.astype(np.float32), Y, classes=[0, 1])
    assert "Lower learning_rate_init" in str(error.value)
    assert not hasattr(model, "coefs_")


def test_a_learning_rate_beyond_float32_in_continued_training_keeps_the_model():
    X32 = X.astype(np.float32)
    model = quick(warm_start=True).fit(X32, Y)
    before = pickle.dumps(model)
    model.set_params(learning_rate_init=1e45)
    with pytest.raises(ValueError, match="largest float32 value"):
        model.fit(X32, Y)
    model.set_params(learning_rate_init=quick().learning_rate_init)
    assert pickle.dumps(model) == before
