"""The fitted state of ``SigmoidNetClassifier``, defined once.

A fit leaves three groups of attributes on the estimator:

- its result: ``classes_``, ``coefs_``, ``intercepts_``, the optimizer's
  velocities, the kind of target, ``n_iter_`` and the package version;
- the training history that ``warm_start`` and ``partial_fit`` continue from,
  the fields of :class:`TrainingHistory` (``loss_curve_``, ``t_``, the
  learning rate, the shuffle seed...);
- attributes derived from those two (``n_layers_``, ``n_outputs_``,
  ``out_activation_``, ``loss_``).

Each field below states the values it accepts: type, number of dimensions,
dtype, range and finiteness. From this one definition the estimator writes its
attributes after a fit (:func:`fitted_attributes`), rebuilds the history to
continue from (:meth:`TrainingHistory.from_attributes`), and loading checks a
saved state (:func:`check_fitted_state`): a new field is one entry here.

Besides each field on its own, :func:`check_fitted_state` checks what the
fields must agree on: the layers chain from ``n_features_in_`` to the outputs,
the velocities have the weights' shapes and dtype, the classes match the
outputs and the kind of target, and every derived field equals its
derivation. Nothing here imports torch.
"""

import copy
import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np

from ._targets import BINARY, MULTICLASS, MULTILABEL

VERSION_KEY = "_sksigmoidnet_version"

# The loop seeds torch's generator with (shuffle seed << 32) + epoch number,
# which must stay below 2**64, the generator's limit: both parts stay below
# 2**32.
SEED_LIMIT = 2**32


class StateError(ValueError):
    """A state no fit could have left; the message names the field."""


# ---------------------------------------------------------------- values
# Each kind of value knows what it accepts and says so in words.


def _is_int(value):
    return isinstance(value, Integral) and not isinstance(value, (bool, np.bool_))


def _is_real(value):
    return isinstance(value, Real) and not isinstance(value, (bool, np.bool_))


def _as_float(value):
    """``value`` as a float, or None where it is not a real number that has one."""
    if not _is_real(value):
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
            _is_int(value)
            and value >= self.low
            and (self.high is None or value < self.high)
        )

    @property
    def expected(self):
        text = "a non-negative int" if self.low == 0 else f"an int >= {self.low}"
        return text if self.high is None else f"{text} below {self.high}"


@dataclass(frozen=True)
class Number:
    """A real number (not a bool) >= ``low``, never NaN; infinite only if
    ``infinite``; None too if ``or_none``."""

    low: float = -np.inf
    infinite: bool = False
    or_none: bool = False

    def accepts(self, value):
        if value is None:
            return self.or_none
        number = _as_float(value)
        return (
            number is not None
            and not math.isnan(number)
            and number >= self.low
            and (self.infinite or math.isfinite(number))
        )

    @property
    def expected(self):
        text = "a float" if self.infinite else "a finite float"
        if self.low > -np.inf:
            text += f" >= {self.low:g}"
        return text + (", or None" if self.or_none else "")


@dataclass(frozen=True)
class NumberList:
    """A list of finite real numbers >= ``low``; None too if ``or_none``."""

    low: float = -np.inf
    or_none: bool = False

    def accepts(self, value):
        if value is None:
            return self.or_none
        element = Number(self.low)
        return isinstance(value, list) and all(element.accepts(v) for v in value)

    @property
    def expected(self):
        text = "a list of finite floats"
        if self.low > -np.inf:
            text += f" >= {self.low:g}"
        return text + (", or None" if self.or_none else "")


@dataclass(frozen=True)
class FloatArrays:
    """A non-empty list of float32 or float64 NumPy arrays of finite values,
    each with ``ndim`` dimensions (1 or 2 where None)."""

    ndim: int | None = None

    def accepts(self, value):
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
            "values"
        )


@dataclass(frozen=True)
class Labels:
    """Class labels: a non-empty 1-d NumPy array, sorted, without duplicates,
    of ints, bools, str or finite floats."""

    expected = (
        "a non-empty 1-d NumPy array of distinct, sorted labels (ints, bools, str "
        "or finite floats)"
    )

    def accepts(self, value):
        if not (_is_plain_array(value) and value.ndim == 1 and value.size > 0):
            return False
        kind = value.dtype.kind
        if kind == "f" and not np.isfinite(value).all():
            return False
        if kind == "O" and not (
            all(isinstance(v, str) for v in value) or all(_is_int(v) for v in value)
        ):
            return False
        if kind not in "biuUSfO":
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


