"""class_weight: scikit-learn's meaning, as a factor on sample weights (issue 11)."""

import datetime
import pickle
from functools import partial

import numpy as np
import pandas as pd
import pytest
from assertions import assert_same_weights
from cases import small_net
from numpy.testing import assert_array_equal
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.estimator_checks import check_class_weight_classifiers

from sksigmoidnet import SigmoidNetClassifier

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def data(kind, n_samples=120, dtype=np.float64, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n_samples, 4)).astype(dtype)
    score = X[:, 0] + 0.5 * X[:, 1]
    if kind == "binary":
        y = np.where(score > 0.8, "rare", "common")  # about 1 row in 5
    elif kind == "multiclass":
        y = np.digitize(score, [-0.3, 1.0])
    else:
        y = np.c_[score > 0.8, X[:, 2] > 0, X[:, 3] > 1.0].astype(int)
    return X, y


net = partial(small_net, max_iter=8)


CLASS_WEIGHTS = {
    "binary": {"rare": 5.0, "common": 0.5},
    "multiclass": {0: 1.0, 1: 3.0, 2: 0.25},
    "multilabel": [{0: 1, 1: 4}, {0: 2, 1: 1}, {0: 1, 1: 0.5}],
}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("kind", ["binary", "multiclass", "multilabel"])
@pytest.mark.parametrize("class_weight", ["dict", "balanced"])
def test_class_weight_equals_the_equivalent_sample_weight(kind, dtype, class_weight):
    """Same coefs_, bit for bit, as the sample weights compute_sample_weight
    gives: "balanced" is compute_class_weight's."""
    X, y = data(kind, dtype=dtype)
    class_weight = CLASS_WEIGHTS[kind] if class_weight == "dict" else "balanced"
    weighted_by_class = net(class_weight=class_weight).fit(X, y)
    weighted_by_sample = net().fit(
        X, y, sample_weight=compute_sample_weight(class_weight, y)
    )
    assert_same_weights(weighted_by_class, weighted_by_sample)
    assert weighted_by_class.loss_curve_ == weighted_by_sample.loss_curve_
    assert weighted_by_class.coefs_[0].dtype == dtype


def test_class_weight_multiplies_sample_weight():
    X, y = data("multiclass")
    sample_weight = np.random.RandomState(1).uniform(0.1, 2, len(y))
    class_weight = CLASS_WEIGHTS["multiclass"]
    both = net(class_weight=class_weight).fit(X, y, sample_weight=sample_weight)
    product = net().fit(
        X, y, sample_weight=sample_weight * compute_sample_weight(class_weight, y)
    )
    assert_same_weights(both, product)


def test_class_weight_changes_the_model_towards_the_weighted_class():
    X, y = data("binary", n_samples=300)
    plain = net(max_iter=40).fit(X, y)
    balanced = net(max_iter=40, class_weight="balanced").fit(X, y)
    assert (balanced.predict(X) == "rare").sum() > (plain.predict(X) == "rare").sum()


def test_class_weights_also_weigh_the_held_out_rows():
    """With early stopping, the held-out rows carry their class weights too:
    the validation scores equal those of the equivalent sample weights."""
    X, y = data("binary", n_samples=200)
    params = dict(early_stopping=True, max_iter=6, n_iter_no_change=np.inf)
    class_weight = CLASS_WEIGHTS["binary"]
    by_class = net(class_weight=class_weight, **params).fit(X, y)
    by_sample = net(**params).fit(
        X, y, sample_weight=compute_sample_weight(class_weight, y)
    )
    assert by_class.validation_scores_ == by_sample.validation_scores_
    assert by_class.validation_loss_curve_ == by_sample.validation_loss_curve_
    assert_same_weights(by_class, by_sample)


def test_class_weights_weigh_an_explicit_validation_set():
    X, y = data("binary", n_samples=200)
    X_val, y_val = data("binary", n_samples=60, seed=1)
    class_weight = CLASS_WEIGHTS["binary"]
    params = dict(early_stopping=True, max_iter=6, n_iter_no_change=np.inf)
    by_class = net(class_weight=class_weight, **params).fit(
        X, y, X_val=X_val, y_val=y_val, sample_weight_val=np.full(60, 2.0)
    )
    by_sample = net(**params).fit(
        X,
        y,
        sample_weight=compute_sample_weight(class_weight, y),
        X_val=X_val,
        y_val=y_val,
        sample_weight_val=2.0 * compute_sample_weight(class_weight, y_val),
    )
    assert by_class.validation_scores_ == by_sample.validation_scores_
    assert by_class.validation_loss_curve_ == by_sample.validation_loss_curve_


