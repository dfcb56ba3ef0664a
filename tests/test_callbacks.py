"""scikit-learn's callback API (``sklearn.callback``): one task per epoch, stopping
from a callback, propagation through Pipeline and GridSearchCV, a real ProgressBar."""

from collections import Counter
from functools import partial

import cases
import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

callback_api = pytest.importorskip(
    "sklearn.callback", reason="this scikit-learn has no callback API (added in 1.9)"
)

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


class RecordingCallback:
    """A FitCallback that writes down every hook call it receives.

    Each event is ``(hook, estimator class name, task name, task id)``; the end
    of a task also records how many epochs the ``fitted_estimator`` handed to
    the callback has been trained for (None where there is none).
    """

    def __init__(self, stop_after_epochs=None):
        self.events = []
        self.stop_after_epochs = stop_after_epochs

    def setup(self, estimator, context):
        self.events.append(("setup", type(estimator).__name__, context.task_name))

    def teardown(self, estimator, context):
        self.events.append(("teardown", type(estimator).__name__, context.task_name))

    def on_fit_task_begin(
        self,
        estimator,
        context,
        *,
        X=None,
        y=None,
        metadata=None,
        fitted_estimator=None,
    ):
        self.events.append(
            ("begin", type(estimator).__name__, context.task_name, context.task_id)
        )

    def on_fit_task_end(
        self,
        estimator,
        context,
        *,
        X=None,
        y=None,
        metadata=None,
        fitted_estimator=None,
    ):
        epochs = getattr(fitted_estimator, "loss_curve_", None)
        self.events.append(
            (
                "end",
                type(estimator).__name__,
                context.task_name,
                context.task_id,
                None if epochs is None else len(epochs),
            )
        )
        return (
            self.stop_after_epochs is not None
            and context.task_name == "epoch"
            and context.task_id + 1 >= self.stop_after_epochs
        )

    def tasks(self, hook, task_name):
        return [e for e in self.events if e[0] == hook and e[2] == task_name]


class PropagatedRecordingCallback(RecordingCallback):
    """The same, auto-propagated by meta-estimators to their sub-estimators."""

    max_propagation_depth = None


def data():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 3))
    return X, (X[:, 0] - X[:, 1] > 0).astype(int)


small_net = partial(cases.small_net, hidden_layer_sizes=(3,))


def test_recording_callback_follows_the_protocol():
    assert isinstance(RecordingCallback(), callback_api.FitCallback)
    assert isinstance(
        PropagatedRecordingCallback(), callback_api.AutoPropagatedCallback
    )
    assert not isinstance(RecordingCallback(), callback_api.AutoPropagatedCallback)


def test_one_task_per_epoch():
    X, y = data()
    callback = RecordingCallback()
    model = small_net(max_iter=4).set_callbacks(callback).fit(X, y)

    assert model.n_iter_ == 4
    assert callback.events[0] == ("setup", "SigmoidNetClassifier", "fit")
    assert callback.events[1] == ("begin", "SigmoidNetClassifier", "fit", 0)
    assert callback.events[2:-2] == [
        event
        for epoch in range(4)
        for event in (
            ("begin", "SigmoidNetClassifier", "epoch", epoch),
            ("end", "SigmoidNetClassifier", "epoch", epoch, epoch + 1),
        )
    ]
    assert callback.events[-2] == ("end", "SigmoidNetClassifier", "fit", 0, 4)
    assert callback.events[-1] == ("teardown", "SigmoidNetClassifier", "fit")


def test_epoch_count_follows_the_stopping_rule():
    X, y = data()
    callback = RecordingCallback()
    model = small_net(tol=1e3, n_iter_no_change=1).set_callbacks(callback).fit(X, y)
    assert model.n_iter_ == 3
    assert len(callback.tasks("begin", "epoch")) == 3
    assert len(callback.tasks("end", "epoch")) == 3


def test_partial_fit_reports_one_epoch():
    X, y = data()
    callback = RecordingCallback()
    model = small_net().set_callbacks(callback)
    model.partial_fit(X, y, classes=[0, 1])
    model.partial_fit(X, y)
    assert len(callback.tasks("end", "epoch")) == 2
    assert Counter(e[0] for e in callback.events)["setup"] == 2


def test_callback_returning_true_stops_training():
    X, y = data()
    callback = RecordingCallback(stop_after_epochs=2)
    model = small_net(max_iter=50).set_callbacks(callback).fit(X, y)

    assert model.n_iter_ == 2
    assert len(model.loss_curve_) == 2
    assert len(callback.tasks("end", "epoch")) == 2
    assert callback.events[-1] == ("teardown", "SigmoidNetClassifier", "fit")
    assert np.isfinite(model.predict_proba(X)).all()


