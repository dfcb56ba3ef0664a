"""A scikit-learn classifier: a sigmoid MLP trained by SGD on PyTorch."""

from ._classifier import SigmoidNetClassifier
from ._display import LossCurveDisplay
from ._exceptions import TrainingDivergedError
from ._onnx import register_onnx_converter
from ._state import InconsistentVersionWarning
from ._version import __version__

__all__ = [
    "InconsistentVersionWarning",
    "LossCurveDisplay",
    "SigmoidNetClassifier",
    "TrainingDivergedError",
    "__version__",
    "register_onnx_converter",
]
