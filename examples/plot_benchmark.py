"""
=====================================================
Training speed against MLPClassifier and skorch
=====================================================

How long one epoch takes for :class:`~sksigmoidnet.SigmoidNetClassifier`,
scikit-learn's :class:`~sklearn.neural_network.MLPClassifier` (SGD solver,
logistic activation) and skorch wrapping the same sigmoid network, on the CPU.

Nothing is measured here: the numbers are read from a full run of
``python benchmarks/run.py`` stored in ``benchmarks/results/`` (the file that
the performance page's tables are built from, with the machine and versions
it ran on, which the script prints), so the figure builds instantly. Each
case ran twice: every estimator at its default threads, and every estimator
under ``threadpool_limits(1)``. The three train the same float32 data,
architecture, SGD settings (learning rate 0.2, Nesterov momentum 0.9,
``alpha=1e-4``, shuffling) and number of epochs, early stopping off.

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
# The stored figures, printed as ratios to SigmoidNetClassifier's time.

import csv
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

try:
    HERE = Path(__file__).resolve().parent
except NameError:  # run interactively, from the examples folder
    HERE = Path.cwd()
STORED_RUN = HERE.parent / "benchmarks" / "results" / "2026-11-27.csv"

# One row per measured value (benchmarks/records.py describes the columns);
# the rows of part "run" say when, how and on what the run was made.
with open(STORED_RUN, newline="") as table:
    rows = list(csv.DictReader(table))
run = {row["quantity"]: row["value"] for row in rows if row["part"] == "run"}
epochs = [
    row
    for row in rows
    if row["part"] == "training" and row["quantity"] == "time"
    if row["unit"] == "ms/epoch"
]
ms_per_epoch = {
    (row["regime"], row["case"], row["model"]): float(row["value"]) for row in epochs
}
regimes = list(dict.fromkeys(row["regime"] for row in epochs))
cases = list(dict.fromkeys(row["case"] for row in epochs))
models = list(dict.fromkeys(row["model"] for row in epochs))

print(
    f"Stored figures of {STORED_RUN.name}, not measured now: {run['command']} on "
    f"{run['date']}, {run['machine']} ({run['cpu']}, {run['cores']} cores; torch "
    f"{run['torch']}, scikit-learn {run['scikit-learn']}, skorch {run['skorch']}).\n"
    "python benchmarks/run.py measures this machine."
)
for regime in regimes:
    print(f"{regime}:")
    for case in cases:
        ours = ms_per_epoch[regime, case, "SigmoidNet"]
        others = ", ".join(
            f"{model} {ms_per_epoch[regime, case, model] / ours:.1f}x slower"
            for model in models[1:]
        )
        print(f"  {case:<14} SigmoidNet {ours:7.2f} ms/epoch; {others}")

# %%
# The figure
# ----------
# Time per epoch relative to SigmoidNetClassifier's, on a log scale (the
# cases differ a hundredfold in absolute time): on the left every estimator
# with its default threads, as a user runs it; on the right every estimator
# on one thread, which compares the engines alone.

fig, axes = plt.subplots(
    1, len(regimes), figsize=(10, 4.5), sharey=True, squeeze=False, layout="constrained"
)
axes = axes[0]
width = 0.8 / len(models)
positions = np.arange(len(cases))
for ax, regime in zip(axes, regimes, strict=True):
    for index, model in enumerate(models):
        ratios = [
            ms_per_epoch[regime, case, model] / ms_per_epoch[regime, case, "SigmoidNet"]
            for case in cases
        ]
        offset = (index - (len(models) - 1) / 2) * width
        bars = ax.bar(positions + offset, ratios, width, label=model)
        ax.bar_label(bars, fmt="%.1f", fontsize=7)
    ax.set_yscale("log")
    ax.margins(y=0.1)  # room for the labels of the tallest bars
    ax.set_xticks(positions, cases, rotation=20)
    ax.set_title(regime)
axes[0].set_ylabel("time per epoch / SigmoidNet's")
# Below the panels, where it covers no bar and no label.
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=3)
fig.suptitle("One epoch of SGD on the CPU (lower is better)")
plt.show()

# %%
# At batch 200 each step is small, and its fixed costs decide: SigmoidNet
# computes gradients by hand instead of recording them with autograd, updates
# every weight with one operation on a flat tensor, and runs small steps on one
# thread, which is also why the gap is wider at the default threads in the
# batch-200 cases, where the others split small products across both cores. At
# batch 4096 matrix products decide, and the gap narrows: every estimator is
# bound by the same BLAS. skorch is slowest throughout: a ``DataLoader``
# fetches the rows of every batch one at a time.