def test_fitted_estimator_handed_to_callbacks_predicts():
    X, y = data()
    snapshots = []

    class Snapshot(RecordingCallback):
        def on_fit_task_end(self, estimator, context, *, fitted_estimator=None):
            if context.task_name == "epoch":
                snapshots.append(fitted_estimator.predict_proba(X))

    model = small_net(max_iter=3).set_callbacks(Snapshot()).fit(X, y)
    assert len(snapshots) == 3
    np.testing.assert_allclose(snapshots[-1], model.predict_proba(X))
    assert not np.allclose(snapshots[0], snapshots[-1])


def test_callbacks_reach_the_classifier_inside_a_pipeline():
    X, y = data()
    callback = PropagatedRecordingCallback()
    pipeline = make_pipeline(StandardScaler(), small_net(max_iter=3))
    pipeline.set_callbacks(callback).fit(X, y)

    epochs = callback.tasks("end", "epoch")
    assert [e[1] for e in epochs] == ["SigmoidNetClassifier"] * 3
    assert [e[4] for e in epochs] == [1, 2, 3]
    # Set up and torn down once, by the outermost estimator.
    assert [e for e in callback.events if e[0] in ("setup", "teardown")] == [
        ("setup", "Pipeline", "fit"),
        ("teardown", "Pipeline", "fit"),
    ]


def test_callbacks_reach_the_classifier_inside_grid_search():
    X, y = data()
    callback = PropagatedRecordingCallback()
    search = GridSearchCV(small_net(), {"max_iter": [2, 3]}, cv=2, refit=True)
    search.set_callbacks(callback).fit(X, y)

    fits = callback.tasks("end", "fit")
    classifier_fits = [e for e in fits if e[1] == "SigmoidNetClassifier"]
    assert len(classifier_fits) == 2 * 2 + 1  # every candidate and fold, and the refit
    refit_epochs = search.best_params_["max_iter"]
    expected_epochs = 2 * (2 + 3) + refit_epochs
    assert len(callback.tasks("end", "epoch")) == expected_epochs
    assert Counter(e[0] for e in callback.events)["setup"] == 1


def test_stopping_callback_inside_pipeline():
    X, y = data()
    pipeline = make_pipeline(StandardScaler(), small_net(max_iter=50))
    pipeline.set_callbacks(PropagatedRecordingCallback(stop_after_epochs=3)).fit(X, y)
    assert pipeline[-1].n_iter_ == 3


def test_progress_bar_runs(capsys):
    pytest.importorskip("rich", reason="ProgressBar needs rich")
    X, y = data()
    model = small_net(max_iter=5).set_callbacks(callback_api.ProgressBar()).fit(X, y)
    assert model.n_iter_ == 5
    printed = capsys.readouterr().out
    assert "SigmoidNetClassifier - fit" in printed
    assert "100%" in printed


def test_progress_bar_in_pipeline_with_early_stop(capsys):
    pytest.importorskip("rich", reason="ProgressBar needs rich")
    X, y = data()
    pipeline = make_pipeline(StandardScaler(), small_net(tol=1e3, n_iter_no_change=1))
    pipeline.set_callbacks(callback_api.ProgressBar()).fit(X, y)
    assert pipeline[-1].n_iter_ == 3
    printed = capsys.readouterr().out
    assert "SigmoidNetClassifier - fit" in printed
    assert "100%" in printed


def test_model_with_callbacks_still_fits_as_without():
    X, y = data()
    plain = small_net(max_iter=3).fit(X, y)
    watched = small_net(max_iter=3).set_callbacks(RecordingCallback()).fit(X, y)
    for a, b in zip(plain.coefs_, watched.coefs_, strict=True):
        np.testing.assert_array_equal(a, b)


def test_scoring_monitor_scores_every_epoch():
    X, y = data()
    monitor = callback_api.ScoringMonitor(scoring="accuracy")
    model = small_net(max_iter=4).set_callbacks(monitor).fit(X, y)
    rows = [row for row in monitor.get_logs().data if row["task_name"] == "epoch"]
    assert [row["task_id"] for row in rows] == [0, 1, 2, 3]
    assert rows[-1]["accuracy"] == model.score(X, y)


def test_a_failed_fit_still_tears_its_callbacks_down():
    """scikit-learn calls teardown whether the fit succeeds or not: a fit that
    diverges restores the model, not the callbacks' bookkeeping. (Without the
    teardown, ProgressBar's thread outlives the fit and the process hangs at
    exit.)"""
    X, y = data()
    callback = RecordingCallback()
    model = small_net(
        activation="identity", learning_rate_init=1e8, max_iter=50
    ).set_callbacks(callback)
    with pytest.raises(ValueError, match="diverged"):
        model.fit(X * 1e4, y)
    assert [event[0] for event in callback.events].count("teardown") == 1
    assert not hasattr(model, "coefs_")
    # The next fit sets the callbacks up afresh, and tears them down.
    model.set_params(activation="logistic", learning_rate_init=0.2, max_iter=2)
    model.fit(X, y)
    assert [event[0] for event in callback.events].count("teardown") == 2
