"""scikit-learn's experimental callback API (``sklearn.callback``, 1.9 and later).

Where the installed scikit-learn has it, ``SigmoidNetClassifier`` supports
``set_callbacks`` and reports one task per epoch, so that
``ProgressBar`` shows a bar over epochs. Where it does not, the mixin is empty
and a fit has no hooks.
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
    attributes_of : callable
        ``attributes_of(weights)``: the attributes that make a copy of the
        estimator ready to predict with ``weights`` (coefs, intercepts and
        velocities), which a callback may ask for (scikit-learn's
        "reconstruction attributes").
    """

    def __init__(self, estimator, X, y, max_epochs, attributes_of):
        self.attributes_of = attributes_of
        self.data = {"estimator": estimator, "X": X, "y": y}
        self.context = estimator._init_callback_context(max_subtasks=max_epochs)
        self.context.call_on_fit_task_begin(**self.data)
        self.epoch_context = None

    def epoch_begins(self, model):
        """An epoch begins; ``model`` (see ``_engine``) holds the weights."""
        self.epoch_context = self.context.subcontext(task_name="epoch")
        self.epoch_context.call_on_fit_task_begin(**self._arguments(model.weights))

    def epoch_ends(self, model):
        """Return True when a callback asks to stop."""
        return self.epoch_context.call_on_fit_task_end(**self._arguments(model.weights))

    def fit_ends(self, weights):
        """The fit ends with ``weights``."""
        self.context.call_on_fit_task_end(**self._arguments(lambda: weights))

    def _arguments(self, weights):
        def reconstruction_attributes():
            return self.attributes_of(weights())

        return {**self.data, "reconstruction_attributes": reconstruction_attributes}
