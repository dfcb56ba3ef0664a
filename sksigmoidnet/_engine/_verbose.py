"""What ``verbose=True`` prints while a fit runs, and the silence otherwise."""

import time


class VerboseReport:
    """Prints each epoch's loss (and validation score), the elapsed time, the
    learning-rate changes of the adaptive schedule, and why training stopped.

    Parameters
    ----------
    early_stopping : bool
        Whether the epochs have validation scores to print.
    """

    def __init__(self, early_stopping):
        self.early_stopping = early_stopping
        self.started = time.perf_counter()

    def epoch(self, history, n_iter):
        line = f"Iteration {n_iter}, loss = {history.loss_curve[-1]:.8f}"
        if self.early_stopping:
            line += f", validation score = {history.validation_scores[-1]:.6f}"
        print(f"{line}, elapsed = {time.perf_counter() - self.started:.2f} s")

    def learning_rate_lowered(self, message, learning_rate):
        print(f"{message} Setting learning rate to {learning_rate:g}.")

    def stopped(self, stop_reason):
        if stop_reason:
            print(f"{stop_reason} Stopping.")


class Silent:
    """The report of a fit with ``verbose=False``: nothing."""

    def epoch(self, history, n_iter):
        pass

    def learning_rate_lowered(self, message, learning_rate):
        pass

    def stopped(self, stop_reason):
        pass
