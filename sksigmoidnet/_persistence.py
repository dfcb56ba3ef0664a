"""Saving and loading ``SigmoidNetClassifier``: the state it pickles, checked on load.

The fitted state of record is NumPy arrays and Python scalars, so that
``pickle``, ``joblib`` and ``skops.io`` all see the same plain data. Loading
checks that state field by field before any of it reaches the estimator: a
truncated, tampered or foreign state raises :class:`ValueError` naming the
field, instead of building a model that fails later, or silently predicts
nonsense. A state written by another version of sksigmoidnet loads with an
:class:`InconsistentVersionWarning`.
"""

import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.exceptions import InconsistentVersionWarning as _SklearnVersionWarning
from sklearn.utils._param_validation import (
    InvalidParameterError,
    validate_parameter_constraints,
)

from ._version import __version__

VERSION_KEY = "_sksigmoidnet_version"

# Attributes that scikit-learn's own machinery may put on any estimator
# (metadata routing, callbacks, set_output, BaseEstimator's pickling): they
# pass through unchecked, as they do for scikit-learn's estimators.
_MACHINERY_KEYS = frozenset(
    {
        "_sklearn_version",
        "_metadata_request",
        "_sklearn_output_config",
        "_skl_callbacks",
        "_skl_callbacks_to_teardown",
        "_callback_fit_ctx",
        "_parent_callback_ctx",
    }
)

# Set by input validation alone: a model being fitted for the first time
# (copied by a callback, say) has them before it has weights.
_INPUT_KEYS = frozenset({"n_features_in_", "feature_names_in_"})

_TARGET_KINDS = ("binary", "multiclass", "multilabel-indicator")


class InconsistentVersionWarning(_SklearnVersionWarning):
    """Warning raised when a model saved by another sksigmoidnet version is loaded.

    A subclass of scikit-learn's
    :class:`~sklearn.exceptions.InconsistentVersionWarning`, so that a filter
    on scikit-learn's warning also applies to this one.

    Parameters
    ----------
    estimator_name : str
        Name of the estimator class.
    current_version : str
        The sksigmoidnet version doing the loading.
    original_version : str
        The sksigmoidnet version that saved the model.
    """

    def __init__(self, *, estimator_name, current_version, original_version):
        self.estimator_name = estimator_name
        self.current_sksigmoidnet_version = current_version
        self.original_sksigmoidnet_version = original_version

    def __str__(self):
        return (
            f"Loading {self.estimator_name} saved by sksigmoidnet "
            f"{self.original_sksigmoidnet_version} with sksigmoidnet "
            f"{self.current_sksigmoidnet_version}. This might lead to breaking code "
            "or invalid results. Refit the model with this version, or load it with "
            f"sksigmoidnet=={self.original_sksigmoidnet_version}."
        )


# ------------------------------------------------------------ field checks
# Each check returns None when the value is acceptable, else what it should be.


def _is_int(value):
    return isinstance(value, Integral) and not isinstance(value, (bool, np.bool_))


def _is_real(value):
    return isinstance(value, Real) and not isinstance(value, (bool, np.bool_))


def _is_array(value):
    # Subclasses too: joblib can load arrays as read-only np.memmap.
    return isinstance(value, np.ndarray) and not isinstance(value, np.matrix)


def _int(value):
    return None if _is_int(value) and value >= 0 else "a non-negative int"


def _real(value):
    return None if _is_real(value) else "a float"


def _real_or_none(value):
    return None if value is None or _is_real(value) else "a float or None"


def _real_list(value):
    if isinstance(value, list) and all(_is_real(v) for v in value):
        return None
    return "a list of floats"


def _real_list_or_none(value):
    return None if value is None else _real_list(value)


def _str(value):
    return None if isinstance(value, str) else "a str"


def _float_arrays(value, ndim):
    if isinstance(value, list) and all(
        _is_array(a) and a.dtype in (np.float32, np.float64) and a.ndim == ndim
        for a in value
    ):
        return None
    return f"a list of {ndim}-d float32 or float64 NumPy arrays"


