"""The exceptions sksigmoidnet raises beyond scikit-learn's."""


class TrainingDivergedError(ValueError):
    """Raised when training diverges: the loss or the weights became infinite or NaN.

    A subclass of :class:`ValueError`. The model keeps the state it had before
    the fit that diverged. The message gives the learning rate and what to do:
    lower ``learning_rate_init`` or a large ``alpha``, or scale the input.

    Parameters
    ----------
    *args, **kwargs
        The message, as for any exception (:class:`ValueError`'s).

    Examples
    --------
    >>> import numpy as np
    >>> from sksigmoidnet import SigmoidNetClassifier, TrainingDivergedError
    >>> X, y = np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([0, 0, 1, 1])
    >>> model = SigmoidNetClassifier(learning_rate_init=1e300, random_state=0)
    >>> try:
    ...     model.fit(X, y)
    ... except TrainingDivergedError as error:
    ...     print(str(error).split(":")[0])
    Training diverged at epoch 2
    """
