"""The stopping rule at its boundaries: the patience in samples, a change of
exactly ``tol``, ``tol=0`` and tied validation scores."""

import numpy as np
import pytest

from sksigmoidnet._state import TrainingHistory
from sksigmoidnet._stopping import (
    AUTO_PATIENCE_EPOCHS,
    AUTO_SAMPLES_BEFORE_STOPPING,
    PLATEAU_PATIENCE_SAMPLES,
    PLATEAU_SHARE,
    StoppingRule,
    improves,
)


def history(best_loss=1.0, best_validation_score=None, last_loss=None, t=10**6):
    return TrainingHistory(
        shuffle_seed=0,
        learning_rate=1.0,
        t=t,
        best_loss=best_loss,
        best_validation_score=best_validation_score,
        loss_curve=[] if last_loss is None else [last_loss],
    )


def auto_rule(n_rows=2_000, constant_loss=1.0, tol=1e-4, n_outputs=1):
    return StoppingRule.for_fit(
        "auto", tol, n_outputs=n_outputs, n_rows=n_rows, constant_loss=constant_loss
    )


def rule(tol, patience=10, early_stopping=False):
    return StoppingRule(tol, 1, patience, patience, early_stopping=early_stopping)


@pytest.mark.parametrize(
    "n_rows, patience",
    [
        (PLATEAU_PATIENCE_SAMPLES // 40, 40),  # divides exactly
        (PLATEAU_PATIENCE_SAMPLES // 40 + 1, 40),  # one row more: still 40 epochs
        (PLATEAU_PATIENCE_SAMPLES // 40 - 1, 41),  # one row fewer: one epoch more
        (PLATEAU_PATIENCE_SAMPLES, AUTO_PATIENCE_EPOCHS),  # never under 10 epochs
        (1, PLATEAU_PATIENCE_SAMPLES),
    ],
)
def test_the_plateau_patience_covers_the_samples(n_rows, patience):
    stopping = auto_rule(n_rows=n_rows)
    assert stopping.plateau_patience == patience
    assert stopping.patience == AUTO_PATIENCE_EPOCHS


@pytest.mark.parametrize(
    "last_loss, patience",
    [
        (PLATEAU_SHARE, AUTO_PATIENCE_EPOCHS),  # exactly at the share: learned
        (np.nextafter(PLATEAU_SHARE, 1), 100),  # above it: on a plateau
        (0.01, AUTO_PATIENCE_EPOCHS),
    ],
)
def test_the_plateau_patience_applies_above_a_share_of_a_constant_loss(
    last_loss, patience
):
    stopping = auto_rule(n_rows=2_000, constant_loss=1.0)
    assert stopping.current_patience(history(last_loss=last_loss)) == patience


def test_without_a_constant_loss_there_is_no_plateau():
    stopping = auto_rule(constant_loss=None)
    assert stopping.current_patience(history(last_loss=1e9)) == AUTO_PATIENCE_EPOCHS


def test_stops_only_once_the_count_exceeds_the_patience():
    stopping = auto_rule(n_rows=2_000, constant_loss=1.0)
    for last_loss, patience in [(0.9, 100), (0.1, 10)]:
        records = history(best_loss=0.05, last_loss=last_loss)
        for _ in range(patience):
            stopping.record(records, 0.05)
            assert not stopping.should_stop(records)
        stopping.record(records, 0.05)
        assert stopping.should_stop(records)


@pytest.mark.parametrize(
    "t, stops",
    [(AUTO_SAMPLES_BEFORE_STOPPING - 1, False), (AUTO_SAMPLES_BEFORE_STOPPING, True)],
)
def test_no_stop_before_the_samples_are_seen_and_then_converged(t, stops):
    stopping = auto_rule(n_rows=2_000, constant_loss=1.0)
    records = history(best_loss=0.05, last_loss=0.05, t=t)
    records.no_improvement_count = AUTO_PATIENCE_EPOCHS + 1
    assert stopping.should_stop(records) is stops
    assert stopping.converged(records)  # at max_iter: stalled, not cut short


def test_on_a_plateau_max_iter_is_not_convergence():
    stopping = auto_rule(n_rows=2_000, constant_loss=1.0)
    records = history(best_loss=0.9, last_loss=0.9)
    records.no_improvement_count = AUTO_PATIENCE_EPOCHS + 1
    assert not stopping.converged(records)


def test_an_int_is_mlpclassifiers_patience_in_epochs_and_tol_on_the_whole_loss():
    stopping = StoppingRule.for_fit(
        7, tol=0.25, n_outputs=4, n_rows=10, constant_loss=2.0
    )
    assert stopping.current_patience(history(last_loss=2.0)) == 7
    assert stopping.threshold == 0.25
    records = history(t=0)
    records.no_improvement_count = 8
    assert stopping.should_stop(records)  # from the first epoch


@pytest.mark.parametrize("n_iter_no_change", [7, "auto"])
def test_early_stopping_measures_the_validation_score(n_iter_no_change):
    stopping = StoppingRule.for_fit(
        n_iter_no_change,
        0.25,
        n_outputs=4,
        n_rows=10,
        constant_loss=1.0,
        early_stopping=True,
    )
    assert stopping.early_stopping
    records = history(best_loss=None, best_validation_score=0.5)
    stopping.record(records, 0.75)
    assert records.no_improvement_count == 0


def test_auto_applies_tol_per_output_unit_but_not_to_validation_scores():
    assert auto_rule(tol=0.25, n_outputs=4).threshold == 1.0
    validation = StoppingRule.for_fit(
        "auto", 0.25, n_outputs=4, n_rows=10, constant_loss=1.0, early_stopping=True
    )
    assert validation.threshold == 0.25


@pytest.mark.parametrize(
    "loss, progress",
    [(0.75, True), (np.nextafter(0.75, 1), False), (np.nextafter(0.75, 0), True)],
)
def test_a_loss_change_of_exactly_tol_is_progress(loss, progress):
    records = history(best_loss=1.0)
    records.no_improvement_count = 3
    rule(0.25).record(records, loss)
    assert records.no_improvement_count == (0 if progress else 4)
    assert records.best_loss == loss


@pytest.mark.parametrize(
    "score, progress",
    [(0.75, True), (np.nextafter(0.75, 0), False), (np.nextafter(0.75, 1), True)],
)
def test_a_score_change_of_exactly_tol_is_progress(score, progress):
    records = history(best_loss=None, best_validation_score=0.5)
    records.no_improvement_count = 3
    rule(0.25, early_stopping=True).record(records, score)
    assert records.no_improvement_count == (0 if progress else 4)
    assert records.best_validation_score == 0.5  # kept by the caller, with the weights


def test_with_tol_zero_an_equal_loss_is_progress_and_a_higher_one_is_not():
    records = history(best_loss=0.5)
    rule(0.0).record(records, 0.5)
    assert records.no_improvement_count == 0
    rule(0.0).record(records, np.nextafter(0.5, 1))
    assert records.no_improvement_count == 1


def test_tied_validation_scores_count_as_progress_at_tol_zero_but_keep_the_first():
    records = history(best_loss=None, best_validation_score=0.8)
    records.no_improvement_count = 2
    rule(0.0, early_stopping=True).record(records, 0.8)
    assert records.no_improvement_count == 0  # MLPClassifier's rule: not below best
    assert not improves(0.8, 0.8)  # the first epoch's weights are the ones kept
