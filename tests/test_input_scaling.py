"""Features far from unit scale: standardised inside fit, folded into the weights.

A forgotten StandardScaler used to leave a sigmoid network saturated and
silent (raw wine 0.34, raw breast cancer 0.58). Now ``fit`` trains on
standardised features when some feature's root mean square exceeds
``OFF_SCALE`` and folds the standardisation into the first layer, so that
the fitted model acts on the features as given.
"""

import warnings

import numpy as np
import pytest
from scipy import sparse
from sklearn.base import clone
from sklearn.datasets import (
    load_breast_cancer,
    load_wine,
    make_blobs,
    make_classification,
)
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from sksigmoidnet import SigmoidNetClassifier

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def standardised(X):
    """What fit trains on: population mean and standard deviation."""
    return (X - X.mean(axis=0)) / X.std(axis=0)


@pytest.fixture(scope="module")
def wine():
    return load_wine(return_X_y=True)


@pytest.mark.slow
@pytest.mark.parametrize("load", [load_wine, load_breast_cancer])
def test_raw_features_learn_as_well_as_mlpclassifier(load):
    X, y = load(return_X_y=True)
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        ours = cross_val_score(SigmoidNetClassifier(random_state=0), X, y, cv=cv)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp = cross_val_score(MLPClassifier(random_state=0), X, y, cv=cv)
    assert ours.mean() >= mlp.mean() - 0.01


def test_model_on_raw_features_is_the_model_on_standardised_ones(wine):
    X, y = wine
    raw = SigmoidNetClassifier((8,), max_iter=30, random_state=0).fit(X, y)
    scaled = SigmoidNetClassifier((8,), max_iter=30, random_state=0)
    scaled.fit(standardised(X), y)
    np.testing.assert_allclose(
        raw.predict_proba(X), scaled.predict_proba(standardised(X)), atol=1e-9
    )
    np.testing.assert_allclose(raw.loss_curve_, scaled.loss_curve_, rtol=1e-9)
    # The deeper layers are the trained ones; only the first is folded.
    np.testing.assert_allclose(raw.coefs_[1], scaled.coefs_[1], rtol=1e-9)
    assert not np.allclose(raw.coefs_[0], scaled.coefs_[0])


