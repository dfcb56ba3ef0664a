"""Prediction against MLPClassifier's: ``predict_proba`` in this process from
500 to 1,000,000 rows, and a cold start that loads a pickled model and
predicts 1,000 rows in a fresh process.

Run ``python benchmarks/prediction.py`` (about ten minutes on 2 busy cores) or
``python benchmarks/prediction.py --quick`` (small sizes, to check that it
runs). Both estimators are trained on the same scaled data: digits (a 64-100-10
network, multiclass) and breast cancer (30-100-1, binary). SigmoidNet runs
sigmoid hidden units; it is compared with ``MLPClassifier`` running the same
network (``activation="logistic"``) and with ``MLPClassifier`` at its defaults
(``relu`` hidden units, which cost far less than sigmoids to compute).
In-process times are reported twice: at every library's default threads and
under ``threadpoolctl.threadpool_limits(1)``.

The result is Markdown on standard output; progress goes to standard error.
"""

import argparse
import shlex
import statistics
import sys
import time
import warnings
from contextlib import nullcontext

import numpy as np
from cold_start import cold_start_rows, cold_start_table
from measure import run_records
from records import Results, Table, how_measured, markdown
from sizes import FULL, QUICK
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from sksigmoidnet import SigmoidNetClassifier

DATASETS = {
    "digits 64-100-10": load_digits,
    "breast cancer 30-100-1": load_breast_cancer,
}
ROWS = {"full": (500, 2_000, 20_000, 1_000_000), "quick": (500, 2_000)}
REGIMES = {
    "every library at its default threads": nullcontext,
    "every library under threadpool_limits(1)": lambda: threadpool_limits(1),
}
# Calls of each estimator per size: enough for a stable median, about the
# same total time per size.
CALL_ROWS = 2_000_000

FOOTNOTE = """\
In-process: median seconds of one `predict_proba` call on the rows (the data
set's scaled rows repeated), the estimators' calls interleaved; ratios are
MLPClassifier's time divided by SigmoidNet's (above 1 means SigmoidNet is
faster). Models trained 20 epochs on the whole scaled data set, in the dtype
of the column. "same network": `MLPClassifier(activation="logistic")`;
"defaults": `MLPClassifier()`, whose relu units cost about a tenth of a
sigmoid each. Cold start: see below."""


def fitted_models(load, dtype):
    X, y = load(return_X_y=True)
    X = StandardScaler().fit_transform(X).astype(dtype)
    models = {
        "SigmoidNet": SigmoidNetClassifier(max_iter=20, random_state=0),
        "MLP same network": MLPClassifier(
            activation="logistic", max_iter=20, random_state=0
        ),
        "MLP defaults": MLPClassifier(max_iter=20, random_state=0),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # 20 epochs, on purpose
        return {name: model.fit(X, y) for name, model in models.items()}, X


def interleaved_medians(models, X, repeats):
    times = {name: [] for name in models}
    for model in models.values():
        model.predict_proba(X[:10])  # first-call costs out of the medians
    for _ in range(repeats):
        for name, model in models.items():
            started = time.perf_counter()
            model.predict_proba(X)
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(t) for name, t in times.items()}


def prediction_table(sizes_name, limits):
    cells = []
    for data_name, load in DATASETS.items():
        for dtype in (np.float64, np.float32):
            models, X = fitted_models(load, dtype)
            for n_rows in ROWS[sizes_name]:
                rows = np.resize(X, (n_rows, X.shape[1]))
                repeats = int(np.clip(CALL_ROWS // n_rows, 3, 100))
                with limits():
                    seconds = interleaved_medians(models, rows, repeats)
                ours = seconds["SigmoidNet"]
                same, default = seconds["MLP same network"], seconds["MLP defaults"]
                cells.append(
                    [
                        data_name,
                        np.dtype(dtype).name,
                        f"{n_rows:,}",
                        f"{ours * 1e3:.3g}",
                        f"{same * 1e3:.3g}",
                        f"{same / ours:.2f}x",
                        f"{default * 1e3:.3g}",
                        f"{default / ours:.2f}x",
                    ]
                )
                print(f"  {' | '.join(cells[-1])}", file=sys.stderr)
    header = [
        "data, network",
        "dtype",
        "rows",
        "SigmoidNet ms",
        "MLP same network ms",
        "faster than same network",
        "MLP defaults ms",
        "faster than defaults",
    ]
    align = ["---", "---", "---:", "---:", "---:", "---:", "---:", "---:"]
    return markdown(Table(header, cells, align))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="small sizes: checks that it runs"
    )
    args = parser.parse_args(argv)
    sizes_name = "quick" if args.quick else "full"
    sections = []
    for regime, limits in REGIMES.items():
        print(f"predict_proba, {regime}", file=sys.stderr)
        sections.append(
            (f"predict_proba, {regime}", prediction_table(sizes_name, limits))
        )
    sizes = QUICK if args.quick else FULL
    cold = cold_start_table(
        cold_start_rows(sizes, predict_rows=(1_000,), import_row=False)
    )
    sections.append(("Cold start in fresh processes", cold))
    command = shlex.join(
        [
            "python",
            "benchmarks/prediction.py",
            *(sys.argv[1:] if argv is None else argv),
        ]
    )
    print(how_measured(Results(run_records(command, quick=args.quick))))
    for title, table in sections:
        print(f"\n## {title}\n\n{table}")
    print(f"\n{FOOTNOTE}")


if __name__ == "__main__":
    main()
