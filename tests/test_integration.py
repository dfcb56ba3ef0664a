"""``SigmoidNetClassifier`` inside scikit-learn's tools (its persistence:
test_persistence.py)."""

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


def test_clone_gives_an_unfitted_copy(iris_strings):
    X, y = iris_strings
    clf = SigmoidNetClassifier(hidden_layer_sizes=(4,), max_iter=5, random_state=0).fit(
        X, y
    )
    copy = clone(clf)
    assert copy.get_params() == clf.get_params()
    assert not hasattr(copy, "coefs_")
