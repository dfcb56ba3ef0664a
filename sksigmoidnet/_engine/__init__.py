"""The torch engine: the network, its epochs, the optimizer, the training
loop, devices and threads.

torch is imported by the modules of this package and by no other module of
sksigmoidnet. Importing the package imports no torch: its doors are looked up
when first used (PEP 562), each importing the module that holds it, so that
``import sksigmoidnet``, loading a model and predicting with NumPy never pay
for torch.

- ``train``: one fit's training, from a description of the fit, its rows and
  its starting point to the trained weights (``_trainer.train``);
- ``predict_logits``: a fitted network's logits computed by torch
  (``_network.predict_logits``);
- ``torch_module``: a fitted network as a ``torch.nn.Sequential``
  (``_torch_module.torch_module``);
- :func:`importable`: whether torch can be imported here at all.
"""

import importlib

# Each door, and the module of this package that holds it.
_DOORS = {
    "train": "._trainer",
    "predict_logits": "._network",
    "torch_module": "._torch_module",
}


def __getattr__(name):
    if name not in _DOORS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_DOORS[name], __name__), name)


def importable():
    """Whether torch can be imported here (importing it where it can)."""
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True
