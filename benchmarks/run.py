"""Benchmark SigmoidNetClassifier against MLPClassifier and skorch on the CPU.

Run ``python benchmarks/run.py`` (about half an hour on 2 busy cores) or
``python benchmarks/run.py --quick`` (a small version of every case, to check
that the script runs: its ratios are not representative; a few minutes, most of
them starting fresh Python processes). ``--only`` runs one part.

Three parts, each reported twice where threads matter: with every contender
at its default threads (what a user gets), and with every contender under
``threadpoolctl.threadpool_limits(1)`` (the engine comparison):

- training and prediction in this process: the three estimators train the
  same architecture on the same float32 data with the same SGD settings for
  the same number of epochs, early stopping off, runs interleaved, medians;
  with a bare torch loop's time per step (the floor) and the share of the
  machine's matrix-product peak;
- the grid search a user runs on digits, each run a fresh process, for
  SigmoidNet and ``MLPClassifier(solver="sgd")`` at ``n_jobs`` 1 and 2;
- cold starts in fresh processes: the import, and loading a pickled model to
  predict 5 rows.

The result is Markdown on standard output; progress goes to standard error.
"""

import argparse
import sys
import time
import warnings
from contextlib import nullcontext

from cold_start import COLD_START_FOOTNOTE, cold_start_rows, cold_start_table
from report import (
    QUICK_WARNING,
    TRAINING_FOOTNOTE,
    WORKFLOW_FOOTNOTE,
    machine_description,
    markdown,
    training_table,
)
from sizes import FULL, QUICK
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_limits
from training_cases import CASES, warm_up
from unscaled import UNSCALED_FOOTNOTE, UNSCALED_HEADER, unscaled_rows
from workflow import WORKFLOW_HEADER, workflow_table_rows

# name -> (threads for the fresh processes, context manager for this one)
REGIMES = {
    "every contender at its default threads": (None, nullcontext),
    "every contender under threadpool_limits(1)": (1, lambda: threadpool_limits(1)),
}
PARTS = ("training", "search", "unscaled", "cold-start")


def training_sections(sizes):
    warm_up()
    sections = []
    for regime, (_, limits) in REGIMES.items():
        with limits():
            rows = [case(sizes) for case in CASES]
        sections.append((f"Training and prediction, {regime}", training_table(rows)))
    return sections, TRAINING_FOOTNOTE


def search_sections(sizes):
    sections = []
    for regime, (threads, _) in REGIMES.items():
        if threads and not sizes.search_in_one_thread:
            continue
        rows = workflow_table_rows(sizes, threads)
        title = f"Grid search on digits in fresh processes, {regime}"
        sections.append((title, markdown(WORKFLOW_HEADER, rows)))
    return sections, WORKFLOW_FOOTNOTE


def cold_start_sections(sizes):
    table = cold_start_table(cold_start_rows(sizes))
    return [("Cold start in fresh processes", table)], COLD_START_FOOTNOTE


def unscaled_sections(sizes):
    table = markdown(UNSCALED_HEADER, unscaled_rows(sizes.unscaled_datasets))
    return [("A forgotten scaler: raw features at the defaults", table)], (
        UNSCALED_FOOTNOTE
    )


RUNNERS = {
    "training": training_sections,
    "search": search_sections,
    "unscaled": unscaled_sections,
    "cold-start": cold_start_sections,
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
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    started = time.perf_counter()
    with warnings.catch_warnings():
        # Every fit here has its epochs set on purpose: reaching max_iter is
        # expected, and the default fits count their warnings themselves.
        warnings.simplefilter("ignore", ConvergenceWarning)
        results = [RUNNERS[part](sizes) for part in args.only or PARTS]
    print(machine_description())
    if args.quick:
        print(f"\n{QUICK_WARNING}")
    for sections, footnote in results:
        for title, table in sections:
            print(f"\n## {title}\n\n{table}")
        print(f"\n{footnote}")
    print(f"\nTotal time {time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
