"""Behaviour of ``SigmoidNetClassifier`` through its public API.

Targets (binary, multiclass, multilabel, any label type), sample weights,
dtypes, sparse and pandas input, determinism and global torch state, the
shapes and sums of every prediction method, ``to_torch`` and chunked
prediction.
"""

from functools import partial

import numpy as np
import pytest
import scipy.sparse as sp
import torch
from cases import ACTIVATIONS, small_net
from sklearn.datasets import (
    make_blobs,
    make_classification,
    make_multilabel_classification,
)
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_limits

from sksigmoidnet import SigmoidNetClassifier

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


small_model = partial(small_net, hidden_layer_sizes=(8,), max_iter=30)


@pytest.fixture(scope="module")
def binary_data():
    return make_classification(
        n_samples=120, n_features=5, n_informative=3, random_state=0
    )


@pytest.fixture(scope="module")
def multiclass_data():
    X, y = make_blobs(n_samples=150, centers=4, n_features=4, random_state=0)
    return (X - X.mean(0)) / X.std(0), y


@pytest.fixture(scope="module")
def multilabel_data():
    X, Y = make_multilabel_classification(
        n_samples=100, n_features=6, n_classes=3, random_state=0
    )
    return (X - X.mean(0)) / X.std(0), Y


@pytest.fixture(scope="module", params=["binary", "multiclass", "multilabel"])
def any_data(request, binary_data, multiclass_data, multilabel_data):
    return {
        "binary": binary_data,
        "multiclass": multiclass_data,
        "multilabel": multilabel_data,
    }[request.param]


# ----------------------------------------------------------------- targets


def test_binary_target_has_one_output_and_learns(binary_data):
    X, y = binary_data
    clf = small_model(max_iter=200).fit(X, y)
    assert clf.n_outputs_ == 1
    assert clf.out_activation_ == "logistic"
    assert clf.n_layers_ == 3
    assert [c.shape for c in clf.coefs_] == [(5, 8), (8, 1)]
    assert [b.shape for b in clf.intercepts_] == [(8,), (1,)]
    np.testing.assert_array_equal(clf.classes_, [0, 1])
    assert clf.score(X, y) > 0.85
    proba = clf.predict_proba(X)
    assert proba.shape == (len(X), 2)
    # predict_proba is [1 - p, p] with p the sigmoid of the logit.
    p = 1 / (1 + np.exp(-clf.decision_function(X)))
    np.testing.assert_allclose(proba[:, 1], p, rtol=1e-12)
    # 1 - p, the reference, loses digits where p is near 1 (about 1e-16 / (1 -
    # p) relatively); predict_proba computes it in log space.
    np.testing.assert_allclose(proba[:, 0], 1 - p, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(clf.predict(X), (p > 0.5).astype(int))


def test_multiclass_target_has_one_output_per_class(multiclass_data):
    X, y = multiclass_data
    clf = small_model(max_iter=200).fit(X, y)
    assert clf.n_outputs_ == 4
    np.testing.assert_array_equal(clf.classes_, [0, 1, 2, 3])
    assert clf.score(X, y) > 0.9
    logits = clf.decision_function(X)
    assert logits.shape == (len(X), 4)
    np.testing.assert_array_equal(clf.predict(X), clf.classes_[logits.argmax(1)])
    # predict_proba is the sigmoid outputs normalised to sum to one.
    sig = 1 / (1 + np.exp(-logits))
    np.testing.assert_allclose(
        clf.predict_proba(X), sig / sig.sum(1, keepdims=True), rtol=1e-12
    )


def test_multilabel_target_gives_indicator_predictions(multilabel_data):
    X, Y = multilabel_data
    clf = small_model(max_iter=200).fit(X, Y)
    assert clf.n_outputs_ == 3
    np.testing.assert_array_equal(clf.classes_, [0, 1, 2])
    prediction = clf.predict(X)
    assert prediction.shape == Y.shape
    assert set(np.unique(prediction)) <= {0, 1}
    logits = clf.decision_function(X)
    assert logits.shape == Y.shape
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba, 1 / (1 + np.exp(-logits)), rtol=1e-12)
    np.testing.assert_array_equal(prediction, (proba > 0.5).astype(int))
    # Independent labels: rows need not sum to one, and it learned something.
    assert clf.score(X, Y) > 0.5  # subset accuracy
    assert (prediction == Y).mean() > 0.8


