"""One grid search on a learning problem, as a user runs it: a fresh process.

``python benchmarks/search_problem.py SigmoidNet --problem spiral --rates
0.05,0.2,0.5`` searches ``StandardScaler() + estimator`` over one-layer
hidden sizes (``--hidden``, 32 and 100 unless given) and the learning rates
``--rates``, with 3-fold cross-validation, on the problem of
``learning_problems.py`` at data seed 0 (``--seed``), and prints one JSON
line: the seconds spent importing (from the first line of this script) and
searching, the best score and parameters, the number of ConvergenceWarnings
and the problem's size. ``MLP`` stands for ``MLPClassifier()`` (Adam, ReLU),
``MLP sgd`` for ``MLPClassifier(solver="sgd")``; every other setting,
``max_iter`` included unless ``--max-iter`` is given, is each estimator's
default, ``random_state=0``. ``--rows`` searches a stratified sample of the
problem (a quick run's size).

As in ``search_digits.py``, SigmoidNet's script imports torch before the
search, as a notebook has it after a first fit, and reports that import apart
(``torch_import_seconds``, part of ``import_seconds``).
"""

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402 (the imports are part of what is timed)
import warnings  # noqa: E402

from learning_problems import problem_data, shape_text  # noqa: E402
from search_report import print_search_report  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.model_selection import GridSearchCV  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

MODELS = ("SigmoidNet", "MLP", "MLP sgd")


def estimator(model, max_iter):
    """Import and build the estimator only when asked, as a user's script would."""
    chosen = {} if max_iter is None else {"max_iter": max_iter}
    if model == "SigmoidNet":
        from sksigmoidnet import SigmoidNetClassifier

        return SigmoidNetClassifier(random_state=0, **chosen)
    from sklearn.neural_network import MLPClassifier

    solver = {"solver": "sgd"} if model == "MLP sgd" else {}
    return MLPClassifier(random_state=0, **solver, **chosen)


def numbers(text, kind):
    return [kind(value) for value in text.split(",")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", choices=MODELS)
    parser.add_argument("--problem", required=True)
    parser.add_argument("--rates", required=True, help="comma-separated")
    parser.add_argument("--hidden", default="32,100", help="one-layer sizes")
    parser.add_argument("--seed", type=int, default=0, help="the data seed")
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--max-iter", type=int, default=None)
    args = parser.parse_args()
    net = estimator(args.model, args.max_iter)
    X, y = problem_data(args.problem, args.seed, args.rows)
    step = type(net).__name__.lower()
    grid = {
        f"{step}__hidden_layer_sizes": [(h,) for h in numbers(args.hidden, int)],
        f"{step}__learning_rate_init": numbers(args.rates, float),
    }
    search = GridSearchCV(make_pipeline(StandardScaler(), net), grid, cv=3)
    torch_import_seconds = 0.0
    if args.model == "SigmoidNet":
        started_torch = time.perf_counter()
        import torch  # noqa: F401

        torch_import_seconds = time.perf_counter() - started_torch
    imported = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        search.fit(X, y)
    searched = time.perf_counter()
    moments = (STARTED, imported, searched)
    shape = shape_text(X, y)
    print_search_report(search, caught, moments, torch_import_seconds, shape=shape)


if __name__ == "__main__":
    main()
