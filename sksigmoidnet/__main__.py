"""Demonstration: ``python -m sksigmoidnet``.

The project started from a notebook, the seed notebook: it trained a 2-2-4-1
sigmoid network on ten labelled points with PyTorch's ``BCELoss`` and
``SGD(lr=1e-3)`` for 10,000 epochs, and never learned. The demonstration trains
that network on those points, first with the notebook's settings and then with
this project's defaults (and ``max_iter=2000``, as the default 500 epochs are
too few here), and then a scaled pipeline on scikit-learn's bundled
breast-cancer data, printing what each learned.
"""

import time
import warnings

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sksigmoidnet import SigmoidNetClassifier, __version__

SEED_POINTS = np.array(
    [
        [0.1, 0.1],
        [0.3, 0.4],
        [0.1, 0.5],
        [0.6, 0.9],
        [0.4, 0.2],
        [0.6, 0.3],
        [0.5, 0.6],
        [0.9, 0.2],
        [0.4, 0.4],
        [0.7, 0.6],
    ]
)
SEED_LABELS = np.array([1, 1, 1, 1, 1, 0, 0, 0, 0, 0])
QUERY = np.array([[0.7, 0.2]])
SEED_NOTEBOOK = """\
This project started from a notebook, the seed notebook: a sigmoid network
with 2 inputs, hidden layers of 2 and 4 units and 1 output, trained on ten
labelled points with PyTorch's BCELoss and SGD(lr=1e-3) for 10,000 epochs.
It never learned: its loss stayed near log 2 = 0.69 and it predicted about
0.50 for the point [0.7, 0.2]. The same network on the same points here:"""

NOTEBOOK_SETTINGS = dict(
    hidden_layer_sizes=(2, 4),
    learning_rate_init=1e-3,
    momentum=0.0,
    batch_size=10,
    max_iter=10_000,
    n_iter_no_change=np.inf,
    random_state=0,
)


def _report_seed(title, model, seconds):
    probability = model.predict_proba(QUERY)[0, 1]
    print(f"  {title}")
    print(
        f"    {model.n_iter_} epochs in {seconds:.1f} s, final loss {model.loss_:.4f}, "
        f"training accuracy {model.score(SEED_POINTS, SEED_LABELS):.0%}"
    )
    print(
        f"    P(class 1 | [0.7, 0.2]) = {probability:.4f} -> predicted class "
        f"{model.predict(QUERY)[0]}"
    )


def demo_seed():
    print(SEED_NOTEBOOK)
    for title, params in [
        ("notebook settings (lr 1e-3, no momentum, 10,000 epochs):", NOTEBOOK_SETTINGS),
        (
            "sksigmoidnet defaults, but max_iter=2000 (the default is 500, too few "
            "epochs for ten points):",
            dict(hidden_layer_sizes=(2, 4), max_iter=2_000, random_state=0),
        ),
    ]:
        started = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = SigmoidNetClassifier(**params).fit(SEED_POINTS, SEED_LABELS)
        _report_seed(title, model, time.perf_counter() - started)


def demo_breast_cancer():
    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, stratify=y, random_state=0
    )
    model = make_pipeline(StandardScaler(), SigmoidNetClassifier(random_state=0))
    started = time.perf_counter()
    model.fit(X_train, y_train)
    seconds = time.perf_counter() - started
    network = model[-1]
    print("\nBreast cancer (bundled with scikit-learn), StandardScaler + defaults:")
    print(
        f"    {network.n_iter_} epochs in {seconds:.1f} s, "
        f"train accuracy {model.score(X_train, y_train):.3f}, "
        f"test accuracy {model.score(X_test, y_test):.3f}"
    )


def main():
    print(f"sksigmoidnet {__version__}\n")
    demo_seed()
    demo_breast_cancer()


if __name__ == "__main__":
    main()
