"""What one fit is asked to do, described once for the layers below the
estimator.

:class:`FitDescription` is built from the estimator's parameters and the
facts of the rows it trains on, and is frozen: the training engine
(``_engine``) reads its settings from it rather than from parameters passed
one by one. The sizes of the network's layers are worked out here too.
"""

from dataclasses import dataclass

import numpy as np

from ._compat import InvalidParameterError
from ._state._value_kinds import is_int
from ._stopping import StoppingRule


@dataclass(frozen=True)
class FitDescription:
    """The settings of one call of ``fit`` or ``partial_fit``, as the engine
    reads them.

    The names are the estimator's parameters where they carry one; the
    values are resolved for this call's rows.

    Attributes
    ----------
    activation : str
    device : str
        The ``device`` parameter, resolved by the engine.
    alpha : float
        The L2 penalty, before the sample weights' scaling.
    batch_size : int
        Rows per step, ``"auto"`` and sizes beyond the rows resolved.
    learning_rate : {"constant", "invscaling", "adaptive"}
        The schedule.
    learning_rate_init, power_t, momentum : float
    nesterovs_momentum, shuffle, verbose, early_stopping : bool
    max_epochs : int
        ``max_iter``, or 1 for ``partial_fit``.
    incremental : bool
        Whether this is ``partial_fit``'s one epoch.
    stopping : StoppingRule
    weighed_by : tuple of str
        The parameters the rows' weights come from, named by errors about
        their size (see ``_sample_weights``).
    """

    activation: str
    device: str
    alpha: float
    batch_size: int
    learning_rate: str
    learning_rate_init: float
    power_t: float
    momentum: float
    nesterovs_momentum: bool
    max_epochs: int
    shuffle: bool
    verbose: bool
    early_stopping: bool
    incremental: bool
    stopping: StoppingRule
    weighed_by: tuple

    @classmethod
    def of(
        cls, estimator, *, n_rows, n_outputs, incremental, constant_loss, weighed_by
    ):
        """The description of a fit of ``estimator`` on rows of these facts.

        Parameters
        ----------
        estimator : SigmoidNetClassifier
        n_rows : int
            The rows the network trains on (without the held-out rows).
        n_outputs : int
            The network's output units.
        incremental : bool
        constant_loss : float or None
            The training loss of always predicting the class frequencies
            (see :meth:`StoppingRule.for_fit`).
        weighed_by : tuple of str

        Returns
        -------
        description : FitDescription
        """
        return cls(
            activation=estimator.activation,
            device=estimator.device,
            alpha=estimator.alpha,
            batch_size=batch_rows(estimator.batch_size, n_rows),
            learning_rate=estimator.learning_rate,
            learning_rate_init=float(estimator.learning_rate_init),
            power_t=float(estimator.power_t),
            momentum=estimator.momentum,
            nesterovs_momentum=estimator.nesterovs_momentum,
            max_epochs=1 if incremental else estimator.max_iter,
            shuffle=estimator.shuffle,
            verbose=bool(estimator.verbose),
            early_stopping=estimator.early_stopping,
            incremental=incremental,
            stopping=StoppingRule.for_fit(
                estimator.n_iter_no_change,
                float(estimator.tol),
                n_outputs=n_outputs,
                n_rows=n_rows,
                constant_loss=constant_loss,
                early_stopping=estimator.early_stopping,
            ),
            weighed_by=weighed_by,
        )


def batch_rows(batch_size, n_rows):
    """Rows per step: ``"auto"`` is ``min(200, n_rows)``; larger sizes are
    clipped to ``n_rows`` (:func:`clipped_batch_size` says so)."""
    if batch_size == "auto":
        return min(200, n_rows)
    # A NumPy integer (a grid's values) or a bool, as MLPClassifier takes
    # them: torch takes Python ints only.
    return min(int(batch_size), n_rows)


def clipped_batch_size(batch_size, n_rows):
    """The warning that a ``batch_size`` beyond the ``n_rows`` training rows
    is clipped, or None."""
    if batch_size == "auto" or int(batch_size) <= n_rows:
        return None
    return (
        f"batch_size={int(batch_size)} is larger than the {n_rows} training "
        f"samples; it is clipped to {n_rows}."
    )


def layer_sizes(hidden_layer_sizes, n_inputs, n_outputs):
    """The units of every layer, inputs and outputs included.

    Refuses hidden sizes whose network has more weights than an array can
    hold (float64 weights of at most ``np.iinfo(np.intp).max`` bytes): NumPy
    would say "Maximum allowed dimension exceeded" without naming the
    parameter.
    """
    sizes = [n_inputs, *_as_layer_sizes(hidden_layer_sizes), n_outputs]
    n_weights = sum(
        fan_in * fan_out + fan_out
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True)
    )
    if n_weights * np.dtype(np.float64).itemsize > np.iinfo(np.intp).max:
        raise ValueError(
            f"hidden_layer_sizes={hidden_layer_sizes!r} makes a network of "
            f"{n_weights:.3g} weights for {n_inputs} features and {n_outputs} "
            "outputs: more than any array can hold. Choose smaller hidden layers."
        )
    return sizes


def _as_layer_sizes(hidden_layer_sizes):
    """The hidden sizes as a list of ints.

    Accepts an int, or an ordered sequence of ints (a list, a tuple, or a 0-d
    or 1-d integer array), NumPy integers included. Refuses bools (``True`` is
    not a size), sets and mappings (they have no order) and anything else.
    """
    sizes = hidden_layer_sizes
    if isinstance(sizes, np.ndarray) and sizes.dtype.kind in "iu" and sizes.ndim < 2:
        sizes = sizes.tolist()
    if is_int(sizes):
        sizes = [sizes]
    if not (
        isinstance(sizes, (list, tuple))
        and all(is_int(size) and size > 0 for size in sizes)
    ):
        raise InvalidParameterError(
            "The 'hidden_layer_sizes' parameter of SigmoidNetClassifier must be a "
            "positive int or an ordered sequence (list, tuple or 1-d integer "
            "array) of positive ints, such as 100, (100,) or (32, 16). Got "
            f"{hidden_layer_sizes!r} instead."
        )
    return [int(size) for size in sizes]