def _classes(value):
    if _is_array(value) and value.ndim == 1 and value.size >= 1:
        if value.dtype.kind in "biuUS":
            return None
        if value.dtype.kind == "f" and np.all(np.isfinite(value)):
            return None
        if value.dtype.kind == "O" and all(
            isinstance(v, (str, Integral)) for v in value
        ):
            return None
    return "a non-empty 1-d NumPy array of labels (numbers or str)"


def _feature_names(value):
    if (
        _is_array(value)
        and value.ndim == 1
        and value.dtype.kind == "O"
        and all(isinstance(v, str) for v in value)
    ):
        return None
    return "a 1-d NumPy object array of str"


_FITTED_FIELDS = {
    "classes_": _classes,
    "coefs_": lambda v: _float_arrays(v, 2),
    "intercepts_": lambda v: _float_arrays(v, 1),
    "n_layers_": _int,
    "n_outputs_": _int,
    "out_activation_": lambda v: None if v == "logistic" else "'logistic'",
    "loss_": _real_or_none,
    "loss_curve_": _real_list,
    "best_loss_": _real_or_none,
    "validation_scores_": _real_list_or_none,
    "validation_loss_curve_": _real_list_or_none,
    "best_validation_score_": _real_or_none,
    "t_": _int,
    "_target_kind": lambda v: None if v in _TARGET_KINDS else f"one of {_TARGET_KINDS}",
    "_velocities": lambda v: (
        None
        if isinstance(v, list) and all(_is_array(a) and a.dtype.kind == "f" for a in v)
        else "a list of float NumPy arrays"
    ),
    "_learning_rate": _real,
    "_no_improvement_count": _int,
    "_shuffle_seed": _int,
    "_epochs_seen": _int,
    VERSION_KEY: _str,
}
# Absent from a model rebuilt from a callback's reconstruction attributes mid-fit.
_OPTIONAL_FITTED_FIELDS = {"n_iter_": _int}
_INPUT_FIELDS = {"n_features_in_": _int, "feature_names_in_": _feature_names}


# ---------------------------------------------------------------- saving


def get_state(estimator, state):
    """The state to pickle: the instance's attributes plus the package version.

    Parameters
    ----------
    estimator : SigmoidNetClassifier
    state : dict
        The attributes, as ``BaseEstimator.__getstate__`` returns them.

    Returns
    -------
    state : dict
        A new dict; fitted models already carry the version they were
        fitted with, unfitted ones get the current version.
    """
    state = dict(state)
    state.setdefault(VERSION_KEY, __version__)
    return state


# --------------------------------------------------------------- loading


class _StateError(ValueError):
    pass


def check_state(estimator, state):
    """Check a saved state and return the attributes to restore.

    Parameters
    ----------
    estimator : SigmoidNetClassifier
        The blank instance being restored (only its class is used).
    state : dict
        What ``__getstate__`` returned when the model was saved.

    Returns
    -------
    attributes : dict
        The state without the keys that are not attributes (the version of
        an unfitted model, scikit-learn's ``_sklearn_version``).

    Raises
    ------
    ValueError
        When a field is missing, unknown, or of the wrong type or shape; the
        message names it.

    Warns
    -----
    InconsistentVersionWarning
        When the state was saved by another version of sksigmoidnet.
    """
    name = type(estimator).__name__
    if not isinstance(state, dict):
        raise ValueError(
            f"Cannot load {name}: its saved state is a {type(state).__name__}, "
            "not a dict. The file is corrupted or was not written by sksigmoidnet."
        )
    saved_version = state.get(VERSION_KEY)
    if saved_version is not None and saved_version != __version__:
        warnings.warn(
            InconsistentVersionWarning(
                estimator_name=name,
                current_version=__version__,
                original_version=str(saved_version),
            ),
            stacklevel=3,
        )
    try:
        return _checked_attributes(type(estimator), state)
    except _StateError as exc:
        origin = (
            f" It was saved by sksigmoidnet {saved_version}; this is {__version__}."
            if saved_version is not None and saved_version != __version__
            else ""
        )
        raise ValueError(
            f"Cannot load {name}: {exc}.{origin} The file is corrupted, was "
            "tampered with, or was not written by sksigmoidnet; refusing to build "
            "a model from it."
        ) from None


