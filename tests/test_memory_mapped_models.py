"""A model loaded with ``joblib.load(..., mmap_mode="r")`` holds read-only
arrays: training on from it and predicting with it must work without torch's
warning about non-writable arrays (raised here as an error)."""

import warnings

import joblib
import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning

from sksigmoidnet import SigmoidNetClassifier

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture
def mapped_model(tmp_path):
    X, y = make_classification(n_samples=3_000, n_features=20, random_state=0)
    X = X.astype(np.float32)
    model = SigmoidNetClassifier(max_iter=3, random_state=0).fit(X, y)
    joblib.dump(model, tmp_path / "model.joblib")
    loaded = joblib.load(tmp_path / "model.joblib", mmap_mode="r")
    assert not loaded.coefs_[0].flags.writeable  # the case under test
    return model, loaded, X, y


def test_continuing_training_from_a_memory_mapped_model_warns_nothing(mapped_model):
    model, loaded, X, y = mapped_model
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter=1 on purpose
        loaded.partial_fit(X, y)
        model.partial_fit(X, y)
        np.testing.assert_array_equal(loaded.coefs_[0], model.coefs_[0])
        loaded.set_params(warm_start=True, max_iter=1).fit(X, y)
    assert loaded.n_iter_ == 1


@pytest.mark.parametrize("n_rows", [5, 3_000])  # NumPy and torch paths
def test_predicting_with_a_memory_mapped_model_warns_nothing(mapped_model, n_rows):
    model, loaded, X, _ = mapped_model
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        proba = loaded.predict_proba(X[:n_rows])
        module = loaded.to_torch()
    np.testing.assert_array_equal(proba, model.predict_proba(X[:n_rows]))
    assert module[0].weight.shape == (100, 20)
