"""The network on the torch side: forward passes, gradients and SGD steps.

This module knows torch and nothing of scikit-learn. Weights live here as
torch tensors only while the estimator trains or predicts; the estimator keeps
them as NumPy arrays between calls. It is imported when first needed (to
train, to predict on a GPU or a batch of over 2**28 multiply-adds, to build a
torch module), never by ``import sksigmoidnet``: other predictions use
``_numpy_network``.

Gradients are derived by hand rather than by autograd: for a sigmoid output
trained with binary cross-entropy the error at the output is simply
``sigmoid(z) - y``, and each hidden layer multiplies it back through its
weights and the derivative of its activation. This avoids autograd's
bookkeeping, which dominates the cost of a step at small batch sizes.
"""

from functools import cache

import numpy as np
import torch

from ._activations import ACTIVATIONS
from ._devices import training_dtype
from ._threads import one_thread_if_forked, thread_budget

# Elements of one hidden activation computed at once when predicting: bounds
# the memory a prediction needs whatever the number of rows.
PREDICTION_CHUNK_ELEMENTS = 1 << 20


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
        activate = ACTIVATIONS[self.activation].torch_forward
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

        backward = ACTIVATIONS[self.activation].torch_backward
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
    MKL, torch's BLAS on x86, runs a product with few output columns (200
    rows by 10 outputs, say) two to four times slower when it writes it row by
    row; the same product written column by column is, for the BLAS, one with
    few rows, which it runs fast. Wide products (4096 rows by 256) run 2 to
    15% slower column by column. Measured on an AMD EPYC.
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


@cache
def torch_to_numpy_dtype(dtype):
    """The NumPy dtype of a torch dtype (asked of every batch and chunk
    converted, so worked out once per dtype)."""
    return torch.empty((), dtype=dtype).numpy().dtype


def torch_dtype(dtype):
    """The torch dtype of a NumPy dtype."""
    return torch.from_numpy(np.empty(0, dtype=dtype)).dtype


def to_tensor(X, dtype=None, device=None):
    """A tensor of ``X`` (dense, or sparse rows densified), sharing memory where
    possible.

    With ``dtype``, ``X`` is converted by NumPy first: torch refuses dtypes
    that NumPy casts without trouble, such as big-endian floats (``">f8"``)
    and ``longdouble``.
    """
    if hasattr(X, "toarray"):
        X = X.toarray()
    X = np.ascontiguousarray(
        X, dtype=None if dtype is None else torch_to_numpy_dtype(dtype)
    )
    if not X.flags.writeable:  # torch cannot share read-only memory
        X = X.copy()
    return torch.as_tensor(X, dtype=dtype, device=device)


def build_torch_module(coefs, intercepts, activation):
    """A ``torch.nn.Sequential`` of Linear and activation layers ending in Sigmoid.

    Its parameters are new tensors holding copies of ``coefs`` and
    ``intercepts``; ``Linear`` stores weights as ``(fan_out, fan_in)``.
    Copying a large layer is parallel, so in a forked child it runs on one
    thread, as fits and predictions do (see ``_threads``).
    """
    with one_thread_if_forked():
        return torch.nn.Sequential(*_torch_layers(coefs, intercepts, activation))


def _torch_layers(coefs, intercepts, activation):
    """The ``Linear`` and activation modules of :func:`build_torch_module`."""
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
