"""``SigmoidNetClassifier`` inside scikit-learn's tools, and its persistence."""

import pickle

import joblib
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from sksigmoidnet import SigmoidNetClassifier

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

SPECIES = np.array(["setosa", "versicolor", "virginica"])


@pytest.fixture(scope="module")
def iris_strings():
    X, y = load_iris(return_X_y=True)
    return X, SPECIES[y]


@pytest.mark.slow  # n_jobs=2: two fresh loky processes that import torch
def test_pipeline_in_grid_search_with_string_labels(iris_strings):
    X, y = iris_strings
    pipeline = Pipeline(
        [
            ("scale", StandardScaler()),
            ("net", SigmoidNetClassifier(max_iter=60, random_state=0)),
        ]
    )
    grid = {
        "net__hidden_layer_sizes": [(4,), (8, 4)],
        "net__learning_rate_init": [0.01, 0.2],
    }
    search = GridSearchCV(
        pipeline, grid, cv=StratifiedKFold(3, shuffle=True, random_state=0), n_jobs=2
    )
    search.fit(X, y)
    assert len(search.cv_results_["params"]) == 4
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    assert search.best_score_ > 0.8
    # The larger learning rate learns more in 60 epochs.
    assert search.best_params_["net__learning_rate_init"] == 0.2
    best = search.best_estimator_
    np.testing.assert_array_equal(best.classes_, SPECIES)
    prediction = search.predict(X)
    assert prediction.dtype == y.dtype
    assert set(prediction) <= set(SPECIES)
    assert search.score(X, y) > 0.9
    np.testing.assert_allclose(search.predict_proba(X).sum(1), 1.0)
    # The refitted net has the chosen architecture.
    chosen = search.best_params_["net__hidden_layer_sizes"]
    assert [c.shape[1] for c in best.named_steps["net"].coefs_][:-1] == list(chosen)


def test_cross_val_score(iris_strings):
    X, y = iris_strings
    model = make_pipeline(
        StandardScaler(),
        SigmoidNetClassifier(hidden_layer_sizes=(8,), max_iter=50, random_state=0),
    )
    scores = cross_val_score(
        model, X, y, cv=StratifiedKFold(5, shuffle=True, random_state=0)
    )
    assert scores.shape == (5,)
    assert scores.mean() > 0.9
    # Same seed, same folds: the same scores.
    again = cross_val_score(
        clone(model), X, y, cv=StratifiedKFold(5, shuffle=True, random_state=0)
    )
    np.testing.assert_array_equal(scores, again)


def _assert_same_model(original, restored, X):
    assert type(restored) is SigmoidNetClassifier
    assert restored.get_params() == original.get_params()
    np.testing.assert_array_equal(restored.classes_, original.classes_)
    for a, b in zip(
        original.coefs_ + original.intercepts_,
        restored.coefs_ + restored.intercepts_,
        strict=True,
    ):
        np.testing.assert_array_equal(a, b)
    for method in (
        "predict",
        "predict_proba",
        "predict_log_proba",
        "decision_function",
    ):
        np.testing.assert_array_equal(
            getattr(restored, method)(X), getattr(original, method)(X), err_msg=method
        )
    assert restored.score(X, original.predict(X)) == 1.0


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_pickle_round_trip(dtype, iris_strings):
    X, y = iris_strings
    X = X.astype(dtype)
    clf = SigmoidNetClassifier(hidden_layer_sizes=(6,), max_iter=30, random_state=0)
    clf.fit(X, y)
    restored = pickle.loads(pickle.dumps(clf))
    _assert_same_model(clf, restored, X)
    assert restored.coefs_[0].dtype == dtype


def test_joblib_round_trip(tmp_path, iris_strings):
    X, y = iris_strings
    clf = SigmoidNetClassifier(
        hidden_layer_sizes=(6, 3), activation="tanh", max_iter=30, random_state=0
    ).fit(X, y)
    path = tmp_path / "model.joblib"
    joblib.dump(clf, path)
    _assert_same_model(clf, joblib.load(path), X)


def test_pickled_pipeline_round_trip(iris_strings):
    X, y = iris_strings
    model = make_pipeline(
        StandardScaler(),
        SigmoidNetClassifier(hidden_layer_sizes=(5,), max_iter=30, random_state=0),
    ).fit(X, y)
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(restored.predict(X), model.predict(X))
    np.testing.assert_array_equal(restored.predict_proba(X), model.predict_proba(X))


def test_unfitted_pickle_round_trip_keeps_params():
    clf = SigmoidNetClassifier(hidden_layer_sizes=[3, 2], alpha=0.1, device="cpu")
    restored = pickle.loads(pickle.dumps(clf))
    assert restored.get_params() == clf.get_params()
    assert not hasattr(restored, "coefs_")


def test_clone_gives_an_unfitted_copy(iris_strings):
    X, y = iris_strings
    clf = SigmoidNetClassifier(hidden_layer_sizes=(4,), max_iter=5, random_state=0).fit(
        X, y
    )
    copy = clone(clf)
    assert copy.get_params() == clf.get_params()
    assert not hasattr(copy, "coefs_")
