"""Features far from unit scale, standardised inside ``fit`` and folded back.

A sigmoid unit saturates a few units away from zero. On raw features in the
hundreds (wine's proline, breast cancer's areas) every hidden unit starts
saturated, its gradient vanishes, and SGD learns nothing (the performance
guide, "Measurements behind the code", gives the accuracies). So when some
feature's root mean square exceeds :data:`OFF_SCALE`, ``fit`` trains on
standardised features and at the end folds the standardisation into the
first layer: ``coefs_`` and ``intercepts_`` act on the raw features, and the
fitted model predicts, saves and exports as any other. Since::

    ((x - mean) / scale) @ W + b == x @ (W / scale) + (b - (mean / scale) @ W)

the folded network computes what the trained one did, to rounding.

Data near unit scale (standardised, min-max scaled, counts below a few units)
is trained as given, so that the weights equal ``MLPClassifier``'s for the
same parameters. Sparse input is divided by each feature's root mean square,
not centred, which keeps it sparse (``StandardScaler(with_mean=False)``
divides by the standard deviation, which would leave a feature of mean 100
and spread 1 at 100).

``partial_fit`` computes no statistics: one batch's are not the data's. After
a ``fit`` that standardised, it continues on that fit's standardisation,
which the model keeps (``_standardisation``): it unfolds the first layer and
its velocities, trains its epoch on the standardised batch, and folds them
again. Otherwise it trains on the features as given.

The statistics are computed as ``StandardScaler`` computes them, at any
magnitude. Each feature is first divided by a power of two near its largest
value, exactly, so that no square overflows (above 1.3e154) or underflows.
The variance is that of the values centred first: ``E[x**2] - E[x]**2`` loses
every digit once a feature's offset is 1e8 times its spread (timestamps). A
feature is constant when its variance is within rounding of its mean's
magnitude, never for an absolute spread: 1e-13 is a spread. Unlike
``StandardScaler``, fit does not centre a constant feature (see
:meth:`InputScaling.from_moments`), and leaves sparse input uncentred.
Sparse input whose features sit far from zero (an offset of 100 times the
spread) therefore still trains poorly: centre such features first.
"""

from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse

# A feature whose root mean square exceeds this is off scale: above raw
# iris's features, which train as well as scaled ones, and below raw digits'
# pixel counts, which do not (see the performance guide).
OFF_SCALE = 4.0


def _relative_weights(sample_weight):
    """The weights relative to the largest, so that no sum of them overflows."""
    if sample_weight is None:
        return None
    weights = np.asarray(sample_weight, dtype=np.float64)
    return weights / weights.max()


def _units(largest):
    """Per feature, the power of two that brings its largest magnitude into
    [1, 2); 0.5 for a feature of zeros.

    Dividing by a power of two is exact, and values within (-2, 2) square
    without overflow (above about 1.3e154) or underflow. ``2 ** exponent``
    itself would overflow for the largest floats, hence one below.
    """
    _, exponent = np.frexp(largest)
    return np.ldexp(1.0, exponent - 1)


def _dense_moments(X, weights):
    """Per-feature unit (see :func:`_units`), and the weighted mean and
    variance of ``X`` in that unit.

    The variance is StandardScaler's: of the values centred first, corrected
    by the square of the residuals' mean (the corrected two-pass algorithm).
    ``E[x**2] - E[x]**2`` would cancel to noise when a feature's offset is
    1e8 or more times its spread, as timestamps are.
    """
    unit = _units(np.maximum(X.max(axis=0), -X.min(axis=0)))
    values = np.divide(X, unit, dtype=np.float64)
    mean = np.average(values, axis=0, weights=weights)
    values -= mean
    # Zero but for the rounding of the mean.
    correction = np.average(values, axis=0, weights=weights)
    np.square(values, out=values)
    variance = np.average(values, axis=0, weights=weights) - correction**2
    return unit, mean, np.maximum(variance, 0.0)


