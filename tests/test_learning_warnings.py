"""A fit that learned nothing says so, in words that match what it measured."""

import warnings
from pathlib import Path

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from sksigmoidnet import SigmoidNetClassifier


def fit_recording(model, X, y, **fit_params):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(X, y, **fit_params)
    return [str(w.message) for w in caught if w.category is ConvergenceWarning]


@pytest.fixture(scope="module")
def uninformative():
    """Noise features and imbalanced labels: nothing to learn from the rows."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 4))
    y = np.where(rng.uniform(size=600) < 0.8, "common", "rare")
    return X, y


def test_a_fit_that_predicts_one_class_for_every_row_says_so(uninformative):
    X, y = uninformative
    model = SigmoidNetClassifier((8,), max_iter=15, random_state=0)
    messages = fit_recording(model, X, y)
    assert set(model.predict(X)) == {"common"}
    assert len(messages) == 1
    assert "predicts 'common' for every training row" in messages[0]
    assert "learned nothing from the features" in messages[0]
    assert "max_iter=15 epochs were too few" in messages[0]  # what to change


def test_the_plateau_stopped_by_an_int_patience_names_n_iter_no_change():
    X = np.array([[0.1, 0.1], [0.3, 0.4], [0.1, 0.5], [0.6, 0.9], [0.4, 0.2]] * 2)
    X[5:] += 0.5
    y = np.array([1] * 5 + [0] * 5)
    model = SigmoidNetClassifier((2, 4), n_iter_no_change=10, random_state=0)
    (message,) = fit_recording(model, X, y)
    assert "learned nothing" in message
    assert "n_iter_no_change=10 stopped it on the plateau" in message


def test_a_loss_above_a_constant_predictions_with_varied_predictions_blames_the_step():
    """A huge learning rate: the predictions beat the base rate, the loss does
    not beat a constant prediction's; the warning says that, not that the
    network learned nothing."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2000, 5))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    model = SigmoidNetClassifier(learning_rate_init=1000, max_iter=50, random_state=0)
    (message,) = fit_recording(model, X, y)
    assert "learned nothing" not in message
    assert "no lower than that of always predicting" in message
    assert "Lower learning_rate_init=1000" in message


def test_a_perfect_fit_with_a_class_weighted_away_does_not_warn():
    """A class of weight zero leaves one label to learn: the constant
    prediction's loss is then zero, and no fit is said to have learned
    nothing (scikit-learn's check_class_weight_classifiers met that)."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 3))
    y = np.repeat([0, 1, 2], 100)
    model = SigmoidNetClassifier(
        (8,), class_weight={0: 1.0, 1: 0.0, 2: 0.0}, max_iter=50, random_state=0
    )
    messages = fit_recording(model, X, y)
    assert not [m for m in messages if "learned nothing" in m or "no lower" in m]


def test_early_stopping_on_labels_the_features_do_not_predict_says_so():
    """Shuffled labels: the training loss can fall (the rows are memorised),
    the validation score stays at chance; the validation loss against a
    constant prediction's shows it."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1000, 10))
    y = rng.integers(0, 2, size=1000)
    model = SigmoidNetClassifier((50,), early_stopping=True, random_state=0)
    messages = fit_recording(model, X, y)
    assert len(messages) == 1
    assert "predict the validation rows no better than always predicting" in messages[0]
    assert "does not carry over to the validation rows" in messages[0]


def test_early_stopping_on_learnable_labels_does_not_warn():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1000, 10))
    y = (X[:, 0] - X[:, 1] > 0).astype(int)
    model = SigmoidNetClassifier((50,), early_stopping=True, random_state=0)
    assert fit_recording(model, X, y) == []
    assert model.best_validation_score_ > 0.9


def test_the_warnings_recommend_the_learning_rates_the_docs_do():
    from sksigmoidnet._learning_checks import RECOMMENDED_LEARNING_RATES

    root = Path(__file__).resolve().parents[1]
    for page in ["README.md", "docs/user_guide/tuning.rst"]:
        path = root / page
        if path.exists():  # an sdist may leave the docs out
            text = " ".join(path.read_text(encoding="utf-8").split())
            assert RECOMMENDED_LEARNING_RATES in text, page
