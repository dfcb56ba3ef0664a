"""LossCurveDisplay draws real matplotlib figures (Agg backend)."""

import subprocess
import sys

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sksigmoidnet import LossCurveDisplay, SigmoidNetClassifier

matplotlib = pytest.importorskip("matplotlib", reason="the plot extra is not installed")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=120, n_features=5, random_state=0)


@pytest.fixture(scope="module")
def fitted(data):
    X, y = data
    return SigmoidNetClassifier(
        hidden_layer_sizes=(4,), max_iter=25, tol=0, random_state=0
    ).fit(X, y)


@pytest.fixture(scope="module")
def fitted_early_stopping(data):
    X, y = data
    return SigmoidNetClassifier(
        hidden_layer_sizes=(4,),
        early_stopping=True,
        n_iter_no_change=3,
        learning_rate_init=0.5,
        random_state=0,
    ).fit(X, y)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_from_estimator_draws_the_loss_curve(fitted):
    display = LossCurveDisplay.from_estimator(fitted)

    n_epochs = len(fitted.loss_curve_)
    np.testing.assert_array_equal(display.line_.get_xdata(), np.arange(1, n_epochs + 1))
    np.testing.assert_allclose(display.line_.get_ydata(), fitted.loss_curve_)
    assert display.line_ in display.ax_.get_lines()
    assert display.ax_.get_xlabel() == "Epoch"
    assert display.ax_.get_ylabel() == "Training loss"
    assert display.ax_.get_title() == f"Learning rate {fitted.learning_rate_init:g}"
    assert display.figure_ is display.ax_.figure
    assert display.validation_line_ is None
    assert display.ax_validation_ is None
    assert len(display.figure_.axes) == 1


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_best_epoch_without_validation_is_the_lowest_loss(fitted):
    display = LossCurveDisplay.from_estimator(fitted)

    best = int(np.argmin(fitted.loss_curve_)) + 1
    assert display.best_marker_.get_xdata().tolist() == [best]
    assert display.best_marker_.get_ydata().tolist() == [fitted.best_loss_]
    assert display.best_marker_.axes is display.ax_
    assert display.best_marker_.get_label() == f"Best epoch ({best})"


def test_validation_scores_go_on_a_twin_axis(fitted_early_stopping):
    clf = fitted_early_stopping
    display = LossCurveDisplay.from_estimator(clf)

    assert display.ax_validation_ is not None
    assert display.ax_validation_ is not display.ax_
    assert display.ax_validation_.get_shared_x_axes().joined(
        display.ax_, display.ax_validation_
    )
    assert len(display.figure_.axes) == 2
    np.testing.assert_allclose(
        display.validation_line_.get_ydata(), clf.validation_scores_
    )
    assert display.validation_line_.axes is display.ax_validation_
    assert display.ax_validation_.get_ylabel() == "Validation accuracy"
    np.testing.assert_allclose(display.line_.get_ydata(), clf.loss_curve_)


def test_best_epoch_with_validation_is_the_kept_epoch(fitted_early_stopping):
    clf = fitted_early_stopping
    display = LossCurveDisplay.from_estimator(clf)

    best = int(np.argmax(clf.validation_scores_)) + 1
    assert display.best_marker_.axes is display.ax_validation_
    assert display.best_marker_.get_xdata().tolist() == [best]
    assert display.best_marker_.get_ydata().tolist() == [clf.best_validation_score_]
    legend_texts = [
        text.get_text() for text in display.ax_validation_.get_legend().get_texts()
    ]
    assert legend_texts == [
        "Training loss",
        "Validation loss",
        "Validation accuracy",
        f"Best epoch ({best})",
    ]


def test_validation_loss_goes_beside_the_training_loss(fitted_early_stopping):
    clf = fitted_early_stopping
    display = LossCurveDisplay.from_estimator(clf)

    line = display.validation_loss_line_
    assert line.axes is display.ax_
    np.testing.assert_allclose(line.get_ydata(), clf.validation_loss_curve_)
    np.testing.assert_array_equal(line.get_xdata(), display.line_.get_xdata())
    assert display.ax_.get_ylabel() == "Loss"
    assert line.get_color() != display.line_.get_color()


