"""
==================
Imbalanced classes
==================

When one class is rare, a classifier that minimises the average loss learns
to favour the common class: it can be right 95 % of the time by never
predicting the rare one. Two remedies, which answer different questions:

- ``class_weight="balanced"`` changes what the network *learns*: each class
  counts as much as the others in the loss (as ``sample_weight`` would, row by
  row);
- :class:`~sklearn.model_selection.TunedThresholdClassifierCV` changes how a
  trained network *decides*: it moves the probability threshold from 0.5 to
  the one that maximises a chosen metric in cross-validation.
"""

# %%
# A problem with one positive in twenty
# -------------------------------------

import matplotlib.pyplot as plt
from sklearn.datasets import make_classification
from sklearn.metrics import (
    PrecisionRecallDisplay,
    balanced_accuracy_score,
    precision_score,
    recall_score,
)
from sklearn.model_selection import TunedThresholdClassifierCV, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sksigmoidnet import SigmoidNetClassifier

X, y = make_classification(
    n_samples=4000,
    n_features=10,
    n_informative=4,
    weights=[0.95],
    flip_y=0.02,
    class_sep=0.8,
    random_state=0,
)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.5, stratify=y, random_state=0
)
print(f"positives: {y_train.mean():.1%} of the training rows")


def network(**params):
    return make_pipeline(
        StandardScaler(),
        SigmoidNetClassifier(
            hidden_layer_sizes=(16,),
            early_stopping=True,
            scoring="loss",
            max_iter=500,
            random_state=0,
            **params,
        ),
    )


# %%
# Three models
# ------------
# The plain network; the same network trained with ``class_weight="balanced"``
# (each positive row then weighs about 19 times a negative one); and the plain
# network with its decision threshold tuned for balanced accuracy. Early
# stopping here watches the validation loss (``scoring="loss"``), which the
# held-out rows' class weights weigh too.

models = {
    "plain": network(),
    "class_weight='balanced'": network(class_weight="balanced"),
    "tuned threshold": TunedThresholdClassifierCV(
        network(), scoring="balanced_accuracy", cv=3
    ),
}
for name, model in models.items():
    model.fit(X_train, y_train)
    predicted = model.predict(X_test)
    print(
        f"{name:>24}: balanced accuracy "
        f"{balanced_accuracy_score(y_test, predicted):.3f}, "
        f"recall {recall_score(y_test, predicted):.3f}, "
        f"precision {precision_score(y_test, predicted):.3f}"
    )
print(f"tuned threshold: {models['tuned threshold'].best_threshold_:.3f}")

# %%
# Where each model decides
# ------------------------
# The precision-recall curves of the two networks, and the point each model
# operates at. At the default threshold of 0.5 the plain network rarely
# predicts the rare class; class weights move its decisions to a much higher
# recall at a lower precision. Tuning the threshold reaches about the same
# point on the plain network's own curve, without retraining it. The curves
# differ too: class weights change what the network learns, not only where it
# decides (here its ranking of the rows, the average precision, is a little
# worse).

fig, ax = plt.subplots(figsize=(6, 5), layout="constrained")
for name in ["plain", "class_weight='balanced'"]:
    PrecisionRecallDisplay.from_estimator(
        models[name], X_test, y_test, name=name, ax=ax
    )
for (name, model), marker in zip(models.items(), ["o", "s", "D"], strict=True):
    predicted = model.predict(X_test)
    ax.plot(
        recall_score(y_test, predicted),
        precision_score(y_test, predicted),
        marker=marker,
        markersize=9,
        linestyle="none",
        color="black",
        label=f"{name}: its decisions",
    )
ax.legend(loc="lower left", fontsize="small")
ax.set_title("Rare positives: precision against recall")
plt.show()

# %%
# Which to use? Class weights when the rare class should shape the network
# itself (its hidden units, its early stopping); a tuned threshold when the
# probabilities should stay calibrated to the real frequencies and only the
# decision should change. Both combine with ``sample_weight``, which multiplies
# the class weights row by row.
