"""Predictions that need no torch, each checked in a fresh Python process,
where ``sys.modules`` starts without it.

A large sparse batch is computed by NumPy (SciPy's sparse product), whose
cost is that of the stored entries, and imports no torch (issue 26 item 8);
torch's path densified every chunk. Where torch cannot be imported at all,
a loaded model predicts every batch with NumPy, those over 2**28
multiply-adds included (issue 26 item 9). That child process puts a finder
first on ``sys.meta_path`` before importing sksigmoidnet, so that any
``import torch`` in it raises ``ModuleNotFoundError``, as in an environment
without torch: a real interpreter, not a stand-in for a dependency.
(``sys.modules["torch"] = None`` would not do: SciPy's array-API helpers then
take torch for imported, and fail on None.)
"""

import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from cases import fresh_python_report
from sklearn.datasets import make_classification

from sksigmoidnet import SigmoidNetClassifier

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


# argv: "block" or "allow" torch, the pickled model, the data (.npy dense,
# .npz sparse). Prints whether torch was imported after the prediction, and
# the probabilities of the first 2,000 rows.
SCRIPT = """
import json, pickle, sys

class NoTorch:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "torch":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)

if sys.argv[1] == "block":
    sys.meta_path.insert(0, NoTorch())
import numpy as np
import scipy.sparse as sp

with open(sys.argv[2], "rb") as file:
    model = pickle.load(file)
path = sys.argv[3]
X = sp.load_npz(path) if path.endswith(".npz") else np.load(path)
proba = model.predict_proba(X)
report = {"torch_imported": "torch" in sys.modules}
report["proba"] = proba[:2_000].tolist()
print(json.dumps(report))
"""


def predict_in_a_fresh_process(model, X, torch, folder):
    """What ``model.predict_proba(X)`` reports in a new interpreter where
    ``torch`` is ``"block"``ed or ``"allow"``ed."""
    with open(folder / "model.pkl", "wb") as file:
        pickle.dump(model, file)
    if sp.issparse(X):
        data_path = folder / "X.npz"
        sp.save_npz(data_path, X)
    else:
        data_path = folder / "X.npy"
        np.save(data_path, X)
    return fresh_python_report(SCRIPT, torch, folder / "model.pkl", data_path)


def test_a_large_sparse_batch_is_predicted_by_numpy(tmp_path):
    # 6,000 rows of 50,010 weights: 3e8 multiply-adds counted densely, above
    # the 2**28 that torch's path takes; 30,000 stored entries.
    X = sp.random(6_000, 5_000, density=1e-3, format="csr", random_state=0)
    y = np.arange(6_000) % 2
    model = SigmoidNetClassifier((10,), max_iter=2, random_state=0)
    model.fit(X[:400], y[:400])
    report = predict_in_a_fresh_process(model, X, "allow", tmp_path)
    assert report["torch_imported"] is False
    np.testing.assert_allclose(report["proba"], model.predict_proba(X[:2_000]))


def test_a_model_loaded_without_torch_predicts_a_large_batch(tmp_path):
    X, y = make_classification(n_samples=1_000, n_features=20, random_state=0)
    model = SigmoidNetClassifier(max_iter=2, random_state=0).fit(X, y)
    # 2,100 weights a row: 130,000 rows are over 2**28 multiply-adds, which
    # torch computes where it can be imported.
    X_large = np.resize(X, (130_000, X.shape[1]))
    report = predict_in_a_fresh_process(model, X_large, "block", tmp_path)
    assert report["torch_imported"] is False
    np.testing.assert_allclose(report["proba"], model.predict_proba(X_large[:2_000]))
