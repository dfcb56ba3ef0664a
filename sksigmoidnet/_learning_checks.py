"""What a finished fit shows about what the network learned, in words.

The estimator warns with these sentences: each says what was measured (on the
training rows that weigh anything, and with early stopping on the validation
rows) and which parameter to change. They compare the network with a constant
prediction, the one that always predicts the class frequencies: a network that
does no better has learned nothing from the features.
"""

import numpy as np

from ._stopping import kept_epoch

# The learning rates the documentation recommends for logistic units.
RECOMMENDED_LEARNING_RATES = "0.2 to 1.5"
# A final training loss within this share of a constant prediction's shows
# that the network learned next to nothing from the features.
NEAR_CONSTANT_LOSS = 1e-3
# The same for the validation loss of the weights early stopping keeps: chance
# alone moves it by about 0.5% on 100 rows of random labels.
NEAR_CONSTANT_VALIDATION_LOSS = 0.02


def constant_prediction_loss(Y, sample_weight):
    """The training loss of a network that ignores its input.

    Its best outputs are the (weighted) frequencies of each output's 1s, and
    its loss the sum of their binary entropies: a fit whose loss ends no lower
    has learned nothing from the features.

    Examples
    --------
    >>> import numpy as np
    >>> round(constant_prediction_loss(np.array([[0.0], [1.0]]), None), 4)
    0.6931
    """
    frequencies = np.average(Y, axis=0, weights=sample_weight)
    p = np.clip(frequencies, 1e-12, 1 - 1e-12)
    return float(-np.sum(p * np.log(p) + (1 - p) * np.log1p(-p)))


def failure_to_learn(model, report):
    """Why the fitted ``model`` learned nothing, or too little, from the
    features; None when nothing shows it.

    Parameters
    ----------
    model : SigmoidNetClassifier
        Fitted as ``report`` says.
    report : FitReport
        The fit's rows that weigh anything, their constant prediction's loss,
        and how the training loop ended.

    Returns
    -------
    message : str or None
    """
    constant = report.constant_loss
    if constant is None:  # one label: nothing to learn
        return None
    X, _ = report.weighed_rows()
    outcome = report.outcome
    predicted = model.predict(X)
    # Label sets of a multilabel model are rows; NumPy 1 cannot take unique
    # rows of the object arrays that string labels make, hence no axis for 1-d.
    axis = 0 if predicted.ndim > 1 else None
    predicted = np.unique(predicted, axis=axis)
    losses = f"training loss {model.loss_:.4g}, a constant prediction's {constant:.4g}"
    if len(predicted) == 1:
        label = predicted[0].tolist()  # a Python value, or a list of 0/1s
        return (
            f"the network predicts {label!r} for every training row although they "
            f"have several labels: it learned nothing from the features ({losses}). "
            f"{_remedies(model, outcome)}"
        )
    if model.loss_ >= constant:
        return (
            "the training loss ended no lower than that of always predicting the "
            f"class frequencies ({losses}), although the predictions vary: the SGD "
            "steps are likely too large to settle. Lower "
            f"learning_rate_init={model.learning_rate_init:g} "
            f"({RECOMMENDED_LEARNING_RATES} suit logistic units on standardised "
            "features)."
        )
    if model.loss_ >= constant * (1 - NEAR_CONSTANT_LOSS):
        return (
            f"the training loss ended within {NEAR_CONSTANT_LOSS:.1%} of always "
            f"predicting the class frequencies ({losses}): the network learned "
            f"nothing useful from the features. {_remedies(model, outcome)}"
        )
    return _failure_to_generalise(model, report)


def _failure_to_generalise(model, report):
    """With early stopping: whether the weights kept predict the validation
    rows hardly better than the training rows' class frequencies do, by the
    validation loss."""
    constant = report.constant_validation_loss()
    epoch = kept_epoch(model.validation_scores_ or [])
    if constant is None or epoch is None:
        return None
    kept = model.validation_loss_curve_[epoch - 1]
    if kept < constant * (1 - NEAR_CONSTANT_VALIDATION_LOSS):
        return None
    return (
        f"with early stopping, the weights kept (epoch {epoch}) predict the "
        "validation rows no better than always predicting the training rows' class "
        f"frequencies: validation loss {kept:.4g}, a constant prediction's "
        f"{constant:.4g}. What the network learned from the training rows does not "
        "carry over to the validation rows: the labels may not depend on the "
        "features, or the validation rows may not be drawn as the training rows are."
    )


def _remedies(model, outcome):
    """The parameters to change after a fit that learned nothing."""
    remedies = []
    if outcome.reached_max_epochs:
        remedies.append(
            f"max_iter={model.max_iter} epochs were too few to leave the initial "
            "plateau: raise max_iter"
        )
    elif model.n_iter_no_change != "auto":
        remedies.append(
            f"n_iter_no_change={model.n_iter_no_change} stopped it on the plateau a "
            'sigmoid network starts on: use n_iter_no_change="auto" or more epochs'
        )
    remedies.append(
        f"learning_rate_init={model.learning_rate_init:g} may be too small or too "
        f"large for SGD ({RECOMMENDED_LEARNING_RATES} suit logistic units on "
        "standardised features; MLPClassifier's values, made for its Adam solver, "
        "are far too small here)"
    )
    remedies.append(
        "the features may be far from unit scale: standardise them, for example "
        "with StandardScaler in a pipeline"
    )
    return "Likely causes: " + "; ".join(remedies) + "."
