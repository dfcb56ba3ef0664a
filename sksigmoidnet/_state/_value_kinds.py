"""The kinds of value a field of the saved state may hold (``_fields``).

Each kind says what it accepts, in code (``accepts(value)``) and in words
(``expected``), so that a refused value gets a message saying what was
expected and what was found (:func:`describe`). Numbers are never NaN, and
infinite only where a kind allows it; arrays are plain NumPy arrays (or
memory-mapped ones), never masked arrays or ``np.matrix``. scikit-learn's
parameter constraints (``Interval``...) would not do: they take ``True`` for
an int and a Python int of any size for a float, which a state must refuse.
"""

import math
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np


def is_int(value):
    return isinstance(value, Integral) and not isinstance(value, (bool, np.bool_))


def _as_float(value):
    """``value`` as a float, or None where it is not a real number (nor a
    bool) that has one."""
    if not isinstance(value, Real) or isinstance(value, (bool, np.bool_)):
        return None
    try:
        return float(value)
    except (OverflowError, TypeError, ValueError):
        return None


def _is_plain_array(value):
    # np.memmap too: joblib loads arrays memory-mapped. Not masked arrays nor
    # np.matrix, whose arithmetic differs.
    return type(value) in (np.ndarray, np.memmap)


_FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


@dataclass(frozen=True)
class Count:
    """An int (not a bool) from ``low`` up to, not including, ``high``."""

    low: int = 0
    high: int | None = None

    def accepts(self, value):
        return (
            is_int(value)
            and value >= self.low
            and (self.high is None or value < self.high)
        )

    @property
    def expected(self):
        text = "a non-negative int" if self.low == 0 else f"an int >= {self.low}"
        return text if self.high is None else f"{text} below {self.high}"


@dataclass(frozen=True)
class Number:
    """A real number (not a bool) >= ``low``, never NaN; finite, or the one
    infinity that ``infinite`` names (``np.inf`` or ``-np.inf``); None too if
    ``or_none``."""

    low: float = -np.inf
    infinite: float | None = None
    or_none: bool = False

    def accepts(self, value):
        if value is None:
            return self.or_none
        number = _as_float(value)
        return (
            number is not None
            and not math.isnan(number)
            and number >= self.low
            and (math.isfinite(number) or number == self.infinite)
        )

    @property
    def expected(self):
        text = "a finite float"
        if self.low > -np.inf:
            text += f" >= {self.low:g}"
        if self.infinite is not None:
            text += f" or {self.infinite:g}"
        return text + (", or None" if self.or_none else "")


@dataclass(frozen=True)
class NumberList:
    """A list of finite real numbers >= ``low``; None too if ``or_none``; NaN
    entries too if ``missing`` (epochs that have no record)."""

    low: float = -np.inf
    or_none: bool = False
    missing: bool = False

    def accepts(self, value):
        if value is None:
            return self.or_none
        element = Number(self.low)
        return isinstance(value, list) and all(
            element.accepts(v) or (self.missing and _is_nan(v)) for v in value
        )

    @property
    def expected(self):
        text = "a list of finite floats"
        if self.low > -np.inf:
            text += f" >= {self.low:g}"
        if self.missing:
            text += " or NaN"
        return text + (", or None" if self.or_none else "")


def _is_nan(value):
    number = _as_float(value)
    return number is not None and math.isnan(number)


@dataclass(frozen=True)
class FloatArrays:
    """A non-empty list of float32 or float64 NumPy arrays of finite values,
    each with ``ndim`` dimensions (1 or 2 where None); None too if
    ``or_none``."""

    ndim: int | None = None
    or_none: bool = False

    def accepts(self, value):
        if value is None:
            return self.or_none
        dims = (1, 2) if self.ndim is None else (self.ndim,)
        return (
            isinstance(value, list)
            and len(value) > 0
            and all(
                _is_plain_array(a)
                and a.dtype in _FLOAT_DTYPES
                and a.ndim in dims
                and np.isfinite(a).all()
                for a in value
            )
        )

    @property
    def expected(self):
        dims = "1-d or 2-d" if self.ndim is None else f"{self.ndim}-d"
        return (
            f"a non-empty list of {dims} float32 or float64 NumPy arrays of finite "
            f"values{', or None' if self.or_none else ''}"
        )


@dataclass(frozen=True)
class Labels:
    """Class labels: a non-empty 1-d NumPy array, sorted, without duplicates,
    of ints, bools, str, finite floats, or dates or durations other than NaT."""

    expected = (
        "a non-empty 1-d NumPy array of distinct, sorted labels (ints, bools, str, "
        "finite floats, or datetime64 or timedelta64 values other than NaT)"
    )

    def accepts(self, value):
        if not (_is_plain_array(value) and value.ndim == 1 and value.size > 0):
            return False
        kind = value.dtype.kind
        if kind == "f" and not np.isfinite(value).all():
            return False
        if kind in "mM" and np.isnat(value).any():
            return False
        if kind == "O" and not (
            all(isinstance(v, str) for v in value) or all(is_int(v) for v in value)
        ):
            return False
        if kind not in "biuUSfOmM":
            return False
        return np.array_equal(np.unique(value), value)


@dataclass(frozen=True)
class FeatureNames:
    """Names of the input features: a 1-d NumPy object array of str."""

    expected = "a 1-d NumPy object array of str"

    def accepts(self, value):
        return (
            _is_plain_array(value)
            and value.ndim == 1
            and value.dtype.kind == "O"
            and all(isinstance(v, str) for v in value)
        )


@dataclass(frozen=True)
class Choice:
    """One of a few str."""

    options: tuple

    def accepts(self, value):
        return isinstance(value, str) and value in self.options

    @property
    def expected(self):
        return f"one of {self.options}"


@dataclass(frozen=True)
class InstanceOf:
    """An instance of ``cls``, described as ``expected``."""

    cls: type
    expected: str

    def accepts(self, value):
        return isinstance(value, self.cls)


@dataclass(frozen=True)
class ListOf:
    """A list of instances of ``cls`` (not classes), described as ``expected``."""

    cls: type
    expected: str

    def accepts(self, value):
        return isinstance(value, list) and all(
            isinstance(v, self.cls) and not isinstance(v, type) for v in value
        )


def describe(value):
    """A short description of ``value`` for error messages."""
    if isinstance(value, np.ndarray):
        text = f"a {value.ndim}-d {value.dtype} {type(value).__name__}"
        return text + (" holding NaN or inf" if _has_non_finite(value) else "")
    if isinstance(value, list):
        kinds = sorted({type(v).__name__ for v in value})
        text = f"a list of {kinds}" if kinds else "an empty list"
        non_finite = any(_has_non_finite(v) for v in value)
        return text + (" holding NaN or inf" if non_finite else "")
    return f"{type(value).__name__} {value!r:.60}"


def _has_non_finite(value):
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "fc" and not np.isfinite(value).all()
    number = _as_float(value)
    return number is not None and not math.isfinite(number)
