"""Assertions shared by the test files."""

from numpy.testing import assert_array_equal


def assert_same_weights(first, second):
    """Two fitted models hold the same weights and biases, bit for bit."""
    for a, b in zip(
        first.coefs_ + first.intercepts_,
        second.coefs_ + second.intercepts_,
        strict=True,
    ):
        assert_array_equal(a, b)
