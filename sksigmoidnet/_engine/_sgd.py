"""Stochastic gradient descent with momentum: the optimizer and its contract.

The update is ``MLPClassifier``'s: ``v <- momentum * v - lr * g``, then
``w <- w + v`` or, with Nesterov's momentum, ``w <- w + momentum * v - lr * g``.

What the training loop and an optimizer agree on, so that another optimizer
would stay in this module:

- :meth:`MomentumSGD.step` receives the gradients of a batch's loss
  *multiplied by the batch's total sample weight* (the network sums over rows
  instead of averaging, which saves a torch call per step), and that weight.
  This optimizer divides its learning rate by the weight instead of dividing
  the gradients: the same step, since the update is linear in the gradient.
  An optimizer that is not linear in it (Adam's normalisation) must divide
  the gradients.
- The optimizer owns its state: the velocities, laid out as the network's
  parameters, and the learning rate with its schedule. The loop tells it
  when an epoch ends (:meth:`~MomentumSGD.epoch_ends`, where ``"invscaling"``
  decays the rate) and when the stopping rule would stop
  (:meth:`~MomentumSGD.should_stop`, where ``"adaptive"`` divides the rate by
  5 and carries on), as scikit-learn's ``iteration_ends`` and
  ``trigger_stopping`` do.
- :meth:`~MomentumSGD.velocities` gives the state a fit saves, which the next
  ``partial_fit`` passes back.
"""

import math

# The adaptive schedule stops once it has divided the learning rate below this.
MIN_ADAPTIVE_LEARNING_RATE = 1e-6


class MomentumSGD:
    """In-place SGD updates of a network's flat parameters.

    Parameters
    ----------
    network : TrainableNetwork
        Whose ``parameters`` (every weight and bias end to end) each
        :meth:`step` updates in place.
    velocities : list of ndarray or None
        Velocities to continue from, one per weight then bias array as the
        fitted state stores them; None starts from zeros.
    learning_rate : float
        The rate to start from.
    schedule : {"constant", "invscaling", "adaptive"}
    learning_rate_init, power_t : float
        The ``"invscaling"`` schedule's ``learning_rate_init / (t + 1) **
        power_t``.
    momentum : float
        Any real number, bool included (``True`` is 1, as in
        ``MLPClassifier``): torch refuses a bool factor on float tensors.
    nesterov : bool
    """

    def __init__(
        self,
        network,
        velocities,
        learning_rate,
        *,
        schedule,
        learning_rate_init,
        power_t,
        momentum,
        nesterov,
    ):
        import torch  # the optimizer exists only where training runs

        self.parameters = network.parameters
        self._velocities = network.packed(velocities)
        self.learning_rate = learning_rate
        self.schedule = schedule
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.momentum = float(momentum)
        self.nesterov = nesterov
        self._largest = torch.finfo(self.parameters.dtype).max

    def step(self, gradients, batch_weight):
        """Move the parameters against ``gradients / batch_weight``, with momentum.

        Parameters
        ----------
        gradients : tensor
            Flat, laid out as the parameters: the gradients of the batch's
            loss multiplied by ``batch_weight``.
        batch_weight : float
            The batch's total sample weight (its number of rows without
            weights).

        Raises
        ------
        ValueError
            When the step size is beyond the largest value of the parameters'
            dtype: torch's own error would not say which value or what to do.
        """
        step_size = self.learning_rate / batch_weight
        if not step_size <= self._largest:
            raise ValueError(
                "The SGD step size, the learning rate divided by the batch's "
                "total sample weight (its number of rows without weights), is "
                f"{step_size:.3g}: beyond "
                f"{self._largest:.3g}, the largest {_dtype_name(self.parameters)} "
                "value, in which this network trains. Lower learning_rate_init, "
                "or train on float64 data (float32 input trains in float32)."
            )
        if not self.momentum:
            self.parameters.add_(gradients, alpha=-step_size)
            return
        velocities = self._velocities.flat
        velocities.mul_(self.momentum).add_(gradients, alpha=-step_size)
        if self.nesterov:
            self.parameters.add_(velocities, alpha=self.momentum)
            self.parameters.add_(gradients, alpha=-step_size)
        else:
            self.parameters.add_(velocities)

    def epoch_ends(self, samples_seen):
        """Follow the schedule after an epoch; ``samples_seen`` over all fits."""
        if self.schedule == "invscaling":
            self.learning_rate = _inverse_scaling(
                self.learning_rate_init, samples_seen, self.power_t
            )

    def should_stop(self):
        """Whether training stops now that the stopping rule says so.

        The ``"adaptive"`` schedule instead divides the learning rate by 5,
        until it falls below :data:`MIN_ADAPTIVE_LEARNING_RATE`.
        """
        if self.schedule == "adaptive" and self.learning_rate > (
            MIN_ADAPTIVE_LEARNING_RATE
        ):
            self.learning_rate /= 5
            return False
        return True

    def velocities(self):
        """New NumPy arrays of the velocities, in the order they were given."""
        return self._velocities.to_numpy()


def _inverse_scaling(learning_rate_init, samples_seen, power_t):
    """``learning_rate_init / (samples_seen + 1) ** power_t``, by
    ``MLPClassifier``'s arithmetic while the power is a float.

    A large ``power_t`` (100 after 1,209 samples) takes the power beyond the
    largest float, where Python raises OverflowError: the same quotient is
    then taken in logarithms, where it underflows to 0 instead, a rate that
    has decayed to nothing.
    """
    try:
        return learning_rate_init / (samples_seen + 1) ** power_t
    except OverflowError:
        return math.exp(
            math.log(learning_rate_init) - power_t * math.log(samples_seen + 1)
        )


def _dtype_name(tensor):
    return str(tensor.dtype).removeprefix("torch.")