def _sparse_moments(X, weights):
    """Per-feature unit (see :func:`_units`), and zero and the weighted mean
    square of ``X`` in that unit: the moments about zero, as sparse input is
    scaled, not centred. Computed from the stored entries alone: the matrix
    is never densified."""
    entries = X.tocoo(copy=True)
    entries.sum_duplicates()  # a duplicate entry adds to the other
    unit = _units(abs(entries).max(axis=0).toarray().ravel())
    squares = np.square(np.divide(entries.data, unit[entries.col], dtype=np.float64))
    total = X.shape[0]
    if weights is not None:
        squares *= weights[entries.row]
        total = weights.sum()
    sums = np.bincount(entries.col, weights=squares, minlength=X.shape[1])
    return unit, np.zeros(X.shape[1]), sums / total


def _is_constant(mean, variance, n_rows):
    """StandardScaler's test of a constant feature: a variance within the
    rounding of ``n_rows`` additions of the mean, relative to the mean's
    magnitude (an absolute bound would take a feature of spread 1e-13 for a
    constant)."""
    eps = np.finfo(np.float64).eps
    return variance <= n_rows * eps * variance + (n_rows * mean * eps) ** 2


def _root_mean_square(unit, mean, variance):
    """Each feature's root mean square, from its moments in its unit."""
    return unit * np.sqrt(variance + mean * mean)


def _nonzero(scale):
    """``scale``, with 1 for a feature of zeros."""
    return np.where(scale > 0, scale, 1.0)


class InputScaling:
    """The standardisation ``fit`` trains on, and its folding into the weights.

    Parameters
    ----------
    mean, scale : ndarray of shape (n_features,)
        Training features are ``(X - mean) / scale``.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[100.0, 1.0], [300.0, 3.0]])
    >>> scaling = InputScaling(np.array([200.0, 2.0]), np.array([100.0, 1.0]))
    >>> scaling.transform(X)
    array([[-1., -1.],
           [ 1.,  1.]])
    >>> W, b = np.array([[1.0], [2.0]]), np.array([0.5])
    >>> coefs, intercepts = scaling.fold([W], [b])
    >>> X @ coefs[0] + intercepts[0], scaling.transform(X) @ W + b
    (array([[-2.5],
           [ 3.5]]), array([[-2.5],
           [ 3.5]]))
    """

    def __init__(self, mean, scale):
        self.mean = mean
        self.scale = scale

    @classmethod
    def from_moments(cls, unit, mean, variance, n_rows):
        """The scaling of features of these moments (see :func:`standardise`).

        A constant feature is divided by its magnitude where that exceeds 1,
        and kept otherwise, rather than centred as StandardScaler does: the
        fold would put -constant * weight into the intercept, which every
        prediction then cancels against +constant * weight, with a rounding
        error of 1e4 for a constant of 1e20. (Divided by 1e-310, the weights
        acting on it would overflow once folded.)
        """
        root_mean_square = _root_mean_square(unit, mean, variance)
        constant = _is_constant(mean, variance, n_rows)
        return cls(
            np.where(constant, 0.0, unit * mean),
            _nonzero(
                np.where(
                    constant,
                    np.maximum(root_mean_square, 1.0),
                    unit * np.sqrt(variance),
                )
            ),
        )

    def transform(self, X):
        """``(X - mean) / scale`` in ``X``'s dtype, as a new array."""
        if sparse.issparse(X):
            # Divided, not multiplied by 1 / scale, which overflows for a
            # scale below 1e-308.
            scaled = X.tocoo(copy=True)
            scaled.data = (scaled.data / self.scale[scaled.col]).astype(X.dtype)
            return scaled.asformat(X.format)
        # Not (X - mean) / scale, which overflows where a feature's values
        # span more than the largest float. Both ratios stay far from
        # overflow: a feature whose mean is beyond 1 / eps times its spread
        # is constant, and not centred.
        return (X / self.scale - self.mean / self.scale).astype(X.dtype, copy=False)

    def fold(self, coefs, intercepts):
        """Weights acting on raw features from weights trained on scaled ones.

        Also maps the first layer's velocities (any quantity that moves the
        weights linearly), given as ``coefs`` and ``intercepts``.

        Raises
        ------
        ValueError
            When a feature's scale is so small (1e-310, say) that the weights
            acting on it overflow their dtype.
        """
        first = coefs[0].astype(np.float64)
        dtype = coefs[0].dtype
        with np.errstate(over="ignore"):  # refused below, saying why
            folded = (first / self.scale[:, np.newaxis]).astype(dtype)
        self._check_folded(folded)
        shift = (self.mean / self.scale) @ first
        return (
            [folded, *coefs[1:]],
            [(intercepts[0] - shift).astype(dtype), *intercepts[1:]],
        )

    def _check_folded(self, folded):
        overflowed = np.flatnonzero(~np.isfinite(folded).all(axis=1))
        if overflowed.size:
            feature = overflowed[0]
            raise ValueError(
                f"Feature {feature} varies too little for this model (scale "
                f"{self.scale[feature]:.3g}): the weights acting on it as given, "
                f"the trained weights divided by its scale, overflow "
                f"{folded.dtype}. Multiply it by a large power of ten before "
                "fitting."
            )

    def fold_velocities(self, velocities):
        """:meth:`fold` for velocities as the state holds them: one array per
        layer's weights, then one per layer's biases."""
        n_layers = len(velocities) // 2
        return sum(self.fold(velocities[:n_layers], velocities[n_layers:]), [])

    def unfold_velocities(self, velocities):
        """:meth:`unfold` for velocities as the state holds them."""
        n_layers = len(velocities) // 2
        return sum(self.unfold(velocities[:n_layers], velocities[n_layers:]), [])

    def unfold(self, coefs, intercepts):
        """Weights acting on scaled features from weights acting on raw ones."""
        first = coefs[0].astype(np.float64)
        dtype = coefs[0].dtype
        return (
            [(first * self.scale[:, np.newaxis]).astype(dtype), *coefs[1:]],
            [(intercepts[0] + self.mean @ first).astype(dtype), *intercepts[1:]],
        )


