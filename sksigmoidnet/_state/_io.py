"""Saving and loading ``SigmoidNetClassifier``: its state, checked both ways.

``pickle``, ``joblib``, ``skops.io``, ``copy.copy`` and ``copy.deepcopy`` all
take the estimator's state from ``__getstate__`` and give it back to
``__setstate__``. The state is the instance's attributes (NumPy arrays and
Python scalars for the fitted ones), the sksigmoidnet version that fitted the
model and the number of the state's format (``_formats``).

Loading checks the state before any of it reaches the estimator; saving runs
the same checks, so that what saving writes, loading accepts, and a model that
could not be loaded is refused when it is saved, with the field named, rather
than months later. What is checked, and what is kept as it is, is written
once, in ``SECURITY.md`` ("What loading checks"): change it with the checks.
``_fields`` and ``_checks`` define the checks of the state's fields; this
module applies them when a state is saved and when it is loaded.
"""

import re
import warnings

from sklearn.exceptions import InconsistentVersionWarning as _SklearnVersionWarning

from .._compat import (
    RUNTIME_CALLBACK_FIELDS,
    InvalidParameterError,
    validate_parameter_constraints,
)
from .._version import __version__
from ._checks import check_fitted_state, check_input_state
from ._fields import (
    FITTED_FIELDS,
    FORMAT_FIELD,
    INPUT_FIELDS,
    SCIKIT_LEARN_FIELDS,
    VERSION_FIELD,
    VERSION_KEY,
    StateError,
)
from ._formats import (
    FORMAT_KEY,
    STATE_FORMAT,
    UNNUMBERED_FORMAT,
    upgrade,
    without_fit_in_progress,
)

# The parameters that predict, predict_proba and the others read: a fitted
# model must hold valid values of these to be of any use.
PREDICTION_PARAMETERS = ("activation", "device")


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
    """The state to save: the attributes, the version and the format number.

    Parameters
    ----------
    estimator : SigmoidNetClassifier
    state : dict
        The attributes, as ``BaseEstimator.__getstate__`` returns them.

    Returns
    -------
    state : dict
        A new dict, without scikit-learn's callback contexts. Fitted models
        already carry the version they were fitted with; unfitted ones get
        the current version.

    Raises
    ------
    ValueError
        When loading would refuse the state: a field the package owns was
        set to a value no fit gives. The model itself is left as it is.
    """
    state = without_fit_in_progress(state)
    state.setdefault(VERSION_KEY, __version__)
    try:
        _checked_attributes(type(estimator), state)
    except StateError as exc:
        name = type(estimator).__name__
        raise ValueError(
            f"Cannot save or copy this {name}: {exc}. Loading would refuse it, so "
            "pickle, joblib, skops.io and copy.deepcopy refuse to write it; the "
            "model is unchanged. Set the attribute back to a value a fit gives, "
            "or fit the model again."
        ) from None
    state[FORMAT_KEY] = STATE_FORMAT
    return state


# --------------------------------------------------------------- loading


