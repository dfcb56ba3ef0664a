"""The torch operations of each hidden activation, looked up by the names the
registry (``_activations``) gives them."""

from functools import cache

import torch

from .._activations import ACTIVATIONS


@cache
def forward(activation):
    """``f(z)`` written over the tensor ``z``, which it returns."""
    method = ACTIVATIONS[activation].torch_forward
    if method is None:
        return _unchanged
    return getattr(torch.Tensor, method)


@cache
def backward(activation):
    """``(delta, output) -> delta * f'(z)`` from the layer's output alone,
    written over ``delta`` and returned."""
    kernel = ACTIVATIONS[activation].torch_backward
    if kernel is None:
        return _unchanged_delta
    name, *arguments = kernel
    operation = getattr(torch.ops.aten, name).grad_input

    def apply(delta, output):
        return operation(delta, output, *arguments, grad_input=delta)

    return apply


def _unchanged(z):
    return z


def _unchanged_delta(delta, output):
    return delta
