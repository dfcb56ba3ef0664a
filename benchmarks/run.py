"""Benchmark SigmoidNetClassifier against MLPClassifier and skorch on the CPU.

Run ``python benchmarks/run.py`` (about 5 minutes on 2 cores) or
``python benchmarks/run.py --quick`` (a small version of every case, under a
minute). The three estimators train the same architecture on the same float32
data with the same SGD settings (learning rate, Nesterov momentum, batch size,
shuffling) for the same number of epochs, early stopping off. Runs are
interleaved (one fit of each estimator, then the next repeat) so that noise
from other processes falls on all three alike, and medians are reported.

The result is one Markdown table on standard output; progress goes to
standard error.
"""

import argparse
import os
import platform
import statistics
import sys
import threading
import time
import tracemalloc
import warnings
from dataclasses import dataclass, field

import numpy as np
import sklearn
import torch
from sklearn.datasets import load_digits, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from sksigmoidnet import SigmoidNetClassifier

try:
    import skorch
except ImportError:
    skorch = None

MODELS = ("SigmoidNet", "MLP", "skorch")
LEARNING_RATE = 0.2
MOMENTUM = 0.9
ALPHA = 1e-4


@dataclass
class Sizes:
    """How big each case is: the full benchmark or its quick version."""

    small_rows: int
    many_rows: int
    large_rows: int
    predict_rows: int
    short_epochs: int
    large_batch_epochs: int
    long_epochs: int
    tiny_epochs: int
    one_row_calls: int
    repeats: int


# Large batches take few steps per epoch: 10 epochs let every estimator get
# off the sigmoid plateau, so that accuracies compare learning, not noise.
FULL = Sizes(10_000, 100_000, 100_000, 1_000_000, 3, 10, 20, 200, 300, 3)
QUICK = Sizes(1_000, 2_000, 8_192, 20_000, 1, 1, 2, 20, 30, 1)


@dataclass
class Row:
    """One line of the result table."""

    case: str
    unit: str
    seconds: dict  # model -> median seconds per unit
    accuracy: dict  # model -> accuracy, or None
    notes: list = field(default_factory=list)


# --------------------------------------------------------------- estimators


class _OneHotBCE(torch.nn.Module):
    """Binary cross-entropy of K logits against one-hot class labels, summed
    over the K outputs and averaged over rows: SigmoidNet's multiclass loss."""

    def forward(self, logits, y):
        target = torch.nn.functional.one_hot(y.long(), logits.shape[1]).to(logits.dtype)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            logits, target, reduction="none"
        )
        return loss.sum(1).mean()


def _sigmoid_module(n_features, hidden, n_outputs):
    sizes = [n_features, *hidden]
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        layers += [torch.nn.Linear(fan_in, fan_out), torch.nn.Sigmoid()]
    layers.append(torch.nn.Linear(sizes[-1], n_outputs))  # logits
    return torch.nn.Sequential(*layers)


def make_estimator(model, hidden, batch_size, epochs, n_features, n_classes):
    """A fresh, unfitted estimator of ``model`` with the shared settings."""
    sgd = dict(
        batch_size=batch_size,
        max_iter=epochs,
        learning_rate_init=LEARNING_RATE,
        momentum=MOMENTUM,
        alpha=ALPHA,
        n_iter_no_change=np.inf,
        random_state=0,
    )
    if model == "SigmoidNet":
        return SigmoidNetClassifier(hidden, **sgd)
    if model == "MLP":
        return MLPClassifier(hidden, activation="logistic", solver="sgd", **sgd)
    binary = n_classes == 2
    torch.manual_seed(0)  # skorch initialises from torch's global generator
    net_class = (
        skorch.NeuralNetBinaryClassifier if binary else skorch.NeuralNetClassifier
    )
    return net_class(
        _sigmoid_module(n_features, hidden, 1 if binary else n_classes),
        criterion=torch.nn.BCEWithLogitsLoss if binary else _OneHotBCE,
        optimizer=torch.optim.SGD,
        lr=LEARNING_RATE,
        optimizer__momentum=MOMENTUM,
        optimizer__nesterov=True,
        # MLPClassifier's penalty alpha/2 ||W||^2 / batch gives this decay
        # (skorch also applies it to the biases, a negligible difference).
        optimizer__weight_decay=ALPHA / batch_size,
        batch_size=batch_size,
        # predict in SigmoidNet's chunk size, not 200 rows at a time
        iterator_valid__batch_size=4096,
        max_epochs=epochs,
        train_split=None,
        iterator_train__shuffle=True,
        verbose=0,
    )


