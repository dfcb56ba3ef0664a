"""Early stopping on an explicit validation set, on the loss or any scorer, and
the validation loss curve (issue 11)."""

import pickle
import threading
from functools import partial

import numpy as np
import pandas as pd
import pytest
import scipy.sparse
from assertions import assert_same_weights
from cases import small_net
from numpy.testing import assert_allclose
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import f1_score, make_scorer, roc_auc_score
from sklearn.model_selection import train_test_split

from sksigmoidnet import SigmoidNetClassifier

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def noisy_data(n_samples=200, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n_samples, 4))
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(int)
    flip = np.random.RandomState(seed + 1).rand(n_samples) < 0.2
    return X, np.where(flip, 1 - y, y)


net = partial(
    small_net, early_stopping=True, n_iter_no_change=3, learning_rate_init=0.5
)


def held_out_rows(X, y, hidden, random_state, fraction=0.1, sample_weight=None):
    """The rows early stopping holds out: MLPClassifier's order of draws from
    random_state, the initial weights (a uniform draw per weight matrix and
    bias vector), then a stratified train_test_split."""
    rng = np.random.RandomState(random_state)
    sizes = [X.shape[1], *hidden, 1]
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        rng.uniform(size=(fan_in, fan_out))
        rng.uniform(size=fan_out)
    arrays = [X, y] + ([] if sample_weight is None else [sample_weight])
    return train_test_split(*arrays, test_size=fraction, random_state=rng, stratify=y)


# ------------------------------------------------------------- X_val, y_val


@pytest.mark.parametrize("weighted", [False, True])
def test_explicit_validation_set_equals_the_held_out_path(weighted):
    """The rows validation_fraction holds out, passed as X_val: the same
    training, bit for bit."""
    X, y = noisy_data()
    sample_weight = (
        np.random.RandomState(4).uniform(0.5, 2, len(y)) if weighted else None
    )
    params = dict(shuffle=False, random_state=7)
    held_out = net(**params).fit(X, y, sample_weight=sample_weight)

    parts = held_out_rows(X, y, (5,), 7, sample_weight=sample_weight)
    X_train, X_val, y_train, y_val = parts[:4]
    weights = {}
    if weighted:
        weights = dict(sample_weight=parts[4], sample_weight_val=parts[5])
    explicit = net(**params).fit(X_train, y_train, X_val=X_val, y_val=y_val, **weights)

    assert explicit.n_iter_ == held_out.n_iter_ < explicit.max_iter
    assert explicit.validation_scores_ == held_out.validation_scores_
    assert explicit.validation_loss_curve_ == held_out.validation_loss_curve_
    assert explicit.loss_curve_ == held_out.loss_curve_
    assert_same_weights(explicit, held_out)


def test_explicit_validation_set_trains_on_every_row_of_X():
    X, y = noisy_data()
    X_val, y_val = noisy_data(60, seed=3)
    first = net(validation_fraction=0.1).fit(X, y, X_val=X_val, y_val=y_val)
    second = net(validation_fraction=0.5).fit(X, y, X_val=X_val, y_val=y_val)
    assert_same_weights(first, second)
    assert first.t_ == first.n_iter_ * len(X)
    # Accuracies on the 60 validation rows.
    assert_allclose(np.asarray(first.validation_scores_) * 60 % 1, 0, atol=1e-9)
    assert first.best_validation_score_ == first.score(X_val, y_val)


def test_explicit_validation_set_of_another_dtype_and_labels_as_str():
    X, y = noisy_data()
    labels = np.array(["no", "yes"])
    X_val, y_val = noisy_data(50, seed=3)
    model = net().fit(
        X.astype(np.float32), labels[y], X_val=X_val.tolist(), y_val=list(labels[y_val])
    )
    assert model.coefs_[0].dtype == np.float32
    assert model.best_validation_score_ == pytest.approx(
        model.score(X_val.astype(np.float32), labels[y_val])
    )


def test_explicit_validation_set_for_multilabel_targets():
    X, y = noisy_data()
    Y = np.c_[y, 1 - y, X[:, 2] > 0].astype(int)
    X_val, y_val = noisy_data(50, seed=3)
    Y_val = np.c_[y_val, 1 - y_val, X_val[:, 2] > 0].astype(int)
    model = net().fit(X, Y, X_val=X_val, y_val=Y_val)
    assert model.best_validation_score_ == model.score(X_val, Y_val)


