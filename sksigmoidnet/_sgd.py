"""Stochastic gradient descent with momentum, on flat torch tensors.

The update is ``MLPClassifier``'s: ``v <- momentum * v - lr * g``, then
``w <- w + v`` or, with Nesterov's momentum, ``w <- w + momentum * v - lr * g``.
The learning rate is passed to every step so that the schedule stays with the
training loop; the velocities are the only state carried between steps.
"""


class MomentumSGD:
    """In-place SGD updates of one flat tensor of parameters.

    Parameters
    ----------
    parameters : tensor
        Every weight and bias end to end, updated in place by :meth:`step`.
    velocities : tensor
        Same layout as ``parameters``, updated in place.
    momentum : float
    nesterov : bool
    """

    def __init__(self, parameters, velocities, momentum, nesterov):
        self.parameters = parameters
        self.velocities = velocities
        self.momentum = momentum
        self.nesterov = nesterov

    def step(self, gradients, learning_rate):
        if not self.momentum:
            self.parameters.add_(gradients, alpha=-learning_rate)
            return
        self.velocities.mul_(self.momentum).add_(gradients, alpha=-learning_rate)
        if self.nesterov:
            self.parameters.add_(self.velocities, alpha=self.momentum)
            self.parameters.add_(gradients, alpha=-learning_rate)
        else:
            self.parameters.add_(self.velocities)