def check_state(estimator, state):
    """Check a saved state and return the attributes to restore.

    Parameters
    ----------
    estimator : SigmoidNetClassifier
        The blank instance being restored (only its class is used).
    state : dict
        What ``__getstate__`` returned when the model was saved, by this
        version or an earlier one.

    Returns
    -------
    attributes : dict
        The state in the current format, without the keys that are not
        attributes (the format number, the version of an unfitted model,
        scikit-learn's ``_sklearn_version``).

    Raises
    ------
    ValueError
        When a field the package owns is missing, fails its check, or
        contradicts another field (the message names it), or when the state's
        format is newer than this version reads.

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
    state = dict(state)
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
    state_format = state.pop(FORMAT_KEY, UNNUMBERED_FORMAT)
    try:
        FORMAT_FIELD.check(state_format)
    except StateError as exc:
        raise _refusal(name, exc, origin) from None
    if state_format > STATE_FORMAT:
        raise _unknown_format(name, saved_version, state_format)
    try:
        return _checked_attributes(type(estimator), upgrade(state, state_format))
    except StateError as exc:
        raise _refusal(name, exc, origin) from None


def _unknown_format(name, saved_version, state_format):
    """The error for a format newer than this version reads: a newer version
    wrote it, or, where the version it names is not newer, someone edited it."""
    reads = (
        f"sksigmoidnet {__version__} reads formats {UNNUMBERED_FORMAT} to "
        f"{STATE_FORMAT}"
    )
    if _release(saved_version) > _release(__version__):
        return ValueError(
            f"Cannot load {name}: it was saved by sksigmoidnet {saved_version} in "
            f"state format {state_format}, and {reads}. Load it with "
            f"sksigmoidnet {saved_version} or later."
        )
    return ValueError(
        f"Cannot load {name}: it claims state format {state_format}, which no "
        f"version up to {__version__} writes ({reads}), yet names sksigmoidnet "
        f"{saved_version} as the version that saved it. The file was edited or "
        "corrupted; refusing to build a model from it."
    )


def _release(version):
    """The release numbers ``version`` starts with, without trailing zeros, to
    compare versions by: ``(0, 2)`` for ``"0.2.0rc1"`` and for ``"0.2"``;
    ``()`` where it starts with none.

    Nine digits at most to a number: a saved version is any str, and
    ``int`` refuses more than 4,300 digits.
    """
    start = re.match(r"\d{1,9}(\.\d{1,9})*", version)
    numbers = [int(n) for n in start.group().split(".")] if start else []
    while numbers and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def _refusal(name, problem, origin):
    return ValueError(
        f"Cannot load {name}: {problem}.{origin} The file is corrupted, was "
        "tampered with, or was not written by sksigmoidnet; refusing to build a "
        "model from it."
    )


def _checked_attributes(cls, state):
    """The attributes to restore from a state of the current format, checked.

    Raises :class:`StateError` naming the first field that fails.
    """
    _check_names(cls, state)
    params = set(cls._get_param_names())
    fitted = "coefs_" in state

    missing = sorted(params - set(state))
    if fitted:
        missing += sorted(
            field.name
            for field in FITTED_FIELDS + INPUT_FIELDS
            if not field.optional and field.name not in state
        )
    if missing:
        raise StateError(f"the state lacks the fields {missing}")
    for field in SCIKIT_LEARN_FIELDS:
        if field.name in state:
            field.check(state[field.name])
    if fitted:
        check_fitted_state(state)
        _check_prediction_parameters(cls, state)
    else:
        partial = sorted(
            {field.name for field in FITTED_FIELDS} - {VERSION_KEY} & set(state)
        )
        if partial:
            raise StateError(
                f"the state has the fitted attributes {partial} without 'coefs_'"
            )
        check_input_state(state)

    attributes = {k: v for k, v in state.items() if k != "_sklearn_version"}
    if not fitted:
        attributes.pop(VERSION_KEY, None)
    return attributes


def _check_names(cls, state):
    """Every key is a str that hides none of the class's own attributes and
    is no callback context of a fit in progress."""
    for key in state:
        if not isinstance(key, str):
            raise StateError(
                f"the state has a field named by a {type(key).__name__} "
                f"({key!r:.60}); attribute names are str"
            )
    # Saving drops them, and so does the upgrade from 0.1.0's format, whose
    # copies made during a fit held them: no state of this format holds them.
    contexts = sorted(set(RUNTIME_CALLBACK_FIELDS) & set(state))
    if contexts:
        raise StateError(
            f"the state has the callback contexts {contexts} of a fit in progress, "
            "which a saved model never holds"
        )
    hiding = sorted(key for key in state if _hides_class_attribute(cls, key))
    if hiding:
        raise StateError(
            f"the state has the fields {hiding}, which would hide {cls.__name__}'s "
            "own attributes of the same names"
        )


# The packages whose class attributes an instance attribute may not hide.
_OWN_PACKAGES = ("sksigmoidnet", "sklearn", "builtins")


def _hides_class_attribute(cls, name):
    """Whether an instance attribute ``name`` would hide a method, a property,
    or a class attribute that this package, scikit-learn or Python defines.

    A subclass's own class attribute, a default that its instances override
    (``threshold_ = 0.5``), may be hidden: that is how Python classes use them.
    Every class of the MRO is asked, not only the first that defines the
    name: a subclass that re-declares ``_parameter_constraints`` to extend
    them still extends this package's.
    """
    return any(_protects(klass, name) for klass in cls.__mro__ if name in vars(klass))


def _protects(klass, name):
    """Whether ``klass``'s own attribute ``name`` may not be hidden."""
    value = vars(klass)[name]
    defined_here = klass.__module__.split(".")[0] in _OWN_PACKAGES
    return defined_here or callable(value) or hasattr(value, "__get__")


def _check_prediction_parameters(cls, state):
    constraints = {
        name: cls._parameter_constraints[name]
        for name in PREDICTION_PARAMETERS
        if name in cls._parameter_constraints
    }
    try:
        validate_parameter_constraints(
            constraints,
            {name: state[name] for name in constraints},
            caller_name=cls.__name__,
        )
    except InvalidParameterError as exc:
        raise StateError(
            f"a parameter that predictions read is invalid: {exc}"
        ) from None
