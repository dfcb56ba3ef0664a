"""The network on the torch side: forward passes and gradients.

This module knows torch and nothing of scikit-learn. Weights live here as
torch tensors only while the estimator trains or predicts; the estimator keeps
them as NumPy arrays between calls. Predictions that NumPy computes are
``_numpy_network``'s (see ``predicts_with_numpy`` there).

Gradients are derived by hand rather than by autograd: for a sigmoid output
trained with binary cross-entropy the error at the output is simply
``sigmoid(z) - y``, and each hidden layer multiplies it back through its
weights and the derivative of its activation. This avoids autograd's
bookkeeping, which dominates the cost of a step at small batch sizes.
"""

import numpy as np
import torch

from .._numpy_network import rows_per_chunk
from . import _activation_ops as activation_ops
from ._devices import prediction_device, training_dtype
from ._tensors import to_tensor, torch_dtype, torch_to_numpy_dtype
from ._threads import thread_budget


class Packed:
    """Tensors of several shapes stored end to end in one flat tensor.

    An SGD update of every weight and bias is then one operation on
    :attr:`flat` rather than one per layer. A narrow matrix (few outputs) is
    stored column by column (see :func:`product_buffer`): its gradient,
    written to the same layout, is then a product with few rows.

    Parameters
    ----------
    shapes : list of tuple
        The shape of each view, in order.
    dtype : torch.dtype
    device : torch.device
    arrays : list of ndarray, optional
        Copied, in order, into the views; zeros when None.
    """

    def __init__(self, shapes, dtype, device, arrays=None):
        sizes = [int(np.prod(shape)) for shape in shapes]
        make = torch.zeros if arrays is None else torch.empty
        self.flat = make(sum(sizes), dtype=dtype, device=device)
        self.views = [
            _narrow_by_columns(chunk, shape)
            for chunk, shape in zip(self.flat.split(sizes), shapes, strict=True)
        ]
        if arrays is not None:
            for view, array in zip(self.views, arrays, strict=True):
                view.copy_(to_tensor(array))

    def to_numpy(self):
        """New NumPy arrays, one per view."""
        return [view.cpu().numpy().copy() for view in self.views]


class Network:
    """Weights and biases as torch tensors, with the forward pass.

    Parameters
    ----------
    weights, biases : list of tensors
        Weight matrices of shape ``(fan_in, fan_out)`` and bias vectors.
    activation : str
        Hidden activation, a key of ``ACTIVATIONS``. Outputs are sigmoid.
    """

    def __init__(self, weights, biases, activation):
        self.weights = weights
        self.biases = biases
        self.activation = activation

    @classmethod
    def sharing(cls, coefs, intercepts, activation, device):
        """A network over NumPy weights, sharing their memory on the CPU:
        enough to predict, and no copy."""
        return cls(
            [to_tensor(coef, device=device) for coef in coefs],
            [to_tensor(intercept, device=device) for intercept in intercepts],
            activation,
        )

    @property
    def device(self):
        return self.weights[0].device

    @property
    def dtype(self):
        return self.weights[0].dtype

    def multiply_adds(self, rows):
        """Multiply-adds of a forward pass over ``rows`` rows."""
        return rows * sum(w.numel() for w in self.weights)

    def hidden_activations(self, X, buffers=None):
        """Return the input and the output of every hidden layer, written to
        ``buffers`` (one per hidden layer) when given."""
        activate = activation_ops.forward(self.activation)
        outputs = [X]
        buffers = buffers or [None] * (len(self.weights) - 1)
        for weight, bias, out in zip(
            self.weights[:-1], self.biases[:-1], buffers, strict=True
        ):
            outputs.append(activate(torch.addmm(bias, outputs[-1], weight, out=out)))
        return outputs

    def logits(self, X):
        """Return the output layer's pre-sigmoid values for a batch ``X``."""
        return torch.addmm(
            self.biases[-1], self.hidden_activations(X)[-1], self.weights[-1]
        )

    def predict_logits(self, X):
        """Logits for a NumPy or SciPy sparse ``X``, computed in bounded chunks.

        Returns
        -------
        logits : ndarray of shape (n_samples, n_outputs)
        """
        widths = [w.shape[1] for w in self.weights] + [X.shape[1]]
        chunk_rows = rows_per_chunk(widths, threaded=True)
        dtype = torch_to_numpy_dtype(self.dtype)
        result = np.empty((X.shape[0], self.weights[-1].shape[1]), dtype=dtype)
        work = self.multiply_adds(min(chunk_rows, X.shape[0]))
        with torch.no_grad(), thread_budget(work, self.device):
            for start in range(0, X.shape[0], chunk_rows):
                stop = start + chunk_rows
                chunk = to_tensor(X[start:stop], self.dtype, self.device)
                result[start:stop] = self.logits(chunk).cpu().numpy()
        return result


