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
(:func:`fitted_attributes`), the next fit rebuilds the history to continue
from (:meth:`TrainingHistory.from_attributes`), and loading checks a saved
state (``_checks``). A new history field is one line in
:class:`TrainingHistory`, with its default and the values it accepts; a new
result field is one line in ``RESULT_FIELDS``, and its value in the result
handed to :func:`fitted_attributes`. Nothing here imports torch.
"""

import copy
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .._compat import CALLBACKS, METADATA_REQUEST, FitCallback, MetadataRequest
from .._targets import BINARY, MULTICLASS, MULTILABEL
from ._formats import FORMAT_KEY
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

    ``shuffle_seed`` and the number of epochs so far fix the order of each
    epoch's rows,
    so that several calls of ``partial_fit`` see what one ``fit`` would. Each
    field is stored on the estimator as the attribute its metadata names.
    """

    shuffle_seed: int = _recorded("_shuffle_seed", Count(high=SEED_LIMIT))
    learning_rate: float = _recorded("_learning_rate", Number(low=0))
    t: int = _recorded("t_", Count(high=COUNT_LIMIT), default=0)
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
        return (int(self.shuffle_seed) << 32) + len(self.loss_curve) % SEED_LIMIT

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