def test_features_near_unit_scale_are_trained_as_given(wine):
    X, y = wine
    X = standardised(X) * 3.0  # root mean square 3: within OFF_SCALE
    ours = SigmoidNetClassifier(
        (8,),
        learning_rate_init=0.25,
        max_iter=5,
        shuffle=False,
        n_iter_no_change=10,
        random_state=0,
    )
    mlp = MLPClassifier(
        (8,),
        activation="logistic",
        solver="sgd",
        learning_rate_init=0.25,
        max_iter=5,
        shuffle=False,
        tol=3e-4,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours.fit(X, y == 0)
        mlp.fit(X, y == 0)
    for theirs, mine in zip(mlp.coefs_, ours.coefs_, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10)


def test_sparse_raw_features_are_scaled_not_centred(wine):
    X, y = wine
    raw = SigmoidNetClassifier((8,), max_iter=20, random_state=0)
    raw.fit(sparse.csr_matrix(X), y)
    root_mean_square = np.sqrt((X * X).mean(axis=0))
    scaled = SigmoidNetClassifier((8,), max_iter=20, random_state=0)
    scaled.fit(X / root_mean_square, y)
    np.testing.assert_allclose(
        raw.predict_proba(sparse.csr_matrix(X)),
        scaled.predict_proba(X / root_mean_square),
        atol=1e-9,
    )


@pytest.fixture(scope="module")
def unit():
    """Features of mean 0 and standard deviation 1, and their classes."""
    X, y = make_classification(200, 4, n_informative=2, random_state=0)
    return StandardScaler().fit_transform(X), y


def assert_trains_as_on(X, unit, atol):
    """A model fitted on ``X`` predicts on ``X`` what one fitted on the unit
    features predicts on them: ``X`` standardises to those features."""
    Z, y = unit
    model = SigmoidNetClassifier((8,), max_iter=20, random_state=0)
    reference = clone(model).fit(Z, y).predict_proba(Z)
    np.testing.assert_allclose(model.fit(X, y).predict_proba(X), reference, atol=atol)
    return model


@pytest.mark.parametrize("offset", [1e8, 1e10, 1e12])
def test_features_far_from_zero_are_centred_before_their_spread_is_taken(offset, unit):
    """Timestamps: E[x**2] - E[x]**2 cancelled to noise, and unit spreads
    shifted by 1e10 were scaled by 286 (accuracy 0.57). What is left is the
    rounding of the data itself, 1e-4 at 1e12."""
    assert_trains_as_on(unit[0] + offset, unit, atol=1e-3)


@pytest.mark.parametrize("factor", [1e155, 1e200, 1e-13])
def test_features_of_any_magnitude_are_standardised(factor, unit):
    """Squares overflowed above 1.3e154 (TrainingDivergedError from 1e200 on),
    and spreads below 2.2e-13 were taken for constants, left unscaled and
    ignored beside an off-scale feature."""
    Z, _ = unit
    X = Z * factor
    if factor < 1:
        X[:, 0] = Z[:, 0] * 100  # off scale, so that fit standardises
    assert_trains_as_on(X, unit, atol=1e-12)


def test_one_huge_value_does_not_stop_the_others_from_training(unit):
    Z, y = unit
    X = Z.copy()
    X[0, 3] = np.finfo(np.float64).max
    model = SigmoidNetClassifier((8,), max_iter=50, random_state=0).fit(X, y)
    assert all(np.isfinite(coef).all() for coef in model.coefs_)
    # The extra column (one value far out, the rest near zero once
    # standardised) changes SGD's path: a row or two either way.
    without = SigmoidNetClassifier((8,), max_iter=50, random_state=0)
    assert model.score(X, y) >= without.fit(Z[:, :3], y).score(Z[:, :3], y) - 0.02


def test_a_constant_feature_is_scaled_by_its_magnitude_not_centred(unit):
    """Centred, a constant of 1e20 would fold -1e20 * w into the intercept,
    for every prediction to cancel against +1e20 * w to within 1e4. One
    below 1 is kept: divided by 1e-310, its weights would overflow."""
    Z, y = unit
    X = np.column_stack([Z * 100, np.full(len(y), -1e20), np.full(len(y), 1e-310)])
    expected = np.column_stack([Z, -np.ones(len(y)), np.full(len(y), 1e-310)])
    model = assert_trains_as_on(X, (expected, y), atol=1e-12)
    assert model.score(X, y) > 0.9


def test_a_spread_too_small_for_the_weights_is_refused_by_feature(unit):
    Z, y = unit
    X = Z * 100
    X[:, 2] = Z[:, 2] * 1e-310
    model = SigmoidNetClassifier((8,), max_iter=5, random_state=0).fit(Z, y)
    before = [coef.copy() for coef in model.coefs_]
    with pytest.raises(ValueError, match=r"Feature 2 varies too little .* float64"):
        model.fit(X, y)
    for old, new in zip(before, model.coefs_, strict=True):
        np.testing.assert_array_equal(old, new)


def test_sparse_features_of_any_magnitude_are_scaled(unit):
    """Scaled by their root mean square, computed without overflow from the
    stored entries."""
    Z, y = unit
    X = np.where(Z > 0, Z, 0.0)  # half the entries stored
    root_mean_square = np.sqrt((X * X).mean(axis=0))
    reference = (X / root_mean_square, y)
    for factor in (1e200, np.finfo(np.float64).max / 4):
        huge = sparse.csr_matrix(X * (factor / X.max(axis=0)))
        model = SigmoidNetClassifier((8,), max_iter=20, random_state=0).fit(huge, y)
        expected = clone(model).fit(*reference).predict_proba(reference[0])
        np.testing.assert_allclose(model.predict_proba(huge), expected, atol=1e-12)


def test_weights_count_as_repeated_rows(wine):
    X, y = wine
    weights = np.arange(len(y)) % 3
    weighted = SigmoidNetClassifier((8,), max_iter=20, shuffle=False, random_state=0)
    weighted.fit(X, y, sample_weight=weights)
    repeated = SigmoidNetClassifier((8,), max_iter=20, shuffle=False, random_state=0)
    repeated.fit(np.repeat(X, weights, axis=0), np.repeat(y, weights))
    # Same statistics, so the same scaling; the batches differ, so compare
    # what was learnt rather than the weights.
    assert (weighted.predict(X) == repeated.predict(X)).mean() > 0.95


def test_warm_start_continues_where_the_first_fit_ended(wine):
    X, y = wine
    clf = SigmoidNetClassifier(
        (8,), max_iter=40, warm_start=True, n_iter_no_change=np.inf, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
        first_loss = clf.loss_
        clf.fit(X, y)
    assert len(clf.loss_curve_) == 80
    # No restart from scratch: the second fit's first epoch is not worse than
    # the first fit's last one by more than SGD's noise.
    assert clf.loss_curve_[40] < first_loss * 1.5
    assert clf.loss_ < first_loss
    assert clf.score(X, y) > 0.95


def test_partial_fit_after_fit_on_raw_features_keeps_the_model(wine):
    """partial_fit continues on the fit's standardisation: trained on the raw
    features, three calls took the model from 1.0 to 0.48, with a warning
    that did not say so."""
    X, y = wine
    clf = SigmoidNetClassifier((8,), random_state=0).fit(X, y)
    assert clf.score(X, y) == 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(3):
            clf.partial_fit(X, y)
            assert clf.score(X, y) == 1.0


def test_partial_fit_continues_as_fit_would(wine):
    """A fit of 3 epochs and 2 calls of partial_fit train as a fit of 5
    epochs: the same standardisation, velocities, learning rate and orders."""
    X, y = wine
    params = dict(hidden_layer_sizes=(8,), random_state=0)
    stepwise = SigmoidNetClassifier(max_iter=3, **params).fit(X, y)
    stepwise.partial_fit(X, y).partial_fit(X, y)
    whole = SigmoidNetClassifier(max_iter=5, **params).fit(X, y)
    np.testing.assert_allclose(stepwise.loss_curve_, whole.loss_curve_, rtol=1e-9)
    np.testing.assert_allclose(
        stepwise.predict_proba(X), whole.predict_proba(X), atol=1e-9
    )


def test_partial_fit_warns_on_raw_features(wine):
    X, y = wine
    clf = SigmoidNetClassifier((8,), random_state=0)
    with pytest.warns(UserWarning, match="StandardScaler") as record:
        clf.partial_fit(X, y, classes=np.unique(y))
    assert record[0].filename == __file__  # points at the caller's line


def test_a_fit_that_learned_nothing_says_why():
    X, y = make_blobs(300, centers=3, random_state=0)
    clf = SigmoidNetClassifier(learning_rate_init=1e-4, max_iter=20, random_state=0)
    with pytest.warns(ConvergenceWarning, match="learned nothing") as record:
        clf.fit(X, y)
    assert record[0].filename == __file__
    message = str(record[0].message)
    assert "learning_rate_init=0.0001" in message
    assert "StandardScaler" in message


def test_a_fit_that_learned_does_not_warn():
    X, y = make_blobs(300, centers=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        clf = SigmoidNetClassifier(random_state=0).fit(X, y)
    assert clf.score(X, y) > 0.9


@pytest.mark.parametrize("target", ["one class", "multilabel, constant columns"])
def test_constant_targets_are_not_said_to_have_learned_nothing(target):
    """Always predicting the one class is right: nothing was there to learn."""
    X, _ = make_blobs(60, centers=2, random_state=0)
    y = np.zeros(60, dtype=int) if target == "one class" else np.ones((60, 3))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        clf = SigmoidNetClassifier((4,), max_iter=30, random_state=0).fit(X, y)
    assert clf.loss_ < 0.1


def test_a_short_fit_that_stalled_does_not_warn():
    """500 rows for 30 epochs never reach the 20,000 samples that
    ``n_iter_no_change="auto"`` waits for; a loss that stalled anyway is
    converged, not cut short."""
    X, y = make_blobs(500, centers=2, cluster_std=0.5, random_state=0)
    X = standardised(X)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        clf = SigmoidNetClassifier(max_iter=30, random_state=0).fit(X, y)
    assert clf.n_iter_ == 30
    assert clf.score(X, y) == 1.0


def test_a_scorer_sees_the_validation_rows_as_given(wine):
    """A scoring callable gets the user's rows and a model acting on them,
    whatever fit trains on: its score is the fitted model's own."""
    X, y = wine
    X_val, y_val = X[::3], y[::3]
    seen = []

    def accuracy(model, X, y):
        seen.append(X)
        return model.score(X, y)

    model = SigmoidNetClassifier(
        (8,), early_stopping=True, scoring=accuracy, max_iter=20, random_state=0
    ).fit(X, y, X_val=X_val, y_val=y_val)

    assert all(np.array_equal(rows, X_val) for rows in seen)
    assert len(seen) == model.n_iter_
    assert model.best_validation_score_ == pytest.approx(
        model.score(X_val, y_val), abs=1e-12
    )
