"""The benchmark's output: its records, the machine, and how to read the tables."""

import datetime
import os
import platform
from pathlib import Path

import numpy as np
import sklearn
import torch
from contenders import skorch_version
from records import Record, markdown  # noqa: F401 (markdown: for prediction.py)

import sksigmoidnet

UNIT_SCALE = {"ms/epoch": 1e3, "ms/fit": 1e3, "ms/call": 1e3, "us/call": 1e6}


def training_records(regime, rows):
    """The records of the training cases' ``rows`` (``training_cases.Row``)
    measured under ``regime``: times in each row's unit, accuracies, and what
    each case adds for its notes."""
    records = []
    for row in rows:
        records += [
            Record(
                "training",
                regime,
                row.case,
                "",
                model,
                "time",
                row.unit,
                s * UNIT_SCALE[row.unit],
            )
            for model, s in row.seconds.items()
        ]
        records += [
            Record("training", regime, row.case, "", model, "accuracy", "", a)
            for model, a in row.accuracy.items()
        ]
        records += [
            Record("training", regime, row.case, *extra) for extra in row.extras
        ]
    return records


TRAINING_FOOTNOTE = """\
Medians of interleaved repeats; ratios are the other estimator's time divided
by SigmoidNet's (above 1 means SigmoidNet is faster). Training times are whole
`fit` calls (validation and conversion included) divided by the epochs, all
estimators running exactly that many epochs (early stopping off, checked with
`n_iter_` and skorch's history), float32 data, SGD with learning rate 0.2 and
Nesterov momentum 0.9. Accuracy is on the training rows (for the predict
cases, of models trained for 2 epochs on the first 5,000 rows). The floor is
`benchmarks/floor.py`: a bare torch loop of the same step on the same shapes
under the same thread regime, as many steps as a fit, its runs interleaved
with the fits; SigmoidNet's time per step is its time per epoch over the
steps of an epoch (per-epoch and per-fit costs included).
GFLOP/s: the multiply-adds of forward and backward products, against the
best float32 `torch.mm` of 2048 x 2048 matrices under the same regime.
(*) Peak extra memory of one `predict_proba` call, output included: the larger
of the peak of tracemalloc (NumPy's allocations) and the growth of the
process's resident set size sampled every 0.5 ms (torch's allocations, which
tracemalloc does not see). Sampling can miss a peak shorter than that."""

WORKFLOW_FOOTNOTE = """\
Grid search: `GridSearchCV(make_pipeline(StandardScaler(), estimator), grid,
cv=3)` on digits (1,797 x 64, 10 classes), the grid hidden_layer_sizes (32,),
(100,), (64, 64) times learning_rate_init 0.05, 0.2, each estimator otherwise
at its defaults (`MLPClassifier(solver="sgd")`), `max_iter` as the epochs
column says; `benchmarks/search_digits.py`, one fresh process per run, runs
interleaved, medians. Each cell: the whole process, imports included (the
search alone, after the imports, worker start-up included, in brackets).
SigmoidNet's script imports torch before its search, as a notebook has it after
a first fit; a first search in a fresh process adds the torch import column.
Columns: `n_jobs=1`; `n_jobs=2` with joblib's default loky backend (worker
processes); `n_jobs=2 threads` inside `joblib.parallel_config(backend=
"threading")` (threads of the same process). Best against best: the fastest
configuration of each side, MLP's time over SigmoidNet's. Under
`threadpool_limits(1)` the limit is set in the main process around the search;
loky's workers already run one thread each on two cores."""

QUICK_WARNING = """\
Quick run (--quick): the sizes are too small for these times and ratios to be
representative (fixed costs and noise dominate, and ratios below 1x are
common). Run `python benchmarks/run.py` without --quick for the real figures."""


def run_records(command, note=None, quick=False):
    """The records that say how and where this run is made."""
    load = (
        ", ".join(f"{x:.1f}" for x in os.getloadavg())
        if hasattr(os, "getloadavg")
        else "?"
    )
    fields = {
        "date": datetime.date.today().isoformat(),
        "command": command,
        "cpu": cpu_model(),
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "torch": f"{torch.__version__} ({torch.get_num_threads()} threads)",
        "scikit-learn": sklearn.__version__,
        "skorch": skorch_version(),
        "sksigmoidnet": f"{sksigmoidnet.__version__} from "
        f"{Path(sksigmoidnet.__file__).parent}",
        "load average": f"{load} at the end",
        "quick": "yes" if quick else "no",
        "note": note or "",
    }
    return [Record("run", quantity=k, value=v) for k, v in fields.items() if v]


def machine_description():
    load = (
        ", ".join(f"{x:.1f}" for x in os.getloadavg())
        if hasattr(os, "getloadavg")
        else "?"
    )
    return (
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, torch threads "
        f"{torch.get_num_threads()}; Python {platform.python_version()}, "
        f"NumPy {np.__version__}, torch {torch.__version__}, scikit-learn "
        f"{sklearn.__version__}, skorch {skorch_version()}, sksigmoidnet "
        f"{sksigmoidnet.__version__} from {Path(sksigmoidnet.__file__).parent}\n"
        f"Load average at the end: {load} (other processes slow every estimator)"
    )


def cpu_model():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"
