"""Benchmark SigmoidNetClassifier against MLPClassifier and skorch on the CPU.

Run ``python benchmarks/run.py`` (about half an hour on 2 busy cores) or
``python benchmarks/run.py --quick`` (a small version of every case, to check
that the script runs: its ratios are not representative; a few minutes, most of
them starting fresh Python processes). ``--only`` runs one part.

Five parts, the speed ones reported twice where threads matter: with every
contender at its default threads (what a user gets), and with every contender
under ``threadpoolctl.threadpool_limits(1)`` (the engine comparison):

- training and prediction in this process: the three estimators train the
  same architecture on the same float32 data with the same SGD settings for
  the same number of epochs, early stopping off, runs interleaved, medians;
  with a bare torch loop's time per step (the floor) and the share of the
  machine's matrix-product peak;
- the grid search a user runs on digits, each run a fresh process, for
  SigmoidNet and ``MLPClassifier(solver="sgd")`` at ``n_jobs`` 1 and 2;
- cold starts in fresh processes: the import, and loading a pickled model to
  predict 5 rows;
- raw features at the defaults (``unscaled.py``);
- learning quality (``learning.py``): each estimator at its defaults on
  problems that need a hidden layer and on the bundled datasets, against
  ``MLPClassifier()``, ``MLPClassifier(solver="sgd")`` and
  ``LogisticRegression``; and grid searches on some of them in fresh
  processes, with the goals they check.

The result is Markdown on standard output (``records.report``: how the run was
made, then every table that has rows), and with ``--csv`` the same
measurements as records (``records.py``), from which the documentation builds
its tables; progress goes to standard error.
"""

import argparse
import shlex
import sys
import time
import warnings
from contextlib import nullcontext

from cold_start import COLD_START_FOOTNOTE, cold_start_records, cold_start_rows
from learning import LEARNING_FOOTNOTE, LEARNING_SEARCH_FOOTNOTE, learning_records
from measure import run_records
from records import DEFAULT_THREADS, ONE_THREAD, Results, report, write_results
from sizes import FULL, QUICK
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_limits
from training_cases import CASES, TRAINING_FOOTNOTE, training_records, warm_up
from unscaled import UNSCALED_FOOTNOTE, unscaled_records
from workflow import WORKFLOW_FOOTNOTE, search_records

# regime -> (threads for the fresh processes, context manager for this one)
REGIMES = {
    DEFAULT_THREADS: (None, nullcontext),
    ONE_THREAD: (1, lambda: threadpool_limits(1)),
}
PARTS = ("training", "search", "unscaled", "cold-start", "learning")
FOOTNOTES = {
    "training": TRAINING_FOOTNOTE,
    "search": WORKFLOW_FOOTNOTE,
    "unscaled": UNSCALED_FOOTNOTE,
    "cold-start": COLD_START_FOOTNOTE,
    "learning": f"{LEARNING_FOOTNOTE}\n\n{LEARNING_SEARCH_FOOTNOTE}",
}


def training_part(sizes):
    warm_up()
    records = []
    for regime, (_, limits) in REGIMES.items():
        with limits():
            rows = [case(sizes) for case in CASES]
        records += training_records(regime, rows)
    return records


def search_part(sizes):
    records = []
    for regime, (threads, _) in REGIMES.items():
        if threads and not sizes.search_in_one_thread:
            continue
        records += search_records(sizes, regime, threads)
    return records


def cold_start_part(sizes):
    return cold_start_records(cold_start_rows(sizes))


def unscaled_part(sizes):
    return unscaled_records(sizes.unscaled_datasets)


RUNNERS = {
    "training": training_part,
    "search": search_part,
    "unscaled": unscaled_part,
    "cold-start": cold_start_part,
    "learning": learning_records,
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a small version of every case, to check that it runs (a few minutes; "
        "not representative)",
    )
    parser.add_argument(
        "--only", choices=PARTS, action="append", help="run this part (repeatable)"
    )
    parser.add_argument(
        "--csv",
        metavar="PATH",
        help="also write every measurement to PATH, the records the documentation's "
        "tables are built from (store a full run as benchmarks/results/DATE.csv)",
    )
    parser.add_argument(
        "--note",
        help="what the script cannot see, stored with the run: the kind of machine, "
        "other work running on it",
    )
    args = parser.parse_args(argv)
    command = shlex.join(
        ["python", "benchmarks/run.py", *(sys.argv[1:] if argv is None else argv)]
    )
    sizes = QUICK if args.quick else FULL
    parts = args.only or PARTS
    started = time.perf_counter()
    records = []
    with warnings.catch_warnings():
        # Every fit here has its epochs set on purpose: reaching max_iter is
        # expected, and the default fits count their warnings themselves.
        warnings.simplefilter("ignore", ConvergenceWarning)
        for part in parts:
            records += RUNNERS[part](sizes)
    records = run_records(command, args.note, args.quick) + records
    if args.csv:
        write_results(args.csv, records)
    # How the run was made, its tables, and how to read them.
    print(report(Results(records)))
    for part in parts:
        print(f"\n{FOOTNOTES[part]}")
    print(f"\nTotal time {time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
