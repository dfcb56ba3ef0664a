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
        Any real number, bool included (``True`` is 1, as in
        ``MLPClassifier``): torch refuses a bool factor on float tensors.
    nesterov : bool
    """

    def __init__(self, parameters, velocities, momentum, nesterov):
        import torch  # the optimizer exists only where training runs

        self.parameters = parameters
        self.velocities = velocities
        self.momentum = float(momentum)
        self.nesterov = nesterov
        self._largest = torch.finfo(parameters.dtype).max

    def step(self, gradients, learning_rate):
        """Move the parameters by ``-learning_rate * gradients``, with momentum.

        Raises
        ------
        ValueError
            When ``learning_rate`` is beyond the largest value of the
            parameters' dtype: torch's own error would not say which value
            or what to do.
        """
        if not learning_rate <= self._largest:
            raise ValueError(
                "The SGD step size, the learning rate divided by the batch's "
                "total sample weight (its number of rows without weights), is "
                f"{learning_rate:.3g}: beyond "
                f"{self._largest:.3g}, the largest {_dtype_name(self.parameters)} "
                "value, in which this network trains. Lower learning_rate_init, "
                "or train on float64 data (float32 input trains in float32)."
            )
        if not self.momentum:
            self.parameters.add_(gradients, alpha=-learning_rate)
            return
        self.velocities.mul_(self.momentum).add_(gradients, alpha=-learning_rate)
        if self.nesterov:
            self.parameters.add_(self.velocities, alpha=self.momentum)
            self.parameters.add_(gradients, alpha=-learning_rate)
        else:
            self.parameters.add_(self.velocities)


def _dtype_name(tensor):
    return str(tensor.dtype).removeprefix("torch.")
