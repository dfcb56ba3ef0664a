"""Docstring examples run as users copy them: a ConvergenceWarning fails them."""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if isinstance(item, pytest.DoctestItem):
            item.add_marker(
                pytest.mark.filterwarnings(
                    "error::sklearn.exceptions.ConvergenceWarning"
                )
            )
