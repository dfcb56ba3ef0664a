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


@pytest.fixture(scope="module")
def quick_run():
    if not SCRIPT.exists():
        pytest.skip("benchmarks/ is not part of this installation (sdist without it)")
    # Benchmark the checkout these tests belong to, whatever is installed.
    environment = dict(os.environ, PYTHONPATH=str(ROOT))
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"],
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
