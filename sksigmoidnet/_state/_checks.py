"""The checks of a fitted state: each field on its own, and what the fields
must agree on.

``SECURITY.md`` ("What loading checks") lists every check, in words, for
users; this module is where they are made, and ``_io`` applies them when a
state is saved and when it is loaded.
"""

import numpy as np

from .._targets import BINARY, MULTICLASS
from ._fields import DERIVED_FIELDS, FITTED_FIELDS, INPUT_FIELDS, StateError


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
    it (see ``_engine._kept_weights``).
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
