"""The fitted state of ``SigmoidNetClassifier``, defined once.

A fit leaves three groups of attributes on the estimator:

- its result: ``classes_``, ``coefs_``, ``intercepts_``, the optimizer's
  velocities, the standardisation it trained on, the kind of target,
  ``n_iter_`` and the package version;
- the training history that ``warm_start`` and ``partial_fit`` continue from,
  the fields of :class:`TrainingHistory` (``loss_curve_``, ``t_``, the
  learning rate, the shuffle seed...);
- attributes derived from those two (``n_layers_``, ``n_outputs_``,
  ``out_activation_``, ``loss_``).

Each field below states the values it accepts (kinds from ``_value_kinds``):
type, number of dimensions, dtype, range and finiteness. From this one
definition the estimator writes its attributes after a fit
(:func:`fitted_attributes`), rebuilds the history to continue from
(:meth:`TrainingHistory.from_attributes`), and loading checks a saved state
(:func:`check_fitted_state`). A new history field is one line in
:class:`TrainingHistory`, with its default and the values it accepts; a new
result field is one line in ``RESULT_FIELDS``, and its value in the result the
estimator hands to :func:`fitted_attributes`.

Besides each field on its own, :func:`check_fitted_state` checks what the
fields must agree on. ``SECURITY.md`` ("What loading checks") lists every
check, in words, for users; this module is where they are made, and
``_persistence`` applies them when a state is saved and when it is loaded.
Nothing here imports torch.
"""

import copy
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._compat import CALLBACKS, METADATA_REQUEST, FitCallback, MetadataRequest
from ._state_formats import FORMAT_KEY
from ._targets import BINARY, MULTICLASS, MULTILABEL
from ._value_kinds import (
    Choice,
    Count,
    FeatureNames,
    FloatArrays,
    InstanceOf,
    Labels,
    ListOf,
    Number,
    NumberList,
    describe,
)

VERSION_KEY = "_sksigmoidnet_version"

# The loop seeds torch's generator with (shuffle seed << 32) + epoch number,
# which must stay below 2**64, the generator's limit: the shuffle seed stays
# below 2**32, and the epoch number counts modulo 2**32.
SEED_LIMIT = 2**32
# Counts of samples and epochs fit in an int64, and convert to a float: no
# training comes near, and a count beyond is a damaged state (a count of
# 10**400 samples fails the invscaling schedule's arithmetic).
COUNT_LIMIT = 2**63


class StateError(ValueError):
    """A state no fit could have left; the message names the field."""


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
    t: int = _recorded("t_", Count(high=COUNT_LIMIT), default=0)
    epochs_seen: int = _recorded("_epochs_seen", Count(high=COUNT_LIMIT), default=0)
    loss_curve: list = _recorded("loss_curve_", NumberList(low=0), default_factory=list)
    best_loss: float | None = _recorded(
        "best_loss_", Number(low=0, infinite=np.inf, or_none=True), default=np.inf
    )
    no_improvement_count: int = _recorded(
        "_no_improvement_count", Count(high=COUNT_LIMIT), default=0
    )
    # NaN for the epochs of earlier warm-started fits without early stopping;
    # a scorer may also give NaN.
    validation_scores: list | None = _recorded(
        "validation_scores_", NumberList(or_none=True, missing=True), default=None
    )
    validation_loss_curve: list | None = _recorded(
        "validation_loss_curve_",
        NumberList(low=0, or_none=True, missing=True),
        default=None,
    )
    # -inf until an epoch is scored; no score is ever +inf.
    best_validation_score: float | None = _recorded(
        "best_validation_score_",
        Number(infinite=-np.inf, or_none=True),
        default=None,
    )

    def epoch_seed(self):
        """Seed of the generator that orders the rows of the next epoch.

        The epoch number counts modulo ``2**32``, so that the seed stays below
        the generator's limit of ``2**64`` however long a model trains: the
        orders repeat after four billion epochs.
        """
        return (int(self.shuffle_seed) << 32) + int(self.epochs_seen) % SEED_LIMIT

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


def improves(score, best):
    """Whether an epoch's validation score beats the best before it, so that
    early stopping keeps that epoch's weights: strictly, so that of equal
    scores the first epoch is kept; NaN (an epoch not scored) never does."""
    return score > best


def kept_epoch(validation_scores):
    """The epoch (counted from 1) whose weights early stopping kept, or None.

    The rule of :func:`improves`, replayed over ``validation_scores_``. None
    without early stopping (``validation_scores`` None: the model holds the
    last epoch's weights) and when no epoch was scored. Exact when every fit
    scored the same validation rows with the same ``scoring``: a warm-started
    fit scores the weights it starts from again, which the records do not hold.
    """
    if validation_scores is None:
        return None
    kept, best = None, -np.inf
    for epoch, score in enumerate(validation_scores, start=1):
        if improves(score, best):
            kept, best = epoch, score
    return kept


