"""The hidden activations: everything about each one, in one entry.

An entry of :data:`ACTIVATIONS` holds what every part of the package needs of
an activation: its NumPy forward (predictions on the CPU), the torch
operations of its forward and hand-written backward (training), the
``torch.nn`` module (``to_torch``), the initialisation factor and the ONNX
operator. The torch pieces are named, not imported: the engine
(``_engine._activation_ops``) looks them up in torch, which is imported
there only. The ``activation`` parameter accepts exactly the registry's keys.
Adding an activation is adding an entry; ``tests/test_activations.py`` checks
that every piece of every entry exists and agrees with the others, and
``tests/test_gradients.py`` checks its backward against autograd.

What the backward's design asks of a new activation: a training step computes
each hidden layer's pre-activation ``z`` into a buffer and applies the
activation to it in place, so ``z`` is gone by the time the backward runs.
The backward receives the layer's output ``f(z)`` only, and must compute
``f'(z)`` from it. That holds for the logistic (``f(1 - f)``), tanh
(``1 - f**2``), relu (``f > 0``) and identity. An activation whose derivative
cannot be written in terms of its output (GELU, softplus, SiLU) needs the
pre-activation kept: a second buffer per hidden layer in
``_engine._network.StepBuffers``, written before the in-place forward.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Activation:
    """One hidden activation, as each part of the package needs it.

    Attributes
    ----------
    numpy_forward : callable
        ``f(z)`` written over the NumPy array ``z``, which it returns.
    torch_forward : str or None
        The in-place ``torch.Tensor`` method computing ``f(z)`` over ``z``
        (``"sigmoid_"``); None for the identity.
    torch_backward : tuple or None
        The ATen backward kernel computing ``delta * f'(z)`` from the layer's
        output ``f(z)`` alone, with its arguments after ``(delta, output)``:
        ``("threshold_backward", 0)``. It writes over ``delta``, running the
        kernel autograd runs without its bookkeeping. None for the identity.
    torch_module : str
        Name of the ``torch.nn`` module computing ``f`` (``to_torch()``).
    init_factor : float
        Glorot-uniform weights are drawn from ``+-sqrt(init_factor / (fan_in
        + fan_out))``, as in ``MLPClassifier``: 2 for the logistic, 6 for the
        others.
    onnx_op : str or None
        Name of the ONNX operator computing ``f``; None for the identity,
        which adds no node.
    """

    numpy_forward: Callable
    torch_forward: str | None
    torch_backward: tuple | None
    torch_module: str
    init_factor: float
    onnx_op: str | None


def sigmoid_(z):
    """Overwrite ``z`` with ``1 / (1 + exp(-z))`` and return it.

    Faster than ``scipy.special.expit`` (the performance guide gives the
    figures): NumPy's ``exp`` is vectorised where ``expit`` runs element by
    element. Below about -745 (float64) or -88 (float32) ``exp(-z)``
    overflows and the result is exactly 0 where ``expit`` would return a
    subnormal number: the same to any later sum of products, but not
    to a probability's relative precision (see ``_probabilities``).
    """
    np.negative(z, out=z)
    with np.errstate(over="ignore"):
        np.exp(z, out=z)
    z += 1
    return np.divide(1, z, out=z)


def _numpy_tanh_(z):
    return np.tanh(z, out=z)


def _numpy_relu_(z):
    return np.maximum(z, 0, out=z)


def _unchanged(z):
    return z


ACTIVATIONS = {
    "logistic": Activation(
        numpy_forward=sigmoid_,
        torch_forward="sigmoid_",
        torch_backward=("sigmoid_backward",),
        torch_module="Sigmoid",
        init_factor=2.0,
        onnx_op="Sigmoid",
    ),
    "tanh": Activation(
        numpy_forward=_numpy_tanh_,
        torch_forward="tanh_",
        torch_backward=("tanh_backward",),
        torch_module="Tanh",
        init_factor=6.0,
        onnx_op="Tanh",
    ),
    "relu": Activation(
        numpy_forward=_numpy_relu_,
        torch_forward="relu_",
        torch_backward=("threshold_backward", 0),
        torch_module="ReLU",
        init_factor=6.0,
        onnx_op="Relu",
    ),
    "identity": Activation(
        numpy_forward=_unchanged,
        torch_forward=None,
        torch_backward=None,
        torch_module="Identity",
        init_factor=6.0,
        onnx_op=None,
    ),
}