def test_scoring_loss_draws_the_validation_loss_once(data):
    X, y = data
    clf = SigmoidNetClassifier(
        hidden_layer_sizes=(4,),
        early_stopping=True,
        scoring="loss",
        n_iter_no_change=3,
        learning_rate_init=0.5,
        random_state=0,
    ).fit(X, y)
    display = LossCurveDisplay.from_estimator(clf)

    assert display.ax_validation_ is None
    assert len(display.figure_.axes) == 1
    best = int(np.argmin(clf.validation_loss_curve_)) + 1
    assert best == int(np.argmax(clf.validation_scores_)) + 1
    assert display.best_marker_.axes is display.ax_
    assert display.best_marker_.get_xdata().tolist() == [best]
    assert display.best_marker_.get_ydata().tolist() == [-clf.best_validation_score_]


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_a_scorer_names_the_validation_axis(data):
    X, y = data
    clf = SigmoidNetClassifier(
        hidden_layer_sizes=(4,),
        early_stopping=True,
        scoring="roc_auc",
        max_iter=5,
        random_state=0,
    ).fit(X, y)
    display = LossCurveDisplay.from_estimator(clf)
    assert display.ax_validation_.get_ylabel() == "Validation roc_auc"
    np.testing.assert_allclose(
        display.validation_line_.get_ydata(), clf.validation_scores_
    )


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("switched_on", [True, False])
def test_switching_early_stopping_with_warm_start_still_plots(data, switched_on):
    """Every curve keeps one entry per epoch of loss_curve_ (NaN where no rows
    were held out), or is None."""
    X, y = data
    clf = SigmoidNetClassifier(
        hidden_layer_sizes=(4,),
        early_stopping=not switched_on,
        max_iter=4,
        tol=0,
        n_iter_no_change=np.inf,
        random_state=0,
    ).fit(X, y)
    clf.set_params(warm_start=True, early_stopping=switched_on, max_iter=3).fit(X, y)
    display = LossCurveDisplay.from_estimator(clf)

    assert len(display.line_.get_xdata()) == 7
    if switched_on:
        scores = display.validation_line_.get_ydata()
        assert np.isnan(scores[:4]).all() and np.isfinite(scores[4:]).all()
        best = int(np.nanargmax(clf.validation_scores_)) + 1
        assert best > 4
        assert display.best_marker_.get_xdata().tolist() == [best]
        assert display.best_marker_.get_ydata().tolist() == [clf.best_validation_score_]
    else:
        assert display.validation_line_ is None
        assert display.validation_loss_line_ is None
        assert display.ax_.get_ylabel() == "Training loss"


def test_pipeline_uses_its_last_step(data):
    X, y = data
    pipeline = make_pipeline(
        StandardScaler(),
        SigmoidNetClassifier(
            hidden_layer_sizes=(3,), learning_rate_init=0.05, max_iter=5, random_state=0
        ),
    )
    with pytest.warns(match="max_iter"):
        pipeline.fit(X, y)
    display = LossCurveDisplay.from_estimator(pipeline, name="Scaled")

    np.testing.assert_allclose(display.line_.get_ydata(), pipeline[-1].loss_curve_)
    assert display.ax_.get_title() == "Scaled, learning rate 0.05"


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_draws_on_the_given_axes(fitted):
    fig, (left, right) = plt.subplots(ncols=2)
    display = LossCurveDisplay.from_estimator(fitted, ax=right)

    assert display.ax_ is right
    assert display.figure_ is fig
    assert len(left.get_lines()) == 0
    assert len(right.get_lines()) == 2


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_plot_keywords_reach_the_artists(fitted):
    display = LossCurveDisplay.from_estimator(
        fitted,
        loss_kw={"color": "black", "label": "BCE"},
        best_marker_kw={"marker": "x"},
    )

    assert display.line_.get_color() == "black"
    assert display.line_.get_label() == "BCE"
    assert display.best_marker_.get_marker() == "x"


