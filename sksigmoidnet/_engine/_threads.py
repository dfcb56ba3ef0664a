"""Running small CPU steps on one thread, and every step of a forked child.

torch splits a matrix product across all cores. For the products of a
small batch (a few hundred rows, a hundred hidden units) the split costs more
than it saves, and on a busy machine its threads wait for one another far
longer than the product takes (the performance guide gives the figures). So
steps below ``MIN_PARALLEL_WORK`` multiply-adds run on one OpenMP thread,
the way scikit-learn's k-means limits BLAS threads inside ``fit``.

A process forked from one that has run a multi-threaded torch operation
inherits GNU OpenMP's record of a thread pool whose threads did not survive
the fork: its first parallel operation waits for them forever. This is what
hangs ``multiprocessing.Pool`` with the ``fork`` start method, and joblib's
``multiprocessing`` backend. torch's own ``DataLoader`` workers avoid it by
running on one thread; so does every training step, prediction and
``to_torch()`` here in a forked child. (``torch.set_num_threads`` in the
parent also sets the count of the MKL linked inside torch, which threadpoolctl
cannot lower: such a parent must start its workers with ``spawn`` or
``forkserver``, as ``docs/scaling_out.rst`` says.) A child is told from its
parent by its process id, recorded when this module is first imported: a fork
keeps the record and changes the id, while a spawned process imports the
module afresh. This needs neither a fork hook nor any process-wide setting.

The limit is scoped with threadpoolctl: it applies to the calling thread
while a fit or prediction runs, is restored on exit, and only ever lowers
the thread count, so limits set by joblib, Dask or the user still hold.
"""

import os
from contextlib import nullcontext

from .._thread_pools import controller

MIN_PARALLEL_WORK = 4_000_000

# The process that imported this module; any other process that sees this
# value is a fork of it (or of one of its forks).
_IMPORTING_PROCESS = os.getpid()


def is_forked_child():
    """Whether this process was forked from the one that imported this module."""
    return os.getpid() != _IMPORTING_PROCESS


def one_thread_if_forked():
    """A context manager keeping everything torch does inside it on one
    OpenMP thread in a forked child, and changing nothing elsewhere.

    A fit wraps all of its torch work in it, not only its steps: copying the
    weights of a large network into tensors is parallel too.
    """
    if not is_forked_child():
        return nullcontext()
    return controller().limit(limits=1, user_api="openmp")


def thread_budget(multiply_adds, device):
    """A context manager running steps of ``multiply_adds`` on one thread,
    on the CPU, when they are too small to share or this process is a
    forked child."""
    if device.type != "cpu":
        return nullcontext()
    if multiply_adds >= MIN_PARALLEL_WORK:
        return one_thread_if_forked()
    return controller().limit(limits=1, user_api="openmp")