X_VAL_ERRORS = [
    (
        dict(X_val="X", y_val="y"),
        dict(early_stopping=False),
        "with early_stopping=False",
    ),
    (dict(X_val="X"), {}, "X_val was passed to fit without y_val"),
    (dict(y_val="y"), {}, "y_val was passed to fit without X_val"),
    (dict(sample_weight_val="w"), {}, "sample_weight_val was passed without X_val"),
    (dict(X_val="X3", y_val="y"), {}, "X_val does not fit the training data X"),
    (dict(X_val="X", y_val="y_short"), {}, "X_val has 40 rows but y_val has 39"),
    (dict(X_val="X", y_val="y_unseen"), {}, r"y_val contains labels \[7\]"),
    (dict(X_val="X", y_val="Y2"), {}, "y_val has shape"),
    (dict(X_val="X", y_val="y", sample_weight_val="w_short"), {}, "sample_weight_val"),
    (dict(X_val="X", y_val="y", sample_weight_val="w_zero"), {}, "non-zero"),
    (dict(X_val="X_nan", y_val="y"), {}, "X_val does not fit.*NaN"),
]


@pytest.mark.parametrize("given, params, message", X_VAL_ERRORS)
def test_bad_validation_set_raises_and_leaves_the_model_unchanged(
    given, params, message
):
    X, y = noisy_data()
    X_val, y_val = noisy_data(40, seed=3)
    values = {
        "X": X_val,
        "X3": X_val[:, :3],
        "X_nan": np.where(X_val > 2, np.nan, X_val),
        "y": y_val,
        "y_short": y_val[:-1],
        "y_unseen": np.where(np.arange(40) == 5, 7, y_val),
        "Y2": np.c_[y_val, y_val],
        "w": np.ones(40),
        "w_short": np.ones(39),
        "w_zero": np.zeros(40),
    }
    model = net(max_iter=3).fit(X, y)
    before = pickle.dumps(model)
    model.set_params(warm_start=True, **params)
    with pytest.raises(ValueError, match=message):
        model.fit(X, y, **{key: values[name] for key, name in given.items()})
    model.set_params(warm_start=False, early_stopping=True)
    assert pickle.dumps(model) == before


# ------------------------------------------------------------------ scoring


def validation_rows(X, y):
    return dict(X_val=X[150:], y_val=y[150:]), X[:150], y[:150]


def bce(logits, y):
    """Mean binary cross-entropy of a binary model's logits."""
    return np.mean(np.logaddexp(0, np.where(y == 1, -logits, logits)))


def test_scoring_loss_stops_on_the_negated_validation_loss():
    X, y = noisy_data()
    val, X_train, y_train = validation_rows(X, y)
    model = net(scoring="loss").fit(X_train, y_train, **val)

    assert model.n_iter_ < model.max_iter
    assert_allclose(model.validation_scores_, -np.asarray(model.validation_loss_curve_))
    assert model.best_validation_score_ == max(model.validation_scores_)
    # The kept weights are the best epoch's: their loss is the lowest.
    kept_loss = bce(model.decision_function(val["X_val"]), val["y_val"])
    assert kept_loss == pytest.approx(-model.best_validation_score_, rel=1e-10)
    assert kept_loss == pytest.approx(min(model.validation_loss_curve_), rel=1e-10)


@pytest.mark.parametrize(
    "scoring, metric",
    [
        ("roc_auc", lambda m, X, y: roc_auc_score(y, m.predict_proba(X)[:, 1])),
        (
            "neg_log_loss",
            lambda m, X, y: np.mean(np.log(m.predict_proba(X)[np.arange(len(y)), y])),
        ),
        (make_scorer(f1_score), lambda m, X, y: f1_score(y, m.predict(X))),
    ],
    ids=["roc_auc", "neg_log_loss", "make_scorer"],
)
def test_scorers_choose_the_kept_epoch(scoring, metric):
    X, y = noisy_data()
    val, X_train, y_train = validation_rows(X, y)
    model = net(scoring=scoring).fit(X_train, y_train, **val)

    assert len(model.validation_scores_) == model.n_iter_
    assert model.best_validation_score_ == max(model.validation_scores_)
    assert model.best_validation_score_ == pytest.approx(
        metric(model, val["X_val"], val["y_val"]), rel=1e-9
    )


def test_a_callable_scorer_gets_a_fitted_model_and_the_validation_weights():
    X, y = noisy_data()
    val, X_train, y_train = validation_rows(X, y)
    weight_val = np.linspace(0.5, 1.5, 50)
    calls = []

    def weighted_error(estimator, X, y, sample_weight=None):
        calls.append(sample_weight)
        wrong = estimator.predict(X) != y
        return -float(np.average(wrong, weights=sample_weight))

    model = net(scoring=weighted_error).fit(
        X_train, y_train, sample_weight_val=weight_val, **val
    )
    assert len(calls) == model.n_iter_
    assert all(np.array_equal(weights, weight_val) for weights in calls)
    assert model.best_validation_score_ == weighted_error(
        model, val["X_val"], val["y_val"], sample_weight=weight_val
    )