VERSION_FIELD = Field(VERSION_KEY, InstanceOf(str, "a str"))
FORMAT_FIELD = Field(FORMAT_KEY, Count(low=1))
# scikit-learn's attributes that a fit or a meta-estimator reads, with what
# scikit-learn's setters (set_callbacks, set_fit_request) put in them.
SCIKIT_LEARN_FIELDS = (
    Field(CALLBACKS, ListOf(FitCallback, "a list of callback instances")),
    Field(METADATA_REQUEST, InstanceOf(MetadataRequest, "a MetadataRequest")),
)
RESULT_FIELDS = (
    Field("classes_", Labels()),
    Field("_target_kind", Choice((BINARY, MULTICLASS, MULTILABEL))),
    Field("coefs_", FloatArrays(ndim=2)),
    Field("intercepts_", FloatArrays(ndim=1)),
    Field("_velocities", FloatArrays()),
    # The standardisation the fit trained on and folded into the first layer
    # (``_input_scaling``), [mean, scale], which partial_fit continues on;
    # None where the features were trained as given.
    Field("_standardisation", FloatArrays(ndim=1, or_none=True)),
    # Absent from a copy made by a callback in the middle of a fit.
    Field("n_iter_", Count(high=COUNT_LIMIT), optional=True),
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
# Every attribute a fit writes.
FIT_WRITTEN_NAMES = frozenset(field.name for field in FITTED_FIELDS + INPUT_FIELDS)


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
    _check_standardisation(state)
    _check_classes_match_outputs(state)
    _check_validation_records(state)
    for field in DERIVED_FIELDS:
        expected = field.derive(state)
        if state[field.name] != expected:
            raise StateError(
                f"field {field.name!r} is {state[field.name]!r}, but "
                f"{list(field.sources)} make it {expected!r}"
            )


def _check_validation_records(state):
    """The validation records exist together, one entry per epoch, and the
    best score is -inf exactly while no epoch has a score.

    The best score need not be an entry of ``validation_scores_``: a
    warm-started fit scores the weights it starts from again, on its own
    validation rows, and keeps that score as the best unless an epoch beats
    it (see ``_training``).
    """
    names = ("validation_scores_", "validation_loss_curve_", "best_validation_score_")
    if len({state[name] is None for name in names}) > 1:
        raise StateError(
            f"fields {list(names)} should all be None (no early stopping) or all "
            "hold validation records"
        )
    n_epochs = len(state["loss_curve_"])
    for name in names[:2]:
        if state[name] is not None and len(state[name]) != n_epochs:
            raise StateError(
                f"field {name!r} has {len(state[name])} entries for the "
                f"{n_epochs} epochs of 'loss_curve_'"
            )
    scores, best = state["validation_scores_"], state["best_validation_score_"]
    if scores is not None and (best == -np.inf) == any(np.isfinite(scores)):
        raise StateError(
            f"field 'best_validation_score_' is {best!r}, but 'validation_scores_' "
            f"{'holds' if best == -np.inf else 'holds no'} finite scores: it is "
            "-inf exactly until an epoch is scored"
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
        if coef.shape[1] == 0:
            raise StateError(
                f"layer {index} of 'coefs_' has no units (shape {coef.shape}); "
                "every layer a fit makes has at least one"
            )
        fan_in = coef.shape[1]
    # The velocities may have another float dtype than the weights (weights
    # cast after the fit): the next fit copies them into the dtype it trains in.
    velocities = state["_velocities"]
    if [v.shape for v in velocities] != [a.shape for a in weights]:
        raise StateError(
            "field '_velocities' should hold one array per weight array, of the "
            f"same shape; got shapes {[v.shape for v in velocities]} for "
            f"{[a.shape for a in weights]}"
        )


def _check_standardisation(state):
    """The standardisation holds a mean and a positive scale per feature."""
    standardisation = state["_standardisation"]
    n_features = state["n_features_in_"]
    if standardisation is not None and (
        len(standardisation) != 2
        or any(array.shape != (n_features,) for array in standardisation)
        or not (standardisation[1] > 0).all()
    ):
        raise StateError(
            "field '_standardisation' should be None or [mean, scale], two arrays "
            f"of one value per feature ({n_features}, 'n_features_in_') with every "
            f"scale > 0; got arrays of shapes {[a.shape for a in standardisation]}"
        )


def _check_classes_match_outputs(state):
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