def targets_for(model, y, n_classes):
    """skorch wants float targets for its binary net; the others take labels."""
    if model == "skorch":
        return y.astype(np.float32 if n_classes == 2 else np.int64)
    return y


def epochs_run(model, estimator):
    return len(estimator.history) if model == "skorch" else estimator.n_iter_


def available_models():
    return MODELS if skorch is not None else MODELS[:2]


# ------------------------------------------------------------------- timing


def interleaved_medians(runs, repeats):
    """Call every function of ``runs`` (a dict name -> callable) once per
    repeat, interleaved; return name -> (median seconds, last result)."""
    times = {name: [] for name in runs}
    results = {}
    for repeat in range(repeats):
        for name, run in runs.items():
            started = time.perf_counter()
            results[name] = run()
            times[name].append(time.perf_counter() - started)
            print(
                f"  {name} repeat {repeat + 1}: {times[name][-1]:.3f} s",
                file=sys.stderr,
            )
    return {name: (statistics.median(t), results[name]) for name, t in times.items()}


def _resident_bytes():
    """Resident set size of this process from /proc (Linux), or None."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return None


def peak_extra_memory(function):
    """Peak memory ``function()`` adds: the larger of NumPy's (and Python's)
    traced allocations and the sampled growth of the resident set size, which
    also sees torch's allocations that tracemalloc cannot."""
    baseline = _resident_bytes()
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], (_resident_bytes() or 0) - (baseline or 0))
            time.sleep(0.0005)

    sampler = threading.Thread(target=sample, daemon=True)
    tracemalloc.start()
    sampler.start()
    try:
        function()
    finally:
        done.set()
        sampler.join()
        traced_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return max(traced_peak, peak[0])


def matmul_peak_gflops(size, repeats=5):
    """Best float32 ``torch.mm`` throughput on square matrices, in GFLOP/s."""
    generator = torch.Generator().manual_seed(0)
    a = torch.rand(size, size, generator=generator)
    b = torch.rand(size, size, generator=generator)
    torch.mm(a, b)  # warm up
    best = min(_seconds(lambda: torch.mm(a, b)) for _ in range(repeats))
    return 2 * size**3 / best / 1e9


