"""class_weight: scikit-learn's meaning, as a factor on sample weights (issue 11)."""

import pickle

import numpy as np
import pytest
from assertions import assert_same_weights
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


def net(**params):
    defaults = dict(hidden_layer_sizes=(5,), max_iter=8, random_state=0)
    return SigmoidNetClassifier(**{**defaults, **params})


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
