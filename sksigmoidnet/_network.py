"""The network on the torch side: forward passes, gradients and SGD steps.

This module knows torch and nothing of scikit-learn. Weights live here as
torch tensors only while the estimator trains or predicts; the estimator keeps
them as NumPy arrays between calls.

Gradients are derived by hand rather than by autograd: for a sigmoid output
trained with binary cross-entropy the error at the output is simply
``sigmoid(z) - y``, and each hidden layer multiplies it back through its
weights and the derivative of its activation. This avoids autograd's
bookkeeping, which dominates the cost of a step at small batch sizes.
"""

import numpy as np
import torch
import torch.nn.functional as F
from scipy.special import expit

from ._threads import thread_budget

# Hidden activations, applied in place to the fresh output of a layer.
ACTIVATIONS = {
    "logistic": torch.sigmoid_,
    "tanh": torch.tanh_,
    "relu": torch.relu_,
    "identity": lambda z: z,
}

# ``delta * f'(z)`` from ``delta`` and the activation's output ``f(z)``, each
# one fused kernel.
ACTIVATION_BACKWARDS = {
    "logistic": torch.ops.aten.sigmoid_backward,
    "tanh": torch.ops.aten.tanh_backward,
    "relu": lambda delta, output: torch.ops.aten.threshold_backward(delta, output, 0),
    "identity": lambda delta, output: delta,
}

TORCH_MODULES = {
    "logistic": torch.nn.Sigmoid,
    "tanh": torch.nn.Tanh,
    "relu": torch.nn.ReLU,
    "identity": torch.nn.Identity,
}

# Elements of one hidden activation computed at once when predicting: bounds
# the memory a prediction needs whatever the number of rows.
PREDICTION_CHUNK_ELEMENTS = 1 << 20

# Below this many multiply-adds a prediction is computed with NumPy: a few
# rows take about 8 us there against about 50 us of torch call overhead.
NUMPY_PREDICTION_WORK = 50_000

NUMPY_ACTIVATIONS = {
    "logistic": expit,
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0),
    "identity": lambda z: z,
}


def initial_weights(layer_sizes, activation, random_state, dtype):
    """Draw Glorot-uniform weights and biases as NumPy arrays.

    This is ``MLPClassifier``'s initialisation (with its smaller range for the
    logistic activation), so both estimators start from the same point for
    the same ``random_state``.
    """
    factor = 2.0 if activation == "logistic" else 6.0
    coefs, intercepts = [], []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:], strict=True):
        bound = np.sqrt(factor / (fan_in + fan_out))
        coefs.append(random_state.uniform(-bound, bound, (fan_in, fan_out)))
        intercepts.append(random_state.uniform(-bound, bound, fan_out))
    return (
        [c.astype(dtype, copy=False) for c in coefs],
        [b.astype(dtype, copy=False) for b in intercepts],
    )