def test_partial_fit_refuses_balanced_as_sgd_classifier_does():
    X, y = data("binary")
    model = net(class_weight="balanced")
    with pytest.raises(ValueError, match="'balanced' is not supported by partial_fit"):
        model.partial_fit(X, y, classes=["common", "rare"])
    assert not hasattr(model, "coefs_")


def test_partial_fit_with_a_dict_equals_sample_weights():
    """Even on a batch that lacks a class: the weights are per class of
    classes_, not of the batch."""
    X, y = data("multiclass")
    class_weight = CLASS_WEIGHTS["multiclass"]
    batches = [slice(0, 60), slice(60, None)]
    first_batch_lacks_a_class = y[batches[0]] != 2
    by_class = net(class_weight=class_weight)
    by_sample = net()
    for rows in batches:
        X_batch, y_batch = X[rows], y[rows]
        if rows == batches[0]:
            X_batch = X_batch[first_batch_lacks_a_class]
            y_batch = y_batch[first_batch_lacks_a_class]
        weights = np.array([class_weight[label] for label in y_batch])
        by_class.partial_fit(X_batch, y_batch, classes=[0, 1, 2])
        by_sample.partial_fit(
            X_batch, y_batch, classes=[0, 1, 2], sample_weight=weights
        )
    assert 2 not in y[batches[0]][first_batch_lacks_a_class]
    assert_same_weights(by_class, by_sample)


@pytest.mark.parametrize(
    "kind, class_weight, message",
    [
        ("binary", [{"rare": 2}], "list of dicts is for multilabel targets"),
        ("multilabel", {0: 1, 1: 2}, "'balanced' or a list of 3 dicts"),
        ("multilabel", [{0: 1, 1: 2}], "'balanced' or a list of 3 dicts"),
        ("multiclass", {0: 0, 1: 0, 2: 0}, "class weights .* sum to zero"),
        # SGD would climb the loss of a class of negative weight.
        ("multiclass", {0: 1, 1: -0.001, 2: 1}, "finite, non-negative .* -0.001"),
        ("binary", {"rare": np.nan, "common": 1}, "finite, non-negative .* nan"),
        ("binary", {"rare": np.inf, "common": 1}, "finite, non-negative .* inf"),
        ("multilabel", [{0: 1, 1: 2}, {0: -1, 1: 1}, {0: 1, 1: 1}], "non-negative"),
    ],
)
def test_unusable_class_weight_raises(kind, class_weight, message):
    X, y = data(kind)
    model = net(class_weight=class_weight)
    with pytest.raises(ValueError, match=message):
        model.fit(X, y)
    assert not hasattr(model, "coefs_")


def test_bad_class_weight_leaves_a_fitted_model_unchanged():
    X, y = data("multiclass")
    model = net().fit(X, y)
    before = pickle.dumps(model)
    model.set_params(class_weight={0: 0, 1: 0, 2: 0}, warm_start=True)
    with pytest.raises(ValueError, match="sum to zero"):
        model.fit(X, y)
    model.set_params(class_weight=None, warm_start=False)
    assert pickle.dumps(model) == before


def test_class_weight_parameter_is_validated():
    X, y = data("binary")
    with pytest.raises(ValueError, match="class_weight"):
        net(class_weight="auto").fit(X, y)


def test_scikit_learn_class_weight_check_passes():
    """The check check_estimator runs for any classifier with class_weight."""
    check_class_weight_classifiers("SigmoidNetClassifier", SigmoidNetClassifier())


# ------------------------------------------------- hostile weights (issue 19)


def dated(labels):
    return np.array(["2020-01-01", "2021-06-30", "2022-12-31"], "datetime64[D]")[labels]


