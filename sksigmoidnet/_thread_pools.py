"""The process's native thread pools (BLAS, OpenMP), as threadpoolctl sees
them: inspected once, for the NumPy forward pass and the engine's limits."""

from functools import cache

from threadpoolctl import ThreadpoolController


@cache
def controller():
    """The threadpoolctl controller of the loaded libraries (inspecting them
    takes about a millisecond: it is done once)."""
    return ThreadpoolController()


def blas_threads():
    """The most threads a loaded BLAS library (NumPy's) runs a product on now,
    under whatever limit joblib, threadpoolctl or the environment has set."""
    blas = controller().select(user_api="blas").lib_controllers
    return max((library.num_threads for library in blas), default=1)
