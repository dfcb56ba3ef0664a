"""The ``device`` parameter: clear errors for missing devices, ``"auto"``, and
training on a CUDA GPU (those tests skip where there is none)."""

import os
import pickle
import subprocess
import sys
import textwrap
from functools import partial

import cases
import numpy as np
import pytest
import torch
from numpy.testing import assert_allclose, assert_array_equal

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

has_cuda = torch.cuda.is_available()
needs_cuda = pytest.mark.skipif(not has_cuda, reason="needs a CUDA GPU")


def data(n_samples=300, n_features=5, dtype=np.float64):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(n_samples, n_features)).astype(dtype)
    y = np.digitize(X[:, 0] + 0.5 * X[:, 1], [-0.5, 0.5])
    return X, y


small_net = partial(cases.small_net, hidden_layer_sizes=(8,), max_iter=5, batch_size=32)


# ----------------------------------------------------- every machine, CPU too


@pytest.mark.skipif(has_cuda, reason="checks the error on a machine without CUDA")
@pytest.mark.parametrize("device", ["cuda", "cuda:0"])
def test_missing_cuda_raises_at_fit_naming_available_devices(device):
    X, y = data()
    model = small_net(device=device)  # constructing it is fine
    assert model.get_params()["device"] == device
    with pytest.raises(ValueError, match=r"does not exist on this machine") as error:
        model.fit(X, y)
    assert "Available devices: ['cpu'" in str(error.value)
    assert not hasattr(model, "coefs_")


def test_missing_gpu_index_raises_at_fit():
    X, y = data()
    missing = f"cuda:{torch.cuda.device_count() + 3}"
    with pytest.raises(ValueError, match="does not exist on this machine") as error:
        small_net(device=missing).fit(X, y)
    assert "'cpu'" in str(error.value)


@pytest.mark.parametrize("device", ["gpu", "not a device", "", "meta", "cuda:-1"])
def test_invalid_device_name_raises(device):
    X, y = data()
    with pytest.raises(
        ValueError,
        match=r"device=.*(not a device name|not supported|"
        r"does not exist)",
    ):
        small_net(device=device).fit(X, y)


def test_auto_device_trains_and_predicts():
    X, y = data()
    on_cpu = small_net(device="cpu").fit(X, y)
    auto = small_net(device="auto").fit(X, y)
    assert all(isinstance(c, np.ndarray) for c in auto.coefs_ + auto.intercepts_)
    if not has_cuda and not torch.backends.mps.is_available():
        for a, b in zip(on_cpu.coefs_, auto.coefs_, strict=True):
            assert_array_equal(a, b)
    else:  # "auto" took the GPU: the same computation, summed in another order
        assert_allclose(auto.predict_proba(X), on_cpu.predict_proba(X), atol=1e-8)
    assert auto.score(X, y) == on_cpu.score(X, y)


def test_cpu_device_parameter_survives_clone_and_pickle():
    X, y = data()
    model = small_net(device="cpu").fit(X, y)
    restored = pickle.loads(pickle.dumps(model))
    assert restored.get_params()["device"] == "cpu"
    assert_array_equal(restored.predict_proba(X), model.predict_proba(X))


# --------------------------------------------------------------- CUDA only


@needs_cuda
@pytest.mark.parametrize("dtype, atol", [(np.float64, 1e-8), (np.float32, 1e-3)])
def test_cuda_training_matches_cpu(dtype, atol):
    X, y = data(dtype=dtype)
    on_cpu = small_net(device="cpu").fit(X, y)
    on_gpu = small_net(device="cuda").fit(X, y)

    for array in on_gpu.coefs_ + on_gpu.intercepts_:
        assert type(array) is np.ndarray
        assert array.dtype == dtype
    for name in ("predict_proba", "decision_function"):
        assert_allclose(
            getattr(on_gpu, name)(X), getattr(on_cpu, name)(X), atol=atol, rtol=0
        )
    assert_allclose(on_gpu.loss_curve_, on_cpu.loss_curve_, rtol=atol)
    assert isinstance(on_gpu.predict(X), np.ndarray)