def test_unknown_scoring_raises_before_training():
    X, y = noisy_data()
    model = net(scoring="no_such_metric")
    with pytest.raises(ValueError, match="no_such_metric"):
        model.fit(X, y)
    assert not hasattr(model, "coefs_")


def test_scoring_is_not_used_without_early_stopping():
    X, y = noisy_data()
    plain = net(early_stopping=False, max_iter=5).fit(X, y)
    scored = net(early_stopping=False, max_iter=5, scoring="roc_auc").fit(X, y)
    assert_same_weights(plain, scored)
    assert scored.validation_scores_ is None


# ------------------------------------------------------ validation loss curve


@pytest.mark.parametrize("scoring", [None, "loss", "roc_auc"])
def test_validation_loss_is_recorded_whatever_the_scoring(scoring):
    X, y = noisy_data()
    model = net(scoring=scoring).fit(X, y)
    curve = model.validation_loss_curve_
    assert len(curve) == len(model.loss_curve_) == model.n_iter_
    assert np.isfinite(curve).all()
    assert all(value > 0 for value in curve)


def test_validation_loss_curve_is_none_without_held_out_rows():
    X, y = noisy_data()
    assert (
        net(early_stopping=False, max_iter=3).fit(X, y).validation_loss_curve_ is None
    )


def test_validation_loss_is_the_weighted_cross_entropy():
    """After one epoch, the kept weights are that epoch's: the recorded loss
    is their weighted mean cross-entropy on the validation rows."""
    X, y = noisy_data()
    val, X_train, y_train = validation_rows(X, y)
    weight_val = np.linspace(0.5, 1.5, 50)
    model = net(max_iter=1).fit(X_train, y_train, sample_weight_val=weight_val, **val)
    logits = model.decision_function(val["X_val"])
    per_row = np.logaddexp(0, np.where(val["y_val"] == 1, -logits, logits))
    expected = np.average(per_row, weights=weight_val)
    assert model.validation_loss_curve_[0] == pytest.approx(expected, rel=1e-12)


# ------------------------------------------------------------------ pickling


def test_new_attributes_and_parameters_survive_pickling():
    X, y = noisy_data()
    val, X_train, y_train = validation_rows(X, y)
    model = net(scoring="roc_auc", class_weight={0: 1, 1: 2}, max_iter=4).fit(
        X_train, y_train, **val
    )
    restored = pickle.loads(pickle.dumps(model))
    assert restored.validation_loss_curve_ == model.validation_loss_curve_
    assert restored.validation_scores_ == model.validation_scores_
    assert restored.get_params() == model.get_params()
    # Training continues identically after the round trip.
    for estimator in (model, restored):
        estimator.set_params(warm_start=True, max_iter=2).fit(X_train, y_train, **val)
    assert restored.validation_loss_curve_ == model.validation_loss_curve_
    assert_same_weights(restored, model)


def test_tampered_validation_loss_curve_is_refused():
    X, y = noisy_data()
    model = net(max_iter=2).fit(X, y)
    state = model.__getstate__()
    state["validation_loss_curve_"] = "not a list"
    with pytest.raises(ValueError, match="validation_loss_curve_"):
        SigmoidNetClassifier().__setstate__(state)


def test_sparse_validation_set_scores_as_the_dense_one():
    X, y = noisy_data()
    X_val, y_val = noisy_data(50, seed=3)
    dense = net(max_iter=5).fit(X, y, X_val=X_val, y_val=y_val)
    sparse = net(max_iter=5).fit(
        X, y, X_val=scipy.sparse.csr_matrix(X_val), y_val=y_val
    )
    assert_allclose(sparse.validation_loss_curve_, dense.validation_loss_curve_)
    assert sparse.validation_scores_ == dense.validation_scores_


# ----------------------------------------- held-out rows that cannot score


