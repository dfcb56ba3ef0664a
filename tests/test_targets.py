"""Targets: what kinds of ``y`` are accepted, and that a model keeps its kind."""

import pickle
import warnings
from functools import partial

import numpy as np
import pytest
from cases import small_net
from scipy import sparse

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

RNG = np.random.default_rng(0)
X = RNG.normal(size=(60, 4))
Y_MULTICLASS = np.arange(60) % 3
Y_MULTILABEL = np.column_stack([Y_MULTICLASS == 0, Y_MULTICLASS != 1, X[:, 0] > 0])
Y_MULTILABEL = Y_MULTILABEL.astype(int)


quick = partial(small_net, max_iter=5)


def same_state(a, b):
    return pickle.dumps(a.__dict__) == pickle.dumps(b.__dict__)


@pytest.mark.parametrize(
    "values", [(0, 2), (-1, 1), (1, 2)], ids=["0-2", "minus1-1", "1-2"]
)
def test_multilabel_y_with_values_other_than_0_and_1_is_refused(values):
    y = np.where(Y_MULTILABEL == 1, values[1], values[0])
    with pytest.raises(ValueError, match=rf"indicator matrix of 0s and 1s.*{values}"):
        quick().fit(X, y)


def test_multiclass_multioutput_y_is_refused_with_a_pointer():
    y = np.column_stack([Y_MULTICLASS, (Y_MULTICLASS + 1) % 3])
    with pytest.raises(ValueError, match="MultiOutputClassifier"):
        quick().fit(X, y)


def test_boolean_and_sparse_indicator_matrices_train_like_the_0_1_matrix():
    reference = quick().fit(X, Y_MULTILABEL)
    for y in (Y_MULTILABEL.astype(bool), sparse.csr_matrix(Y_MULTILABEL)):
        model = quick().fit(X, y)
        np.testing.assert_array_equal(model.coefs_[0], reference.coefs_[0])
        np.testing.assert_array_equal(model.predict(X), reference.predict(X))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_partial_fit_refuses_non_finite_classes(bad):
    with pytest.raises(ValueError, match="finite labels"):
        quick().partial_fit(X, Y_MULTICLASS, classes=[0, 1, 2, bad])
    with pytest.raises(ValueError, match="finite labels"):
        quick().partial_fit(X, Y_MULTICLASS, classes=np.array([0, 1, 2, bad], object))


@pytest.mark.parametrize("classes", [[], [[0, 1], [2, 3]]], ids=["empty", "2-d"])
def test_partial_fit_refuses_classes_that_are_not_a_list_of_labels(classes):
    with pytest.raises(ValueError, match="non-empty 1-d array of labels"):
        quick().partial_fit(X, Y_MULTICLASS, classes=classes)


def first_then_second(first, second, how):
    """Fit on ``first``, then continue on ``second``; return (model, before)."""
    if how == "partial_fit":
        model = quick()
        classes = None if first.ndim == 2 else np.unique(first)
        model.partial_fit(X, first, classes=classes)
        before = pickle.loads(pickle.dumps(model))
        return model, before, lambda: model.partial_fit(X, second)
    model = quick(warm_start=True).fit(X, first)
    before = pickle.loads(pickle.dumps(model))
    return model, before, lambda: model.fit(X, second)


@pytest.mark.parametrize("how", ["partial_fit", "warm_start"])
@pytest.mark.parametrize(
    "first, second, kinds",
    [
        (Y_MULTILABEL, Y_MULTICLASS, ("multiclass", "multilabel")),
        (Y_MULTICLASS, Y_MULTILABEL, ("multilabel", "multiclass")),
        (Y_MULTICLASS % 2, Y_MULTILABEL[:, :2], ("multilabel", "binary")),
        # Named by its own labels, not counted against the model's 3 classes.
        (Y_MULTILABEL, Y_MULTILABEL[:, 0], ("binary", "multilabel")),
    ],
    ids=[
        "multilabel-then-multiclass",
        "multiclass-then-multilabel",
        "binary-then-ml",
        "ml-then-binary",
    ],
)
def test_the_kind_of_target_cannot_change_between_calls(first, second, kinds, how):
    model, before, carry_on = first_then_second(first, second, how)
    new_kind, fitted_kind = kinds
    message = f"got a {new_kind}.*fitted on a {fitted_kind}"
    with pytest.raises(ValueError, match=message) as info:
        carry_on()
    assert "hidden_layer_sizes" not in str(info.value)
    assert same_state(model, before)


def test_a_new_label_in_a_warm_start_fit_is_explained_without_partial_fit():
    model = quick(warm_start=True).fit(X, Y_MULTICLASS)
    with pytest.raises(ValueError, match="same classes as the fitted model") as info:
        model.fit(X, np.where(Y_MULTICLASS == 2, 7, Y_MULTICLASS))
    assert "partial_fit" not in str(info.value)


def test_partial_fit_takes_sample_weight_then_classes_as_mlp_classifier():
    weights = RNG.uniform(0.5, 2, size=len(X))
    positional = quick().partial_fit(X, Y_MULTICLASS, weights, [0, 1, 2])
    by_name = quick().partial_fit(
        X, Y_MULTICLASS, classes=[0, 1, 2], sample_weight=weights
    )
    np.testing.assert_array_equal(positional.coefs_[0], by_name.coefs_[0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        unweighted = quick().partial_fit(X, Y_MULTICLASS, None, [0, 1, 2])
    assert not np.array_equal(unweighted.coefs_[0], by_name.coefs_[0])


def test_multilabel_classes_of_the_wrong_length_are_named_on_the_first_call():
    with pytest.raises(ValueError, match=r"model's classes are \[0, 1\]") as info:
        quick().partial_fit(X, Y_MULTILABEL, classes=[0, 1])
    assert "fitted" not in str(info.value)


DATE_LABELS = {
    "datetime64": np.array(["2024-01-01", "2024-02-01", "2024-03-01"], "datetime64[D]"),
    "timedelta64": np.array([1, 5, 9], dtype="timedelta64[s]"),
}


@pytest.mark.parametrize("kind", DATE_LABELS)
def test_date_and_duration_labels_fit_save_and_load(kind):
    """As MLPClassifier does: dates are labels like any other."""
    y = DATE_LABELS[kind][Y_MULTICLASS]
    model = quick().fit(X, y)
    assert model.classes_.dtype == y.dtype
    loaded = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    assert set(model.predict(X)) <= set(y)


def test_a_missing_date_is_not_a_label():
    y = DATE_LABELS["datetime64"][Y_MULTICLASS].copy()
    y[3] = np.datetime64("NaT")
    with pytest.raises(ValueError, match="y contains NaT"):
        quick().fit(X, y)
    with pytest.raises(ValueError, match="classes contains NaT"):
        quick().partial_fit(X[:3], y[:3], classes=[*y[:3], np.datetime64("NaT")])
