"""A cold start imports no torch: importing the package, loading a fitted model
and predicting the batches a service predicts (a thousand rows and more) use
NumPy alone; training, predictions of over 2**28 multiply-adds and
``to_torch`` import torch when they need it. The checks run in one fresh Python
process, where ``sys.modules`` starts without torch: it predicts each batch,
smallest first, then fits, and reports after each step whether torch is
imported. An import is never undone, so a step that reports no torch shows that
neither it nor any step before it imported torch."""

import pickle

import numpy as np
import pytest
from cases import fresh_python_report
from sklearn.datasets import make_classification

from sksigmoidnet import SigmoidNetClassifier

pytestmark = [
    pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning"),
    pytest.mark.slow,  # a fresh process that imports torch: 7 to 15 s
]


# Loads the model at argv[1], predicts, with every prediction method, the
# number of rows in each of argv[3:] in turn (the data at argv[2], repeated as
# needed), then fits two epochs, and prints whether torch was imported after
# each step.
SCRIPT = """
import json, pickle, sys
import numpy as np

def torch_loaded():
    return "torch" in sys.modules

import sksigmoidnet
report = {"after_import": torch_loaded()}
with open(sys.argv[1], "rb") as file:
    model = pickle.load(file)
report["after_load"] = torch_loaded()
data = np.load(sys.argv[2])
for n_rows in sys.argv[3:]:
    X = np.resize(data, (int(n_rows), model.n_features_in_))
    report[n_rows] = {
        "proba": model.predict_proba(X)[:2_000].tolist(),
        "labels": model.predict(X)[:2_000].tolist(),
        "log_proba": model.predict_log_proba(X)[:2_000].tolist(),
        "after_predict": torch_loaded(),
    }
model.set_params(max_iter=2).fit(X, model.predict(X))
report["fitted_iterations"] = int(model.n_iter_)
print(json.dumps(report))
"""

SMALL_BATCHES = [5, 1_000, 20_000]
# Over 2**28 multiply-adds (2,100 weights a row), where torch's forward pass
# repays its import.
LARGE_BATCH = 130_000


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory):
    X, y = make_classification(n_samples=2_000, n_features=20, random_state=0)
    model = SigmoidNetClassifier(max_iter=5, random_state=0).fit(X, y)
    folder = tmp_path_factory.mktemp("cold_start")
    with open(folder / "model.pkl", "wb") as file:
        pickle.dump(model, file)
    np.save(folder / "X.npy", X)
    return model, folder / "model.pkl", folder / "X.npy", X


@pytest.fixture(scope="module")
def fresh_report(saved_model):
    _, model_path, data_path, _ = saved_model
    batches = [str(n_rows) for n_rows in [*SMALL_BATCHES, LARGE_BATCH]]
    return fresh_python_report(SCRIPT, model_path, data_path, *batches)


@pytest.mark.parametrize("n_rows", SMALL_BATCHES)
def test_import_load_and_prediction_do_not_import_torch(
    saved_model, fresh_report, n_rows
):
    model, _, _, X = saved_model
    assert fresh_report["after_import"] is False
    assert fresh_report["after_load"] is False
    report = fresh_report[str(n_rows)]
    assert report["after_predict"] is False
    rows = np.resize(X, (n_rows, X.shape[1]))[:2_000]
    np.testing.assert_allclose(report["proba"], model.predict_proba(rows))
    np.testing.assert_array_equal(report["labels"], model.predict(rows))
    np.testing.assert_allclose(report["log_proba"], model.predict_log_proba(rows))


def test_large_prediction_and_fit_import_torch_when_needed(saved_model, fresh_report):
    model, _, _, X = saved_model
    assert fresh_report["after_load"] is False
    assert fresh_report[str(LARGE_BATCH)]["after_predict"] is True
    np.testing.assert_allclose(
        fresh_report[str(LARGE_BATCH)]["proba"], model.predict_proba(X)
    )
    assert fresh_report["fitted_iterations"] == 2