def test_multiclass_split_that_cannot_be_stratified_is_plain():
    """A class of one row cannot be stratified: the rows are split as
    MLPClassifier splits multiclass targets, without stratification."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(100, 3))
    y = np.r_[np.zeros(50, int), np.ones(49, int), [2]]
    model = net(max_iter=3).fit(X, y)
    assert len(model.validation_scores_) == model.n_iter_
    # Too few training rows for every class: 12 rows, 3 classes, 9 held out.
    X_small, y_small = X[:12], np.arange(12) % 3
    net(max_iter=3, validation_fraction=0.7).fit(X_small, y_small)


@pytest.mark.parametrize("random_state, side", [(16, "training"), (5, "held-out")])
def test_split_leaving_one_side_without_weight_is_refused(random_state, side):
    X, y = noisy_data(n_samples=20)
    sample_weight = np.zeros(20)
    sample_weight[[np.flatnonzero(y == 0)[0], np.flatnonzero(y == 1)[0]]] = 1
    model = net(validation_fraction=0.5, random_state=random_state)
    with pytest.raises(ValueError, match=f"left the {side} rows with sample weight 0"):
        model.fit(X, y, sample_weight=sample_weight)


def rare_positives():
    """100 rows, 4 positive: the 10 held-out rows hold none."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(100, 4))
    y = np.r_[np.zeros(96, int), np.ones(4, int)]
    X[:, 0] += 2 * y
    return X, y


@pytest.mark.parametrize(
    "scoring, what", [("roc_auc", "is NaN"), ("neg_log_loss", "failed")]
)
def test_a_score_the_held_out_rows_cannot_give_names_the_missing_class(scoring, what):
    X, y = rare_positives()
    model = net(scoring=scoring, max_iter=5)
    with pytest.raises(ValueError, match=f"{what}.*hold no row of classes \\[1\\]"):
        model.fit(X, y)
    assert not hasattr(model, "coefs_")


def test_a_scorer_returning_nan_is_refused():
    X, y = noisy_data()
    with pytest.raises(ValueError, match="the scorer returned NaN"):
        net(scoring=lambda estimator, X, y: np.nan, max_iter=5).fit(X, y)


def test_a_callable_scorer_of_weighted_rows_must_take_their_weights():
    X, y = noisy_data()

    def unweighted(estimator, X, y):
        return estimator.score(X, y)

    def weighted(estimator, X, y, sample_weight=None):
        return estimator.score(X, y, sample_weight=sample_weight)

    with pytest.raises(TypeError, match="takes no sample_weight"):
        net(scoring=unweighted, class_weight="balanced").fit(X, y)
    net(scoring=unweighted, max_iter=3).fit(X, y)  # no weights: no need
    net(scoring=weighted, class_weight="balanced", max_iter=3).fit(X, y)


def test_validation_fraction_zero_is_accepted_without_early_stopping():
    """As in MLPClassifier: the parameter is not used then."""
    X, y = noisy_data()
    SigmoidNetClassifier(validation_fraction=0.0, max_iter=3).fit(X, y)
    with pytest.raises(ValueError, match="0 rows"):
        net(validation_fraction=0.0).fit(X, y)


# ---------------------------------------- what a fit may record (issue 19)


@pytest.mark.parametrize("infinity", [np.inf, -np.inf])
def test_a_scorer_returning_an_infinity_is_refused_as_nan_is(infinity):
    """An infinite score would win (or lose) against every epoch, and no
    saved model may hold one: refused at fit, not when loading."""
    X, y = noisy_data()
    model = net(scoring=lambda estimator, X, y: infinity, max_iter=5)
    with pytest.raises(ValueError, match=f"is {infinity}: the scorer returned"):
        model.fit(X, y)
    assert not hasattr(model, "coefs_")


def test_a_validation_loss_that_overflows_is_a_divergence():
    """The weights stay finite and predict, but the outputs on the
    validation rows overflow float32 after the last epoch: a divergence,
    not a fit whose validation_loss_curve_ holds inf."""
    X, y = make_classification(200, random_state=0)
    model = SigmoidNetClassifier(
        hidden_layer_sizes=(20,),
        activation="relu",
        learning_rate_init=1e7,
        max_iter=3,
        early_stopping=True,
        random_state=0,
    )
    with pytest.raises(ValueError, match="diverged: the validation loss is inf"):
        model.fit(X.astype(np.float32), y)
    assert not hasattr(model, "coefs_")


