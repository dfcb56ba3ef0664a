"""
================================================
The seed notebook, reproduced and fixed
================================================

This project started from a notebook, *Neural Networks - Part 1*, that trains
a small sigmoid network (2 inputs, hidden layers of 2 and 4 units, 1 output)
on ten labelled points with binary cross-entropy and plain SGD at learning
rate ``1e-3`` for 10,000 epochs. It failed twice: its first cell imported
seaborn, which was not installed, and once that is fixed the network never
learns: its loss stays at 0.69 (``log 2``, the loss of guessing 0.5) and it
predicts 0.5017 for the point ``[0.7, 0.2]``.

Here is the same workflow with :class:`~sksigmoidnet.SigmoidNetClassifier`:
first with the notebook's settings, to see the failure, then with this
project's defaults.
"""

# %%
# The ten points
# --------------
# Plain matplotlib is enough to scatter the points by class.

import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.inspection import DecisionBoundaryDisplay

from sksigmoidnet import LossCurveDisplay, SigmoidNetClassifier

X = np.array(
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
y = np.array([1, 1, 1, 1, 1, 0, 0, 0, 0, 0])
new_point = np.array([[0.7, 0.2]])
# Class 0 red, class 1 blue: the colours of the decision boundary below.
styles = {
    0: {"marker": "o", "color": "tab:red"},
    1: {"marker": "s", "color": "tab:blue"},
}

fig, ax = plt.subplots()
for label, style in styles.items():
    ax.scatter(*X[y == label].T, **style, label=f"class {label}")
ax.set(xlabel="$x_1$", ylabel="$x_2$", title="The seed's ten points")
ax.legend()

# %%
# The notebook's settings
# -----------------------
# The notebook computed one gradient step per epoch over all ten points
# (``batch_size=10``), with plain SGD (no momentum), no weight penalty, and ran
# all 10,000 epochs (``n_iter_no_change=np.inf`` turns the stopping rule off).
# Running out of epochs without converging raises a ``ConvergenceWarning``;
# here that is the point, so it is silenced.

notebook = SigmoidNetClassifier(
    hidden_layer_sizes=(2, 4),
    learning_rate_init=1e-3,
    momentum=0,
    alpha=0,
    batch_size=10,
    max_iter=10_000,
    n_iter_no_change=np.inf,
    random_state=0,
)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    notebook.fit(X, y)

print(f"final loss: {notebook.loss_:.4f} (log 2 = {np.log(2):.4f})")
print(f"P(class 1 | [0.7, 0.2]) = {notebook.predict_proba(new_point)[0, 1]:.4f}")
print(f"training accuracy: {notebook.score(X, y):.1f}")

# %%
# The probability printed above (0.5011) is not the notebook's 0.5017, but it
# is the same failure. On the plateau the network predicts almost the same
# value for every point, close to 0.5, and which value depends only on the
# random initial weights, which never move far. The notebook drew them with
# torch's default initialisation from an unseeded generator (each run of it
# prints a slightly different number); this estimator draws Glorot-uniform
# weights from ``random_state=0``, as ``MLPClassifier`` does.
#
# The loss curve barely moves: a sigmoid network starts on a plateau where the
# gradient is tiny, and steps of ``1e-3`` never get it off.

LossCurveDisplay.from_estimator(notebook, best_epoch=None)

# %%
# This project's defaults
# -----------------------
# The defaults use a learning rate of 0.6 with Nesterov momentum 0.9. They
# stop no fit before it has seen 20,000 samples (here 2,000 epochs, by when it
# has left the plateau), and while the loss is still near that of a constant
# prediction they wait 200,000 samples for it to fall. Only the architecture,
# the epoch budget and the seed are given.

fixed = SigmoidNetClassifier(hidden_layer_sizes=(2, 4), max_iter=2_000, random_state=0)
fixed.fit(X, y)

print(f"epochs run: {fixed.n_iter_}, final loss: {fixed.loss_:.4f}")
print(f"P(class 1 | [0.7, 0.2]) = {fixed.predict_proba(new_point)[0, 1]:.4f}")
print(f"predicted class of [0.7, 0.2]: {fixed.predict(new_point)[0]}")
print(f"training accuracy: {fixed.score(X, y):.1f}")

# %%
# The loss now leaves the plateau and falls towards zero.

LossCurveDisplay.from_estimator(fixed)

# %%
# The decision boundary
# ---------------------
# :class:`~sklearn.inspection.DecisionBoundaryDisplay` works with any
# scikit-learn classifier. The new point ``[0.7, 0.2]`` (the star) falls on the
# side of class 0, as its neighbours suggest.

fig, ax = plt.subplots()
boundary = DecisionBoundaryDisplay.from_estimator(
    fixed,
    X,
    response_method="predict_proba",
    grid_resolution=200,
    eps=0.1,
    cmap="RdBu",
    alpha=0.6,
    ax=ax,
)
fig.colorbar(boundary.surface_, ax=ax, label="P(class 1)")
for label, style in styles.items():
    ax.scatter(*X[y == label].T, **style, edgecolor="k", label=f"class {label}")
ax.scatter(*new_point.T, marker="*", s=250, c="gold", edgecolor="k", label="[0.7, 0.2]")
ax.set(xlabel="$x_1$", ylabel="$x_2$", title="P(class 1) with the defaults")
ax.legend(loc="upper left")
plt.show()
