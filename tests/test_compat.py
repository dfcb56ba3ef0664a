"""The private APIs of scikit-learn and skl2onnx named in ``sksigmoidnet._compat``
are where, and what, the package expects (issue 19.4).

Each test names the library, the module and the attribute it checks: when one
of them moves in a new release, the failure says which, before users meet it
as a model that no longer fits, copies or converts.
"""

import ast
import inspect
import warnings
from pathlib import Path

import pytest
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sksigmoidnet import SigmoidNetClassifier, _compat


def _callback_api():
    return pytest.importorskip(
        "sklearn.callback", reason="scikit-learn has callbacks from 1.9 on"
    )


class _RecordAttributes:
    """A callback that records the estimator's attribute names at each event."""

    def __init__(self):
        self.seen = []

    def setup(self, estimator, context):
        pass

    def teardown(self, estimator, context):
        pass

    def on_fit_task_begin(self, estimator, context, **kwargs):
        self.seen.append(set(vars(estimator)))

    def on_fit_task_end(self, estimator, context, **kwargs):
        self.seen.append(set(vars(estimator)))
        return False


def _data():
    return make_classification(40, n_features=4, random_state=0)


def test_the_callback_mixin_is_scikit_learns():
    callback_api = _callback_api()
    assert _compat.CallbackSupportMixin is callback_api.CallbackSupportMixin
    method = getattr(callback_api.CallbackSupportMixin, _compat.INIT_CALLBACK_CONTEXT)
    # EpochHooks calls it with max_subtasks only.
    assert "max_subtasks" in inspect.signature(method).parameters


def test_scikit_learn_sets_the_callback_attributes_compat_names():
    _callback_api()
    X, y = _data()
    recorder = _RecordAttributes()
    model = SigmoidNetClassifier((3,), max_iter=2, random_state=0)
    model.set_callbacks(recorder)
    assert _compat.CALLBACKS in vars(model)
    assert _compat.has_callbacks(model)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        make_pipeline(StandardScaler(), model).fit(X, y)
    assert recorder.seen, "the callback was never called"
    for names in recorder.seen:
        # sklearn.callback._callback_support (fit) and
        # sklearn.callback._callback_context.propagate_callback_context (Pipeline).
        assert set(_compat.RUNTIME_CALLBACK_FIELDS) <= names
    # All three belong to the fit: scikit-learn removes them afterwards.
    assert not set(_compat.RUNTIME_CALLBACK_FIELDS) & set(vars(model))
    assert not _compat.has_callbacks(SigmoidNetClassifier())


def test_the_parameter_validation_functions_work_as_loading_uses_them():
    # sklearn.utils._param_validation
    constraints = SigmoidNetClassifier._parameter_constraints
    with pytest.raises(
        _compat.InvalidParameterError, match="'activation' parameter of Sigmoid"
    ):
        _compat.validate_parameter_constraints(
            {"activation": constraints["activation"]},
            {"activation": "sine"},
            caller_name="SigmoidNetClassifier",
        )
    assert issubclass(_compat.InvalidParameterError, ValueError)


@pytest.mark.extra("onnx")
def test_skl2onnx_classifier_parser_has_the_signature_the_converter_calls():
    parser = _compat.skl2onnx_classifier_parser()
    parameters = inspect.signature(parser).parameters
    # skl2onnx._parse._parse_sklearn_classifier(scope, model, inputs, custom_parsers)
    assert list(parameters)[:3] == ["scope", "model", "inputs"]
    assert parameters["custom_parsers"].default is None


def test_no_other_module_imports_a_private_name_of_a_dependency():
    """scikit-learn's and skl2onnx's private modules and names (those starting
    with an underscore) are imported by _compat only."""
    package = Path(_compat.__file__).parent
    for module in sorted(package.glob("*.py")):
        if module.name == "_compat.py":
            continue
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                parts = node.module.split(".")
                if parts[0] not in ("sklearn", "skl2onnx"):
                    continue
                private = [p for p in parts if p.startswith("_")] + [
                    alias.name for alias in node.names if alias.name.startswith("_")
                ]
                assert not private, (
                    f"{module.name} imports {private} from {node.module}"
                )


def test_no_other_module_names_these_private_apis():
    """The rest of the package reaches them through _compat only, so that this
    file's tests cover every use."""
    private = [
        *_compat.RUNTIME_CALLBACK_FIELDS,
        _compat.CALLBACKS,
        "skl2onnx._parse",
        "_parse_sklearn_classifier",
        "_metadata_requests",
    ]
    package = Path(_compat.__file__).parent
    for module in sorted(package.glob("*.py")):
        if module.name != "_compat.py":
            text = module.read_text()
            assert not [name for name in private if name in text], module.name
