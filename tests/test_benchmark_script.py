"""The benchmark's measuring code runs, and prints the tables of its records.

A tiny case of each kind, in this process, in a second or two: ``run.py
--quick --only unscaled`` (5-fold cross-validation of two estimators on wine,
through the script's whole path: records, CSV file, printed report) and one
training case at 2 epochs. ``python benchmarks/run.py --quick`` runs every
case, but takes minutes (its fresh processes each import torch): no test runs
it. ``test_docs_figures.py`` checks the tables of the stored runs.
"""

import dataclasses
import importlib
import sys
import warnings
from pathlib import Path

import pytest
from sklearn.exceptions import ConvergenceWarning

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def benchmark():
    """Import a benchmark module by name, as the scripts import each other;
    the modules are forgotten after this test module."""
    if not BENCHMARKS.is_dir():
        pytest.skip("benchmarks/ is not part of this installation")
    sys.path.insert(0, str(BENCHMARKS))
    yield importlib.import_module
    sys.path.remove(str(BENCHMARKS))
    for name, module in list(sys.modules.items()):
        if Path(getattr(module, "__file__", None) or "/").parent == BENCHMARKS:
            del sys.modules[name]


def test_quick_run_prints_the_tables_of_the_records_it_writes(
    benchmark, tmp_path, capsys
):
    run, records = benchmark("run"), benchmark("records")
    path = tmp_path / "quick.csv"
    argv = ["--quick", "--only", "unscaled", "--csv", str(path)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run.main(argv)
    # Its fits' ConvergenceWarnings are counted, not shown.
    assert not [w for w in caught if issubclass(w.category, ConvergenceWarning)]
    printed = capsys.readouterr().out
    results = records.read_results(path)
    assert results.run["command"] == "python benchmarks/run.py " + " ".join(argv)
    assert results.run["quick"] == "yes"
    assert printed.startswith(records.how_measured(results))
    assert "A quick run (--quick)" in printed and "representative" in printed
    assert records.markdown(records.table(results, "unscaled")) in printed
    assert benchmark("unscaled").UNSCALED_FOOTNOTE in printed

    value = {(r.model, r.quantity): r.value for r in results.records if r.case}
    ours, theirs = value["SigmoidNet", "accuracy"], value["MLP", "accuracy"]
    assert 0 < ours <= 1 and 0 < theirs <= 1
    warned = (
        value["SigmoidNet", "ConvergenceWarnings"],
        value["MLP", "ConvergenceWarnings"],
    )
    assert all(n in range(6) for n in warned)  # at most one a fold
    (cells,) = records.table(results, "unscaled").rows
    assert cells == [
        "wine",
        f"{ours:.3f}",
        f"{theirs:.3f}",
        f"{ours - theirs:+.3f}",
        "{:.0f} / {:.0f}".format(*warned),
    ]


# Its fits stop at their epoch budget on purpose, as run.py's do.
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_training_case_gives_times_speed_ups_and_notes(benchmark):
    training_cases, records = benchmark("training_cases"), benchmark("records")
    sizes = dataclasses.replace(benchmark("sizes").QUICK, tiny_epochs=2)
    row = training_cases.case_tiny_fits(sizes)
    results = records.Results(
        training_cases.training_records(records.DEFAULT_THREADS, [row])
    )
    table = records.table(results, "training", records.DEFAULT_THREADS)
    (cells,) = table.rows
    shown = dict(zip(table.header, cells, strict=True))
    assert shown["case"] == "tiny fits" and shown["unit"] == "ms/fit"
    models = training_cases.available_models()
    for model in models:  # the median seconds of a fit, in milliseconds
        assert shown[model] == f"{row.seconds[model] * 1e3:.3g}"
    speed_up = row.seconds["MLP"] / row.seconds["SigmoidNet"]
    assert shown["faster than MLP"] == f"{speed_up:.2f}x"
    if "skorch" not in models:
        assert shown["skorch"] == shown["faster than skorch"] == "-"
    accuracies = shown["accuracy SN / MLP / skorch"].split(" / ")
    assert accuracies[:2] == [f"{row.accuracy[m]:.3f}" for m in ("SigmoidNet", "MLP")]
    assert shown["notes"] == "2 epochs, batch auto (50)"
