"""A fitted network as a ``torch.nn.Sequential`` (``SigmoidNetClassifier.to_torch``)."""

import torch

from .._activations import ACTIVATIONS
from ._tensors import to_tensor, torch_dtype
from ._threads import one_thread_if_forked


def torch_module(coefs, intercepts, activation):
    """A ``torch.nn.Sequential`` of Linear and activation layers ending in Sigmoid.

    Its parameters are new tensors holding copies of ``coefs`` and
    ``intercepts``; ``Linear`` stores weights as ``(fan_out, fan_in)``.
    Copying a large layer is parallel, so in a forked child it runs on one
    thread, as fits and predictions do (see ``_threads``).
    """
    with one_thread_if_forked():
        return torch.nn.Sequential(*_torch_layers(coefs, intercepts, activation))


def _torch_layers(coefs, intercepts, activation):
    """The ``Linear`` and activation modules of :func:`torch_module`."""
    layers = []
    for index, (coef, intercept) in enumerate(zip(coefs, intercepts, strict=True)):
        # skip_init: no draw from torch's global generator for weights that
        # are overwritten at once.
        linear = torch.nn.utils.skip_init(
            torch.nn.Linear,
            coef.shape[0],
            coef.shape[1],
            dtype=torch_dtype(coef.dtype),
        )
        with torch.no_grad():
            linear.weight.copy_(to_tensor(coef.T))
            linear.bias.copy_(to_tensor(intercept))
        layers.append(linear)
        is_output = index == len(coefs) - 1
        module = "Sigmoid" if is_output else ACTIVATIONS[activation].torch_module
        layers.append(getattr(torch.nn, module)())
    return layers