# ---------------------------------------------------------------- fields


@dataclass(frozen=True)
class Field:
    """One attribute of the state.

    Parameters
    ----------
    name : str
        The attribute's name.
    values : object
        What it accepts: ``values.accepts(value)`` and ``values.expected``.
    derive : callable, optional
        ``derive(attributes) -> value`` for a field computed from the others.
    sources : tuple of str, default=()
        The fields ``derive`` reads, named when the value contradicts them.
    optional : bool, default=False
        Whether a fitted state may lack it.
    """

    name: str
    values: object
    derive: Callable | None = None
    sources: tuple = ()
    optional: bool = False

    def check(self, value):
        """Raise :class:`StateError` naming the field when it refuses ``value``."""
        if not self.values.accepts(value):
            raise StateError(
                f"field {self.name!r} should be {self.values.expected}, got "
                f"{describe(value)}"
            )


def _recorded(attribute, values, **default):
    """A field of the training history, stored as the estimator's ``attribute``."""
    return dataclasses.field(metadata={"field": Field(attribute, values)}, **default)


@dataclass
class TrainingHistory:
    """What the training loop records and the next fit continues from.

    ``epochs_seen`` and ``shuffle_seed`` fix the order of each epoch's rows,
    so that several calls of ``partial_fit`` see what one ``fit`` would. Each
    field is stored on the estimator as the attribute its metadata names.
    """

    shuffle_seed: int = _recorded("_shuffle_seed", Count(high=SEED_LIMIT))
    learning_rate: float = _recorded("_learning_rate", Number(low=0))
    t: int = _recorded("t_", Count(), default=0)
    epochs_seen: int = _recorded("_epochs_seen", Count(high=SEED_LIMIT), default=0)
    loss_curve: list = _recorded("loss_curve_", NumberList(low=0), default_factory=list)
    best_loss: float | None = _recorded(
        "best_loss_", Number(low=0, infinite=True, or_none=True), default=np.inf
    )
    no_improvement_count: int = _recorded("_no_improvement_count", Count(), default=0)
    validation_scores: list | None = _recorded(
        "validation_scores_", NumberList(or_none=True), default=None
    )
    best_validation_score: float | None = _recorded(
        "best_validation_score_", Number(infinite=True, or_none=True), default=None
    )

    def epoch_seed(self):
        """Seed of the generator that orders the rows of the next epoch."""
        return (int(self.shuffle_seed) << 32) + int(self.epochs_seen)

    @classmethod
    def from_attributes(cls, attributes):
        """The history stored in a fitted estimator's ``attributes`` (a copy)."""
        return cls(
            **{
                entry.name: copy.copy(attributes[entry.metadata["field"].name])
                for entry in dataclasses.fields(cls)
            }
        )

    def to_attributes(self):
        """The history as the estimator's attributes (a copy)."""
        return {
            entry.metadata["field"].name: copy.copy(getattr(self, entry.name))
            for entry in dataclasses.fields(self)
        }


VERSION_FIELD = Field(VERSION_KEY, InstanceOf(str, "a str"))
RESULT_FIELDS = (
    Field("classes_", Labels()),
    Field("_target_kind", Choice((BINARY, MULTICLASS, MULTILABEL))),
    Field("coefs_", FloatArrays(ndim=2)),
    Field("intercepts_", FloatArrays(ndim=1)),
    Field("_velocities", FloatArrays()),
    # Absent from a copy made by a callback in the middle of a fit.
    Field("n_iter_", Count(), optional=True),
    VERSION_FIELD,
)
HISTORY_FIELDS = tuple(
    entry.metadata["field"] for entry in dataclasses.fields(TrainingHistory)
)
DERIVED_FIELDS = (
    Field(
        "n_layers_",
        Count(low=2),
        derive=lambda a: len(a["coefs_"]) + 1,
        sources=("coefs_",),
    ),
    Field(
        "n_outputs_",
        Count(low=1),
        derive=lambda a: a["coefs_"][-1].shape[1],
        sources=("coefs_",),
    ),
    Field("out_activation_", Choice(("logistic",)), derive=lambda a: "logistic"),
    Field(
        "loss_",
        Number(low=0, or_none=True),
        derive=lambda a: a["loss_curve_"][-1] if a["loss_curve_"] else None,
        sources=("loss_curve_",),
    ),
)
FITTED_FIELDS = RESULT_FIELDS + HISTORY_FIELDS + DERIVED_FIELDS