@needs_cuda
@pytest.mark.parametrize("scoring", [None, "loss", "neg_log_loss"])
def test_cuda_weighted_early_stopping_matches_cpu(scoring):
    X, y = data()
    rng = np.random.RandomState(1)
    weights = rng.uniform(0.5, 2.0, size=len(y))
    params = dict(
        early_stopping=True,
        scoring=scoring,
        class_weight={0: 2.0, 1: 1.0, 2: 0.5},
        max_iter=15,
        n_iter_no_change=np.inf,
    )
    X_val, y_val = data(n_samples=80)
    fits = {}
    for device in ("cpu", "cuda"):
        fits[device] = small_net(device=device, **params).fit(
            X, y, sample_weight=weights, X_val=X_val, y_val=y_val
        )
    assert_allclose(
        fits["cuda"].predict_proba(X), fits["cpu"].predict_proba(X), atol=1e-8
    )
    assert_allclose(
        fits["cuda"].validation_loss_curve_,
        fits["cpu"].validation_loss_curve_,
        rtol=1e-8,
    )


@needs_cuda
def test_cuda_sparse_input_trains_like_dense():
    from scipy import sparse

    X, y = data()
    X[np.abs(X) < 0.5] = 0
    dense = small_net(device="cuda").fit(X, y)
    from_sparse = small_net(device="cuda").fit(sparse.csr_matrix(X), y)
    assert_allclose(from_sparse.coefs_[0], dense.coefs_[0], atol=1e-10)


@needs_cuda
def test_cuda_partial_fit_and_warm_start():
    X, y = data()
    incremental = small_net(device="cuda")
    for _ in range(3):
        incremental.partial_fit(X, y, classes=[0, 1, 2])
    in_one_call = small_net(device="cuda", max_iter=3, n_iter_no_change=np.inf).fit(
        X, y
    )
    assert_allclose(
        incremental.predict_proba(X), in_one_call.predict_proba(X), atol=1e-10
    )

    in_one_call.set_params(warm_start=True, max_iter=2).fit(X, y)
    assert in_one_call.t_ == 5 * len(y)
    assert all(type(c) is np.ndarray for c in in_one_call.coefs_)


@needs_cuda
def test_cuda_early_stopping_restores_best_weights():
    X, y = data()
    model = small_net(
        device="cuda", early_stopping=True, max_iter=30, n_iter_no_change=3
    )
    model.fit(X, y)
    assert model.best_validation_score_ == max(model.validation_scores_)
    assert type(model.coefs_[0]) is np.ndarray


@needs_cuda
def test_cuda_model_predicts_on_cpu_after_pickling():
    X, y = data()
    on_gpu = small_net(device="cuda").fit(X, y)
    payload = pickle.dumps(on_gpu)
    assert b"torch" not in payload  # only NumPy arrays and our own class

    restored = pickle.loads(payload).set_params(device="cpu")
    assert_allclose(restored.predict_proba(X), on_gpu.predict_proba(X), atol=1e-12)


@needs_cuda
def test_cuda_model_loads_where_no_gpu_is_visible(tmp_path):
    """Load and predict in a fresh interpreter that sees no GPU at all."""
    X, y = data()
    on_gpu = small_net(device="cuda").fit(X, y)
    model_path = tmp_path / "model.pkl"
    model_path.write_bytes(pickle.dumps(on_gpu))
    np.save(tmp_path / "X.npy", X)
    script = textwrap.dedent(
        f"""
        import pickle, numpy as np, torch
        assert not torch.cuda.is_available()
        model = pickle.loads(open({str(model_path)!r}, "rb").read())
        assert model.get_params()["device"] == "cuda"
        np.save({str(tmp_path / "proba.npy")!r}, model.predict_proba(np.load(
            {str(tmp_path / "X.npy")!r})))
        """
    )
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=300)
    assert_allclose(
        np.load(tmp_path / "proba.npy"), on_gpu.predict_proba(X), atol=1e-12
    )


@needs_cuda
def test_cuda_data_is_copied_once_not_per_batch():
    """Host-to-device copies during fit are far fewer than the batches."""
    from torch.profiler import ProfilerActivity, profile

    X, y = data(n_samples=3200)
    model = small_net(device="cuda", max_iter=2, batch_size=32)  # 200 batches
    model.fit(X, y)  # warm up CUDA outside the profile
    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        model.fit(X, y)
    names = [event.name for event in prof.events()]
    if not any("HtoD" in name or "DtoH" in name for name in names):
        pytest.skip("the profiler records no CUDA memory copies here (no CUPTI)")
    host_to_device = sum("HtoD" in name for name in names)
    assert host_to_device < 200 / 4, host_to_device
