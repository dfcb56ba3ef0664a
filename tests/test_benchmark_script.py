"""The benchmark script runs and prints its tables (``--quick``, so it never rots)."""

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "run.py"

# starts a dozen fresh processes that import torch
pytestmark = pytest.mark.slow

CASE_NAMES = [
    "small batches",
    "deeper",
    "many rows",
    "large batches",
    "multiclass",
    "tiny fits",
    "predict one row",
    "predict 20,000 rows",
    "default fits",
]
DEFAULTS = "every contender at its default threads"
ONE_THREAD = "every contender under threadpool_limits(1)"
LEARNING_SEARCH = (
    f"Grid searches on the learning problems in fresh processes, {DEFAULTS}"
)


@pytest.fixture(scope="module")
def csv_path(tmp_path_factory):
    return tmp_path_factory.mktemp("quick") / "quick.csv"


@pytest.fixture(scope="module")
def quick_run(csv_path):
    if not SCRIPT.exists():
        pytest.skip("benchmarks/ is not part of this installation (sdist without it)")
    # Benchmark the checkout these tests belong to, whatever is installed.
    environment = dict(os.environ, PYTHONPATH=str(ROOT))
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--csv", str(csv_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=environment,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed


@pytest.fixture(scope="module")
def quick_output(quick_run):
    return quick_run.stdout


def _sections(output):
    """Section title -> the cells of each body row of its table."""
    sections = {}
    for chunk in output.split("\n## ")[1:]:
        title, _, body = chunk.partition("\n")
        rows = [line for line in body.splitlines() if line.startswith("| ")]
        sections[title] = [
            [cell.strip() for cell in row.split("|")[1:-1]] for row in rows[2:]
        ]
    return sections


def test_quick_run_prints_machine_and_says_it_is_not_representative(quick_output):
    assert re.search(r"Machine: .+, \d+ cores", quick_output)
    assert "torch 2." in quick_output and "scikit-learn 1." in quick_output
    warning = quick_output.split("\n## ")[0]
    assert "Quick run (--quick)" in warning and "representative" in warning


def test_quick_run_prints_no_convergence_warning_of_its_own_fits(quick_run):
    # Its fits stop at max_iter on purpose: ConvergenceWarnings would be noise
    # between the progress lines.
    assert "ConvergenceWarning" not in quick_run.stderr, quick_run.stderr[-3000:]


@pytest.mark.parametrize("regime", [DEFAULTS, ONE_THREAD])
def test_training_table_of_each_regime_has_every_case(quick_output, regime):
    rows = _sections(quick_output)[f"Training and prediction, {regime}"]
    assert [cells[0] for cells in rows] == CASE_NAMES
    for cells in rows:
        sigmoidnet, mlp = float(cells[2]), float(cells[3])
        assert sigmoidnet > 0 and mlp > 0
        assert re.fullmatch(r"\d+\.\d\dx", cells[5]), cells
        if cells[0] == "default fits":  # skorch has no defaults to compare
            skorch = "-" if importlib.util.find_spec("skorch") else "not installed"
            assert cells[4] == cells[6] == skorch, cells
        else:
            assert re.fullmatch(r"\d+\.\d\dx|not installed", cells[6]), cells
        accuracies = [float(a) for a in re.findall(r"\d\.\d{3}", cells[7])]
        assert accuracies and all(0 <= a <= 1 for a in accuracies), cells


@pytest.mark.parametrize("regime", [DEFAULTS, ONE_THREAD])
def test_training_table_reports_floor_throughput_and_memory(quick_output, regime):
    notes = {
        cells[0]: cells[-1]
        for cells in _sections(quick_output)[f"Training and prediction, {regime}"]
    }
    floor = r"floor \d+ us/step, SigmoidNet \d+ us/step \(\d+\.\d\dx the floor\)"
    assert re.search(floor, notes["small batches"])
    assert re.search(floor, notes["multiclass"])
    assert re.search(r"matmul peak \d+ GFLOP/s", notes["large batches"])
    assert re.search(r"SigmoidNet \d+ GFLOP/s \(\d+%\)", notes["large batches"])
    assert re.search(r"SigmoidNet \d+ MB", notes["predict 20,000 rows"])