def _seconds(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def training_flops(n_rows, layer_sizes):
    """Floating-point operations of one epoch: a forward product, a weight
    gradient product, and (except for the first layer) a backward product."""
    flops = 0
    for layer, (fan_in, fan_out) in enumerate(
        zip(layer_sizes[:-1], layer_sizes[1:], strict=True)
    ):
        products = 3 if layer else 2
        flops += products * 2 * n_rows * fan_in * fan_out
    return flops


# --------------------------------------------------------------------- data


def binary_data(n_rows, n_features=20):
    X, y = make_classification(
        n_samples=n_rows,
        n_features=n_features,
        n_informative=n_features // 2,
        random_state=0,
    )
    return X.astype(np.float32), y


def digits_data():
    X, y = load_digits(return_X_y=True)
    return StandardScaler().fit_transform(X).astype(np.float32), y


# -------------------------------------------------------------------- cases


def fit_all(X, y, hidden, batch_size, epochs, repeats):
    """Fit every model ``repeats`` times; return medians and fitted models."""
    n_classes = len(np.unique(y))

    def fitter(model):
        def fit():
            estimator = make_estimator(
                model, hidden, batch_size, epochs, X.shape[1], n_classes
            )
            return estimator.fit(X, targets_for(model, y, n_classes))

        return fit

    medians = interleaved_medians({m: fitter(m) for m in available_models()}, repeats)
    fitted = {model: estimator for model, (_, estimator) in medians.items()}
    for model, estimator in fitted.items():
        if epochs_run(model, estimator) != epochs:
            raise RuntimeError(
                f"{model} ran {epochs_run(model, estimator)} epochs, not {epochs}"
            )
    seconds = {model: median for model, (median, _) in medians.items()}
    return seconds, fitted


def training_accuracy(fitted, X, y):
    return {model: float(np.mean(est.predict(X) == y)) for model, est in fitted.items()}


def training_case(case, X, y, hidden, batch_size, epochs, sizes):
    print(f"{case}: {X.shape}, hidden {hidden}, batch {batch_size}", file=sys.stderr)
    seconds, fitted = fit_all(X, y, hidden, batch_size, epochs, sizes.repeats)
    per_epoch = {model: s / epochs for model, s in seconds.items()}
    return Row(case, "ms/epoch", per_epoch, training_accuracy(fitted, X, y))


def case_small_batches(sizes):
    X, y = binary_data(sizes.small_rows)
    return training_case("small batches", X, y, (100,), 200, sizes.long_epochs, sizes)


def case_deeper(sizes):
    X, y = binary_data(sizes.small_rows)
    return training_case("deeper", X, y, (64, 64), 200, sizes.long_epochs, sizes)


def case_many_rows(sizes):
    X, y = binary_data(sizes.many_rows)
    return training_case("many rows", X, y, (100,), 200, sizes.short_epochs, sizes)


def case_large_batches(sizes):
    X, y = binary_data(sizes.large_rows)
    hidden = (256, 256)
    row = training_case(
        "large batches", X, y, hidden, 4096, sizes.large_batch_epochs, sizes
    )
    peak = matmul_peak_gflops(2048 if sizes is FULL else 1024)
    flops = training_flops(X.shape[0], [X.shape[1], *hidden, 1])
    rates = [
        f"{model} {flops / s / 1e9:.0f} GFLOP/s ({flops / s / 1e9 / peak:.0%})"
        for model, s in row.seconds.items()
    ]
    row.notes.append(f"matmul peak {peak:.0f} GFLOP/s; " + ", ".join(rates))
    return row


def case_multiclass(sizes):
    X, y = digits_data()
    row = training_case("multiclass", X, y, (100,), 200, sizes.long_epochs, sizes)
    row.notes.append("MLP: softmax output; others: 10 sigmoids, one-hot BCE")
    return row


def case_tiny_fits(sizes):
    X, y = binary_data(50, n_features=4)
    print(f"tiny fits: {X.shape}, {sizes.tiny_epochs} epochs", file=sys.stderr)
    repeats = 5 * sizes.repeats  # cheap: more repeats steady the median
    seconds, fitted = fit_all(X, y, (100,), 50, sizes.tiny_epochs, repeats)
    row = Row("tiny fits", "ms/fit", seconds, training_accuracy(fitted, X, y))
    row.notes.append(f"{sizes.tiny_epochs} epochs, batch auto (50)")
    return row


def fitted_for_prediction(X, y, hidden):
    """Models trained for 2 epochs on the first 5,000 rows, to time predictions."""
    _, fitted = fit_all(X[:5_000], y[:5_000], hidden, 200, 2, repeats=1)
    return fitted


def case_predict_one_row(sizes):
    print("predict one row", file=sys.stderr)
    X, y = binary_data(5_000)
    fitted = fitted_for_prediction(X, y, (100,))
    calls = sizes.one_row_calls

    def predictor(estimator):
        return lambda: [estimator.predict_proba(X[i : i + 1]) for i in range(calls)]

    medians = interleaved_medians(
        {model: predictor(est) for model, est in fitted.items()}, 3 * sizes.repeats
    )
    per_call = {model: median / calls for model, (median, _) in medians.items()}
    return Row("predict one row", "us/call", per_call, training_accuracy(fitted, X, y))


def case_predict_many_rows(sizes):
    print(f"predict many rows: {sizes.predict_rows}", file=sys.stderr)
    X, y = binary_data(sizes.predict_rows)
    fitted = fitted_for_prediction(X, y, (256,))
    medians = interleaved_medians(
        {model: (lambda e=est: e.predict_proba(X)) for model, est in fitted.items()},
        sizes.repeats,
    )
    seconds = {model: median for model, (median, _) in medians.items()}
    accuracy = {
        model: float(np.mean(np.argmax(proba, axis=1) == y))
        for model, (_, proba) in medians.items()
    }
    memory = {
        model: peak_extra_memory(lambda e=est: e.predict_proba(X))
        for model, est in fitted.items()
    }
    row = Row(f"predict {sizes.predict_rows:,} rows", "ms/call", seconds, accuracy)
    row.notes.append(
        "peak extra memory "
        + ", ".join(f"{model} {b / 2**20:.0f} MB" for model, b in memory.items())
        + " (*)"
    )
    return row


def case_default_fits(sizes):
    """Default fits as users run them: ``SigmoidNetClassifier()`` against
    ``MLPClassifier()`` after StandardScaler, 5-fold cross-validation on four
    scikit-learn datasets, each estimator with its own defaults and stopping
    rule. One row: the mean time per fit and the mean accuracy; the notes give
    each dataset's CV seconds, median epochs and ConvergenceWarnings."""
    from sklearn.datasets import load_breast_cancer, load_iris, load_wine
    from sklearn.model_selection import cross_validate
    from sklearn.pipeline import make_pipeline

    loaders = [load_iris, load_wine, load_breast_cancer, load_digits]
    estimators = {"SigmoidNet": SigmoidNetClassifier, "MLP": MLPClassifier}
    seconds, accuracy, notes = {m: 0.0 for m in estimators}, {}, []

    def cross_validated(model, X, y):
        def run():
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ConvergenceWarning)
                pipeline = make_pipeline(
                    StandardScaler(), estimators[model](random_state=0)
                )
                result = cross_validate(pipeline, X, y, cv=5, return_estimator=True)
            epochs = [fitted[-1].n_iter_ for fitted in result["estimator"]]
            return result["test_score"].mean(), epochs, len(caught)

        return run

    for load in loaders:
        X, y = load(return_X_y=True)
        name = load.__name__.removeprefix("load_")
        print(f"default fits: {name} {X.shape}", file=sys.stderr)
        medians = interleaved_medians(
            {m: cross_validated(m, X, y) for m in estimators}, sizes.repeats
        )
        cells = []
        for model, (median, (score, epochs, n_warnings)) in medians.items():
            seconds[model] += median / (5 * len(loaders))
            accuracy[model] = accuracy.get(model, 0) + score / len(loaders)
            cells.append(
                f"{model} {median:.2f} s, {statistics.median(epochs):.0f} epochs, "
                f"{n_warnings} warnings"
            )
        notes.append(f"{name}: " + ", ".join(cells))
    return Row("default fits", "ms/fit", seconds, accuracy, notes)


