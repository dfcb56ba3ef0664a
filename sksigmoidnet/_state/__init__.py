"""The saved state: its fields and the values each accepts (``_fields``,
``_value_kinds``), the checks of a whole state (``_checks``), its formats and
their upgrades (``_formats``), and saving and loading it (``_io``)."""

from ._fields import FIT_WRITTEN_NAMES, VERSION_KEY, TrainingHistory, fitted_attributes
from ._io import InconsistentVersionWarning, check_state, get_state

__all__ = [
    "FIT_WRITTEN_NAMES",
    "VERSION_KEY",
    "InconsistentVersionWarning",
    "TrainingHistory",
    "check_state",
    "fitted_attributes",
    "get_state",
]
