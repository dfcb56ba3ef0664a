"""What the test files share: the activations to test, targets of each kind,
and a small network."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from sksigmoidnet import SigmoidNetClassifier
from sksigmoidnet._activations import ACTIVATIONS as _REGISTRY

REPOSITORY = Path(__file__).resolve().parents[1]

# Every registered activation: a new entry is tested by every file that
# parametrizes over this list, with no edit there.
ACTIVATIONS = list(_REGISTRY)


def target_of_kind(y, kind):
    """A three-class ``y`` turned into a target of ``kind``: ``"binary"``,
    ``"multilabel"`` (one indicator column per class) or anything else
    (left multiclass)."""
    if kind == "binary":
        return y % 2
    if kind == "multilabel":
        return np.column_stack([y == 0, y == 1, y == 2]).astype(int)
    return y


def small_net(**params):
    """A small, reproducible network: five hidden units and ``random_state=0``
    unless ``params`` say otherwise. A test file that wants other defaults
    binds them once, ``functools.partial(small_net, max_iter=5)``, and a call
    still overrides them."""
    if params.get("activation") == "identity":
        # A linear network diverges at the default rate, made for logistic
        # units; the docstring of learning_rate_init says so.
        params = {"learning_rate_init": 0.1, **params}
    return SigmoidNetClassifier(
        **{"hidden_layer_sizes": (5,), "random_state": 0, **params}
    )


def fresh_python_report(script, *arguments):
    """Run ``script`` in a fresh interpreter, from the repository's root, and
    return what it printed: one JSON document. Fails with its stderr when it
    fails."""
    completed = subprocess.run(
        [sys.executable, "-c", script, *map(str, arguments)],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)