def test_grid_search_table_times_both_estimators_in_three_configurations(
    quick_output,
):
    (cells,) = _sections(quick_output)[
        f"Grid search on digits in fresh processes, {DEFAULTS}"
    ]
    assert cells[0] == "max_iter=2"  # the quick epoch budget
    # Each estimator at n_jobs=1, n_jobs=2 with loky and n_jobs=2 with threads.
    for cell in cells[1:7]:
        whole, search = map(float, re.fullmatch(r"(\S+) s \((\S+) s\)", cell).groups())
        assert whole > search > 0
    configuration = r"n_jobs=[12](?: threads)?"
    assert re.fullmatch(
        rf"whole \d+\.\d\dx \({configuration} vs {configuration}\); "
        rf"search \d+\.\d\dx \({configuration} vs {configuration}\)",
        cells[7],
    )
    scores = [float(s) for s in re.findall(r"\d\.\d{3}", cells[8])]
    assert len(scores) == 2 and all(0 < s <= 1 for s in scores)
    torch_import = float(re.fullmatch(r"(\S+) s", cells[9]).group(1))
    assert torch_import > 0


def test_cold_start_table_times_import_and_load_predict(quick_output):
    rows = _sections(quick_output)["Cold start in fresh processes"]
    assert [cells[0] for cells in rows] == ["import", "load pickle, predict 5 rows"]
    for cells in rows:
        assert all(re.fullmatch(r"\d+\.\d\d s", cell) for cell in cells[1:3])
        assert re.fullmatch(r"\d+\.\d\dx", cells[3])
        assert re.fullmatch(r"SN (yes|no), MLP no", cells[4])


def test_raw_features_table_scores_both_estimators(quick_output):
    (cells,) = _sections(quick_output)[
        "A forgotten scaler: raw features at the defaults"
    ]
    name, ours, theirs, difference, warnings_counted = cells
    assert name == "wine"
    assert 0 <= float(ours) <= 1 and 0 <= float(theirs) <= 1
    assert float(difference) == pytest.approx(float(ours) - float(theirs), abs=2e-3)
    assert re.fullmatch(r"\d+ / \d+", warnings_counted)


@pytest.mark.parametrize(
    "suite, problem, shape",
    [
        ("tuning", "spiral", "300 x 2, 2 classes"),
        ("held-out", "rings, 3 classes", "300 x 2, 3 classes"),
    ],
)
def test_learning_table_scores_every_contender_at_its_defaults(
    quick_output, suite, problem, shape
):
    rows = _sections(quick_output)[
        f"Learning quality at the defaults, {suite} problems, {DEFAULTS}"
    ]
    # the quick run's one problem of each suite, then the mean over them
    assert [cells[:2] for cells in rows] == [
        [problem, shape],
        ["mean of 1 problem", ""],
    ]
    for cells in rows:
        accuracies = [float(a) for a in cells[2:6]]  # SN, MLP, MLP sgd, logistic
        assert all(0 <= a <= 1 for a in accuracies), cells
        difference = float(cells[6])
        assert difference == pytest.approx(accuracies[0] - accuracies[1], abs=2e-3)
        assert re.fullmatch(r"\d+\.\d\d(?: / \d+\.\d\d){3}", cells[8]), cells
        seconds = [float(s) for s in cells[8].split(" / ")]
        assert re.fullmatch(r"\d+\.\d\dx", cells[9]), cells
        assert re.fullmatch(r"\d+ / \d+ / \d+", cells[10]), cells
        assert re.fullmatch(r"\d+ / \d+ / \d+ / \d+", cells[11]), cells
        assert all(0 < float(e) for e in cells[10].split(" / "))
        assert sum(seconds[:2]) > 0
    # within: no more than 0.02 below MLP's accuracy (0.005 for the mean)
    within = float(rows[0][6]) >= -0.02
    assert rows[0][7] == ("yes" if within else "no")
    mean_within = "yes" if float(rows[1][6]) >= -0.005 else "no"
    assert rows[1][7] == f"{int(within)} of 1; mean within 0.005: {mean_within}"


