"""The three estimators the benchmark compares, built with the same settings.

SigmoidNetClassifier, ``MLPClassifier(solver="sgd", activation="logistic")``
and skorch wrapping the same sigmoid network all train the same architecture
with the same SGD settings (learning rate, Nesterov momentum, L2 penalty,
batch size, shuffling) for exactly the number of epochs asked, early stopping
off. skorch is optional: without it, its columns show "-".
"""

import numpy as np
import torch
from records import MODELS
from sklearn.neural_network import MLPClassifier

from sksigmoidnet import SigmoidNetClassifier

try:
    import skorch
except ImportError:
    skorch = None

LEARNING_RATE = 0.2
MOMENTUM = 0.9
ALPHA = 1e-4


class _OneHotBCE(torch.nn.Module):
    """Binary cross-entropy of K logits against one-hot class labels, summed
    over the K outputs and averaged over rows: SigmoidNet's multiclass loss."""

    def forward(self, logits, y):
        target = torch.nn.functional.one_hot(y.long(), logits.shape[1]).to(logits.dtype)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            logits, target, reduction="none"
        )
        return loss.sum(1).mean()


def _sigmoid_module(n_features, hidden, n_outputs):
    sizes = [n_features, *hidden]
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        layers += [torch.nn.Linear(fan_in, fan_out), torch.nn.Sigmoid()]
    layers.append(torch.nn.Linear(sizes[-1], n_outputs))  # logits
    return torch.nn.Sequential(*layers)


def make_estimator(model, hidden, batch_size, epochs, n_features, n_classes):
    """A fresh, unfitted estimator of ``model`` with the shared settings."""
    sgd = dict(
        batch_size=batch_size,
        max_iter=epochs,
        learning_rate_init=LEARNING_RATE,
        momentum=MOMENTUM,
        alpha=ALPHA,
        n_iter_no_change=np.inf,
        random_state=0,
    )
    if model == "SigmoidNet":
        return SigmoidNetClassifier(hidden, **sgd)
    if model == "MLP":
        return MLPClassifier(hidden, activation="logistic", solver="sgd", **sgd)
    binary = n_classes == 2
    torch.manual_seed(0)  # skorch initialises from torch's global generator
    net_class = (
        skorch.NeuralNetBinaryClassifier if binary else skorch.NeuralNetClassifier
    )
    return net_class(
        _sigmoid_module(n_features, hidden, 1 if binary else n_classes),
        criterion=torch.nn.BCEWithLogitsLoss if binary else _OneHotBCE,
        optimizer=torch.optim.SGD,
        lr=LEARNING_RATE,
        optimizer__momentum=MOMENTUM,
        optimizer__nesterov=True,
        # MLPClassifier's penalty alpha/2 ||W||^2 / batch gives this decay
        # (skorch also applies it to the biases, a negligible difference).
        optimizer__weight_decay=ALPHA / batch_size,
        batch_size=batch_size,
        # predict in SigmoidNet's chunk size, not 200 rows at a time
        iterator_valid__batch_size=4096,
        max_epochs=epochs,
        train_split=None,
        iterator_train__shuffle=True,
        verbose=0,
    )


def targets_for(model, y, n_classes):
    """skorch wants float targets for its binary net; the others take labels."""
    if model == "skorch":
        return y.astype(np.float32 if n_classes == 2 else np.int64)
    return y


def epochs_run(model, estimator):
    return len(estimator.history) if model == "skorch" else estimator.n_iter_


def available_models():
    return MODELS if skorch is not None else MODELS[:2]


def skorch_version():
    return skorch.__version__ if skorch is not None else "not installed"
