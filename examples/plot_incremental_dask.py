"""
===========================================================
Training on more rows than fit in memory, with Dask
===========================================================

``dask_ml.wrappers.Incremental`` trains
:class:`~sksigmoidnet.SigmoidNetClassifier` one block of a chunked Dask array
at a time, through ``partial_fit``. Here the blocks are generated lazily by a
seeded function, so the full data set never exists in memory: each block is
created when its turn comes, used for one ``partial_fit`` and released.

The gallery runs a small version (200,000 rows). Set the environment variable
``SKSIGMOIDNET_EXAMPLE_ROWS`` to run the full one. With
``SKSIGMOIDNET_EXAMPLE_ROWS=3000000`` (3 million rows, 20 blocks of 150,000,
240 MB of features as one array) three epochs took 6.5 s on an idle 2-core
machine and reached a test accuracy of 0.993; training and prediction added
163 MB to the process's peak memory (656 MB in all, most of it torch and Dask
themselves). See :doc:`/scaling_out`.

Needs Dask and dask-ml: ``pip install "dask[distributed]" dask-ml`` (or
``pip install -e ".[dask]"`` from a checkout of this repository).
"""

# %%
# The data: blocks made on demand
# -------------------------------
# A fixed "teacher" network with one hidden layer labels standard-normal
# features. ``make_block(i)`` returns block ``i`` and is seeded by ``i``, so
# every block is the same whenever, and wherever, it is computed.
# ``dask.delayed`` turns each call into a task; ``da.from_delayed`` and
# ``da.concatenate`` make one lazy array of them. Nothing is computed yet.

import os
import time

try:
    import resource  # the peak memory; Unix only
except ImportError:
    resource = None

import dask
import dask.array as da
import matplotlib.pyplot as plt
import numpy as np
from dask_ml.wrappers import Incremental

from sksigmoidnet import SigmoidNetClassifier

N_ROWS = int(os.environ.get("SKSIGMOIDNET_EXAMPLE_ROWS", 200_000))
N_BLOCKS = 20
N_FEATURES = 20
EPOCHS = 3
ROWS_PER_BLOCK = N_ROWS // N_BLOCKS

teacher = np.random.default_rng(0)
W_HIDDEN = teacher.normal(size=(N_FEATURES, 8)).astype(np.float32)
W_OUT = teacher.normal(size=8).astype(np.float32)


def make_block(block_id, n_rows=ROWS_PER_BLOCK):
    """Rows of block ``block_id`` and their labels, from a per-block seed."""
    rng = np.random.default_rng([1, block_id])
    X = rng.normal(size=(n_rows, N_FEATURES)).astype(np.float32)
    y = (np.tanh(X @ W_HIDDEN) @ W_OUT > 0).astype(np.int64)
    return X, y


def lazy_dataset(block_ids):
    """A chunked Dask array pair whose blocks are computed only when used."""
    blocks = [dask.delayed(make_block, nout=2)(i) for i in block_ids]
    X = da.concatenate(
        [
            da.from_delayed(Xb, (ROWS_PER_BLOCK, N_FEATURES), dtype=np.float32)
            for Xb, _ in blocks
        ]
    )
    y = da.concatenate(
        [da.from_delayed(yb, (ROWS_PER_BLOCK,), dtype=np.int64) for _, yb in blocks]
    )
    return X, y


X_train, y_train = lazy_dataset(range(N_BLOCKS))
X_test, y_test = lazy_dataset(range(N_BLOCKS, N_BLOCKS + 2))
print(X_train)
n_mb = X_train.nbytes / 1e6
print(f"{n_mb:.0f} MB of float32 features in {X_train.numblocks[0]} blocks")

# %%
# Training, one block at a time
# -----------------------------
# ``Incremental.fit`` makes one pass over the blocks, calling
# ``partial_fit`` once per block; ``partial_fit`` of ``SigmoidNetClassifier``
# is one epoch over the rows it is given. To train for several epochs, call
# ``Incremental.partial_fit`` once per epoch: each call continues from the
# network of the previous one (``Incremental.fit`` would start afresh). A new
# ``random_state`` per pass visits the blocks in a new order.
#
# The training pass is sequential: block ``i + 1`` is trained on after block
# ``i``. Dask's default threaded scheduler would use its spare threads to
# generate the blocks ahead of the training, and hold them all; the
# synchronous scheduler makes a block only when the training reaches it.
# Everything runs in this process, so the peak memory below covers all of it.
# With a ``dask.distributed.Client``, the same code runs on a cluster's workers.


def peak_memory_mb():
    """This process's peak resident memory in MB (Linux reports kB), or NaN."""
    if resource is None:
        return float("nan")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


rss_before = peak_memory_mb()
model = Incremental(
    SigmoidNetClassifier(hidden_layer_sizes=(32,), batch_size=500, random_state=0)
)
start = time.perf_counter()
with dask.config.set(scheduler="synchronous"):
    for epoch in range(EPOCHS):
        model.set_params(random_state=epoch)
        model.partial_fit(X_train, y_train, classes=[0, 1])
        loss = model.estimator_.loss_
        print(f"epoch {epoch + 1}: mean loss of the last block {loss:.4f}")
train_seconds = time.perf_counter() - start

# %%
# Predicting on Dask arrays
# -------------------------
# ``model.predict`` on a Dask array maps the fitted network over the blocks and
# returns another lazy Dask array, so the test set is scored block by block
# too. (``dask_ml.wrappers.ParallelPostFit`` does the same for a model fitted
# in memory.)

accuracy = float((model.predict(X_test) == y_test).mean().compute())

peak_rss = peak_memory_mb()
print(f"{N_ROWS:,} rows, {EPOCHS} epochs: {train_seconds:.1f} s")
print(f"test accuracy: {accuracy:.3f}")
print(
    f"peak resident memory: {peak_rss:.0f} MB "
    f"({peak_rss - rss_before:.0f} MB more than before training)"
)

# %%
# The loss, block by block
# ------------------------
# ``loss_curve_`` has one entry per ``partial_fit`` call, that is per block:
# ``EPOCHS`` passes of ``N_BLOCKS`` blocks.

losses = model.estimator_.loss_curve_
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(np.arange(1, len(losses) + 1), losses, marker=".")
for epoch in range(1, EPOCHS):
    ax.axvline(epoch * N_BLOCKS + 0.5, color="0.8", linestyle="--")
ax.set_xlabel("block trained on (dashed lines: new epoch)")
ax.set_ylabel("mean training loss of the block")
ax.set_title(f"Incremental training on {N_ROWS:,} lazily generated rows")
fig.tight_layout()
plt.show()
