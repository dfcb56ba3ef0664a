"""The benchmark's output: the machine, Markdown tables, and how to read them."""

import os
import platform
from pathlib import Path

import numpy as np
import sklearn
import torch
from contenders import MODELS, available_models, skorch_version

import sksigmoidnet

UNIT_SCALE = {"ms/epoch": 1e3, "ms/fit": 1e3, "ms/call": 1e3, "us/call": 1e6}


def markdown(header, rows, align=None):
    """A Markdown table of ``header`` and ``rows`` (lists of cells)."""
    align = align or ["---"] * len(header)
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


def _untimed_cell(model):
    """The cell of a contender a case did not time: skorch when it is not
    installed, or a contender the case does not run (skorch's default fits)."""
    return "-" if model in available_models() else "not installed"


def _time_cell(row, model):
    if model not in row.seconds:
        return _untimed_cell(model)
    return f"{row.seconds[model] * UNIT_SCALE[row.unit]:.3g}"


def _ratio_cell(row, model):
    """How many times faster SigmoidNet is than ``model``."""
    if model not in row.seconds:
        return _untimed_cell(model)
    return f"{row.seconds[model] / row.seconds['SigmoidNet']:.2f}x"


def _accuracy_cell(row):
    return " / ".join(
        f"{row.accuracy[m]:.3f}" if m in row.accuracy else "-" for m in MODELS
    )


def training_table(rows):
    header = [
        "case",
        "unit",
        *MODELS,
        "faster than MLP",
        "faster than skorch",
        "accuracy SN / MLP / skorch",
        "notes",
    ]
    align = ["---", "---", "---:", "---:", "---:", "---:", "---:", "---", "---"]
    cells = [
        [row.case, row.unit]
        + [_time_cell(row, m) for m in MODELS]
        + [_ratio_cell(row, "MLP"), _ratio_cell(row, "skorch")]
        + [_accuracy_cell(row), "; ".join(row.notes)]
        for row in rows
    ]
    return markdown(header, cells, align)


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
