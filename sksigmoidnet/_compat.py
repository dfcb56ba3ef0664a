"""The private parts of scikit-learn and skl2onnx that sksigmoidnet relies on.

Everything here may move or change in any release of those libraries, so it is
named in this one module, and ``tests/test_compat.py`` checks each name and
signature against the installed versions: when one moves, that test fails and
says which, instead of a model failing to fit, copy or convert.

- scikit-learn's callback API (``sklearn.callback``, experimental, 1.9 and
  later): its mixin, the private method that starts a fit's callback context,
  and the private attributes it sets on an estimator. Without it (scikit-learn
  < 1.9) the mixin is empty and no estimator has callbacks.
- metadata routing's request object (``sklearn.utils._metadata_requests``),
  the type of the ``_metadata_request`` attribute that ``set_fit_request``
  sets.
- scikit-learn's parameter validation (``sklearn.utils._param_validation``):
  the constraint classes of ``_parameter_constraints``, and the function
  loading uses to check the parameters that predictions read; and
  ``sklearn.base._fit_context``, which validates the parameters when a fit
  starts, as scikit-learn's own estimators do;
- ``sklearn.utils.validation._check_sample_weight``, which checks sample
  weights as scikit-learn's estimators check them.
- skl2onnx's parser of classifiers (``skl2onnx._parse``), which the ONNX
  converter reuses; skl2onnx is imported only when it is asked for.
"""

from sklearn.base import _fit_context  # noqa: F401 (re-exported)
from sklearn.utils._metadata_requests import MetadataRequest  # noqa: F401
from sklearn.utils._param_validation import (  # noqa: F401 (re-exported)
    Interval,
    InvalidParameterError,
    Options,
    StrOptions,
    validate_parameter_constraints,
)
from sklearn.utils.validation import _check_sample_weight  # noqa: F401

try:
    from sklearn.callback import CallbackSupportMixin, FitCallback
except ImportError:  # scikit-learn < 1.9

    class CallbackSupportMixin:
        """Stand-in for scikit-learn versions without callbacks."""

    class FitCallback:
        """Stand-in of which nothing is an instance: no callbacks exist."""


# Set by ``set_fit_request`` and the other request setters: a MetadataRequest.
METADATA_REQUEST = "_metadata_request"


# The method of CallbackSupportMixin that a fit calls to start its callback
# context; present only where scikit-learn has callbacks.
INIT_CALLBACK_CONTEXT = "_init_callback_context"

# The callbacks set with ``set_callbacks``, which accepts instances (not
# classes) of the FitCallback protocol and stores them in a list: a setting of
# the estimator, kept when it is copied or saved.
CALLBACKS = "_skl_callbacks"

# Set by scikit-learn for the duration of one fit: the fit's callback context
# and the callbacks to tear down at its end (``_init_callback_context``), and
# the context of a meta-estimator fitting this one (``propagate_callback_context``).
FIT_CONTEXT = "_callback_fit_ctx"
CALLBACKS_TO_TEARDOWN = "_skl_callbacks_to_teardown"
PARENT_CONTEXT = "_parent_callback_ctx"
RUNTIME_CALLBACK_FIELDS = (FIT_CONTEXT, CALLBACKS_TO_TEARDOWN, PARENT_CONTEXT)


def has_callbacks(estimator):
    """Whether callbacks were set on the estimator or handed down by a
    meta-estimator; without any, fitting skips the per-epoch hooks."""
    return hasattr(estimator, INIT_CALLBACK_CONTEXT) and (
        hasattr(estimator, CALLBACKS) or hasattr(estimator, PARENT_CONTEXT)
    )


def skl2onnx_classifier_parser():
    """skl2onnx's parser of scikit-learn classifiers (imports skl2onnx).

    Returns
    -------
    parser : callable
        ``parser(scope, model, inputs, custom_parsers=None)``: declares the
        label and probability outputs of a classifier from its ``classes_``.
    """
    from skl2onnx._parse import _parse_sklearn_classifier

    return _parse_sklearn_classifier
