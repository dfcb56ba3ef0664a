"""Tests and doctests that need an optional extra skip, naming it, where the
extra is not installed, so that the suite runs with the core dependencies
alone. tests/README.md says how to mark a test.

Docstring examples run as users copy them: a ConvergenceWarning fails them."""

import importlib
import os
from functools import cache

import pytest

# The modules each extra in pyproject.toml brings, as they are imported.
EXTRA_MODULES = {
    "plot": ("matplotlib",),
    "onnx": ("skl2onnx", "onnx", "onnxruntime"),
    "skops": ("skops.io",),
    "dask": ("dask.array", "dask.distributed", "dask_ml"),
    "bench": ("skorch",),
}

# The package's modules whose doctests show an extra at work.
DOCTEST_EXTRAS = {
    "sksigmoidnet._display": "plot",
    "sksigmoidnet._onnx": "onnx",
}


@cache
def _missing_reason(extra):
    """Why the extra cannot be used here, or None where it can."""
    for module in EXTRA_MODULES[extra]:
        try:
            importlib.import_module(module)
        except ImportError as error:
            return (
                f"needs the {extra} extra ({error}); "
                f'pip install -e ".[{extra}]" from a checkout'
            )
    return None


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        f"extra(name): the test needs that extra, one of {sorted(EXTRA_MODULES)}",
    )
    distributing = config.getoption("dist", "no") != "no" and config.getoption(
        "tx", None
    )
    if distributing and not hasattr(config, "workerinput"):
        # pytest-xdist starts its workers after this, and they inherit the
        # environment. Each would give torch's OpenMP pool (and the BLAS) a
        # thread per core, so n workers on n cores would fight over n * n
        # spinning threads: on 2 cores the fast loop took 91 s instead of 75.
        # A value the user set is kept.
        os.environ.setdefault("OMP_NUM_THREADS", "1")


def pytest_runtest_setup(item):
    extras = [marker.args[0] for marker in item.iter_markers("extra")]
    doctest = getattr(item, "dtest", None)
    if doctest is not None:
        extras.append(DOCTEST_EXTRAS.get(doctest.globs["__name__"]))
    for extra in filter(None, extras):
        reason = _missing_reason(extra)
        if reason:
            pytest.skip(reason)


def pytest_collection_modifyitems(items):
    for item in items:
        if isinstance(item, pytest.DoctestItem):
            item.add_marker(
                pytest.mark.filterwarnings(
                    "error::sklearn.exceptions.ConvergenceWarning"
                )
            )