@pytest.mark.parametrize("weighted", ["held-out sample_weight", "sample_weight_val"])
def test_weights_near_the_largest_float_keep_early_stopping_on(weighted):
    """Weighted means of weights of 1e308 overflow to NaN: the validation
    weights are scaled as the training weights are, so that the scores are
    those of unit weights and early stopping stops. 2**1023, the largest
    power of two, scales to exactly 1: the same fit, bit for bit, but for
    alpha, divided by the total training weight, so none with huge training
    weights."""
    X, y = noisy_data()

    def fit(weight, alpha):
        model = net(max_iter=200, alpha=alpha)
        if weighted == "sample_weight_val":
            val, X_train, y_train = validation_rows(X, y)
            weights = np.full(len(val["y_val"]), weight)
            return model.fit(X_train, y_train, **val, sample_weight_val=weights)
        return model.fit(X, y, sample_weight=np.full(len(y), weight))

    ones = fit(1.0, alpha=1e-4 if weighted == "sample_weight_val" else 0.0)
    assert ones.n_iter_ < 200  # stopped by early stopping
    huge = fit(2.0**1023, alpha=1e-4)
    assert huge.validation_scores_ == ones.validation_scores_
    assert huge.validation_loss_curve_ == ones.validation_loss_curve_
    assert_same_weights(huge, ones)
    assert np.isfinite(fit(1e308, alpha=1e-4).validation_scores_).all()


class LockedScorer:
    """A scorer holding a lock, which cannot be copied or pickled."""

    def __init__(self):
        self.lock = threading.Lock()
        self.calls = 0

    def __call__(self, estimator, X, y):
        with self.lock:
            self.calls += 1
        return estimator.score(X, y)


def test_a_scorer_that_cannot_be_copied_is_used_as_it_is():
    """As HistGradientBoostingClassifier uses it: scoring is not copied
    with the estimator to score the epochs."""
    X, y = noisy_data()
    scorer = LockedScorer()
    HistGradientBoostingClassifier(early_stopping=True, scoring=scorer, max_iter=5).fit(
        X, y
    )
    calls = scorer.calls
    model = net(scoring=scorer, max_iter=5).fit(X, y)
    assert model.scoring is scorer
    assert scorer.calls - calls == model.n_iter_
    assert model.best_validation_score_ == max(model.validation_scores_)


@pytest.mark.parametrize(
    "returned",
    [
        np.array([0.5, 0.6]),
        "0.5",
        None,
        [0.5],
        0.5 + 0j,
        pd.NA,
    ],
    ids=["array", "str", "None", "list", "complex", "pd.NA"],
)
def test_a_scorer_returning_no_number_is_named(returned):
    X, y = noisy_data()
    model = net(scoring=lambda estimator, X, y: returned, max_iter=5)
    with pytest.raises(ValueError, match="not a number") as error:
        model.fit(X, y)
    assert f"is {returned!r}, of type {type(returned).__name__}" in str(error.value)
    assert not hasattr(model, "coefs_")


@pytest.mark.parametrize(
    "returned", [np.float32(0.25), np.array(0.25), np.array([0.25]), 1, True]
)
def test_a_scorer_may_return_numpy_numbers_as_scikit_learn_takes_them(returned):
    X, y = noisy_data()
    model = net(scoring=lambda estimator, X, y: returned, max_iter=3).fit(X, y)
    assert model.validation_scores_ == [float(np.asarray(returned).item())] * 3
    assert type(model.best_validation_score_) is float


def test_a_sparse_multilabel_y_val_is_taken_as_a_sparse_y_is():
    X, _ = noisy_data()
    Y = (X[:, :3] > 0).astype(int)
    X_val, Y_val = X[:50], Y[:50]
    dense = net(max_iter=4).fit(X, Y, X_val=X_val, y_val=Y_val)
    for to_sparse in (scipy.sparse.csr_matrix, scipy.sparse.csc_array):
        sparse = net(max_iter=4).fit(X, Y, X_val=X_val, y_val=to_sparse(Y_val))
        assert sparse.validation_scores_ == dense.validation_scores_
        assert_same_weights(sparse, dense)


def test_a_y_val_holding_none_names_none_alone_as_unseen():
    """Not the valid labels too: None cannot be sorted among strings."""
    X, y = noisy_data()
    labels = np.array(["no", "yes"], dtype=object)
    y_val = labels[y[:40]]
    y_val[3] = None
    with pytest.raises(ValueError, match=r"y_val contains labels \[None\] that"):
        net().fit(X, labels[y], X_val=X[:40], y_val=y_val)


def test_dates_in_y_val_messages_are_printed_as_dates():
    X, y = noisy_data()
    days = np.array(["2020-01-01", "2021-01-01"], dtype="datetime64[D]")
    y_val = days[y[:40]]
    y_val[3] = np.datetime64("2022-06-30")
    with pytest.raises(ValueError, match=r"labels \['2022-06-30'\] that") as error:
        net().fit(X, days[y], X_val=X[:40], y_val=y_val)
    assert "['2020-01-01', '2021-01-01']" in str(error.value)
    y_val[3] = np.datetime64("NaT")
    with pytest.raises(ValueError, match="y_val contains NaT, a missing date"):
        net().fit(X, days[y], X_val=X[:40], y_val=y_val)
