"""A scikit-learn classifier: a sigmoid multilayer perceptron trained by SGD on PyTorch."""

from ._classifier import SigmoidNetClassifier
from ._version import __version__

__all__ = ["SigmoidNetClassifier", "__version__"]
