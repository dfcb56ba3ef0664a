"""Run the GPU tests, then time one training epoch on the CPU and on CUDA.

Run once on a machine with a CUDA GPU, from the repository root::

    python benchmarks/gpu_check.py

It prints the pytest summary of ``tests/test_gpu.py`` (every test must pass,
none skip) and the milliseconds per epoch of ``SigmoidNetClassifier`` at
100,000 rows x 20 features, hidden layer (100,), batch 4096, on each device, in
float32 and float64, with ``MLPClassifier`` on the CPU for scale.
"""

import argparse
import subprocess
import sys
import time
import warnings

import numpy as np
import torch
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from sksigmoidnet import SigmoidNetClassifier

N_ROWS, N_FEATURES, HIDDEN, BATCH = 100_000, 20, (100,), 4096


def make_data(dtype):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(N_ROWS, N_FEATURES)).astype(dtype)
    y = (X[:, :5].sum(axis=1) + 0.5 * rng.normal(size=N_ROWS) > 0).astype(int)
    return X, y


def ms_per_epoch(model, X, y, n_epochs):
    """Best of three timed fits, each of ``n_epochs`` epochs, after a warm-up."""
    model.set_params(max_iter=1).fit(X, y)  # CUDA context, kernels, allocator
    model.set_params(max_iter=n_epochs)
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        model.fit(X, y)
        timings.append((time.perf_counter() - started) / model.n_iter_)
    return 1000 * min(timings)


def sigmoid_net(device):
    return SigmoidNetClassifier(
        hidden_layer_sizes=HIDDEN,
        batch_size=BATCH,
        n_iter_no_change=np.inf,
        random_state=0,
        device=device,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5, help="epochs per timed fit")
    parser.add_argument("--skip-tests", action="store_true")
    args = parser.parse_args()

    print(f"torch {torch.__version__}, CUDA available: {torch.cuda.is_available()}")
    if torch.cuda.is_available():
        print(f"GPU: {torch.cuda.get_device_name(0)}")
    tests_failed = False
    if not args.skip_tests:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "tests/test_gpu.py",
                "-q",
                "-rs",
                "-p",
                "no:cacheprovider",
            ],
            check=False,
        )
        tests_failed = result.returncode != 0

    warnings.simplefilter("ignore", ConvergenceWarning)
    print(f"\nms per epoch, {N_ROWS} x {N_FEATURES}, hidden {HIDDEN}, batch {BATCH}")
    for dtype in (np.float32, np.float64):
        X, y = make_data(dtype)
        cpu = ms_per_epoch(sigmoid_net("cpu"), X, y, args.epochs)
        line = f"{np.dtype(dtype).name}: cpu {cpu:8.1f} ms"
        if torch.cuda.is_available():
            cuda = ms_per_epoch(sigmoid_net("cuda"), X, y, args.epochs)
            line += f"   cuda {cuda:8.1f} ms   speedup {cpu / cuda:5.1f}x"
        print(line, flush=True)
    mlp = MLPClassifier(
        hidden_layer_sizes=HIDDEN,
        solver="sgd",
        activation="logistic",
        batch_size=BATCH,
        n_iter_no_change=np.inf,
        random_state=0,
    )
    X, y = make_data(np.float64)
    print(f"MLPClassifier (float64, cpu): {ms_per_epoch(mlp, X, y, 3):8.1f} ms")
    return 1 if tests_failed else 0


if __name__ == "__main__":
    sys.exit(main())
