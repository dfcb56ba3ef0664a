"""At its defaults the network learns what ``MLPClassifier()`` learns on
problems that need a hidden layer, or says that it did not.

The problems are those of ``benchmarks/learning_problems.py`` (one data seed
here; the benchmark runs three and every problem). Each estimator is fitted at
its defaults behind a ``StandardScaler`` on a 30% stratified split.
"""

import sys
import warnings
from pathlib import Path

import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sksigmoidnet import SigmoidNetClassifier

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
if not (BENCHMARKS / "learning_problems.py").exists():
    pytest.skip(
        "benchmarks/ is not part of this installation (sdist without it)",
        allow_module_level=True,
    )
sys.path.insert(0, str(BENCHMARKS))
from learning_problems import PROBLEMS  # noqa: E402

# Fits of example size on several problems: over ten seconds.
pytestmark = pytest.mark.slow

NEED_A_HIDDEN_LAYER = ["moons", "xor", "spiral", "checkerboard", "rings, 3 classes"]


def held_out_accuracy(estimator, name):
    """Test accuracy, and the ConvergenceWarnings the fit raised."""
    X, y = PROBLEMS[name](0)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=0
    )
    model = make_pipeline(StandardScaler(), estimator)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model.fit(X_train, y_train)
    warned = [w for w in caught if issubclass(w.category, ConvergenceWarning)]
    return model.score(X_test, y_test), warned


@pytest.mark.parametrize("name", NEED_A_HIDDEN_LAYER)
def test_defaults_learn_what_mlpclassifier_learns(name):
    ours, warned = held_out_accuracy(SigmoidNetClassifier(random_state=0), name)
    theirs, _ = held_out_accuracy(MLPClassifier(random_state=0), name)
    assert ours >= theirs - 0.02 or warned, (
        f"{name}: {ours:.3f} against MLPClassifier()'s {theirs:.3f}, silently"
    )
    assert ours >= theirs - 0.05, f"{name}: {ours:.3f} against {theirs:.3f}"
