"""Every activation's gradients, as training computes them by hand, against
autograd.

Training derives its gradients by hand (``_network.TrainableNetwork``), each
hidden layer multiplying the error by its activation's derivative. One step
of plain SGD (the whole data as one batch, no momentum, learning rate 1) from
known weights moves every parameter by minus its gradient, so the gradients
training used are read back from ``partial_fit`` alone. The reference is
torch's autograd of the same loss (``MLPClassifier``'s: the mean of the
cross-entropies summed over outputs, plus ``alpha / 2 * ||W||^2`` over the
rows' total weight), computed from a forward pass written here with torch's
own functions.
"""

import numpy as np
import pytest
import torch
from cases import ACTIVATIONS
from sklearn.datasets import make_classification

from sksigmoidnet import SigmoidNetClassifier

KINDS = ["binary", "multiclass", "multilabel"]
HIDDEN = (6, 5)  # two hidden layers: the derivative is applied twice
ALPHA = 0.3

# The hidden activations, written independently of the package.
FORWARD = {
    "logistic": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "identity": lambda z: z,
}


def data(kind):
    X, y = make_classification(
        n_samples=40, n_features=4, n_informative=3, n_redundant=0, n_classes=3,
        random_state=0,
    )  # fmt: skip
    if kind == "binary":
        return X, y % 2
    if kind == "multilabel":
        return X, np.column_stack([y == 0, y == 1, y > 0]).astype(int)
    return X, y


def known_weights(layer_sizes, seed=0):
    """Weights large enough that relu units are on for some rows and off for
    others, and sigmoid units away from their linear middle."""
    rng = np.random.RandomState(seed)
    pairs = zip(layer_sizes[:-1], layer_sizes[1:], strict=True)
    coefs = [rng.normal(scale=0.8, size=shape) for shape in pairs]
    intercepts = [rng.normal(scale=0.3, size=size) for size in layer_sizes[1:]]
    return coefs, intercepts


def training_gradients(activation, X, y, coefs, intercepts, sample_weight=None):
    """The loss and gradients of one training step from the given weights,
    read back from the step itself."""
    model = SigmoidNetClassifier(
        HIDDEN, activation=activation, alpha=ALPHA, batch_size=len(X),
        learning_rate_init=1.0, momentum=0.0, shuffle=False, random_state=0,
    )  # fmt: skip
    model.partial_fit(X, y, classes=None if y.ndim == 2 else np.unique(y))
    model.coefs_ = [c.copy() for c in coefs]
    model.intercepts_ = [b.copy() for b in intercepts]
    model.partial_fit(X, y, sample_weight=sample_weight)
    before = coefs + intercepts
    after = model.coefs_ + model.intercepts_
    return model.loss_curve_[-1], [b - a for b, a in zip(before, after, strict=True)]


def reference_gradients(activation, X, Y, coefs, intercepts, sample_weight=None):
    """The loss and its gradients by autograd, in float64."""
    weights = [torch.tensor(c, requires_grad=True) for c in coefs]
    biases = [torch.tensor(b, requires_grad=True) for b in intercepts]
    values = torch.tensor(X)
    for weight, bias in zip(weights[:-1], biases[:-1], strict=True):
        values = FORWARD[activation](values @ weight + bias)
    logits = values @ weights[-1] + biases[-1]
    per_row = torch.nn.functional.binary_cross_entropy_with_logits(
        logits, torch.tensor(Y, dtype=logits.dtype), reduction="none"
    ).sum(1)
    row_weights = torch.ones(len(X), dtype=logits.dtype)
    if sample_weight is not None:
        row_weights = torch.tensor(sample_weight, dtype=logits.dtype)
    total = row_weights.sum()
    penalty = sum((weight**2).sum() for weight in weights)
    loss = (row_weights * per_row).sum() / total + ALPHA / 2 * penalty / total
    loss.backward()
    return loss.item(), [p.grad.numpy() for p in weights + biases]


def one_hot_targets(y, kind):
    if kind == "multilabel":
        return y.astype(float)
    classes = np.unique(y)
    if kind == "binary":
        return (y == classes[1]).astype(float).reshape(-1, 1)
    return (y[:, None] == classes).astype(float)


def assert_gradients_match(got, expected, rtol=1e-9):
    """Each parameter's gradient within ``rtol`` of the reference, relative to
    the largest entry of that parameter's reference gradient."""
    assert len(got) == len(expected)
    for index, (g, e) in enumerate(zip(got, expected, strict=True)):
        assert g.shape == e.shape, index
        scale = np.abs(e).max()
        np.testing.assert_allclose(
            g, e, rtol=0, atol=rtol * scale, err_msg=f"parameter {index}"
        )


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_training_gradients_match_autograd(activation, kind, weighted):
    X, y = data(kind)
    Y = one_hot_targets(y, kind)
    coefs, intercepts = known_weights([X.shape[1], *HIDDEN, Y.shape[1]])
    sample_weight = (
        np.random.RandomState(1).uniform(0.2, 3, len(X)) if weighted else None
    )
    loss, got = training_gradients(activation, X, y, coefs, intercepts, sample_weight)
    expected_loss, expected = reference_gradients(
        activation, X, Y, coefs, intercepts, sample_weight
    )
    np.testing.assert_allclose(loss, expected_loss, rtol=1e-12)
    assert_gradients_match(got, expected)


def numpy_backpropagation(X, Y, coefs, intercepts, forward, derivative):
    """Gradients by a hand backward pass in NumPy, ``derivative`` computing
    ``f'(z)`` from the output ``f(z)``: a stand-in for training's, into which
    a wrong derivative can be put."""
    outputs = [X]
    for coef, intercept in zip(coefs[:-1], intercepts[:-1], strict=True):
        outputs.append(forward(outputs[-1] @ coef + intercept))
    logits = outputs[-1] @ coefs[-1] + intercepts[-1]
    n_rows = len(X)
    delta = (1 / (1 + np.exp(-logits)) - Y) / n_rows
    weight_gradients, bias_gradients = [], []
    for layer in range(len(coefs) - 1, -1, -1):
        weight_gradients.insert(
            0, outputs[layer].T @ delta + ALPHA * coefs[layer] / n_rows
        )
        bias_gradients.insert(0, delta.sum(0))
        if layer:
            delta = (delta @ coefs[layer].T) * derivative(outputs[layer])
    return weight_gradients + bias_gradients


def test_the_comparison_catches_a_wrong_derivative():
    """tanh's derivative replaced by the sigmoid's (``f(1 - f)`` for
    ``1 - f**2``), a mistake that once passed every other test, fails the
    comparison the gradient tests make; the right one passes it."""
    X, y = data("multiclass")
    Y = one_hot_targets(y, "multiclass")
    coefs, intercepts = known_weights([X.shape[1], *HIDDEN, Y.shape[1]])
    _, expected = reference_gradients("tanh", X, Y, coefs, intercepts)

    right = numpy_backpropagation(
        X, Y, coefs, intercepts, np.tanh, lambda output: 1 - output**2
    )
    assert_gradients_match(right, expected)

    wrong = numpy_backpropagation(
        X, Y, coefs, intercepts, np.tanh, lambda output: output * (1 - output)
    )
    with pytest.raises(AssertionError, match="parameter 0"):
        assert_gradients_match(wrong, expected)