def _checked_attributes(cls, state):
    params = set(cls._get_param_names())
    fitted = "coefs_" in state
    known = params | _MACHINERY_KEYS | _INPUT_KEYS | {VERSION_KEY}
    if fitted:
        known |= set(_FITTED_FIELDS) | set(_OPTIONAL_FITTED_FIELDS)

    missing = sorted(params - set(state))
    if fitted:
        missing += sorted(set(_FITTED_FIELDS) - set(state))
        if "n_features_in_" not in state:
            missing.append("n_features_in_")
    if missing:
        raise _StateError(f"the state lacks the fields {missing}")
    unknown = sorted(str(key) for key in set(state) - known)
    if unknown:
        partial = set(unknown) & (set(_FITTED_FIELDS) | set(_OPTIONAL_FITTED_FIELDS))
        hint = " (fitted attributes without coefs_)" if partial else ""
        raise _StateError(f"the state has unexpected fields {unknown}{hint}")

    checks = {**_INPUT_FIELDS}
    if fitted:
        checks.update(_FITTED_FIELDS)
        checks.update(_OPTIONAL_FITTED_FIELDS)
    for key, check in checks.items():
        if key in state:
            expected = check(state[key])
            if expected is not None:
                raise _StateError(
                    f"field {key!r} should be {expected}, got {_describe(state[key])}"
                )
    if fitted:
        _check_consistency(state)
        try:
            validate_parameter_constraints(
                cls._parameter_constraints,
                {key: state[key] for key in params},
                caller_name=cls.__name__,
            )
        except InvalidParameterError as exc:
            raise _StateError(f"a parameter is invalid: {exc}") from None

    attributes = {k: v for k, v in state.items() if k != "_sklearn_version"}
    if not fitted:
        attributes.pop(VERSION_KEY, None)
    return attributes


def _check_consistency(state):
    """Shapes and counts that must agree for the network to be usable."""
    coefs, intercepts = state["coefs_"], state["intercepts_"]
    if not coefs or len(coefs) != len(intercepts):
        raise _StateError(
            f"coefs_ and intercepts_ should be non-empty lists of equal length, "
            f"got {len(coefs)} and {len(intercepts)} arrays"
        )
    dtypes = {a.dtype for a in coefs + intercepts}
    if len(dtypes) != 1:
        raise _StateError(f"the weights mix dtypes {sorted(map(str, dtypes))}")
    fan_in = state["n_features_in_"]
    for index, (coef, intercept) in enumerate(zip(coefs, intercepts, strict=True)):
        if coef.shape[0] != fan_in or intercept.shape != (coef.shape[1],):
            raise _StateError(
                f"layer {index} has coefs_ of shape {coef.shape} and intercepts_ of "
                f"shape {intercept.shape}, which do not follow from {fan_in} inputs"
            )
        fan_in = coef.shape[1]
    velocity_shapes = [v.shape for v in state["_velocities"]]
    if velocity_shapes != [a.shape for a in coefs + intercepts]:
        raise _StateError(
            f"_velocities have shapes {velocity_shapes}, unlike the weights'"
        )
    if state["n_layers_"] != len(coefs) + 1 or state["n_outputs_"] != fan_in:
        raise _StateError(
            f"n_layers_={state['n_layers_']} and n_outputs_={state['n_outputs_']} "
            f"contradict the {len(coefs)} weight matrices with {fan_in} outputs"
        )
    n_classes, kind = len(state["classes_"]), state["_target_kind"]
    expected_outputs = 1 if kind == "binary" else n_classes
    if fan_in != expected_outputs or (kind == "binary" and n_classes > 2):
        raise _StateError(
            f"{n_classes} classes with a {kind!r} target need {expected_outputs} "
            f"output units, the weights have {fan_in}"
        )
    names = state.get("feature_names_in_")
    if names is not None and len(names) != state["n_features_in_"]:
        raise _StateError(
            f"feature_names_in_ has {len(names)} names for "
            f"{state['n_features_in_']} features"
        )


def _describe(value):
    if isinstance(value, np.ndarray):
        return f"a {value.ndim}-d {value.dtype} array"
    if isinstance(value, list):
        inner = sorted({type(v).__name__ for v in value})
        return f"a list of {inner}" if inner else "an empty list"
    return f"{type(value).__name__} {value!r:.60}"
