"""The benchmark script runs and prints its table (``--quick``, so it never rots)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"

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


@pytest.fixture(scope="module")
def quick_output():
    if not SCRIPT.exists():
        pytest.skip("benchmarks/ is not part of this installation (sdist without it)")
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed.stdout


def _table_rows(output):
    return [line for line in output.splitlines() if line.startswith("| ")]


def test_quick_run_prints_machine_description(quick_output):
    assert re.search(r"Machine: .+, \d+ cores", quick_output)
    assert "torch 2." in quick_output and "scikit-learn 1." in quick_output


def test_quick_run_table_has_every_case_with_numeric_ratios(quick_output):
    rows = _table_rows(quick_output)
    header, separator, *body = rows
    assert "faster than MLP" in header and "faster than skorch" in header
    assert set(separator.replace("|", "").split()) <= {"---", "---:"}
    assert [row.split("|")[1].strip() for row in body] == CASE_NAMES
    for row in body:
        cells = [cell.strip() for cell in row.split("|")[1:-1]]
        sigmoidnet, mlp = float(cells[2]), float(cells[3])
        assert sigmoidnet > 0 and mlp > 0
        assert re.fullmatch(r"\d+\.\d\dx", cells[5]), row
        assert re.fullmatch(r"\d+\.\d\dx|not installed", cells[6]), row
        accuracies = [float(a) for a in re.findall(r"\d\.\d{3}", cells[7])]
        assert accuracies and all(0 <= a <= 1 for a in accuracies), row


def test_quick_run_reports_throughput_and_memory(quick_output):
    rows = {row.split("|")[1].strip(): row for row in _table_rows(quick_output)}
    assert re.search(r"matmul peak \d+ GFLOP/s", rows["large batches"])
    assert re.search(r"SigmoidNet \d+ MB", rows["predict 20,000 rows"])