def predict_logits(coefs, intercepts, activation, device, X):
    """Logits of ``X`` computed by torch on the ``device`` the estimator's
    parameter names, or on the CPU where that device is absent.

    Parameters
    ----------
    coefs, intercepts : list of ndarray
        The fitted weights, shared with torch on the CPU rather than copied.
    activation : str
    device : str
    X : ndarray or sparse matrix of shape (n_samples, n_features)

    Returns
    -------
    logits : ndarray of shape (n_samples, n_outputs)
    """
    network = Network.sharing(coefs, intercepts, activation, prediction_device(device))
    return network.predict_logits(X)


class TrainableNetwork(Network):
    """A network whose weights and biases are packed copies, with gradients.

    Parameters
    ----------
    coefs, intercepts : list of ndarray
        Initial weights and biases, copied; their dtype is the training dtype.
    activation : str
    device : torch.device
    """

    def __init__(self, coefs, intercepts, activation, device):
        dtype = torch_dtype(training_dtype(np.asarray(coefs[0]).dtype, device.type))
        self._shapes = [np.shape(array) for array in coefs + intercepts]
        self._packed = self.packed(coefs + intercepts, dtype, device)
        self._gradients = self.packed(None, dtype, device)
        n_weight_elements = sum(int(np.size(coef)) for coef in coefs)
        self._all_weights = self._packed.flat[:n_weight_elements]
        n_layers = len(coefs)
        self._weight_gradients = self._gradients.views[:n_layers]
        self._bias_gradients = self._gradients.views[n_layers:]
        views = self._packed.views
        super().__init__(views[:n_layers], views[n_layers:], activation)
        # Batch rows -> StepBuffers. An epoch has at most two batch sizes.
        self._step_buffers = {}

    @property
    def parameters(self):
        """Every weight then every bias, as one flat tensor."""
        return self._packed.flat

    def packed(self, arrays, dtype=None, device=None):
        """A :class:`Packed` copy of ``arrays`` (one per weight then bias
        array, as :attr:`parameters`), or zeros when ``arrays`` is None; in
        the network's dtype and device unless given."""
        return Packed(self._shapes, dtype or self.dtype, device or self.device, arrays)

    def gradients(self, X, Y, sample_weight, alpha, logits):
        """The squared weight norm and the gradients of a batch's loss.

        The gradients are those of ``MLPClassifier``'s batch loss: the mean
        over samples (weighted by ``sample_weight`` when given) of the
        cross-entropy summed over outputs, plus ``alpha / 2 * ||W||^2``
        divided by the batch's total weight (the sum of ``sample_weight``, or
        the row count). They are returned multiplied by that total weight,
        which saves a torch call per step: the optimizer's ``step`` takes the
        weight and divides by it (the contract in ``_sgd``). The cross-entropy
        itself is not computed here: the batch's logits are written to
        ``logits``, from which the caller computes the losses of many batches
        at once.

        Parameters
        ----------
        X, Y : tensors of shape (n_rows, n_inputs) and (n_rows, n_outputs)
            Inputs and 0/1 targets.
        sample_weight : tensor of shape (n_rows,) or None
        alpha : float
        logits : tensor of shape (n_rows, n_outputs)
            Overwritten with the output layer's pre-sigmoid values.

        Returns
        -------
        squared_norm : 0-d tensor or None
            ``||W||^2`` over all weight matrices, before this step's update;
            None when ``alpha`` is 0. Left on the device: reading it would
            wait for the computation.
        gradients : tensor
            Flat, laid out as :attr:`parameters`; overwritten by the next call.
        """
        buffers = self._buffers(X.shape[0])
        outputs = self.hidden_activations(X, buffers.hidden)
        torch.addmm(self.biases[-1], outputs[-1], self.weights[-1], out=logits)
        delta = torch.sigmoid(logits, out=buffers.output_delta).sub_(Y)
        if sample_weight is not None:
            delta.mul_(sample_weight.unsqueeze(1))
        squared_norm = None
        if alpha:
            squared_norm = torch.dot(self._all_weights, self._all_weights)

        backward = activation_ops.backward(self.activation)
        for layer in range(len(self.weights) - 1, -1, -1):
            weight = self.weights[layer]
            torch.addmm(
                weight,
                outputs[layer].T,
                delta,
                beta=alpha,
                out=self._weight_gradients[layer],
            )
            torch.sum(delta, 0, out=self._bias_gradients[layer])
            if layer:
                hidden_delta = buffers.hidden_deltas[layer - 1]
                torch.mm(delta, weight.T, out=hidden_delta)
                delta = backward(hidden_delta, outputs[layer])
        return squared_norm, self._gradients.flat

    def _buffers(self, n_rows):
        """The intermediate results of a step on ``n_rows`` rows, allocated
        once: a fresh allocation of a large batch's activations costs page
        faults at every step."""
        if n_rows not in self._step_buffers:
            self._step_buffers[n_rows] = StepBuffers(
                n_rows, [w.shape[1] for w in self.weights], self.dtype, self.device
            )
        return self._step_buffers[n_rows]

    def all_finite(self):
        """Whether every weight and bias is finite (waits for the device)."""
        return bool(torch.isfinite(self.parameters).all())

    def to_numpy(self):
        """Return ``(coefs, intercepts)`` as lists of new NumPy arrays."""
        arrays = self._packed.to_numpy()
        return arrays[: len(self.weights)], arrays[len(self.weights) :]