@pytest.mark.parametrize(
    "labels",
    [
        np.array(["spam", "eggs"]),
        np.array([True, False]),
        np.array([-7, 40]),
        np.array(["cat", "dog", "emu"]),
        np.array([3, 10, -1, 1000]),
        np.array([1.0, 2.0, 7.0]),
    ],
    ids=[
        "str-binary",
        "bool",
        "noncontiguous-binary",
        "str-multi",
        "int-multi",
        "float",
    ],
)
def test_any_labels_round_trip(labels):
    X, y_index = make_blobs(
        n_samples=30 * len(labels), centers=len(labels), n_features=3, random_state=1
    )
    y = labels[y_index]
    clf = small_model(max_iter=150).fit(X, y)
    np.testing.assert_array_equal(clf.classes_, np.sort(labels))
    prediction = clf.predict(X)
    assert prediction.dtype == y.dtype
    assert set(prediction) <= set(labels)
    assert clf.score(X, y) > 0.9
    proba = clf.predict_proba(X)
    assert proba.shape == (len(X), len(labels))
    # Columns of predict_proba follow classes_.
    np.testing.assert_array_equal(clf.classes_[proba.argmax(1)], prediction)


def test_single_class_target_fits_and_predicts_that_class():
    X = np.random.default_rng(0).normal(size=(20, 3))
    y = np.full(20, "only")
    clf = small_model().fit(X, y)
    np.testing.assert_array_equal(clf.classes_, ["only"])
    np.testing.assert_array_equal(clf.predict(X), y)
    proba = clf.predict_proba(X)
    assert proba.shape == (20, 1)
    np.testing.assert_array_equal(proba, 1.0)
    assert clf.score(X, y) == 1.0


def test_bool_labels_come_back_as_bools():
    X, y = make_blobs(n_samples=40, centers=2, random_state=0)
    clf = small_model().fit(X, y.astype(bool))
    assert clf.predict(X).dtype == bool
    np.testing.assert_array_equal(clf.classes_, [False, True])


# ---------------------------------------------------------- sample weights


@pytest.mark.parametrize("kind", ["binary", "multiclass"])
def test_weight_two_equals_duplicated_row(kind, binary_data, multiclass_data):
    X, y = binary_data if kind == "binary" else multiclass_data
    X, y = X[:40], y[:40]
    weights = np.ones(len(X))
    weights[[0, 5, 17]] = 2
    weights[[3, 9]] = 0
    repeats = weights.astype(int)
    X_dup, y_dup = np.repeat(X, repeats, axis=0), np.repeat(y, repeats)
    # A full batch ("auto" below 200 rows) makes each epoch one step, so the two
    # fits are exactly alike.
    params = dict(batch_size="auto", max_iter=40, alpha=1e-3)
    weighted = small_model(**params).fit(X, y, sample_weight=weights)
    duplicated = small_model(**params).fit(X_dup, y_dup)
    for a, b in zip(
        weighted.coefs_ + weighted.intercepts_,
        duplicated.coefs_ + duplicated.intercepts_,
        strict=True,
    ):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(
        weighted.predict_proba(X), duplicated.predict_proba(X), rtol=1e-9
    )


def test_sample_weights_change_the_fit(binary_data):
    X, y = binary_data
    weights = np.where(y == 1, 10.0, 0.1)
    plain = small_model().fit(X, y)
    weighted = small_model().fit(X, y, sample_weight=weights)
    # Heavily weighting class 1 pushes its probability up.
    assert weighted.predict_proba(X)[:, 1].mean() > plain.predict_proba(X)[:, 1].mean()


def test_unit_weights_equal_no_weights(binary_data):
    X, y = binary_data
    plain = small_model().fit(X, y)
    ones = small_model().fit(X, y, sample_weight=np.ones(len(X)))
    np.testing.assert_allclose(plain.coefs_[0], ones.coefs_[0], rtol=1e-10)


