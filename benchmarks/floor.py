"""The floor: what one training step costs in a bare torch loop.

The loop does only what a step must do, on tensors built beforehand: the
forward pass, the backward pass derived by hand with torch's fused activation
kernels, and a Nesterov momentum SGD update (the estimator's default) of one
flat buffer holding every weight and bias. There is no estimator code, no
loss value, no validation and no Python object per batch. The estimator's time
per step divided by this floor measures its overhead.

The caller sets the thread regime (for example with
``threadpoolctl.threadpool_limits``); this module changes no global state.
"""

import statistics
import time

import torch

ACTIVATIONS = {
    "logistic": (torch.sigmoid_, torch.ops.aten.sigmoid_backward),
    "tanh": (torch.tanh_, torch.ops.aten.tanh_backward),
    "relu": (
        torch.relu_,
        lambda delta, output: torch.ops.aten.threshold_backward(delta, output, 0),
    ),
}

LEARNING_RATE = 1e-3
MOMENTUM = 0.9
ALPHA = 1e-4
N_BATCHES = 6


def floor_loop(
    n_features,
    hidden_layer_sizes,
    n_outputs,
    batch_size,
    *,
    dtype="float32",
    activation="logistic",
):
    """A bare torch training loop on these shapes, ready to run.

    Parameters
    ----------
    n_features : int
        Inputs of the network.
    hidden_layer_sizes : tuple of int
        Units of each hidden layer.
    n_outputs : int
        Sigmoid outputs.
    batch_size : int
        Rows per step.
    dtype : {"float32", "float64"}, default="float32"
        Dtype of the data and the weights.
    activation : {"logistic", "tanh", "relu"}, default="logistic"
        Hidden activation.

    Returns
    -------
    run : callable
        ``run(n_steps)`` runs that many steps and returns the seconds per step.
    """
    torch_dtype = getattr(torch, dtype)
    activate, activation_backward = ACTIVATIONS[activation]
    generator = torch.Generator().manual_seed(0)
    sizes = [n_features, *hidden_layer_sizes, n_outputs]
    shapes = list(zip(sizes[:-1], sizes[1:], strict=True)) + [(n,) for n in sizes[1:]]
    numels = [torch.Size(shape).numel() for shape in shapes]

    parameters = torch.rand(sum(numels), generator=generator, dtype=torch_dtype)
    parameters.sub_(0.5).mul_(0.2)
    gradients = torch.zeros_like(parameters)
    velocities = torch.zeros_like(parameters)
    n_layers = len(sizes) - 1

    def views(flat):
        chunks = [c.view(s) for c, s in zip(flat.split(numels), shapes, strict=True)]
        return chunks[:n_layers], chunks[n_layers:]

    weights, biases = views(parameters)
    weight_grads, bias_grads = views(gradients)
    batches = [
        (
            torch.randn(batch_size, n_features, generator=generator, dtype=torch_dtype),
            torch.randint(0, 2, (batch_size, n_outputs), generator=generator).to(
                torch_dtype
            ),
        )
        for _ in range(N_BATCHES)
    ]

    def step(X, Y):
        outputs = [X]
        for weight, bias in zip(weights[:-1], biases[:-1], strict=True):
            outputs.append(activate(torch.addmm(bias, outputs[-1], weight)))
        logits = torch.addmm(biases[-1], outputs[-1], weights[-1])
        delta = torch.sigmoid(logits).sub_(Y).div_(batch_size)
        for layer in range(n_layers - 1, -1, -1):
            torch.addmm(
                weights[layer],
                outputs[layer].T,
                delta,
                beta=ALPHA / batch_size,
                out=weight_grads[layer],
            )
            torch.sum(delta, 0, out=bias_grads[layer])
            if layer:
                delta = activation_backward(delta @ weights[layer].T, outputs[layer])
        velocities.mul_(MOMENTUM).add_(gradients, alpha=-LEARNING_RATE)
        parameters.add_(velocities, alpha=MOMENTUM)
        parameters.add_(gradients, alpha=-LEARNING_RATE)

    def run(n_steps):
        with torch.no_grad():
            started = time.perf_counter()
            for index in range(n_steps):
                step(*batches[index % N_BATCHES])
            return (time.perf_counter() - started) / n_steps

    return run


def floor_seconds_per_step(
    n_features, hidden_layer_sizes, n_outputs, batch_size, *, n_steps=300, repeats=5
):
    """Median seconds per step of :func:`floor_loop` over ``repeats`` runs of
    ``n_steps`` steps, after one untimed warm-up run."""
    run = floor_loop(n_features, hidden_layer_sizes, n_outputs, batch_size)
    run(n_steps)
    return statistics.median(run(n_steps) for _ in range(repeats))


if __name__ == "__main__":
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        for case in [(20, (100,), 1, 200), (64, (100,), 10, 200)]:
            print(case, f"{floor_seconds_per_step(*case) * 1e6:.1f} us per step")
