"""The network in NumPy: forward passes on the CPU.

This module imports no torch, so that ``import sksigmoidnet``, loading a
fitted model and predicting on the CPU start in scikit-learn's time; torch is
imported (by ``_engine``) only to train, to predict dense input on a GPU or
in a batch big enough to repay its import, or to build a ``torch.nn`` module.
Where it cannot be imported, NumPy computes those predictions too.
"""

import numpy as np
from scipy import sparse

from ._activations import ACTIVATIONS
from ._thread_pools import blas_threads

# The performance guide ("Measurements behind the code") gives the figures
# behind these constants.

# On the CPU, predictions below this many multiply-adds (about 40,000 rows of
# a 64-100-10 network) are computed with NumPy; larger ones by torch, whose
# float64 forward pass is faster and whose import is then a small share.
CPU_NUMPY_PREDICTION_WORK = 1 << 28

# On a GPU, predictions below this many multiply-adds are computed with NumPy
# on the CPU, where they take less time than torch's call overhead.
NUMPY_PREDICTION_WORK = 50_000

# Elements of one layer's activations computed at once: bounds the memory a
# prediction needs whatever the number of rows. On one thread, chunks that
# stay in the cache run faster; on several, larger chunks make fewer products
# whose threads wait for one another at the end.
CHUNK_ELEMENTS = 1 << 18
THREADED_CHUNK_ELEMENTS = 1 << 20


def predicts_with_numpy(X, coefs, device):
    """Whether the prediction of ``X`` is NumPy's to compute, torch being
    importable.

    Sparse input always is, on any device: SciPy's sparse product, as in
    ``MLPClassifier``, costs what the stored entries cost, where torch's path
    densifies every chunk (the performance guide gives the times).

    Parameters
    ----------
    X : ndarray or SciPy sparse matrix of shape (n_samples, n_features)
    coefs : list of ndarray
        The weight matrices.
    device : str
        The estimator's ``device`` parameter. Only ``"cpu"`` is known to
        mean the CPU without asking torch.
    """
    if sparse.issparse(X):
        return True
    multiply_adds = X.shape[0] * sum(np.size(coef) for coef in coefs)
    limit = CPU_NUMPY_PREDICTION_WORK if device == "cpu" else NUMPY_PREDICTION_WORK
    return multiply_adds < limit


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
    if chunk_rows < n_rows and blas_threads() > 1:
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