# ------------------------------------------------------------------ dtypes


def test_float32_input_is_trained_and_stored_in_float32(any_data):
    X, y = any_data
    clf = small_model().fit(X.astype(np.float32), y)
    assert all(c.dtype == np.float32 for c in clf.coefs_ + clf.intercepts_)
    assert clf.predict_proba(X.astype(np.float32)).dtype == np.float32
    assert clf.decision_function(X.astype(np.float32)).dtype == np.float32
    # float64 input at predict time is cast to the model's dtype.
    assert clf.predict_proba(X).dtype == np.float32


@pytest.mark.parametrize("dtype", [np.float64, np.int64, np.int32, np.float16])
def test_other_dtypes_are_trained_in_float64(dtype, binary_data):
    X, y = binary_data
    clf = small_model().fit((X * 10).astype(dtype), y)
    assert all(c.dtype == np.float64 for c in clf.coefs_ + clf.intercepts_)
    assert clf.predict_proba((X * 10).astype(dtype)).dtype == np.float64


def test_float32_and_float64_fits_agree(binary_data):
    X, y = binary_data
    single = small_model().fit(X.astype(np.float32), y)
    double = small_model().fit(X, y)
    np.testing.assert_allclose(
        single.predict_proba(X), double.predict_proba(X), atol=1e-3
    )


