"""
====================================
Using the trained network in PyTorch
====================================

The fitted weights of :class:`~sksigmoidnet.SigmoidNetClassifier` are stored
as NumPy arrays (``coefs_`` and ``intercepts_``), which is what makes the
estimator pickle and move between machines. When you need the network as a
PyTorch module, to fine-tune it, combine it with other layers or export it,
:meth:`~sksigmoidnet.SigmoidNetClassifier.to_torch` builds a fresh
``torch.nn.Sequential`` holding copies of those weights.
"""

# %%
# Fit, then convert
# -----------------

import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.datasets import make_moons

from sksigmoidnet import SigmoidNetClassifier

X, y = make_moons(n_samples=400, noise=0.2, random_state=0)
clf = SigmoidNetClassifier(hidden_layer_sizes=(16, 16), random_state=0).fit(X, y)

module = clf.to_torch()
print(module)

# %%
# Same predictions
# ----------------
# The module ends with a sigmoid, so for two classes its single output is the
# probability of ``classes_[1]``: the second column of ``predict_proba``. The
# estimator was fitted on float64 data, so its weights are float64 and the
# module takes float64 tensors.

with torch.no_grad():
    torch_proba = module(torch.from_numpy(X)).numpy()[:, 0]
sklearn_proba = clf.predict_proba(X)[:, 1]

largest_difference = np.abs(torch_proba - sklearn_proba).max()
print(f"largest difference: {largest_difference:.2e}")
np.testing.assert_allclose(torch_proba, sklearn_proba, rtol=0, atol=1e-12)

# %%
# The module is independent of the estimator: training it further changes
# neither ``coefs_`` nor the estimator's predictions.

weights_before = [coef.copy() for coef in clf.coefs_]
optimizer = torch.optim.SGD(module.parameters(), lr=0.1)
inputs, targets = torch.from_numpy(X), torch.from_numpy(y.astype(np.float64))
for _ in range(5):
    optimizer.zero_grad()
    loss = torch.nn.functional.binary_cross_entropy(module(inputs)[:, 0], targets)
    loss.backward()
    optimizer.step()
assert all(
    np.array_equal(a, b) for a, b in zip(weights_before, clf.coefs_, strict=True)
)
print("estimator unchanged after training the module")

# %%
# The two sets of probabilities lie on the diagonal.

fig, ax = plt.subplots()
ax.scatter(sklearn_proba, torch_proba, s=10, alpha=0.6)
ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1)
ax.set(
    xlabel="clf.predict_proba(X)[:, 1]",
    ylabel="clf.to_torch()(X)",
    title=f"Largest difference {largest_difference:.1e}",
    aspect="equal",
)
plt.show()