TIME_LABELS = {
    "numpy-dates": (
        dated,
        {np.datetime64("2020-01-01"): 1.0, np.datetime64("2021-06-30"): 3.0},
    ),
    "python-dates": (
        dated,
        {datetime.date(2020, 1, 1): 1.0, datetime.date(2021, 6, 30): 3.0},
    ),
    "timestamps-of-another-unit": (
        lambda labels: dated(labels).astype("datetime64[ns]"),
        {pd.Timestamp("2020-01-01"): 1.0, pd.Timestamp("2021-06-30"): 3.0},
    ),
    "durations": (
        lambda labels: np.array([1, 2, 3], "timedelta64[h]")[labels],
        {datetime.timedelta(hours=1): 1.0, np.timedelta64(120, "m"): 3.0},
    ),
}


@pytest.mark.parametrize("case", TIME_LABELS)
def test_a_class_weight_dict_keyed_by_dates_or_durations(case):
    """Keys are matched to the labels by value, whatever their type or unit;
    a class without a key weighs 1."""
    to_labels, class_weight = TIME_LABELS[case]
    X, y = data("multiclass")
    labels = to_labels(y)
    by_class = net(class_weight=class_weight).fit(X, labels)
    weights = np.array([1.0, 3.0, 1.0])[y]
    by_sample = net().fit(X, labels, sample_weight=weights)
    assert_same_weights(by_class, by_sample)
    assert_array_equal(by_class.classes_, np.unique(labels))


def test_a_key_for_no_class_is_named_with_the_class_it_left_out():
    X, y = data("multiclass")
    labels = dated(y)
    with pytest.raises(ValueError, match="no weight for the classes") as error:
        net(class_weight={np.datetime64("2020-01-01"): 1.0, "2021": 3.0}).fit(X, labels)
    message = str(error.value)
    assert "['2021-06-30', '2022-12-31']" in message
    assert "keys ['2021']" in message
    assert "datetime.date" not in message


def test_class_weight_times_sample_weight_overflowing_is_explained():
    X, y = data("binary")
    model = net().fit(X, y)
    before = pickle.dumps(model)
    model.set_params(class_weight={"rare": 1e308, "common": 1.0}, warm_start=True)
    with pytest.raises(ValueError, match="sample_weight times class_weight, overflow"):
        model.fit(X, y, sample_weight=np.full(len(y), 10.0))
    model.set_params(class_weight=None, warm_start=False)
    assert pickle.dumps(model) == before


def test_multilabel_class_weights_overflowing_over_the_columns_are_explained():
    X, y = data("multilabel")
    class_weight = [{0: 1.0, 1: 1e300}] * 3
    with pytest.raises(ValueError, match="multiplied over the label columns"):
        net(class_weight=class_weight).fit(X, y)


def test_class_weights_near_the_largest_float_keep_early_stopping_on():
    """Weighted means of weights of 1e308 overflow to NaN; the held-out
    rows' weights are scaled as the training rows' are."""
    X, y = data("binary", n_samples=200)
    params = dict(early_stopping=True, max_iter=200, n_iter_no_change=3)
    huge = net(class_weight={"rare": 1e308, "common": 1e308}, **params).fit(X, y)
    assert np.isfinite(huge.validation_scores_).all()
    assert huge.best_validation_score_ == max(huge.validation_scores_)
    assert huge.n_iter_ < 200  # stopped by early stopping
    # 2**1023 scales to exactly 1: the scores of uniform weights, bit for bit
    # (and a penalty divided by 2**1023, so none).
    power = net(class_weight={"rare": 2.0**1023, "common": 2.0**1023}, **params)
    uniform = net(class_weight={"rare": 1.0, "common": 1.0}, alpha=0.0, **params)
    assert power.fit(X, y).validation_scores_ == uniform.fit(X, y).validation_scores_


@pytest.mark.parametrize("sample_weight", [None, 1.0])
def test_tiny_class_weights_with_a_penalty_are_told_to_scale_class_weight(
    sample_weight,
):
    X, y = data("binary")
    class_weight = {"rare": 1e-300, "common": 1e-300}
    weights = None if sample_weight is None else np.full(len(y), sample_weight)
    with pytest.raises(ValueError, match="alpha=0.0001") as error:
        net(class_weight=class_weight).fit(X, y, sample_weight=weights)
    message = str(error.value)
    assert "class_weight up" in message
    assert ("sample_weight" in message) == (sample_weight is not None)
