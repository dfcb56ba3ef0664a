"""Turning the ``device`` parameter into a :class:`torch.device`, and the
dtype a device trains in.

torch is imported inside the functions that need it, so that importing the
package does not import it.
"""

import numpy as np


def available_devices():
    """List the device names torch can use on this machine.

    Returns
    -------
    names : list of str
        ``"cpu"`` first, then ``"cuda:N"`` for each visible GPU and ``"mps"``
        where Apple's Metal backend is available.
    """
    import torch

    names = ["cpu"]
    if torch.cuda.is_available():
        names += [f"cuda:{index}" for index in range(torch.cuda.device_count())]
    if torch.backends.mps.is_available():
        names.append("mps")
    return names


def _is_available(device):
    import torch

    if device.type == "cpu":
        return True
    if device.type == "cuda":
        index = 0 if device.index is None else device.index
        return torch.cuda.is_available() and index < torch.cuda.device_count()
    if device.type == "mps":
        return torch.backends.mps.is_available()
    return False


def resolve_device(name):
    """Return the torch device that ``name`` asks for, checking that it exists.

    Parameters
    ----------
    name : str
        ``"cpu"``, ``"cuda"``, ``"cuda:N"``, ``"mps"`` or ``"auto"`` (the first
        GPU when one is visible, else the CPU).

    Returns
    -------
    device : torch.device

    Raises
    ------
    ValueError
        When the name is not a device or the device does not exist here; the
        message lists the devices that do.
    """
    import torch

    if name == "auto":
        accelerators = available_devices()[1:]
        return torch.device(accelerators[0] if accelerators else "cpu")
    try:
        device = torch.device(name)
    except (RuntimeError, TypeError) as exc:
        raise ValueError(
            f"device={name!r} is not a device name. Use 'cpu', 'cuda', 'cuda:N', "
            f"'mps' or 'auto'; this machine has {available_devices()}."
        ) from exc
    if device.type not in ("cpu", "cuda", "mps"):
        raise ValueError(
            f"device={name!r} is not supported. Use 'cpu', 'cuda', 'cuda:N', 'mps' "
            f"or 'auto'; this machine has {available_devices()}."
        )
    if not _is_available(device):
        raise ValueError(
            f"device={name!r} was requested but does not exist on this machine. "
            f"Available devices: {available_devices()}. Use device='cpu', or "
            "device='auto' to take a GPU only when one is present."
        )
    return device


def prediction_device(name):
    """Device to predict on: the requested one when present, else the CPU.

    A model fitted on a GPU keeps ``device="cuda"`` among its parameters; it
    must still predict after being loaded on a machine without one.
    """
    import torch

    try:
        return resolve_device(name)
    except ValueError:
        return torch.device("cpu")


def training_dtype(dtype, device_type):
    """The NumPy dtype to train in: the data's, but float32 on Apple's MPS,
    which has no float64 (``device="auto"`` can choose it on a Mac).

    Parameters
    ----------
    dtype : numpy.dtype
        The validated training data's dtype, float32 or float64.
    device_type : str
        The ``type`` of the torch device, such as ``"cpu"``, ``"cuda"`` or
        ``"mps"``.

    Returns
    -------
    dtype : numpy.dtype
    """
    return np.dtype(np.float32) if device_type == "mps" else np.dtype(dtype)