# Set by input validation, before any weights exist.
INPUT_FIELDS = (
    Field("n_features_in_", Count(low=1)),
    Field("feature_names_in_", FeatureNames(), optional=True),
)


def fitted_attributes(history, result):
    """The attributes a fit leaves on the estimator.

    Parameters
    ----------
    history : TrainingHistory
    result : dict
        A value for each of ``RESULT_FIELDS`` (``n_iter_`` may be left out).

    Returns
    -------
    attributes : dict
        ``result``, a copy of the history, and the derived fields.
    """
    attributes = {**result, **history.to_attributes()}
    for field in DERIVED_FIELDS:
        attributes[field.name] = field.derive(attributes)
    return attributes


# ---------------------------------------------------------------- checks


def check_fitted_state(state):
    """Raise :class:`StateError` unless ``state`` is what a fit could leave.

    Parameters
    ----------
    state : dict
        A fitted estimator's attributes, every required field present.
    """
    check_input_state(state)
    for field in FITTED_FIELDS:
        if field.name in state:
            field.check(state[field.name])
    _check_layers(state)
    _check_outputs(state)
    if (state["validation_scores_"] is None) != (
        state["best_validation_score_"] is None
    ):
        raise StateError(
            "fields 'validation_scores_' and 'best_validation_score_' should both "
            "be None (no early stopping yet) or both hold scores"
        )
    for field in DERIVED_FIELDS:
        expected = field.derive(state)
        if state[field.name] != expected:
            raise StateError(
                f"field {field.name!r} is {state[field.name]!r}, but "
                f"{list(field.sources)} make it {expected!r}"
            )


def check_input_state(state):
    """Raise :class:`StateError` unless the input fields of ``state`` are valid.

    Parameters
    ----------
    state : dict
        An estimator's attributes, fitted or not.
    """
    for field in INPUT_FIELDS:
        if field.name in state:
            field.check(state[field.name])
    names = state.get("feature_names_in_")
    if names is not None and len(names) != state.get("n_features_in_"):
        raise StateError(
            f"field 'feature_names_in_' has {len(names)} names, but "
            f"n_features_in_ is {state.get('n_features_in_')!r}"
        )


def _check_layers(state):
    """The weights chain from the inputs to the outputs; velocities match."""
    coefs, intercepts = state["coefs_"], state["intercepts_"]
    if len(coefs) != len(intercepts):
        raise StateError(
            f"fields 'coefs_' and 'intercepts_' should have one array per layer, "
            f"got {len(coefs)} and {len(intercepts)}"
        )
    weights = coefs + intercepts
    dtypes = sorted({str(a.dtype) for a in weights})
    if len(dtypes) != 1:
        raise StateError(f"fields 'coefs_' and 'intercepts_' mix dtypes {dtypes}")
    fan_in = state["n_features_in_"]
    for index, (coef, intercept) in enumerate(zip(coefs, intercepts, strict=True)):
        if coef.shape[0] != fan_in or intercept.shape != (coef.shape[1],):
            raise StateError(
                f"layer {index} has 'coefs_' of shape {coef.shape} and "
                f"'intercepts_' of shape {intercept.shape}, which do not follow "
                f"from {fan_in} inputs ('n_features_in_' or the previous layer)"
            )
        fan_in = coef.shape[1]
    velocities = state["_velocities"]
    layout = [(a.shape, a.dtype) for a in weights]
    if [(v.shape, v.dtype) for v in velocities] != layout:
        raise StateError(
            "field '_velocities' should hold one array per weight array, of the "
            f"same shape and dtype; got shapes {[v.shape for v in velocities]}"
        )


def _check_outputs(state):
    """The classes and the kind of target match the output units."""
    classes, kind = state["classes_"], state["_target_kind"]
    n_outputs = state["coefs_"][-1].shape[1]
    if kind == BINARY:
        consistent = n_outputs == 1 and len(classes) <= 2
    elif kind == MULTICLASS:
        consistent = n_outputs == len(classes) > 2
    else:
        consistent = np.array_equal(classes, np.arange(n_outputs))
    if not consistent:
        raise StateError(
            f"fields 'classes_' ({len(classes)} classes) and '_target_kind' "
            f"({kind!r}) do not match the {n_outputs} output units of 'coefs_'"
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