CASES = (
    case_small_batches,
    case_deeper,
    case_many_rows,
    case_large_batches,
    case_multiclass,
    case_tiny_fits,
    case_predict_one_row,
    case_predict_many_rows,
    case_default_fits,
)


# ------------------------------------------------------------------- report

UNIT_SCALE = {"ms/epoch": 1e3, "ms/fit": 1e3, "ms/call": 1e3, "us/call": 1e6}


def _time_cell(row, model):
    if model not in row.seconds:
        return "not installed"
    return f"{row.seconds[model] * UNIT_SCALE[row.unit]:.3g}"


def _ratio_cell(row, model):
    """How many times faster SigmoidNet is than ``model``."""
    if model not in row.seconds:
        return "not installed"
    return f"{row.seconds[model] / row.seconds['SigmoidNet']:.2f}x"


def _accuracy_cell(row):
    return " / ".join(
        f"{row.accuracy[m]:.3f}" if m in row.accuracy else "-" for m in MODELS
    )


def markdown_table(rows):
    lines = [
        "| case | unit | SigmoidNet | MLP | skorch | faster than MLP "
        "| faster than skorch | accuracy SN / MLP / skorch | notes |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in rows:
        cells = [row.case, row.unit]
        cells += [_time_cell(row, m) for m in MODELS]
        cells += [_ratio_cell(row, "MLP"), _ratio_cell(row, "skorch")]
        cells += [_accuracy_cell(row), "; ".join(row.notes)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


FOOTNOTE = """\
Medians of interleaved repeats; ratios are the other estimator's time divided
by SigmoidNet's (above 1 means SigmoidNet is faster). Training times are whole
`fit` calls (validation and conversion included) divided by the epochs, all
estimators running exactly that many epochs (early stopping off, checked with
`n_iter_` and skorch's history). Accuracy is on the training rows (for the
predict cases, of models trained for 2 epochs on the first 5,000 rows).
(*) Peak extra memory of one `predict_proba` call, output included: the larger
of the peak of tracemalloc (NumPy's allocations) and the growth of the
process's resident set size sampled every 0.5 ms (torch's allocations, which
tracemalloc does not see). Sampling can miss a peak shorter than that."""


def cpu_model():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine_description():
    skorch_version = skorch.__version__ if skorch is not None else "not installed"
    load = (
        ", ".join(f"{x:.1f}" for x in os.getloadavg())
        if hasattr(os, "getloadavg")
        else "?"
    )
    return (
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, torch threads "
        f"{torch.get_num_threads()}; Python {platform.python_version()}, "
        f"NumPy {np.__version__}, torch {torch.__version__}, scikit-learn "
        f"{sklearn.__version__}, skorch {skorch_version}\n"
        f"Load average at the end: {load} (other processes slow every estimator)"
    )


def warm_up():
    """One small fit of each estimator, so that first-call costs (lazy
    imports, thread pools) fall on no case."""
    X, y = binary_data(400)
    fit_all(X, y, (8,), 200, 2, repeats=1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a small version of every case (< 1 minute)",
    )
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore", ConvergenceWarning
        )  # max_iter is reached on purpose
        warm_up()
        rows = [case(sizes) for case in CASES]
    print(machine_description())
    print()
    print(markdown_table(rows))
    print()
    print(FOOTNOTE)
    print(f"\nTotal time {time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