class Network:
    """Weights and biases as torch tensors, with forward and backward passes.

    Parameters
    ----------
    coefs, intercepts : list of ndarray
        Weight matrices of shape ``(fan_in, fan_out)`` and bias vectors.
    activation : str
        Hidden activation, a key of ``ACTIVATIONS``. Outputs are sigmoid.
    device : torch.device
    copy : bool, default=True
        Copy the arrays, as training must; without a copy, a network on the
        CPU shares their memory, which is enough to predict.
    """

    def __init__(self, coefs, intercepts, activation, device, copy=True):
        self.activation = activation
        self.device = device
        self.weights = tensors_on(coefs, device, copy)
        self.biases = tensors_on(intercepts, device, copy)

    @property
    def parameters(self):
        return self.weights + self.biases

    @property
    def dtype(self):
        return self.weights[0].dtype

    def multiply_adds(self, rows):
        """Multiply-adds of a forward pass over ``rows`` rows."""
        return rows * sum(w.numel() for w in self.weights)

    def to_numpy(self):
        """Return ``(coefs, intercepts)`` as lists of new NumPy arrays."""
        return (
            [w.detach().cpu().numpy().copy() for w in self.weights],
            [b.detach().cpu().numpy().copy() for b in self.biases],
        )

    def hidden_activations(self, X):
        """Return the input and the output of every hidden layer."""
        activate = ACTIVATIONS[self.activation]
        outputs = [X]
        for weight, bias in zip(self.weights[:-1], self.biases[:-1], strict=True):
            outputs.append(activate(torch.addmm(bias, outputs[-1], weight)))
        return outputs

    def logits(self, X):
        """Return the output layer's pre-sigmoid values for a batch ``X``."""
        return torch.addmm(
            self.biases[-1], self.hidden_activations(X)[-1], self.weights[-1]
        )

    def loss_and_gradients(self, X, Y, signs, sample_weight, total_weight, alpha):
        """Cross-entropy of a batch, the squared weight norm, and the gradients.

        The gradients are those of ``MLPClassifier``'s batch loss: the mean
        over samples (weighted by ``sample_weight`` when given) of the
        cross-entropy summed over outputs, plus ``alpha / 2 * ||W||^2``
        divided by the batch's total weight.

        Parameters
        ----------
        X, Y : tensors of shape (n_rows, n_inputs) and (n_rows, n_outputs)
            Inputs and 0/1 targets.
        signs : tensor of shape (n_rows, n_outputs)
            ``1 - 2 * Y``: the cross-entropy of a logit ``z`` is then
            ``softplus(signs * z)``, one stable elementwise operation.
        sample_weight : tensor of shape (n_rows,) or None
        total_weight : float
            The sum of ``sample_weight`` (the row count without weights), known
            on the host so that no step waits for the device.
        alpha : float

        Returns
        -------
        cross_entropy : 0-d tensor
            Summed over rows, weighted by ``sample_weight``. Left on the
            device: reading it would wait for the computation.
        squared_norm : 0-d tensor or None
            ``||W||^2`` over all weight matrices; None when ``alpha`` is 0.
        gradients : list of tensors
            Matching :attr:`parameters`.
        """
        outputs = self.hidden_activations(X)
        logits = torch.addmm(self.biases[-1], outputs[-1], self.weights[-1])
        losses = F.softplus(logits * signs)
        delta = torch.sigmoid(logits).sub_(Y)
        if sample_weight is not None:
            row_weight = sample_weight.unsqueeze(1)
            losses.mul_(row_weight)
            delta.mul_(row_weight)
        delta.div_(total_weight)
        squared_norm = None
        if alpha:
            squared_norm = sum(torch.vdot(w.view(-1), w.view(-1)) for w in self.weights)

        backward = ACTIVATION_BACKWARDS[self.activation]
        weight_grads, bias_grads = [], []
        for layer in range(len(self.weights) - 1, -1, -1):
            weight = self.weights[layer]
            weight_grads.append(
                torch.addmm(weight, outputs[layer].T, delta, beta=alpha / total_weight)
            )
            bias_grads.append(delta.sum(0))
            if layer:
                delta = backward(delta @ weight.T, outputs[layer])
        return losses.sum(), squared_norm, weight_grads[::-1] + bias_grads[::-1]

    def all_finite(self):
        """Whether every weight and bias is finite (waits for the device)."""
        return all(bool(torch.isfinite(p).all()) for p in self.parameters)

    def predict_logits(self, X):
        """Logits for a NumPy or SciPy sparse ``X``, computed in bounded chunks.

        Returns
        -------
        logits : ndarray of shape (n_samples, n_outputs)
        """
        widths = [w.shape[1] for w in self.weights] + [X.shape[1]]
        chunk_rows = max(1, PREDICTION_CHUNK_ELEMENTS // max(widths))
        dtype = torch_to_numpy_dtype(self.dtype)
        result = np.empty((X.shape[0], self.weights[-1].shape[1]), dtype=dtype)
        work = self.multiply_adds(min(chunk_rows, X.shape[0]))
        with torch.no_grad(), thread_budget(work, self.device):
            for start in range(0, X.shape[0], chunk_rows):
                stop = start + chunk_rows
                chunk = to_tensor(X[start:stop], self.dtype, self.device)
                result[start:stop] = self.logits(chunk).cpu().numpy()
        return result


def numpy_logits(X, coefs, intercepts, activation):
    """Output logits of a small ``X`` (dense or sparse), computed with NumPy."""
    activate = NUMPY_ACTIVATIONS[activation]
    hidden = X
    for coef, intercept in zip(coefs[:-1], intercepts[:-1], strict=True):
        hidden = activate(hidden @ coef + intercept)
    return np.asarray(hidden @ coefs[-1] + intercepts[-1])


def tensors_on(arrays, device, copy=True):
    """Tensors on ``device`` of NumPy ``arrays``; copies, unless ``copy`` is
    False, when CPU tensors share the arrays' memory where they can."""
    if copy:
        return [torch.tensor(np.asarray(a), device=device) for a in arrays]
    return [to_tensor(a, None, device) for a in arrays]


def torch_to_numpy_dtype(dtype):
    return torch.empty((), dtype=dtype).numpy().dtype


def to_tensor(X, dtype=None, device=None):
    """A tensor of ``X`` (dense, or sparse rows densified), sharing memory where
    possible."""
    if hasattr(X, "toarray"):
        X = X.toarray()
    X = np.ascontiguousarray(X)
    if not X.flags.writeable:  # torch cannot share read-only memory
        X = X.copy()
    return torch.as_tensor(X, dtype=dtype, device=device)


def build_torch_module(coefs, intercepts, activation):
    """A ``torch.nn.Sequential`` of Linear and activation layers ending in Sigmoid.

    Its parameters are new tensors holding copies of ``coefs`` and
    ``intercepts``; ``Linear`` stores weights as ``(fan_out, fan_in)``.
    """
    layers = []
    for index, (coef, intercept) in enumerate(zip(coefs, intercepts, strict=True)):
        # skip_init: no draw from torch's global generator for weights that
        # are overwritten at once.
        linear = torch.nn.utils.skip_init(
            torch.nn.Linear,
            coef.shape[0],
            coef.shape[1],
            dtype=torch.from_numpy(coef).dtype,
        )
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(coef.T)))
            linear.bias.copy_(torch.from_numpy(np.asarray(intercept)))
        layers.append(linear)
        is_output = index == len(coefs) - 1
        layers.append(torch.nn.Sigmoid() if is_output else TORCH_MODULES[activation]())
    return torch.nn.Sequential(*layers)
