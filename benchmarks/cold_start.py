"""Cold starts, each in a fresh process: importing the estimator's module,
and loading a pickled model to predict a few rows (5, or a service's batch of
1,000).

Each child times its own statements (the interpreter's start-up, the same for
both, is left out) and says whether torch ended up imported. Runs are
interleaved and the medians reported.
"""

import compileall
import pickle
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np
from measure import run_fresh_process
from records import Record, Results, markdown, table
from sklearn.datasets import load_digits
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

import sksigmoidnet
from sksigmoidnet import SigmoidNetClassifier

COLD_START_FOOTNOTE = """\
Cold starts: a fresh process times its own statements (the interpreter's
start-up left out), after one untimed process has read every library into
the disk cache, with sksigmoidnet's bytecode compiled as pip compiles an
installed package's; medians of interleaved runs. The pickled models were trained
on scaled digits (hidden (100,), 20 epochs); predicting is `predict_proba`."""

IMPORTS = {"SigmoidNet": "sksigmoidnet", "MLP": "sklearn.neural_network"}

TIMED_CHILD = """\
import time
started = time.perf_counter()
{statements}
seconds = time.perf_counter() - started
import json, sys
print(json.dumps({{"seconds": seconds, "torch": "torch" in sys.modules}}))
"""

LOAD_AND_PREDICT = """\
import pickle
with open({path!r}, "rb") as file:
    model, rows = pickle.load(file)
model.predict_proba(rows)"""


def _pickled_models(folder, n_rows):
    """Pickle each estimator, trained on digits, with ``n_rows`` rows (the
    scaled digits, repeated as needed) to predict."""
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    rows = np.resize(X, (n_rows, X.shape[1]))
    models = {
        "SigmoidNet": SigmoidNetClassifier(max_iter=20, random_state=0),
        "MLP": MLPClassifier(solver="sgd", max_iter=20, random_state=0),
    }
    paths = {}
    for name, model in models.items():
        paths[name] = Path(folder) / f"{name}-{n_rows}.pickle"
        with open(paths[name], "wb") as file:
            pickle.dump((model.fit(X, y), rows), file)
    return paths


def _medians(programs, repeats):
    """name -> (median seconds, torch imported) over fresh processes."""
    seconds = {name: [] for name in programs}
    torch_loaded = {}
    for _ in range(repeats):
        for name, program in programs.items():
            _, report = run_fresh_process(["-c", program])
            seconds[name].append(report["seconds"])
            torch_loaded[name] = report["torch"]
    for name, times in seconds.items():
        print(f"  {name}: {', '.join(f'{t:.2f}' for t in times)} s", file=sys.stderr)
    return {
        name: (statistics.median(seconds[name]), torch_loaded[name])
        for name in programs
    }


def cold_start_records(rows):
    """The records of ``cold_start_rows``: median seconds, and whether torch
    was imported."""
    records = []
    for case, medians in rows:
        for model, (seconds, torch_loaded) in medians.items():
            imported = "yes" if torch_loaded else "no"
            records += [
                Record("cold-start", "", case, "", model, "time", "s", seconds),
                Record(
                    "cold-start", "", case, "", model, "torch imported", "", imported
                ),
            ]
    return records


def cold_start_table(rows):
    """The Markdown table of ``cold_start_rows``."""
    return markdown(table(Results(cold_start_records(rows)), "cold-start"))


def cold_start_rows(sizes, predict_rows=(5,), import_row=True):
    """Rows of (path, {model: (median seconds, torch imported)}): the import
    (unless ``import_row`` is false), then loading a pickle and predicting
    each of ``predict_rows`` rows."""
    print("cold starts", file=sys.stderr)
    # Compiled as pip compiles what it installs (scikit-learn's modules are):
    # an editable install under PYTHONDONTWRITEBYTECODE would otherwise
    # compile every module again in each fresh process.
    compileall.compile_dir(Path(sksigmoidnet.__file__).parent, quiet=1)
    # Read every library once, so that no run pays for a cold disk cache.
    run_fresh_process(
        ["-c", "import sksigmoidnet, sklearn.neural_network, torch; print(0)"]
    )
    imports = {
        name: TIMED_CHILD.format(statements=f"import {module}")
        for name, module in IMPORTS.items()
    }
    rows = []
    if import_row:
        rows.append(("import", _medians(imports, sizes.cold_start_repeats)))
    with tempfile.TemporaryDirectory() as folder:
        for n_rows in predict_rows:
            loads = {
                name: TIMED_CHILD.format(
                    statements=LOAD_AND_PREDICT.format(path=str(path))
                )
                for name, path in _pickled_models(folder, n_rows).items()
            }
            rows.append(
                (
                    f"load pickle, predict {n_rows:,} rows",
                    _medians(loads, sizes.cold_start_repeats),
                )
            )
    return rows