def test_learning_searches_compare_each_grid_in_fresh_processes(quick_output):
    rows = _sections(quick_output)[LEARNING_SEARCH]
    # SigmoidNet's grids on the searched problem, then the large grid; the
    # docs' rates are benchmarks/learning.py's DOCS_LEARNING_RATES.
    grids = [(cells[0], cells[2]) for cells in rows]
    rates = r"\d[\d.e-]*(?:, \d[\d.e-]*)*"
    assert [problem for problem, _ in grids] == ["spiral"] * 2 + [
        "large clusters, 4 classes"
    ]
    assert re.fullmatch(
        rf"docs' rates: \(32,\), \(100,\) x {rates}, max_iter=20", grids[0][1]
    )
    assert grids[1][1] == "today's advice: (32,), (100,) x 0.05, 0.2, 0.5, max_iter=20"
    assert grids[2][1] == "same grid: (64,), (128,) x 0.05, 0.2, max_iter=20"
    against = "MLP its range: (32,), (100,) x 0.001, 0.003, 0.01, 0.03, max_iter=20"
    assert rows[0][4] == rows[1][4] == against
    assert rows[2][4] == "MLP sgd same grid: (64,), (128,) x 0.05, 0.2, max_iter=20"
    assert rows[2][1] == "600 x 20, 4 classes"
    for cells in rows:
        best = r"(\d\.\d{3}) \(\d+,\), lr [\d.]+"
        ours = float(re.fullmatch(best, cells[3]).group(1))
        theirs = float(re.fullmatch(best, cells[5]).group(1))
        assert 0 < ours <= 1 and 0 < theirs <= 1
        assert float(cells[6]) == pytest.approx(ours - theirs, abs=2e-3)
        assert cells[7] == ("yes" if float(cells[6]) >= -0.01 else "no")
        times = [
            tuple(map(float, re.fullmatch(r"(\S+) s \((\S+) s\)", cell).groups()))
            for cell in cells[8:10]
        ]
        assert all(whole > search > 0 for whole, search in times), cells
        assert re.fullmatch(r"\d+\.\d\dx", cells[10])
        assert cells[11] in ("yes", "no")


def test_learning_goals_are_each_flagged(quick_output):
    rows = _sections(quick_output)["Learning goals"]
    goals = [cells[0] for cells in rows]
    for suite in ("tuning", "held-out"):
        assert f"defaults, {suite} problems: each within 0.02 of MLP" in goals
        assert f"defaults, {suite} problems: mean within 0.005 of MLP" in goals
        assert (
            f"defaults, {suite} problems: summed fit time no more than MLP's" in goals
        )
    searched = [goal for goal in goals if goal.startswith("grid search")]
    assert len(searched) == 6
    assert any("today's advice (0.05, 0.2, 0.5) against MLP:" in g for g in searched)
    assert any("same grid (0.05, 0.2) against MLP sgd:" in g for g in searched)
    assert all(cells[2] in ("yes", "no") for cells in rows)


def test_learning_tables_printed_are_those_of_the_records_written(
    quick_output, csv_path
):
    spec = importlib.util.spec_from_file_location(
        "quick_run_records", ROOT / "benchmarks" / "records.py"
    )
    records = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(records)
    results = records.read_results(csv_path)
    for kind in records.LEARNING_TABLES:
        printed = records.table_markdown(records.table(results, kind))
        assert printed in quick_output, kind
