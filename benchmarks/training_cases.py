"""The in-process cases: training and prediction, one estimator after another.

Each case returns a :class:`Row` of median times. The caller sets the thread
regime; the matmul peak and the floor are measured under it too.
"""

import math
import statistics
import sys
import warnings
from dataclasses import dataclass, field

import numpy as np
from contenders import available_models, epochs_run, make_estimator, targets_for
from floor import floor_loop
from measure import (
    interleaved_medians,
    matmul_peak_gflops,
    peak_extra_memory,
    training_flops,
)
from records import Record
from sizes import FULL
from sklearn.datasets import load_digits, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from sksigmoidnet import SigmoidNetClassifier

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
Peak extra memory: of one `predict_proba` call, output included, the larger
of the peak of tracemalloc (NumPy's allocations) and the growth of the
process's resident set size sampled every 0.5 ms (torch's allocations, which
tracemalloc does not see). Sampling can miss a peak shorter than that."""
UNIT_SCALE = {"ms/epoch": 1e3, "ms/fit": 1e3, "ms/call": 1e3, "us/call": 1e6}


@dataclass
class Row:
    """One line of the result table."""

    case: str
    unit: str
    seconds: dict  # model -> median seconds per unit
    accuracy: dict  # model -> accuracy, or None
    # What the case measures besides times and accuracies, for its notes:
    # (variant, model, quantity, unit, value) of records.Record.
    extras: list = field(default_factory=list)


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


def fit_all(X, y, hidden, batch_size, epochs, repeats, floor_outputs=None):
    """Fit every model ``repeats`` times; return medians and fitted models.

    With ``floor_outputs``, the floor (``floor.py``) on the same shapes runs as
    many steps as a fit, interleaved with the fits so that it meets the same
    load; its median seconds per step is under the key "floor".
    """
    n_classes = len(np.unique(y))

    def fitter(model):
        def fit():
            estimator = make_estimator(
                model, hidden, batch_size, epochs, X.shape[1], n_classes
            )
            return estimator.fit(X, targets_for(model, y, n_classes))

        return fit

    runs = {m: fitter(m) for m in available_models()}
    if floor_outputs is not None:
        floor = floor_loop(X.shape[1], hidden, floor_outputs, batch_size)
        n_steps = epochs * math.ceil(X.shape[0] / batch_size)
        floor(n_steps)  # warm-up, as the fits are warmed up by the run's start
        runs["floor"] = lambda: floor(n_steps)
    medians = interleaved_medians(runs, repeats)
    floor_run = medians.pop("floor", None)
    fitted = {model: estimator for model, (_, estimator) in medians.items()}
    for model, estimator in fitted.items():
        if epochs_run(model, estimator) != epochs:
            raise RuntimeError(
                f"{model} ran {epochs_run(model, estimator)} epochs, not {epochs}"
            )
    seconds = {model: median for model, (median, _) in medians.items()}
    if floor_run is not None:
        seconds["floor"] = floor_run[0] / n_steps
    return seconds, fitted


def training_accuracy(fitted, X, y):
    return {model: float(np.mean(est.predict(X) == y)) for model, est in fitted.items()}


def training_case(case, X, y, hidden, batch_size, epochs, sizes, floor_outputs=None):
    """The row of one training case; with ``floor_outputs`` (the network's
    outputs), the floor's time per step and SigmoidNet's (its time per epoch
    over the steps of an epoch), which the notes compare."""
    print(f"{case}: {X.shape}, hidden {hidden}, batch {batch_size}", file=sys.stderr)
    seconds, fitted = fit_all(
        X, y, hidden, batch_size, epochs, sizes.repeats, floor_outputs
    )
    floor = seconds.pop("floor", None)
    per_epoch = {model: s / epochs for model, s in seconds.items()}
    row = Row(case, "ms/epoch", per_epoch, training_accuracy(fitted, X, y))
    if floor is not None:
        step = per_epoch["SigmoidNet"] / math.ceil(X.shape[0] / batch_size)
        row.extras += [
            ("", "floor", "step", "us", floor * 1e6),
            ("", "SigmoidNet", "step", "us", step * 1e6),
        ]
    return row


def case_small_batches(sizes):
    X, y = binary_data(sizes.small_rows)
    return training_case(
        "small batches", X, y, (100,), 200, sizes.long_epochs, sizes, floor_outputs=1
    )


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
    row.extras.append(("", "torch.mm", "peak", "GFLOP/s", peak))
    row.extras += [
        ("", model, "throughput", "GFLOP/s", flops / s / 1e9)
        for model, s in row.seconds.items()
    ]
    return row


def case_multiclass(sizes):
    X, y = digits_data()
    row = training_case(
        "multiclass", X, y, (100,), 200, sizes.long_epochs, sizes, floor_outputs=10
    )
    note = "MLP: softmax output; others: 10 sigmoids, one-hot BCE"
    row.extras.insert(0, ("", "", "note", "", note))
    return row


def case_tiny_fits(sizes):
    X, y = binary_data(50, n_features=4)
    print(f"tiny fits: {X.shape}, {sizes.tiny_epochs} epochs", file=sys.stderr)
    repeats = 5 * sizes.repeats  # cheap: more repeats steady the median
    seconds, fitted = fit_all(X, y, (100,), 50, sizes.tiny_epochs, repeats)
    row = Row("tiny fits", "ms/fit", seconds, training_accuracy(fitted, X, y))
    note = f"{sizes.tiny_epochs} epochs, batch auto (50)"
    row.extras.append(("", "", "note", "", note))
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
    row.extras += [
        ("", model, "peak extra memory", "MB", b / 2**20) for model, b in memory.items()
    ]
    return row


def case_default_fits(sizes):
    """Default fits as users run them: ``SigmoidNetClassifier()`` against
    ``MLPClassifier()`` after StandardScaler, 5-fold cross-validation on four
    scikit-learn datasets, each estimator with its own defaults and stopping
    rule. One row: the mean time per fit and the mean accuracy, with each
    dataset's CV seconds, median epochs and ConvergenceWarnings for the
    notes. A quick run fits iris alone."""
    from sklearn.datasets import load_breast_cancer, load_iris, load_wine
    from sklearn.model_selection import cross_validate
    from sklearn.pipeline import make_pipeline

    loaders = [load_iris, load_wine, load_breast_cancer, load_digits]
    if sizes is not FULL:
        # Full-size fits, not scaled by sizes: one small dataset is enough to
        # check that the case runs, and the others took most of a quick run.
        loaders = loaders[:1]
    estimators = {"SigmoidNet": SigmoidNetClassifier, "MLP": MLPClassifier}
    seconds, accuracy, extras = {m: 0.0 for m in estimators}, {}, []

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
        for model, (median, (score, epochs, n_warnings)) in medians.items():
            seconds[model] += median / (5 * len(loaders))
            accuracy[model] = accuracy.get(model, 0) + score / len(loaders)
            extras += [
                (name, model, "cross-validation", "s", median),
                (name, model, "median epochs", "", statistics.median(epochs)),
                (name, model, "ConvergenceWarnings", "", n_warnings),
            ]
    return Row("default fits", "ms/fit", seconds, accuracy, extras)


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


def warm_up():
    """One small fit of each estimator, so that first-call costs (lazy
    imports, thread pools) fall on no case."""
    X, y = binary_data(400)
    fit_all(X, y, (8,), 200, 2, repeats=1)


def training_records(regime, rows):
    """The records of the cases' ``rows`` measured under ``regime``: times in
    each row's unit, accuracies, and what each case adds for its notes."""
    records = []
    for row in rows:
        keys = ("training", regime, row.case, "")
        records += [
            Record(*keys, model, "time", row.unit, s * UNIT_SCALE[row.unit])
            for model, s in row.seconds.items()
        ]
        records += [
            Record(*keys, model, "accuracy", "", a) for model, a in row.accuracy.items()
        ]
        records += [Record(*keys[:3], *extra) for extra in row.extras]
    return records
