"""
=====================================================
Training speed against MLPClassifier and skorch
=====================================================

How long one epoch takes for :class:`~sksigmoidnet.SigmoidNetClassifier`,
scikit-learn's :class:`~sklearn.neural_network.MLPClassifier` and a skorch
``NeuralNetBinaryClassifier`` wrapping the same sigmoid network, all on the CPU.

The numbers are read from ``benchmark_results.csv`` beside this script, so the
figure builds instantly. They were measured with a short script that builds
the three estimators with ``make_estimator`` from ``benchmarks/run.py``: the
same architecture (20 standardised float32 features, one hidden layer of 100
sigmoid units), the same SGD settings (learning rate 0.2, Nesterov momentum
0.9, ``alpha=1e-4``, shuffling) and a fixed number of epochs with early
stopping off, on a binary ``make_classification`` problem of 5,000 rows.
Fits of the three estimators were interleaved, three times each; the table
keeps the fastest epoch time of each (the least disturbed by other processes)
and the median. The machine was a shared 2-core virtual machine (Python 3.11,
torch 2.13.0 CPU, scikit-learn 1.9.1, skorch 1.4.0, November 2026) that was
busy with other work (load average about 18), so every library was limited to
one thread (``torch.set_num_threads(1)`` and ``threadpoolctl`` for NumPy's
BLAS). Read the ratios rather than the absolute times, and run
``python benchmarks/run.py`` for the full benchmark on your own hardware.
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

for row in rows:
    print(
        f"{row['case']:<24} {row['model']:<11} "
        f"{float(row['ms_per_epoch']):8.1f} ms/epoch "
        f"(median {float(row['ms_per_epoch_median']):.1f})"
    )

# %%
# The figure
# ----------
# Milliseconds per epoch (the fastest of three runs).

cases = list(dict.fromkeys(row["case"] for row in rows))
models = list(dict.fromkeys(row["model"] for row in rows))
ms_per_epoch = {(row["case"], row["model"]): float(row["ms_per_epoch"]) for row in rows}

fig, ax = plt.subplots(figsize=(7, 4))
width = 0.8 / len(models)
positions = np.arange(len(cases))
for index, model in enumerate(models):
    heights = [ms_per_epoch[case, model] for case in cases]
    bars = ax.bar(positions + (index - (len(models) - 1) / 2) * width, heights, width)
    bars.set_label(model)
    ax.bar_label(bars, fmt="%.0f", fontsize=8)
ax.set_xticks(positions, cases)
ax.set(ylabel="ms per epoch", title="One epoch of SGD on the CPU (lower is better)")
ax.legend()
plt.show()

# %%
# At batch 200 SigmoidNetClassifier and MLPClassifier are close: small batches
# are bound by the fixed cost of each SGD step. At batch 1,000 matrix products
# dominate and SigmoidNetClassifier takes about half MLPClassifier's time.
# skorch is several times slower than both: its ``DataLoader`` fetches rows one
# at a time, while SigmoidNetClassifier indexes tensors built once per fit and
# computes its gradients by hand, without autograd.
