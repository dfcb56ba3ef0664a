"""A cold start imports no torch: importing the package, loading a fitted model
and predicting the batches a service predicts (a thousand rows and more) use
NumPy alone; training, predictions of over 2**28 multiply-adds and
``to_torch`` import torch when they need it. Each check runs in a fresh Python
process, where ``sys.modules`` starts without torch."""

import json
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.datasets import make_classification

from sksigmoidnet import SigmoidNetClassifier

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

REPOSITORY = Path(__file__).resolve().parents[1]

# Loads the model at argv[1], predicts argv[2] rows (the data at argv[3],
# repeated as needed) with every prediction method, and prints whether torch
# was imported after each step.
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
X = np.resize(np.load(sys.argv[3]), (int(sys.argv[2]), model.n_features_in_))
report["proba"] = model.predict_proba(X)[:2_000].tolist()
report["labels"] = model.predict(X)[:2_000].tolist()
report["log_proba"] = model.predict_log_proba(X)[:2_000].tolist()
report["after_predict"] = torch_loaded()
if sys.argv[4] == "fit":
    model.set_params(max_iter=2).fit(X, model.predict(X))
    report["fitted_iterations"] = int(model.n_iter_)
print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory):
    X, y = make_classification(n_samples=2_000, n_features=20, random_state=0)
    model = SigmoidNetClassifier(max_iter=5, random_state=0).fit(X, y)
    folder = tmp_path_factory.mktemp("cold_start")
    with open(folder / "model.pkl", "wb") as file:
        pickle.dump(model, file)
    np.save(folder / "X.npy", X)
    return model, folder / "model.pkl", folder / "X.npy", X


def run_fresh(model_path, data_path, n_rows, then=""):
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT, model_path, str(n_rows), data_path, then],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


@pytest.mark.parametrize("n_rows", [5, 1_000, 20_000])
def test_import_load_and_prediction_do_not_import_torch(saved_model, n_rows):
    model, model_path, data_path, X = saved_model
    report = run_fresh(model_path, data_path, n_rows=n_rows)
    assert report["after_import"] is False
    assert report["after_load"] is False
    assert report["after_predict"] is False
    rows = np.resize(X, (n_rows, X.shape[1]))[:2_000]
    np.testing.assert_allclose(report["proba"], model.predict_proba(rows))
    np.testing.assert_array_equal(report["labels"], model.predict(rows))
    np.testing.assert_allclose(report["log_proba"], model.predict_log_proba(rows))


def test_large_prediction_and_fit_import_torch_when_needed(saved_model):
    model, model_path, data_path, X = saved_model
    # Over 2**28 multiply-adds (2,100 weights a row), where torch's forward
    # pass repays its import.
    report = run_fresh(model_path, data_path, n_rows=130_000, then="fit")
    assert report["after_load"] is False
    assert report["after_predict"] is True
    np.testing.assert_allclose(report["proba"], model.predict_proba(X))
    assert report["fitted_iterations"] == 2
