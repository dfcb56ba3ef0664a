"""LossCurveDisplay: the training and validation loss of a network, epoch by epoch."""

import numbers

import numpy as np
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from ._classifier import SigmoidNetClassifier
from ._stopping import kept_epoch

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


def _score_name(scoring):
    """How the validation scores of a ``scoring`` are labelled."""
    if scoring is None:
        return "accuracy"
    return scoring if isinstance(scoring, str) else "score"


class LossCurveDisplay:
    """Training loss per epoch, with the validation loss and scores when recorded.

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
        fitting with ``early_stopping=True``. Drawn on a second y-axis; NaN
        entries (epochs without validation) leave a gap.

    validation_loss_curve : array-like of shape (n_epochs,), default=None
        Validation loss of every epoch, such as ``validation_loss_curve_``.
        Drawn beside the training loss, on the same axis.

    score_name : str, default="accuracy"
        What the validation scores are, for the second axis's label.

    best_epoch : int, "auto" or None, default="auto"
        Epoch (counted from 1) to mark. ``"auto"`` marks the epoch whose
        weights early stopping kept: the first of the highest validation
        score, or without scores of the lowest validation loss (the scores of
        ``scoring="loss"``). Without either it marks the lowest training loss,
        though no weights are kept then: the model is the last epoch's. None
        draws no marker.

    learning_rate : float, default=None
        Initial learning rate, shown in the title as the seed notebook does.

    estimator_name : str, default=None
        Name put before the learning rate in the title.

    Attributes
    ----------
    line_ : matplotlib.lines.Line2D
        The training-loss curve.

    validation_loss_line_ : matplotlib.lines.Line2D or None
        The validation-loss curve, or None without a validation loss.

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
        validation_loss_curve=None,
        score_name="accuracy",
        best_epoch="auto",
        learning_rate=None,
        estimator_name=None,
    ):
        self.loss_curve = loss_curve
        self.validation_scores = validation_scores
        self.validation_loss_curve = validation_loss_curve
        self.score_name = score_name
        self.best_epoch = best_epoch
        self.learning_rate = learning_rate
        self.estimator_name = estimator_name

    @classmethod
    def from_estimator(
        cls, estimator, *, ax=None, name=None, best_epoch="auto", **plot_kwargs
    ):
        """Plot the loss curves and validation scores of a fitted estimator.

        With ``scoring="loss"`` the validation scores are the validation loss
        negated: only the loss is drawn.

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
        ('Loss', 'Validation accuracy')
        >>> display.validation_loss_line_.get_label()
        'Validation loss'
        """
        _import_pyplot(f"{cls.__name__}.from_estimator")
        classifier = _final_classifier(estimator)
        scoring = classifier.scoring
        scores_are_the_loss = isinstance(scoring, str) and scoring == "loss"
        display = cls(
            loss_curve=classifier.loss_curve_,
            validation_scores=(
                None if scores_are_the_loss else classifier.validation_scores_
            ),
            validation_loss_curve=classifier.validation_loss_curve_,
            score_name=_score_name(scoring),
            best_epoch=best_epoch,
            learning_rate=classifier.learning_rate_init,
            estimator_name=name,
        )
        return display.plot(ax=ax, **plot_kwargs)

    def _curves(self):
        """Validated loss curve, validation loss, validation scores, best epoch."""
        loss = np.asarray(self.loss_curve, dtype=float).ravel()
        if loss.size == 0:
            raise ValueError("loss_curve is empty: there is nothing to plot.")
        validation_loss, scores = (
            self._per_epoch(name, loss.size)
            for name in ("validation_loss_curve", "validation_scores")
        )
        best = self.best_epoch
        if isinstance(best, str) and best == "auto":
            best = _auto_best_epoch(loss, validation_loss, scores)
        elif best is not None:
            if not isinstance(best, numbers.Integral) or not 1 <= best <= loss.size:
                raise ValueError(
                    f"best_epoch must be 'auto', None or an int between 1 and "
                    f"{loss.size}; got {best!r}."
                )
            best = int(best)
        return loss, validation_loss, scores, best

    def _per_epoch(self, name, n_epochs):
        values = getattr(self, name)
        if values is None:
            return None
        values = np.asarray(values, dtype=float).ravel()
        if values.size != n_epochs:
            raise ValueError(
                f"{name} must have one value per epoch of loss_curve; got "
                f"{values.size} and {n_epochs}."
            )
        return values

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
        validation_loss_kw=None,
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

        validation_loss_kw : dict, default=None
            Keyword arguments for the validation-loss ``plot`` call.

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
        loss, validation_loss, scores, best = self._curves()
        name = self.estimator_name if name is None else name
        if ax is None:
            _, ax = plt.subplots()
        epochs = np.arange(1, loss.size + 1)

        self.line_ = ax.plot(
            epochs, loss, **{"label": "Training loss", **(loss_kw or {})}
        )[0]
        self.validation_loss_line_ = None
        if validation_loss is not None:
            validation_loss_style = {"label": "Validation loss", "color": "tab:green"}
            self.validation_loss_line_ = ax.plot(
                epochs,
                validation_loss,
                **{**validation_loss_style, **(validation_loss_kw or {})},
            )[0]
        ax.set_xlabel("Epoch")
        ax.set_ylabel("Training loss" if validation_loss is None else "Loss")
        title = self._title(name)
        if title:
            ax.set_title(title)

        self.ax_validation_ = None
        self.validation_line_ = None
        if scores is not None:
            self.ax_validation_ = ax.twinx()
            label = f"Validation {self.score_name}"
            validation_style = {"label": label, "color": "tab:orange"}
            self.validation_line_ = self.ax_validation_.plot(
                epochs, scores, **{**validation_style, **(validation_kw or {})}
            )[0]
            self.ax_validation_.set_ylabel(label)

        self.best_marker_ = None
        if best is not None:
            if scores is not None:
                marked_ax, marked = self.ax_validation_, scores
            else:
                marked_ax = ax
                marked = loss if validation_loss is None else validation_loss
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

        artists = [
            self.line_,
            self.validation_loss_line_,
            self.validation_line_,
            self.best_marker_,
        ]
        artists = [artist for artist in artists if artist is not None]
        if len(artists) > 1:
            legend_ax = self.ax_validation_ if self.ax_validation_ is not None else ax
            # Between a falling loss and a rising score: rarely over either.
            labels = [artist.get_label() for artist in artists]
            legend_ax.legend(artists, labels, loc="center right")

        self.ax_ = ax
        self.figure_ = ax.figure
        return self


def _auto_best_epoch(loss, validation_loss, scores):
    """The epoch early stopping kept, or without validation records the
    epoch of the lowest training loss; None when there is no such epoch."""
    if scores is None and validation_loss is not None:
        scores = -validation_loss
    if scores is not None:
        return kept_epoch(scores)
    if np.isnan(loss).all():
        return None
    return int(np.nanargmin(loss)) + 1
