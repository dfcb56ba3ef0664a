"""Stochastic gradient descent with momentum, on torch tensors.

The update is ``MLPClassifier``'s: ``v <- momentum * v - lr * g``, then
``w <- w + v`` or, with Nesterov's momentum, ``w <- w + momentum * v - lr * g``.
The learning rate is passed to every step so that the schedule stays with the
training loop; the velocities are the only state carried between steps.
"""

import torch


class MomentumSGD:
    """In-place SGD updates of a list of tensors.

    Parameters
    ----------
    parameters : list of tensors
        Updated in place by :meth:`step`.
    velocities : list of tensors
        One per parameter, updated in place.
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
            torch._foreach_add_(self.parameters, gradients, alpha=-learning_rate)
            return
        torch._foreach_mul_(self.velocities, self.momentum)
        torch._foreach_add_(self.velocities, gradients, alpha=-learning_rate)
        if self.nesterov:
            torch._foreach_add_(self.parameters, self.velocities, alpha=self.momentum)
            torch._foreach_add_(self.parameters, gradients, alpha=-learning_rate)
        else:
            torch._foreach_add_(self.parameters, self.velocities)
