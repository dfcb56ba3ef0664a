"""Saving and loading ``SigmoidNetClassifier``: the state it pickles, checked on load.

The fitted state of record is NumPy arrays and Python scalars, so that
``pickle``, ``joblib`` and ``skops.io`` all see the same plain data. Loading
checks that state before any of it reaches the estimator, and refuses it with
a :class:`ValueError` naming the field when:

- the state is not a dict, lacks a field, or has a field no fit writes;
- a fitted field (defined in ``_state``) has the wrong type, number of
  dimensions or dtype, is out of range, or is NaN or infinite where it must
  be finite: the weights, intercepts and velocities (finite float32 or
  float64 arrays, never masked), the learning rate (finite, >= 0), the
  shuffle seed and epoch count (below 2**32, so that their combination seeds
  torch's generator), the loss curve and validation scores (finite), the
  classes (distinct and sorted, no NaN);
- the fields disagree: the layers do not chain from ``n_features_in_`` to the
  outputs, the velocities do not match the weights, the classes do not match
  the outputs and the kind of target, or a derived attribute (``n_layers_``,
  ``n_outputs_``, ``loss_``...) differs from what the others give;
- a field that scikit-learn's machinery sets (metadata routing, callbacks,
  output configuration, version) is not of the type scikit-learn gives it;
- a parameter of a fitted model fails the estimator's parameter constraints.

A state written by another version of sksigmoidnet loads with an
:class:`InconsistentVersionWarning`.
"""

import warnings

from sklearn.exceptions import InconsistentVersionWarning as _SklearnVersionWarning
from sklearn.utils._metadata_requests import MetadataRequest
from sklearn.utils._param_validation import (
    InvalidParameterError,
    validate_parameter_constraints,
)

from ._state import (
    FITTED_FIELDS,
    INPUT_FIELDS,
    VERSION_FIELD,
    VERSION_KEY,
    Field,
    StateError,
    check_fitted_state,
    check_input_state,
)
from ._value_kinds import InstanceOf, ListOf
from ._version import __version__

try:
    from sklearn.callback import CallbackContext, FitCallback
except ImportError:  # scikit-learn < 1.9 has no callbacks: states with them are refused

    class CallbackContext:
        """Stand-in of which nothing loaded is an instance."""

    FitCallback = CallbackContext

# Attributes that scikit-learn's own machinery may put on any estimator
# (BaseEstimator's pickling, metadata routing, set_output, callbacks), with
# the types it gives them.
_MACHINERY_FIELDS = (
    Field("_sklearn_version", InstanceOf(str, "a str")),
    Field("_metadata_request", InstanceOf(MetadataRequest, "a MetadataRequest")),
    Field("_sklearn_output_config", InstanceOf(dict, "a dict")),
    Field("_skl_callbacks", ListOf(FitCallback, "a list of callback instances")),
    Field(
        "_skl_callbacks_to_teardown",
        ListOf(FitCallback, "a list of callback instances"),
    ),
    Field("_callback_fit_ctx", InstanceOf(CallbackContext, "a CallbackContext")),
    Field("_parent_callback_ctx", InstanceOf(CallbackContext, "a CallbackContext")),
)


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
        When a field is missing or unknown, fails its check, or contradicts
        another field; the message names it.

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
    saved_version = state.get(VERSION_KEY, __version__)
    try:
        VERSION_FIELD.check(saved_version)
    except StateError as exc:
        raise _refusal(name, exc, origin="") from None
    origin = ""
    if saved_version != __version__:
        warnings.warn(
            InconsistentVersionWarning(
                estimator_name=name,
                current_version=__version__,
                original_version=saved_version,
            ),
            stacklevel=3,
        )
        origin = (
            f" It was saved by sksigmoidnet {saved_version}; this is {__version__}."
        )
    try:
        return _checked_attributes(type(estimator), state)
    except StateError as exc:
        raise _refusal(name, exc, origin) from None


def _refusal(name, problem, origin):
    return ValueError(
        f"Cannot load {name}: {problem}.{origin} The file is corrupted, was "
        "tampered with, or was not written by sksigmoidnet; refusing to build a "
        "model from it."
    )


def _checked_attributes(cls, state):
    params = set(cls._get_param_names())
    fitted = "coefs_" in state
    fields = list(_MACHINERY_FIELDS) + list(INPUT_FIELDS)
    if fitted:
        fields += FITTED_FIELDS
    known = params | {field.name for field in fields} | {VERSION_KEY}

    missing = sorted(params - set(state))
    if fitted:
        missing += sorted(
            field.name
            for field in FITTED_FIELDS + INPUT_FIELDS
            if not field.optional and field.name not in state
        )
    if missing:
        raise StateError(f"the state lacks the fields {missing}")
    unknown = sorted(str(key) for key in set(state) - known)
    if unknown:
        partial = set(unknown) & {field.name for field in FITTED_FIELDS}
        hint = " (fitted attributes without coefs_)" if partial else ""
        raise StateError(f"the state has unexpected fields {unknown}{hint}")

    for field in _MACHINERY_FIELDS:
        if field.name in state:
            field.check(state[field.name])
    if fitted:
        check_fitted_state(state)
        try:
            validate_parameter_constraints(
                cls._parameter_constraints,
                {key: state[key] for key in params},
                caller_name=cls.__name__,
            )
        except InvalidParameterError as exc:
            raise StateError(f"a parameter is invalid: {exc}") from None
    else:
        check_input_state(state)

    attributes = {k: v for k, v in state.items() if k != "_sklearn_version"}
    if not fitted:
        attributes.pop(VERSION_KEY, None)
    return attributes
