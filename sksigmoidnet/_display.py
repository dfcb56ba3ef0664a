"""LossCurveDisplay: the training loss of a fitted network, epoch by epoch."""

import numbers

import numpy as np
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from ._classifier import SigmoidNetClassifier

PLOT_EXTRA_HINT = 'pip install matplotlib (from a checkout: pip install -e ".[plot]")'


def _import_pyplot(caller_name):
    """Import ``matplotlib.pyplot``, or say which extra installs it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            f"{caller_name} requires matplotlib. Install it with: {PLOT_EXTRA_HINT}"
        ) from exc
    return plt


def _final_classifier(estimator):
    """The SigmoidNetClassifier itself, or the last step of a Pipeline."""
    classifier = (
        estimator.steps[-1][1] if isinstance(estimator, Pipeline) else estimator
    )
    if not isinstance(classifier, SigmoidNetClassifier):
        raise TypeError(
            "LossCurveDisplay.from_estimator expects a SigmoidNetClassifier or a "
            "Pipeline whose last step is one; got "
            f"{type(classifier).__name__}."
        )
    check_is_fitted(classifier, "loss_curve_")
    return classifier


class LossCurveDisplay:
    """Training loss per epoch, with validation scores when they were recorded.

    Build it with :meth:`from_estimator` from a fitted
    :class:`SigmoidNetClassifier`, or pass the curves directly and call
    :meth:`plot`. Follows scikit-learn's Display API: the constructor only
    stores the data, :meth:`plot` draws it and stores the matplotlib artists.

    Parameters
    ----------
    loss_curve : array-like of shape (n_epochs,)
        Mean training loss of every epoch, such as ``loss_curve_``.

    validation_scores : array-like of shape (n_epochs,), default=None
        Validation score of every epoch, such as ``validation_scores_`` after
        fitting with ``early_stopping=True``. Drawn on a second y-axis.

    best_epoch : int, "auto" or None, default="auto"
        Epoch (counted from 1) to mark. ``"auto"`` marks the epoch of the
        highest validation score when there are validation scores (the epoch
        whose weights early stopping keeps), else the epoch of the lowest
        training loss. None draws no marker.

    learning_rate : float, default=None
        Initial learning rate, shown in the title as the seed notebook does.

    estimator_name : str, default=None
        Name put before the learning rate in the title.

    Attributes
    ----------
    line_ : matplotlib.lines.Line2D
        The training-loss curve.

    validation_line_ : matplotlib.lines.Line2D or None
        The validation-score curve, or None without validation scores.

    best_marker_ : matplotlib.lines.Line2D or None
        A single point on the best epoch, or None without a best epoch.

    ax_ : matplotlib.axes.Axes
        Axes of the training loss.

    ax_validation_ : matplotlib.axes.Axes or None
        Twin axes (sharing the epoch axis) of the validation scores, or None.

    figure_ : matplotlib.figure.Figure
        Figure holding the axes.

    See Also
    --------
    sklearn.model_selection.LearningCurveDisplay : Scores against training-set
        size.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sksigmoidnet import LossCurveDisplay
    >>> display = LossCurveDisplay(
    ...     loss_curve=[0.69, 0.5, 0.3, 0.31], learning_rate=0.2
    ... ).plot()
    >>> display.ax_.get_title()
    'Learning rate 0.2'
    >>> display.best_marker_.get_xdata().tolist()
    [3]
    """

    def __init__(
        self,
        *,
        loss_curve,
        validation_scores=None,
        best_epoch="auto",
        learning_rate=None,
        estimator_name=None,
    ):
        self.loss_curve = loss_curve
        self.validation_scores = validation_scores
        self.best_epoch = best_epoch
        self.learning_rate = learning_rate
        self.estimator_name = estimator_name

    @classmethod
    def from_estimator(
        cls, estimator, *, ax=None, name=None, best_epoch="auto", **plot_kwargs
    ):
        """Plot the loss curve of a fitted estimator.

        Parameters
        ----------
        estimator : SigmoidNetClassifier or Pipeline
            A fitted :class:`SigmoidNetClassifier`, or a fitted
            :class:`~sklearn.pipeline.Pipeline` whose last step is one.

        ax : matplotlib.axes.Axes, default=None
            Axes to draw on; a new figure is created when None.

        name : str, default=None
            Name put before the learning rate in the title.

        best_epoch : int, "auto" or None, default="auto"
            Epoch (counted from 1) to mark; see :class:`LossCurveDisplay`.

        **plot_kwargs : dict
            Passed to :meth:`plot` (``loss_kw``, ``validation_kw``,
            ``best_marker_kw``).

        Returns
        -------
        display : LossCurveDisplay
            The display, with its artists drawn.

        Raises
        ------
        TypeError
            If the estimator is not a SigmoidNetClassifier or a Pipeline
            ending in one.

        sklearn.exceptions.NotFittedError
            If the classifier is not fitted.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from sklearn.datasets import load_iris
        >>> from sklearn.pipeline import make_pipeline
        >>> from sklearn.preprocessing import StandardScaler
        >>> from sksigmoidnet import LossCurveDisplay, SigmoidNetClassifier
        >>> X, y = load_iris(return_X_y=True)
        >>> model = make_pipeline(
        ...     StandardScaler(),
        ...     SigmoidNetClassifier(hidden_layer_sizes=(8,), early_stopping=True,
        ...                          random_state=0),
        ... ).fit(X, y)
        >>> display = LossCurveDisplay.from_estimator(model)
        >>> display.ax_.get_ylabel(), display.ax_validation_.get_ylabel()
        ('Training loss', 'Validation accuracy')
        """
        _import_pyplot(f"{cls.__name__}.from_estimator")
        classifier = _final_classifier(estimator)
        display = cls(
            loss_curve=classifier.loss_curve_,
            validation_scores=classifier.validation_scores_,
            best_epoch=best_epoch,
            learning_rate=classifier.learning_rate_init,
            estimator_name=name,
        )
        return display.plot(ax=ax, **plot_kwargs)

    def _curves(self):
        """Validated loss curve, validation scores and best epoch."""
        loss = np.asarray(self.loss_curve, dtype=float).ravel()
        if loss.size == 0:
            raise ValueError("loss_curve is empty: there is nothing to plot.")
        scores = None
        if self.validation_scores is not None:
            scores = np.asarray(self.validation_scores, dtype=float).ravel()
            if scores.shape != loss.shape:
                raise ValueError(
                    "validation_scores must have one value per epoch of "
                    f"loss_curve; got {scores.size} and {loss.size}."
                )
        best = self.best_epoch
        if isinstance(best, str) and best == "auto":
            best = int(np.argmax(scores) if scores is not None else np.argmin(loss)) + 1
        elif best is not None:
            if not isinstance(best, numbers.Integral) or not 1 <= best <= loss.size:
                raise ValueError(
                    f"best_epoch must be 'auto', None or an int between 1 and "
                    f"{loss.size}; got {best!r}."
                )
            best = int(best)
        return loss, scores, best

    def _title(self, name):
        parts = []
        if name is not None:
            parts.append(str(name))
        if self.learning_rate is not None:
            rate = f"learning rate {self.learning_rate:g}"
            parts.append(rate if parts else rate.capitalize())
        return ", ".join(parts)

    def plot(
        self,
        ax=None,
        *,
        name=None,
        loss_kw=None,
        validation_kw=None,
        best_marker_kw=None,
    ):
        """Draw the curves.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, default=None
            Axes to draw the training loss on; a new figure is created when
            None. The validation scores go on a twin of these axes.

        name : str, default=None
            Name put before the learning rate in the title; overrides
            ``estimator_name``.

        loss_kw : dict, default=None
            Keyword arguments for the training-loss ``plot`` call.

        validation_kw : dict, default=None
            Keyword arguments for the validation-score ``plot`` call.

        best_marker_kw : dict, default=None
            Keyword arguments for the best-epoch marker's ``plot`` call.

        Returns
        -------
        display : LossCurveDisplay
            This display, with ``ax_``, ``figure_`` and the artists set.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from sksigmoidnet import LossCurveDisplay
        >>> display = LossCurveDisplay(
        ...     loss_curve=[0.7, 0.4, 0.2], validation_scores=[0.5, 0.9, 0.8]
        ... )
        >>> display = display.plot(loss_kw={"color": "black"})
        >>> display.validation_line_.get_ydata().tolist()
        [0.5, 0.9, 0.8]
        >>> display.best_marker_.get_xdata().tolist()
        [2]
        """
        plt = _import_pyplot(f"{type(self).__name__}.plot")
        loss, scores, best = self._curves()
        name = self.estimator_name if name is None else name
        if ax is None:
            _, ax = plt.subplots()
        epochs = np.arange(1, loss.size + 1)

        self.line_ = ax.plot(
            epochs, loss, **{"label": "Training loss", **(loss_kw or {})}
        )[0]
        ax.set_xlabel("Epoch")
        ax.set_ylabel("Training loss")
        title = self._title(name)
        if title:
            ax.set_title(title)

        self.ax_validation_ = None
        self.validation_line_ = None
        if scores is not None:
            self.ax_validation_ = ax.twinx()
            validation_style = {"label": "Validation accuracy", "color": "tab:orange"}
            self.validation_line_ = self.ax_validation_.plot(
                epochs, scores, **{**validation_style, **(validation_kw or {})}
            )[0]
            self.ax_validation_.set_ylabel("Validation accuracy")

        self.best_marker_ = None
        if best is not None:
            marked_ax, marked = (
                (self.ax_validation_, scores) if scores is not None else (ax, loss)
            )
            marker_style = {
                "marker": "o",
                "linestyle": "none",
                "color": "tab:red",
                "label": f"Best epoch ({best})",
                "zorder": 3,
            }
            self.best_marker_ = marked_ax.plot(
                np.array([best]),
                marked[best - 1 : best],
                **{**marker_style, **(best_marker_kw or {})},
            )[0]

        artists = [self.line_, self.validation_line_, self.best_marker_]
        artists = [artist for artist in artists if artist is not None]
        if len(artists) > 1:
            legend_ax = self.ax_validation_ if self.ax_validation_ is not None else ax
            # Between a falling loss and a rising score: rarely over either.
            labels = [artist.get_label() for artist in artists]
            legend_ax.legend(artists, labels, loc="center right")

        self.ax_ = ax
        self.figure_ = ax.figure
        return self
