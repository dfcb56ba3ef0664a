"""The torch engine: the network, its epochs, the optimizer, the training
loop, devices and threads.

torch is imported by the modules of this package and by no other module of
sksigmoidnet. Importing the package imports no torch: each function below
imports the module it needs when called, so that ``import sksigmoidnet``,
loading a model and predicting with NumPy never pay for torch.

- :func:`train`: one fit's training, from a description of the fit, its rows
  and its starting point to the trained weights (``_trainer``);
- :func:`predict_logits`: a fitted network's logits computed by torch;
- :func:`torch_module`: a fitted network as a ``torch.nn.Sequential``;
- :func:`importable`: whether torch can be imported here at all.
"""


def train(description, training, start, *, scorer=None, hooks=None):
    """One fit's training (see :func:`._trainer.train`)."""
    from ._trainer import train

    return train(description, training, start, scorer=scorer, hooks=hooks)


def predict_logits(coefs, intercepts, activation, device, X):
    """Logits of ``X`` computed by torch on the ``device`` the estimator's
    parameter names, or on the CPU where that device is absent.

    Parameters
    ----------
    coefs, intercepts : list of ndarray
        The fitted weights, shared with torch on the CPU rather than copied.
    activation : str
    device : str
    X : ndarray or sparse matrix of shape (n_samples, n_features)

    Returns
    -------
    logits : ndarray of shape (n_samples, n_outputs)
    """
    from ._devices import prediction_device
    from ._network import Network

    network = Network.sharing(coefs, intercepts, activation, prediction_device(device))
    return network.predict_logits(X)


def torch_module(coefs, intercepts, activation):
    """The fitted network as a new ``torch.nn.Sequential`` (see
    :func:`._torch_module.build_torch_module`)."""
    from ._torch_module import build_torch_module

    return build_torch_module(coefs, intercepts, activation)


def importable():
    """Whether torch can be imported here (importing it where it can)."""
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True
