"""Sample weights as the training loop takes them: scaled to a mean near one.

The loss of a batch is its weighted cross-entropy divided by the batch's total
weight, plus ``alpha / 2 * ||W||^2`` divided by that same total. Multiplying
every weight by ``c`` and ``alpha`` by ``c`` therefore leaves the loss, its
gradients and the whole training unchanged. Weights of 1e-40 (subnormal in
float32) or 1e30 would make those totals underflow or overflow; so the loop
trains on weights scaled by a power of two that brings their mean near one,
with ``alpha`` scaled alike. A power of two scales floats exactly, so for
ordinary weights the training is bit for bit what it would be unscaled.
:func:`scaled_for_training` does all of it, and refuses what cannot train.
"""

import numpy as np


def scaled_for_training(
    sample_weight, alpha, dtype, *, batch_rows, learning_rate, weighed_by
):
    """The sample weights and ``alpha`` as the training loop takes them.

    Parameters
    ----------
    sample_weight : ndarray of shape (n_samples,) or None
        Non-negative float64 weights with a positive sum.
    alpha : float
        The L2 penalty.
    dtype : dtype
        The dtype the network trains in.
    batch_rows : int
        Rows of a batch.
    learning_rate : float
    weighed_by : tuple of str
        Where the weights come from (see :func:`check_penalty_step`).

    Returns
    -------
    sample_weight : ndarray of shape (n_samples,) in ``dtype``, or None
        Scaled to a mean near one by a power of two.
    alpha : float
        Scaled by the same power of two.

    Raises
    ------
    ValueError
        When the weights are so small that the penalty's step would blow up
        SGD, or the scaled ``alpha`` is beyond what ``dtype`` holds.
    """
    exponent = 0
    if sample_weight is not None:
        sample_weight, exponent = scaled_to_unit_mean(sample_weight, dtype)
        check_penalty_step(alpha, exponent, batch_rows, learning_rate, weighed_by)
    check_alpha_range(alpha, exponent, dtype)
    return sample_weight, scaled_alpha(alpha, exponent)


def scaled_to_unit_mean(sample_weight, dtype):
    """Scale ``sample_weight`` by the power of two that brings its mean near 1.

    Parameters
    ----------
    sample_weight : ndarray of shape (n_samples,)
        Non-negative weights with a positive sum, in float64.
    dtype : dtype
        The training dtype the scaled weights are returned in.

    Returns
    -------
    scaled : ndarray of shape (n_samples,)
    exponent : int
        The weights were multiplied by ``2 ** exponent``; ``alpha`` must be
        too. It is returned as an exponent because for subnormal weights
        (below about 1e-308) the factor itself overflows a float.

    Examples
    --------
    >>> import numpy as np
    >>> scaled, exponent = scaled_to_unit_mean(np.full(3, 1e-40), np.float32)
    >>> scaled.dtype, bool(0.5 < scaled[0] < 2), exponent
    (dtype('float32'), True, 133)
    """
    # Divided by the largest weight first, so that the sum of weights near
    # the largest float does not overflow.
    largest = sample_weight.max()
    mean = np.mean(sample_weight / largest) * largest
    exponent = -int(np.round(np.log2(mean)))
    return np.ldexp(sample_weight, exponent).astype(dtype), exponent


def scaled_alpha(alpha, exponent):
    """``alpha * 2 ** exponent``: 0 stays 0 however large the exponent."""
    return float(np.ldexp(alpha, exponent))


def check_penalty_step(
    alpha, exponent, batch_rows, learning_rate, weighed_by=("sample_weight",)
):
    """Refuse weights so small that the L2 penalty alone would blow up SGD.

    With weights scaled to a mean near one, a batch weighs about
    ``batch_rows``, and the penalty's own step multiplies the weights by
    ``1 - learning_rate * alpha * weight_scale / batch_rows``. Past a step of
    1 the weights change sign and grow at every step: training can only
    diverge or, stopped early, return garbage.

    Parameters
    ----------
    alpha, exponent, batch_rows, learning_rate
        The L2 penalty, the exponent the weights were scaled by
        (:func:`scaled_to_unit_mean`), the rows of a batch and the learning
        rate.
    weighed_by : tuple of str
        The parameters the row weights come from, ``"sample_weight"`` and
        ``"class_weight"``: the error tells the user to scale those.

    Raises
    ------
    ValueError
        Naming ``alpha`` and the weights that are tiny, the real cause.
    """
    penalty_step = learning_rate * scaled_alpha(alpha, exponent) / batch_rows
    if penalty_step > 1:
        weights = " times ".join(weighed_by)
        fixes = {
            "sample_weight": "sample_weight up, for example to sample_weight / "
            "sample_weight.mean()",
            "class_weight": "class_weight up, for example dividing each of its "
            "weights by their mean",
        }
        raise ValueError(
            f"The L2 penalty alpha={alpha:g} is divided by each batch's total "
            f"weight ({weights}), which is tiny here (the weights average about "
            f"{np.ldexp(1.0, -exponent):.3g}): one SGD step would change the "
            f"weights {penalty_step:.3g} times their size, and training would "
            "diverge. Scale "
            + " or ".join(fixes[name] for name in weighed_by)
            + " (with alpha divided by the same factor to keep the same model), "
            "or lower alpha."
        )


def check_alpha_range(alpha, exponent, dtype):
    """Refuse an ``alpha`` that the training dtype cannot hold.

    ``alpha``, scaled as the weights were, is a factor in every step; beyond
    the dtype's largest value torch fails without saying which value.

    Raises
    ------
    ValueError
        Naming ``alpha``, the dtype, and what to do.
    """
    largest = float(np.finfo(dtype).max)
    scaled = scaled_alpha(alpha, exponent)
    if not scaled <= largest:
        scaling = (
            f" (times 2**{exponent}, as the sample weights are scaled to a mean "
            "near one)"
            if exponent
            else ""
        )
        raise ValueError(
            f"The L2 penalty alpha={alpha:g}{scaling} is beyond {largest:.3g}, "
            f"the largest {np.dtype(dtype).name} value, in which this network "
            "trains. Lower alpha, or train on float64 data (float32 input "
            "trains in float32)."
        )