def test_constructor_takes_curves_directly():
    display = LossCurveDisplay(
        loss_curve=[0.7, 0.5, 0.4],
        validation_scores=[0.6, 0.8, 0.7],
        learning_rate=0.001,
        estimator_name="Seed",
    )
    assert display.plot() is display

    assert display.ax_.get_title() == "Seed, learning rate 0.001"
    assert display.best_marker_.get_xdata().tolist() == [2]
    assert display.best_marker_.get_ydata().tolist() == [0.8]


def test_best_epoch_can_be_chosen_or_turned_off():
    chosen = LossCurveDisplay(loss_curve=[0.7, 0.5, 0.4], best_epoch=1).plot()
    assert chosen.best_marker_.get_xdata().tolist() == [1]
    assert chosen.best_marker_.get_ydata().tolist() == [0.7]

    none = LossCurveDisplay(loss_curve=[0.7, 0.5, 0.4], best_epoch=None).plot()
    assert none.best_marker_ is None
    assert none.ax_.get_legend() is None
    assert none.ax_.get_title() == ""


def test_auto_marks_only_an_epoch_early_stopping_would_keep():
    """Early stopping keeps an epoch whose score beats the best before it,
    from -inf: an infinite validation loss (a score of -inf) beats nothing."""
    display = LossCurveDisplay(
        loss_curve=[0.7, 0.5, 0.4], validation_loss_curve=[np.nan, np.inf, np.inf]
    ).plot()
    assert display.best_marker_ is None


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_from_estimator_passes_best_epoch(fitted):
    assert LossCurveDisplay.from_estimator(fitted, best_epoch=None).best_marker_ is None
    display = LossCurveDisplay.from_estimator(fitted, best_epoch=5)
    assert display.best_marker_.get_xdata().tolist() == [5]
    assert display.best_marker_.get_ydata().tolist() == [fitted.loss_curve_[4]]


def test_plot_twice_draws_two_figures():
    display = LossCurveDisplay(loss_curve=[0.7, 0.5])
    first = display.plot().figure_
    second = display.plot().figure_
    assert first is not second


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"loss_curve": []}, "empty"),
        ({"loss_curve": [0.7, 0.5], "validation_scores": [0.5]}, "one value per epoch"),
        (
            {"loss_curve": [0.7, 0.5], "validation_loss_curve": [0.5, 0.4, 0.3]},
            "validation_loss_curve must have one value per epoch",
        ),
        ({"loss_curve": [0.7, 0.5], "best_epoch": 3}, "best_epoch"),
        ({"loss_curve": [0.7, 0.5], "best_epoch": 0}, "best_epoch"),
        ({"loss_curve": [0.7, 0.5], "best_epoch": "last"}, "best_epoch"),
    ],
)
def test_invalid_curves_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        LossCurveDisplay(**kwargs).plot()


def test_unfitted_estimator_raises_not_fitted():
    with pytest.raises(NotFittedError):
        LossCurveDisplay.from_estimator(SigmoidNetClassifier())
    with pytest.raises(NotFittedError):
        LossCurveDisplay.from_estimator(
            make_pipeline(StandardScaler(), SigmoidNetClassifier())
        )


def test_other_estimators_raise_type_error(data):
    X, y = data
    with pytest.raises(TypeError, match="SigmoidNetClassifier"):
        LossCurveDisplay.from_estimator(LogisticRegression().fit(X, y))
    with pytest.raises(TypeError, match="last step"):
        LossCurveDisplay.from_estimator(
            make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y)
        )


def test_without_matplotlib_the_package_imports_and_plot_names_the_extra():
    # A fresh interpreter where importing matplotlib fails: the package must
    # import without it, and plotting must say which extra to install.
    script = """
import sys
sys.modules["matplotlib"] = None  # makes `import matplotlib` raise ImportError
import sksigmoidnet
print("imported")
try:
    sksigmoidnet.LossCurveDisplay(loss_curve=[0.7, 0.5]).plot()
except ImportError as exc:
    print(exc)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("imported")
    assert "pip install matplotlib" in result.stdout
    assert 'pip install -e ".[plot]"' in result.stdout
    assert "LossCurveDisplay.plot requires matplotlib" in result.stdout
