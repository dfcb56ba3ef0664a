"""The activation registry: every entry complete, its pieces in agreement, and
the ``activation`` parameter accepting exactly its keys.

An entry is what training, prediction, ``to_torch`` and ONNX export each take
of an activation; a piece missing or wrong would otherwise show only on the
path that uses it (a NumPy forward, say, only in small predictions). The
backward is checked against autograd here on its own, and through training in
``test_gradients.py``.
"""

import warnings

import numpy as np
import pytest
import torch
from sklearn.datasets import make_classification

from sksigmoidnet import SigmoidNetClassifier
from sksigmoidnet._activations import ACTIVATIONS, Activation
from sksigmoidnet._engine import _activation_ops

NAMES = sorted(ACTIVATIONS)


def test_the_activation_parameter_accepts_exactly_the_registry():
    (options,) = SigmoidNetClassifier._parameter_constraints["activation"]
    assert options.options == set(ACTIVATIONS)
    X, y = make_classification(n_samples=40, n_features=4, random_state=0)
    for name in ACTIVATIONS:
        model = SigmoidNetClassifier((3,), activation=name, max_iter=2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # two epochs: ConvergenceWarning
            model.fit(X, y)
        assert model.predict_proba(X).shape == (40, 2)
    with pytest.raises(ValueError, match="'activation' parameter"):
        SigmoidNetClassifier(activation="softplus").fit(X, y)


@pytest.mark.parametrize("name", NAMES)
def test_every_entry_is_complete(name):
    entry = ACTIVATIONS[name]
    assert isinstance(entry, Activation)
    assert callable(entry.numpy_forward)
    # Only the identity needs no torch operation.
    if name != "identity":
        assert callable(getattr(torch.Tensor, entry.torch_forward))
        assert hasattr(getattr(torch.ops.aten, entry.torch_backward[0]), "grad_input")
    assert issubclass(getattr(torch.nn, entry.torch_module), torch.nn.Module)
    assert isinstance(entry.init_factor, float) and entry.init_factor > 0
    # Only the identity may add no ONNX node.
    assert entry.onnx_op is not None or name == "identity"


def _preactivations(dtype):
    rng = np.random.RandomState(0)
    z = rng.normal(scale=3, size=(50, 7)).astype(dtype)
    z[0, :3] = [-800, 800, 0.5]  # saturated and moderate units
    return z


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", NAMES)
def test_forwards_agree_and_write_in_place(name, dtype):
    entry = ACTIVATIONS[name]
    z = _preactivations(dtype)
    expected = getattr(torch.nn, entry.torch_module)()(torch.from_numpy(z)).numpy()

    array = z.copy()
    with np.errstate(over="raise"):  # overflow is the forward's to handle
        result = entry.numpy_forward(array)
    assert result is array or name == "identity"
    tolerance = 1e-6 if dtype == np.float32 else 1e-14
    np.testing.assert_allclose(result, expected, rtol=tolerance, atol=tolerance)

    tensor = torch.from_numpy(z.copy())
    result = _activation_ops.forward(name)(tensor)
    assert result.data_ptr() == tensor.data_ptr()
    np.testing.assert_allclose(result.numpy(), expected, rtol=tolerance, atol=0)


@pytest.mark.parametrize("name", NAMES)
def test_backward_from_the_output_is_autograd(name):
    entry = ACTIVATIONS[name]
    z = torch.tensor(_preactivations(np.float64), requires_grad=True)
    output = getattr(torch.nn, entry.torch_module)()(z)
    delta = torch.randn(output.shape, dtype=output.dtype)
    (expected,) = torch.autograd.grad(output, z, delta)

    written = delta.clone()
    result = _activation_ops.backward(name)(written, output.detach().clone())
    assert result.data_ptr() == written.data_ptr()
    torch.testing.assert_close(result, expected, rtol=1e-14, atol=0)


@pytest.mark.extra("onnx")
@pytest.mark.parametrize("name", [n for n in NAMES if ACTIVATIONS[n].onnx_op])
def test_onnx_operator_exists(name):
    from skl2onnx.algebra import onnx_ops

    assert hasattr(onnx_ops, f"Onnx{ACTIVATIONS[name].onnx_op}")
