"""Timing and memory measurements shared by the benchmark's cases."""

import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import numpy as np
import sklearn
import torch
from contenders import skorch_version
from records import Record

import sksigmoidnet


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


def run_fresh_process(arguments):
    """Run ``python *arguments`` in a new interpreter, which prints one JSON
    object as the last line of its output; return (wall seconds, object).

    The child imports the sksigmoidnet this process imported, wherever the
    child's working directory or script puts it on the path."""
    environment = dict(os.environ)
    package_root = str(Path(sksigmoidnet.__file__).resolve().parents[1])
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [package_root, environment.get("PYTHONPATH")])
    )
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, *arguments],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(
            f"{arguments} failed with exit code {completed.returncode}:\n"
            f"{completed.stderr[-3000:]}"
        )
    return seconds, json.loads(completed.stdout.splitlines()[-1])


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
    """Best float32 ``torch.mm`` throughput on square matrices, in GFLOP/s,
    with the threads the caller allows."""
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


def cpu_model():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"
