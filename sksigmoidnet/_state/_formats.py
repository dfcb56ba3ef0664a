"""Formats of the saved state, and how a state of an older format is read.

A saved state carries the number of its format in the field ``FORMAT_KEY``.
Loading brings a state of an older format up to the current one, one format at
a time, and then checks it exactly as it checks a state of the current format:
the number is written by whoever wrote the file, so an older format must never
be a way around a check, and an upgrade only renames, fills in or drops what
changed between two formats.

Formats
-------
1. sksigmoidnet 0.1.0. No format number. A copy made in the middle of a fit
   (by a callback) may hold scikit-learn's callback contexts of that fit.
2. The format number; scikit-learn's callback contexts are never saved
   (they belong to a fit in progress), and the upgrade from format 1 is what
   drops them: loading refuses a state of a later format that holds them.
3. sksigmoidnet 0.3.0: a fitted model holds ``_standardisation``, the
   standardisation its fit trained on, which ``partial_fit`` continues on
   (None: the features as given, which is what ``partial_fit`` trained on
   before).
4. The current format (0.4.0): no ``_epochs_seen``, which was always the
   length of ``loss_curve_``; the order of an epoch's rows is seeded by that
   length.

Adding a format
---------------
Any change to the fields a state holds (a new parameter or fitted attribute, a
field renamed or holding other values) makes a new format: raise
``STATE_FORMAT``, add a line above, and an upgrade from the previous format to
``UPGRADES`` (a new parameter takes the value that keeps old models' behaviour,
usually its default). Then the release's fixtures (``tests/fixtures``) show that
every earlier release's models still load.
"""

from .._compat import RUNTIME_CALLBACK_FIELDS

FORMAT_KEY = "_sksigmoidnet_state_format"
STATE_FORMAT = 4
# The format of states saved before formats were numbered.
UNNUMBERED_FORMAT = 1


def without_fit_in_progress(state):
    """``state`` without scikit-learn's callback contexts, which belong to a
    fit in progress: saving drops them, and so does the upgrade from format 1,
    whose copies made during a fit held them."""
    return {
        key: value for key, value in state.items() if key not in RUNTIME_CALLBACK_FIELDS
    }


def _from_format_2(state):
    if "coefs_" not in state:  # not fitted
        return state
    return {**state, "_standardisation": None}


def _from_format_3(state):
    return {key: value for key, value in state.items() if key != "_epochs_seen"}


# UPGRADES[n] takes a state of format n to format n + 1.
UPGRADES = {1: without_fit_in_progress, 2: _from_format_2, 3: _from_format_3}


def upgrade(state, state_format):
    """A state of ``state_format`` brought up to the current format.

    Parameters
    ----------
    state : dict
        The saved state, without its format number.
    state_format : int
        Its format, from 1 to ``STATE_FORMAT``.

    Returns
    -------
    state : dict
        A new dict, in the current format (not yet checked).
    """
    state = dict(state)
    for number in range(state_format, STATE_FORMAT):
        state = UPGRADES[number](state)
    return state