@dataclass
class Standardised:
    """The rows of a call as the network trains on them (see
    :func:`standardise`)."""

    scaling: InputScaling | None  # None: the features as given
    training: object  # Rows
    validation: object  # Rows or None
    # partial_fit without a standardisation, on features far from unit
    # scale: the largest root mean square, for a warning; else None.
    off_scale: float | None = None


def standardise(training, validation, *, fresh, kept):
    """The standardisation a call trains on, and its rows standardised by it.

    ``fit`` (``fresh``) standardises features far from unit scale, with
    statistics weighted so that a row of weight 2 counts as the row repeated.
    ``partial_fit`` continues on the standardisation of the fit before
    (``kept``, ``[mean, scale]``), whose fold into ``coefs_`` it undoes for its
    epoch and redoes after: trained on the features as given, those weights
    would take SGD steps scaled by the features' squares. Without one (a first
    call, or after a fit on features near unit scale) it trains on the
    features as given, and reports how far from unit scale they are.

    Parameters
    ----------
    training, validation : Rows, and Rows or None
    fresh : bool
        Whether to compute the standardisation from ``training``.
    kept : list of ndarray or None
        The standardisation to continue on, when not ``fresh``.

    Returns
    -------
    standardised : Standardised
    """
    if fresh or kept is None:
        X = training.X
        weights = _relative_weights(training.sample_weight if fresh else None)
        moments = _sparse_moments if sparse.issparse(X) else _dense_moments
        unit, mean, variance = moments(X, weights)
        largest = float(_root_mean_square(unit, mean, variance).max())
        if largest <= OFF_SCALE or not fresh:
            off_scale = None if largest <= OFF_SCALE else largest
            return Standardised(None, training, validation, off_scale)
        scaling = InputScaling.from_moments(unit, mean, variance, X.shape[0])
    else:
        scaling = InputScaling(*kept)
    if validation is not None:
        validation = replace(validation, X=scaling.transform(validation.X))
    training = replace(training, X=scaling.transform(training.X))
    return Standardised(scaling, training, validation)
