"""
=====================================================
Training speed against MLPClassifier and skorch
=====================================================

How long one epoch takes for :class:`~sksigmoidnet.SigmoidNetClassifier`,
scikit-learn's :class:`~sklearn.neural_network.MLPClassifier` (SGD solver,
logistic activation) and skorch wrapping the same sigmoid network, on the CPU.

The numbers are read from ``benchmark_results.csv`` beside this script, so the
figure builds instantly. They are the medians printed by
``python benchmarks/run.py`` on an idle 2-core virtual machine (AMD EPYC,
Python 3.11, torch 2.13.0 CPU, scikit-learn 1.9.1, skorch 1.4.0, November
2026): the same float32 data, architecture, SGD settings (learning rate 0.2,
Nesterov momentum 0.9, ``alpha=1e-4``, shuffling) and number of epochs for the
three, early stopping off.

=============  ==========================  ==========  =====
case           data                        hidden      batch
=============  ==========================  ==========  =====
small batches  10,000 x 20, binary         (100,)      200
deeper         10,000 x 20, binary         (64, 64)    200
many rows      100,000 x 20, binary        (100,)      200
large batches  100,000 x 20, binary        (256, 256)  4096
multiclass     digits, 1,797 x 64, 10      (100,)      200
=============  ==========================  ==========  =====

Run the script on your own hardware before drawing conclusions.
"""

# %%
# The table
# ---------

import csv
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

try:
    HERE = Path(__file__).resolve().parent
except NameError:  # run interactively, from the examples folder
    HERE = Path.cwd()

with open(HERE / "benchmark_results.csv", newline="") as table:
    rows = list(csv.DictReader(table))
ms_per_epoch = {(row["case"], row["model"]): float(row["ms_per_epoch"]) for row in rows}
cases = list(dict.fromkeys(row["case"] for row in rows))
models = list(dict.fromkeys(row["model"] for row in rows))

for case in cases:
    ours = ms_per_epoch[case, "SigmoidNet"]
    others = ", ".join(
        f"{model} {ms_per_epoch[case, model] / ours:.1f}x slower"
        for model in models[1:]
    )
    print(f"{case:<14} SigmoidNet {ours:7.2f} ms/epoch; {others}")

# %%
# The figure
# ----------
# Time per epoch relative to SigmoidNetClassifier's, on a log scale (the
# cases differ a hundredfold in absolute time).

fig, ax = plt.subplots(figsize=(7, 4))
width = 0.8 / len(models)
positions = np.arange(len(cases))
for index, model in enumerate(models):
    ratios = [
        ms_per_epoch[case, model] / ms_per_epoch[case, "SigmoidNet"] for case in cases
    ]
    bars = ax.bar(positions + (index - (len(models) - 1) / 2) * width, ratios, width)
    bars.set_label(model)
    ax.bar_label(bars, fmt="%.1f", fontsize=8)
ax.set_yscale("log")
ax.set_xticks(positions, cases)
ax.set(
    ylabel="time per epoch / SigmoidNet's",
    title="One epoch of SGD on the CPU (lower is better)",
)
ax.legend()
plt.show()

# %%
# At batch 200 each step is small, and its fixed costs decide: SigmoidNet
# computes gradients by hand instead of recording them with autograd, updates
# every weight with one operation on a flat tensor, and runs small steps on one
# thread. At batch 4096 matrix products decide, and SigmoidNet reaches about
# two thirds of the machine's float32 matrix-product peak. skorch is slowest
# throughout: a ``DataLoader`` fetches the rows of every batch one at a time.
