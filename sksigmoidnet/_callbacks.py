"""scikit-learn's experimental callback API (``sklearn.callback``, 1.9 and later).

Where the installed scikit-learn has it, ``SigmoidNetClassifier`` supports
``set_callbacks`` and reports one task per epoch, so that
``ProgressBar`` shows a bar over epochs. Where it does not, the mixin is empty
and the hooks do nothing.
"""

# scikit-learn's callback API is experimental: its private parts are in _compat.
from ._compat import CallbackSupportMixin, has_callbacks  # noqa: F401 (re-exported)


class EpochHooks:
    """Tell the estimator's callbacks when a fit and each of its epochs begin
    and end.

    Parameters
    ----------
    estimator : SigmoidNetClassifier
    X, y : the training data, passed on to the callbacks.
    max_epochs : int
    reconstruction_attributes : callable
        Returns the attributes that make a copy of the estimator ready to
        predict as the model stands now (scikit-learn's name); called only
        when a callback asks.
    """

    def __init__(self, estimator, X, y, max_epochs, reconstruction_attributes):
        self.estimator, self.X, self.y = estimator, X, y
        self.reconstruction_attributes = reconstruction_attributes
        self.context = estimator._init_callback_context(max_subtasks=max_epochs)
        self.context.call_on_fit_task_begin(estimator=estimator, X=X, y=y)
        self.epoch_context = None

    def begin(self):
        self.epoch_context = self.context.subcontext(task_name="epoch")
        self.epoch_context.call_on_fit_task_begin(
            estimator=self.estimator,
            X=self.X,
            y=self.y,
            reconstruction_attributes=self.reconstruction_attributes,
        )

    def end(self):
        """Return True when a callback asks to stop."""
        return self.epoch_context.call_on_fit_task_end(
            estimator=self.estimator,
            X=self.X,
            y=self.y,
            reconstruction_attributes=self.reconstruction_attributes,
        )

    def finish(self):
        self.context.call_on_fit_task_end(
            estimator=self.estimator,
            X=self.X,
            y=self.y,
            reconstruction_attributes=self.reconstruction_attributes,
        )
