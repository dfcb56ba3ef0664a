"""Classification problems for judging what a network learns, not how fast.

Most need a hidden layer: a linear model scores near the base rate on them
(xor, spirals, checkerboards, gaussian quantiles) or clearly below a network
(moons, circles, clustered classes). The bundled datasets are nearly
linearly separable and are here as the contrast. Each problem is a function
of a data seed returning ``(X, y)``; the suite is split into the problems the
defaults were tuned on (``TUNING``) and problems kept aside to check that
the defaults carry over (``HELD_OUT``). ``LARGE`` holds the 60,000-row
problem of the large grid search, apart: it is searched, not in the table of
default fits. ``problem_data`` loads any of them, shrunk for a quick run.

Run ``python benchmarks/learning_problems.py`` to list them with their shapes.
"""

import numpy as np
from sklearn.datasets import (
    load_breast_cancer,
    load_digits,
    load_iris,
    load_wine,
    make_blobs,
    make_circles,
    make_classification,
    make_gaussian_quantiles,
    make_moons,
)
from sklearn.model_selection import train_test_split


def xor(seed, n_samples=2000):
    """Two gaussian features; the class is whether their signs agree."""
    X = np.random.default_rng(seed).normal(size=(n_samples, 2))
    return X, (X[:, 0] * X[:, 1] > 0).astype(int)


def spiral(seed, n_samples=2000, n_arms=2, noise=0.3, turns=1.5):
    """``n_arms`` interleaved arms of an Archimedean spiral, one class each."""
    rng = np.random.default_rng(seed)
    y = np.arange(n_samples) % n_arms
    radius = rng.uniform(0.25, 1, n_samples) * turns * 2 * np.pi
    angle = radius + 2 * np.pi * y / n_arms
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return X + rng.normal(scale=noise, size=X.shape), y


def checkerboard(seed, n_samples=4000, squares=4):
    """Uniform points in a square of ``squares`` x ``squares`` cells, coloured
    as a chessboard."""
    X = np.random.default_rng(seed).uniform(0, squares, size=(n_samples, 2))
    return X, (np.floor(X).sum(axis=1) % 2).astype(int)


def rings(seed, n_samples=3000, n_rings=3, noise=0.15):
    """Concentric rings, one class each."""
    rng = np.random.default_rng(seed)
    y = np.arange(n_samples) % n_rings
    angle = rng.uniform(0, 2 * np.pi, n_samples)
    radius = 1 + y + rng.normal(scale=noise * 2, size=n_samples)
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]), y


def parity(seed, n_samples=3000, n_features=3):
    """Signs of ``n_features`` gaussian features; the class is their parity."""
    X = np.random.default_rng(seed).normal(size=(n_samples, n_features))
    return X, ((X > 0).sum(axis=1) % 2).astype(int)


def blob_mixture(seed, n_samples=3000, n_classes=3, blobs_per_class=4):
    """Blobs in 5 dimensions, several per class, classes interleaved."""
    X, blob = make_blobs(
        n_samples, n_features=5, centers=n_classes * blobs_per_class, random_state=seed
    )
    return X, blob % n_classes


def clusters(seed, n_samples, n_features, n_classes, n_clusters_per_class=2):
    """``make_classification``'s clustered classes, half the features
    informative (at least 6)."""
    return make_classification(
        n_samples,
        n_features=n_features,
        n_informative=max(6, n_features // 2),
        n_classes=n_classes,
        n_clusters_per_class=n_clusters_per_class,
        random_state=seed,
    )


def _bundled(loader):
    def load(seed):
        return loader(return_X_y=True)

    load.__doc__ = f"scikit-learn's {loader.__name__.removeprefix('load_')}."
    return load


TUNING = {
    "moons": lambda seed: make_moons(5000, noise=0.3, random_state=seed),
    "xor": xor,
    "spiral": spiral,
    "checkerboard": checkerboard,
    "quantiles, 5 classes": lambda seed: make_gaussian_quantiles(
        n_samples=3000, n_features=6, n_classes=5, random_state=seed
    ),
    "circles": lambda seed: make_circles(
        2000, noise=0.2, factor=0.5, random_state=seed
    ),
    "clusters, 4 classes": lambda seed: clusters(seed, 3000, 10, 4, 3),
    "digits": _bundled(load_digits),
    "iris": _bundled(load_iris),
    "wine": _bundled(load_wine),
    "breast cancer": _bundled(load_breast_cancer),
}

HELD_OUT = {
    "spiral, 3 arms": lambda seed: spiral(seed, n_samples=3000, n_arms=3, noise=0.2),
    "rings, 3 classes": rings,
    "parity, 3 features": parity,
    "checkerboard 3x3": lambda seed: checkerboard(seed, n_samples=3000, squares=3),
    "blob mixture": blob_mixture,
    "quantiles, 3 classes": lambda seed: make_gaussian_quantiles(
        n_samples=2000, n_features=2, n_classes=3, random_state=seed
    ),
    "clusters, 8 classes": lambda seed: clusters(seed, 4000, 20, 8),
}

PROBLEMS = {**TUNING, **HELD_OUT}

LARGE = {
    "large clusters, 4 classes": lambda seed: clusters(seed, 60_000, 20, 4),
}


def problem_data(name, seed, rows=None):
    """``(X, y)`` of the problem ``name`` (of ``PROBLEMS`` or ``LARGE``) at data
    seed ``seed``; with ``rows``, a stratified sample of that many rows of it
    (a quick run's size), drawn with the same seed."""
    X, y = {**PROBLEMS, **LARGE}[name](seed)
    if rows is None or rows >= len(y):
        return X, y
    X, _, y, _ = train_test_split(X, y, train_size=rows, stratify=y, random_state=seed)
    return X, y


def shape_text(X, y):
    """The size of a problem as the tables show it: "5,000 x 2, 2 classes"."""
    return f"{X.shape[0]:,} x {X.shape[1]}, {len(np.unique(y))} classes"


if __name__ == "__main__":
    for name, make in {**PROBLEMS, **LARGE}.items():
        X, y = make(0)
        part = (
            "tuning" if name in TUNING else "held out" if name in HELD_OUT else "large"
        )
        print(
            f"{name:24} {part:9} {X.shape[0]:6} x {X.shape[1]:3}, {len(set(y))} classes"
        )