# ------------------------------------------------------------------ sparse


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_sparse_input_matches_dense(fmt, any_data):
    X, y = any_data
    X = np.where(np.abs(X) < 0.5, 0.0, X)  # make it actually sparse
    X_sparse = sp.csr_matrix(X) if fmt == "csr" else sp.csc_matrix(X)
    dense = small_model(batch_size=32).fit(X, y)
    sparse = small_model(batch_size=32).fit(X_sparse, y)
    for a, b in zip(dense.coefs_, sparse.coefs_, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(dense.predict(X), sparse.predict(X_sparse))
    np.testing.assert_array_equal(dense.predict(X), dense.predict(X_sparse))
    np.testing.assert_allclose(
        dense.predict_proba(X), sparse.predict_proba(X_sparse), rtol=1e-9
    )
    np.testing.assert_allclose(
        dense.decision_function(X), dense.decision_function(X_sparse), rtol=1e-12
    )


def test_sparse_array_api_is_accepted(binary_data):
    X, y = binary_data
    clf = small_model().fit(sp.csr_array(X), y)
    np.testing.assert_array_equal(clf.predict(sp.csc_array(X)), clf.predict(X))


# ------------------------------------------------------------------ pandas


def test_pandas_feature_names(binary_data):
    pd = pytest.importorskip("pandas")
    X, y = binary_data
    columns = [f"feature_{i}" for i in range(X.shape[1])]
    frame = pd.DataFrame(X, columns=columns)
    clf = small_model().fit(frame, pd.Series(y))
    np.testing.assert_array_equal(clf.feature_names_in_, columns)
    assert clf.n_features_in_ == X.shape[1]
    np.testing.assert_array_equal(
        clf.predict(frame), small_model().fit(X, y).predict(X)
    )
    with pytest.warns(UserWarning, match="feature names"):
        clf.predict(X)
    with pytest.raises(ValueError, match="feature names"):
        clf.predict(frame[columns[::-1]])


def test_numpy_fit_has_no_feature_names(binary_data):
    X, y = binary_data
    clf = small_model().fit(X, y)
    assert not hasattr(clf, "feature_names_in_")


# ---------------------------------------------------- determinism and state


def test_same_random_state_gives_identical_model(any_data):
    X, y = any_data
    first = small_model(random_state=42, batch_size=16).fit(X, y)
    second = small_model(random_state=42, batch_size=16).fit(X, y)
    for a, b in zip(
        first.coefs_ + first.intercepts_,
        second.coefs_ + second.intercepts_,
        strict=True,
    ):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(first.predict(X), second.predict(X))
    np.testing.assert_array_equal(first.predict_proba(X), second.predict_proba(X))
    assert first.loss_curve_ == second.loss_curve_


def test_random_state_instance_and_different_seeds(binary_data):
    X, y = binary_data
    a = small_model(random_state=np.random.RandomState(3)).fit(X, y)
    b = small_model(random_state=3).fit(X, y)
    np.testing.assert_array_equal(a.coefs_[0], b.coefs_[0])
    c = small_model(random_state=4).fit(X, y)
    assert not np.array_equal(b.coefs_[0], c.coefs_[0])


@pytest.fixture
def two_openmp_threads():
    """Two OpenMP threads, so that a fit that left torch on one would show,
    even where the session runs one (test workers, see the root conftest.py)."""
    with threadpool_limits(limits=2, user_api="openmp"):
        yield


def test_fit_and_predict_leave_torch_global_state_alone(
    binary_data, two_openmp_threads
):
    X, y = binary_data
    torch_rng = torch.random.get_rng_state()
    # The legacy global generator is what is under test here.
    numpy_rng = np.random.get_state()[1].copy()  # noqa: NPY002
    threads = torch.get_num_threads()
    default_dtype = torch.get_default_dtype()
    grad_enabled = torch.is_grad_enabled()

    # An int random_state leaves NumPy's global generator alone too.
    clf = small_model(batch_size=10, random_state=0).fit(X.astype(np.float32), y)
    clf.predict_proba(X)
    clf.to_torch()
    np.testing.assert_array_equal(np.random.get_state()[1], numpy_rng)  # noqa: NPY002
    # random_state=None draws from NumPy's global generator, as in
    # scikit-learn, but never from torch's.
    small_model(batch_size=10, random_state=None).fit(X, y).to_torch()

    assert torch.equal(torch.random.get_rng_state(), torch_rng)
    assert torch.get_num_threads() == threads
    assert torch.get_default_dtype() == default_dtype
    assert torch.is_grad_enabled() == grad_enabled


def test_fit_does_not_modify_its_inputs(binary_data):
    X, y = binary_data
    X_copy, y_copy, w = X.copy(), y.copy(), np.linspace(0.5, 2, len(X))
    w_copy = w.copy()
    small_model().fit(X, y, sample_weight=w)
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(y, y_copy)
    np.testing.assert_array_equal(w, w_copy)


# ----------------------------------------------------- prediction methods


def test_decision_function_shapes(binary_data, multiclass_data, multilabel_data):
    X, y = binary_data
    assert small_model().fit(X, y).decision_function(X).shape == (len(X),)
    X, y = multiclass_data
    assert small_model().fit(X, y).decision_function(X).shape == (len(X), 4)
    X, Y = multilabel_data
    assert small_model().fit(X, Y).decision_function(X).shape == (len(X), 3)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_predict_proba_rows_sum_to_one(activation, binary_data, multiclass_data):
    for X, y in (binary_data, multiclass_data):
        proba = small_model(activation=activation).fit(X, y).predict_proba(X)
        assert np.all(np.isfinite(proba))
        assert np.all((proba >= 0) & (proba <= 1))
        np.testing.assert_allclose(proba.sum(1), 1.0, rtol=1e-12)


def test_predict_log_proba_is_log_of_predict_proba(any_data):
    X, y = any_data
    clf = small_model().fit(X, y)
    log_proba = clf.predict_log_proba(X)
    assert log_proba.shape == clf.predict_proba(X).shape
    np.testing.assert_allclose(np.exp(log_proba), clf.predict_proba(X), rtol=1e-12)


def test_score_is_accuracy(multiclass_data):
    X, y = multiclass_data
    clf = small_model().fit(X, y)
    assert clf.score(X, y) == pytest.approx(np.mean(clf.predict(X) == y))


def test_fitted_attributes(binary_data):
    X, y = binary_data
    clf = small_model(max_iter=7, n_iter_no_change=np.inf)
    with pytest.warns(ConvergenceWarning, match="max_iter"):
        clf.fit(X, y)
    assert clf.n_iter_ == 7
    assert len(clf.loss_curve_) == 7
    assert clf.loss_ == clf.loss_curve_[-1]
    assert clf.t_ == 7 * len(X)
    assert clf.n_features_in_ == X.shape[1]
    assert all(isinstance(c, np.ndarray) for c in clf.coefs_ + clf.intercepts_)


def test_params_are_stored_as_given():
    sizes = [3, 4]
    clf = SigmoidNetClassifier(hidden_layer_sizes=sizes, learning_rate_init=0.05)
    assert clf.get_params()["hidden_layer_sizes"] is sizes
    clf.set_params(activation="tanh", hidden_layer_sizes=5)
    assert clf.activation == "tanh" and clf.hidden_layer_sizes == 5


def test_int_and_list_hidden_layer_sizes(binary_data):
    X, y = binary_data
    assert [c.shape[1] for c in small_model(hidden_layer_sizes=6).fit(X, y).coefs_] == [
        6,
        1,
    ]
    assert [
        c.shape[1] for c in small_model(hidden_layer_sizes=[4, 3]).fit(X, y).coefs_
    ] == [4, 3, 1]


# ----------------------------------------------------------------- to_torch


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_to_torch_agrees_with_predict_proba(activation, any_data):
    X, y = any_data
    clf = small_model(hidden_layer_sizes=(6, 5), activation=activation).fit(X, y)
    module = clf.to_torch()
    assert isinstance(module, torch.nn.Sequential)
    linears = [m for m in module if isinstance(m, torch.nn.Linear)]
    assert len(linears) == 3
    assert isinstance(module[-1], torch.nn.Sigmoid)
    with torch.no_grad():
        outputs = module(torch.from_numpy(X)).numpy()
    proba = clf.predict_proba(X)
    if clf.n_outputs_ == 1:
        np.testing.assert_allclose(outputs[:, 0], proba[:, 1], rtol=1e-10, atol=1e-12)
    elif y.ndim == 2:
        np.testing.assert_allclose(outputs, proba, rtol=1e-10, atol=1e-12)
    else:
        np.testing.assert_allclose(
            outputs / outputs.sum(1, keepdims=True), proba, rtol=1e-10, atol=1e-12
        )


def test_to_torch_returns_an_independent_copy(binary_data):
    X, y = binary_data
    clf = small_model().fit(X, y)
    before = [c.copy() for c in clf.coefs_]
    module = clf.to_torch()
    with torch.no_grad():
        for parameter in module.parameters():
            parameter.add_(1.0)
    for a, b in zip(before, clf.coefs_, strict=True):
        np.testing.assert_array_equal(a, b)
    assert module is not clf.to_torch()


def test_to_torch_float32(binary_data):
    X, y = binary_data
    clf = small_model().fit(X.astype(np.float32), y)
    module = clf.to_torch()
    assert all(p.dtype == torch.float32 for p in module.parameters())
    with torch.no_grad():
        out = module(torch.from_numpy(X.astype(np.float32))).numpy()[:, 0]
    np.testing.assert_allclose(
        out, clf.predict_proba(X.astype(np.float32))[:, 1], rtol=1e-5, atol=1e-6
    )


# ------------------------------------------------------- chunked prediction


@pytest.mark.parametrize("kind", ["binary", "multiclass"])
def test_many_rows_predict_like_small_chunks(kind):
    rng = np.random.default_rng(0)
    n_classes = 2 if kind == "binary" else 3
    X_train = rng.normal(size=(60, 8))
    y_train = np.arange(60) % n_classes
    # A wide hidden layer makes the prediction chunk small, so a few thousand
    # rows span several chunks.
    clf = small_model(hidden_layer_sizes=(4096,), max_iter=2).fit(X_train, y_train)
    X = rng.normal(size=(1500, 8))
    whole_proba = clf.predict_proba(X)
    whole_logits = clf.decision_function(X)
    step = 37
    parts_proba = np.concatenate(
        [clf.predict_proba(X[i : i + step]) for i in range(0, len(X), step)]
    )
    parts_logits = np.concatenate(
        [clf.decision_function(X[i : i + step]) for i in range(0, len(X), step)]
    )
    assert whole_proba.shape == (1500, n_classes)
    np.testing.assert_allclose(whole_proba, parts_proba, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(whole_logits, parts_logits, rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(
        clf.predict(X),
        np.concatenate([clf.predict(X[i : i + step]) for i in range(0, len(X), step)]),
    )
