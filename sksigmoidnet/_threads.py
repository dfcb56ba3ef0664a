"""Running small CPU steps on one thread.

torch splits a matrix product across all cores. For the products of a
small batch (a few hundred rows, a hundred hidden units) the split costs more
than it saves, and on a busy machine its threads wait for one another far
longer than the product takes: a 200 x 20 x 100 product measured 17 us on one
thread and from 190 us to 4.7 ms on two, on two cores shared with other work.
So steps below ``MIN_PARALLEL_WORK`` multiply-adds run on one OpenMP thread,
the way scikit-learn's k-means limits BLAS threads inside ``fit``.

The limit is scoped with threadpoolctl: it applies to the calling thread
while a fit or prediction runs, is restored on exit, and only ever lowers
the thread count, so limits set by joblib, Dask or the user still hold.
"""

from contextlib import nullcontext
from functools import cache

from threadpoolctl import ThreadpoolController

MIN_PARALLEL_WORK = 4_000_000


@cache
def _controller():
    # Inspecting the loaded libraries takes about a millisecond: do it once.
    return ThreadpoolController()


def thread_budget(multiply_adds, device):
    """A context manager running steps of ``multiply_adds`` on one thread
    when they are too small to share, on the CPU."""
    if device.type != "cpu" or multiply_adds >= MIN_PARALLEL_WORK:
        return nullcontext()
    return _controller().limit(limits=1, user_api="openmp")
