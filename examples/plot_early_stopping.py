"""
==============
Early stopping
==============

By default :class:`~sksigmoidnet.SigmoidNetClassifier` stops when the
*training loss* has not improved by ``tol`` for more than ``n_iter_no_change``
epochs in a row. With ``early_stopping=True`` it holds out
``validation_fraction`` of the training data instead, stops when the
*validation accuracy* has stopped improving, and keeps the weights of the best
epoch. :class:`~sksigmoidnet.LossCurveDisplay` draws both curves.
"""

# %%
# Training loss against validation accuracy
# -----------------------------------------
# Digits with a small network. The training loss keeps falling; the validation
# accuracy levels off.

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sksigmoidnet import LossCurveDisplay, SigmoidNetClassifier

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, stratify=y, random_state=0
)

model = make_pipeline(
    StandardScaler(),
    SigmoidNetClassifier(
        hidden_layer_sizes=(32,),
        early_stopping=True,
        validation_fraction=0.2,
        random_state=0,
    ),
).fit(X_train, y_train)

net = model[-1]
best_epoch = int(np.argmax(net.validation_scores_)) + 1
print(f"epochs run: {net.n_iter_}, best epoch: {best_epoch}")
print(f"best validation accuracy: {net.best_validation_score_:.3f}")
print(f"test accuracy with the best epoch's weights: {model.score(X_test, y_test):.3f}")

LossCurveDisplay.from_estimator(model)

# %%
# What ``n_iter_no_change`` does
# ------------------------------
# It is the patience of the stopping rule: how many epochs without an
# improvement of at least ``tol`` are tolerated. With a patience of 2 training
# stops at the first small dip; with 30 it runs on long after the best epoch,
# and only the best epoch's weights are kept. ``np.inf`` turns the rule off,
# so training runs for ``max_iter`` epochs.

fig, axes = plt.subplots(1, 3, figsize=(13, 4), sharey=True, layout="constrained")
for ax, patience in zip(axes, [2, 10, 30], strict=True):
    model.set_params(sigmoidnetclassifier__n_iter_no_change=patience)
    model.fit(X_train, y_train)
    net = model[-1]
    display = LossCurveDisplay.from_estimator(
        model, ax=ax, name=f"n_iter_no_change={patience}"
    )
    # Inner panels: the neighbours' axis labels say it already.
    if ax is not axes[0]:
        display.ax_.set_ylabel("")
    if ax is not axes[-1]:
        display.ax_validation_.set_ylabel("")
    print(
        f"n_iter_no_change={patience:>2}: {net.n_iter_:>3} epochs, "
        f"test accuracy {model.score(X_test, y_test):.3f}"
    )
plt.show()

# %%
# A longer patience costs epochs and gains little here. Without early
# stopping, ``n_iter_no_change`` applies to the training loss, which keeps
# improving far longer than the validation accuracy does.
