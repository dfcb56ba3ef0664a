"""
==============================
Multiclass and multilabel data
==============================

:class:`~sksigmoidnet.SigmoidNetClassifier` gives every class its own sigmoid
output unit and trains each one with binary cross-entropy against the 0/1
encoding of the labels:

* **binary** targets use one output unit;
* **multiclass** targets use one unit per class; ``predict`` picks the largest
  and ``predict_proba`` divides the outputs by their sum so that each row sums
  to one;
* **multilabel** targets (a 0/1 indicator matrix) use one unit per label, read
  independently: a sample can have several labels, or none.
"""

# %%
# Multiclass: handwritten digits
# ------------------------------
# 1,797 images of 8x8 pixels, ten classes. ``early_stopping=True`` holds out
# 10% of the training rows and keeps the weights of the epoch with the best
# accuracy on them (see the early-stopping example).

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits, make_multilabel_classification
from sklearn.metrics import ConfusionMatrixDisplay, f1_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sksigmoidnet import SigmoidNetClassifier

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, stratify=y, random_state=0
)
digits_model = make_pipeline(
    StandardScaler(),
    SigmoidNetClassifier(hidden_layer_sizes=(64,), early_stopping=True, random_state=0),
).fit(X_train, y_train)

net = digits_model[-1]
print(f"output units: {net.n_outputs_}, epochs: {net.n_iter_}")
print(f"test accuracy: {digits_model.score(X_test, y_test):.3f}")
row_sum = digits_model.predict_proba(X_test[:1]).sum()
print(f"the probabilities of one row sum to {row_sum:.6f}")

# %%
# Most errors, if any, are between digits that look alike.

ConfusionMatrixDisplay.from_estimator(
    digits_model, X_test, y_test, colorbar=False, cmap="Blues"
)
plt.title("Digits, test set")

# %%
# Multilabel: several labels per sample
# -------------------------------------
# A synthetic problem with five labels; each sample has two on average. ``y``
# is an indicator matrix with one column per label.

X, Y = make_multilabel_classification(
    n_samples=1000, n_features=20, n_classes=5, n_labels=2, random_state=0
)
X_train, X_test, Y_train, Y_test = train_test_split(X, Y, test_size=0.3, random_state=0)
labels_model = make_pipeline(
    StandardScaler(),
    SigmoidNetClassifier(hidden_layer_sizes=(32,), early_stopping=True, random_state=0),
).fit(X_train, Y_train)

Y_pred = labels_model.predict(X_test)
print("predicted indicator rows:\n", Y_pred[:3])
print(
    f"labels per sample: {Y_test.sum(1).mean():.2f} true, "
    f"{Y_pred.sum(1).mean():.2f} predicted"
)

# %%
# Each label is a separate yes/no question, so each gets its own score.
# ``predict_proba`` returns one probability per label, not a distribution
# over labels.

per_label_f1 = f1_score(Y_test, Y_pred, average=None)
prevalence = Y_train.mean(0)

fig, ax = plt.subplots()
positions = np.arange(Y.shape[1])
ax.bar(positions - 0.2, per_label_f1, width=0.4, label="F1 score (test)")
ax.bar(positions + 0.2, prevalence, width=0.4, label="share of positives (train)")
ax.set_xticks(positions, [f"label {k}" for k in positions])
ax.set(ylim=(0, 1), title="Multilabel: one score per label")
ax.legend(loc="lower right")
plt.show()

print(f"micro-averaged F1: {f1_score(Y_test, Y_pred, average='micro'):.3f}")