def product_buffer(n_rows, width, dtype, device):
    """An empty ``(n_rows, width)`` tensor for a matrix product to write.

    Stored column by column when it is narrow (see :func:`_narrow_by_columns`).
    MKL, torch's BLAS on x86, runs a product with few output columns slower
    when it writes it row by row; the same product written column by column
    is, for the BLAS, one with few rows, which it runs fast. Wide products run
    a little slower column by column (the performance guide gives the
    figures).
    """
    return _narrow_by_columns(
        torch.empty(n_rows * width, dtype=dtype, device=device), (n_rows, width)
    )


# Matrices with at most this many columns, and fewer columns than rows, are
# stored column by column.
NARROW_COLUMNS = 64


def _narrow_by_columns(flat, shape):
    """``flat`` viewed as ``shape``, column by column for a narrow matrix."""
    if len(shape) == 2 and shape[1] <= NARROW_COLUMNS and shape[1] < shape[0]:
        return flat.view(shape[::-1]).T
    return flat.view(shape)


class StepBuffers:
    """Where one training step writes its intermediate results (see
    :func:`product_buffer`).

    Parameters
    ----------
    n_rows : int
        Rows of the batch.
    widths : list of int
        Units of each layer after the input, the outputs last.
    dtype : torch.dtype
    device : torch.device
    """

    def __init__(self, n_rows, widths, dtype, device):
        def new(width):
            return product_buffer(n_rows, width, dtype, device)

        self.hidden = [new(width) for width in widths[:-1]]
        self.hidden_deltas = [new(width) for width in widths[:-1]]
        self.output_delta = new(widths[-1])
