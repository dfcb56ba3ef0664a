"""The network in NumPy: forward passes on the CPU.

This module imports no torch, so that ``import sksigmoidnet``, loading a
fitted model and predicting on the CPU start in scikit-learn's time; torch is
imported (by ``_engine``) only to train, to predict dense input on a GPU or
in a batch big enough to repay its import, or to build a ``torch.nn`` module.
Where it cannot be imported, NumPy computes those predictions too.
"""

from functools import cache

import numpy as np
from scipy import sparse
from threadpoolctl import ThreadpoolController

from . import _engine
from ._activations import ACTIVATIONS

# On the CPU, predictions below this many multiply-adds (about 40,000 rows of
# a 64-100-10 network) are computed with NumPy. Its float32 forward pass runs
# about as fast as torch's; its float64 one about 20% slower, as NumPy's exp
# is not vectorised for float64 on AVX2. Larger batches are computed by torch
# as before: there its float64 speed counts, and its import (1 to 2 s) is a
# small share of the time.
CPU_NUMPY_PREDICTION_WORK = 1 << 28

# On a GPU, predictions below this many multiply-adds are computed with NumPy
# on the CPU: a few rows take about 8 us there against about 50 us of torch
# call overhead.
NUMPY_PREDICTION_WORK = 50_000

# Elements of one layer's activations computed at once: bounds the memory a
# prediction needs whatever the number of rows. On one thread, chunks that
# stay in the cache ran 15-20% faster than chunks four times as large. On
# several, each product ends with its threads waiting for one another, which
# on a busy machine can cost a time slice of the scheduler: there, 1<<18
# elements took 1.4 to 2.7 times as long as 1<<20 (20,000 rows of 64-100-10
# on 2 loaded cores, where MLPClassifier makes one product per layer).
CHUNK_ELEMENTS = 1 << 18
THREADED_CHUNK_ELEMENTS = 1 << 20


def predicts_with_numpy(X, coefs, device):
    """Whether the prediction of ``X`` is computed with NumPy.

    Sparse input always is, on any device: SciPy's sparse product, as in
    ``MLPClassifier``, costs what the stored entries cost, where torch's path
    densifies every chunk, and torch's own CSR product ran 13 times slower
    than SciPy's. ``predict_proba`` of 20,000 x 100,000 rows at density 1e-4
    through 10 hidden units took 6.3 s on torch's path, 6.0 ms on NumPy's
    (``MLPClassifier``: 6.4 ms), medians on one thread of two loaded cores.

    Parameters
    ----------
    X : ndarray or SciPy sparse matrix of shape (n_samples, n_features)
    coefs : list of ndarray
        The weight matrices.
    device : str
        The estimator's ``device`` parameter. Only ``"cpu"`` is known to
        mean the CPU without asking torch.

    Where torch cannot be imported, every prediction is computed with
    NumPy: a model loaded there predicts batches of any size. torch is
    imported here only for a batch that torch would compute.
    """
    if sparse.issparse(X):
        return True
    multiply_adds = X.shape[0] * sum(np.size(coef) for coef in coefs)
    limit = CPU_NUMPY_PREDICTION_WORK if device == "cpu" else NUMPY_PREDICTION_WORK
    return multiply_adds < limit or not _engine.importable()


def numpy_logits(X, coefs, intercepts, activation):
    """Output logits of ``X`` (dense or sparse, of any numeric dtype),
    computed with NumPy in the weights' dtype.

    Rows are taken in chunks of at most :data:`CHUNK_ELEMENTS` per layer
    (:data:`THREADED_CHUNK_ELEMENTS` when the BLAS runs several threads),
    each converted to the weights' dtype on its own, and every layer writes
    to a buffer reused from chunk to chunk: the memory needed beyond the
    result stays bounded whatever the number of rows or the input's dtype.
    A sparse chunk is never densified: its size is that of its stored
    entries, counted at their mean per row.

    Returns
    -------
    logits : ndarray of shape (n_samples, n_outputs)
    """
    activate = ACTIVATIONS[activation].numpy_forward
    dtype = coefs[0].dtype
    n_rows = X.shape[0]
    widths = [_input_width(X)] + [coef.shape[1] for coef in coefs]
    chunk_rows = min(n_rows, rows_per_chunk(widths, threaded=False))
    if chunk_rows < n_rows and _blas_threads() > 1:
        chunk_rows = min(n_rows, rows_per_chunk(widths, threaded=True))
    hidden = [np.empty((chunk_rows, width), dtype=dtype) for width in widths[1:-1]]
    logits = np.empty((n_rows, widths[-1]), dtype=dtype)
    for start in range(0, n_rows, chunk_rows):
        stop = min(start + chunk_rows, n_rows)
        layer = X[start:stop].astype(dtype, copy=False)
        layers = zip(coefs[:-1], intercepts[:-1], hidden, strict=True)
        for coef, intercept, buffer in layers:
            layer = activate(_affine(layer, coef, intercept, buffer[: stop - start]))
        _affine(layer, coefs[-1], intercepts[-1], logits[start:stop])
    return logits


def rows_per_chunk(widths, threaded):
    """Rows of a forward pass computed at once, for layers of ``widths``
    elements per row: :data:`THREADED_CHUNK_ELEMENTS` (products on several
    threads) or :data:`CHUNK_ELEMENTS` elements in the widest layer, and at
    least one row. torch's forward passes take the threaded size."""
    elements = THREADED_CHUNK_ELEMENTS if threaded else CHUNK_ELEMENTS
    return max(1, elements // max(widths))


@cache
def _threadpool_controller():
    # Inspecting the loaded libraries takes about a millisecond: do it once.
    return ThreadpoolController()


def _blas_threads():
    """The most threads a loaded BLAS library (NumPy's) runs a product on now,
    under whatever limit joblib, threadpoolctl or the environment has set."""
    blas = _threadpool_controller().select(user_api="blas").lib_controllers
    return max((library.num_threads for library in blas), default=1)


def _input_width(X):
    """Elements of an input row, as a chunk of ``X`` holds them: the
    features of a dense row, the mean stored entries of a sparse one."""
    if sparse.issparse(X):
        return -(-X.nnz // max(1, X.shape[0]))
    return X.shape[1]


def _affine(X, coef, intercept, out):
    """Write ``X @ coef + intercept`` to ``out`` and return it."""
    if hasattr(X, "toarray"):  # SciPy sparse: its product makes a new array
        out[...] = X @ coef
    else:
        np.matmul(X, coef, out=out)
    out += intercept
    return out
