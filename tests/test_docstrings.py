"""Every public parameter, fitted attribute and method is documented.

The docstrings are parsed with numpydoc, as the documentation site renders
them; the API reference page must list every public name.
"""

import ast
import inspect
import re
import textwrap
from pathlib import Path

import numpy as np
import pytest
from numpydoc.docscrape import ClassDoc, FunctionDoc
from sklearn.base import BaseEstimator
from sklearn.datasets import make_classification, make_multilabel_classification

import sksigmoidnet

PUBLIC_NAMES = [name for name in sksigmoidnet.__all__ if not name.startswith("__")]
PUBLIC_CLASSES = [
    getattr(sksigmoidnet, name)
    for name in PUBLIC_NAMES
    if inspect.isclass(getattr(sksigmoidnet, name))
]
PUBLIC_FUNCTIONS = [
    getattr(sksigmoidnet, name)
    for name in PUBLIC_NAMES
    if inspect.isfunction(getattr(sksigmoidnet, name))
]
API_PAGE = Path(__file__).resolve().parent.parent / "docs" / "api.rst"


def _documented_names(section):
    """Names in a numpydoc Parameters/Attributes section ("X, y" counts twice)."""
    names = set()
    for entry in section:
        for name in entry.name.split(","):
            names.add(name.strip().lstrip("*"))
    return names


def _signature_parameters(function):
    return [
        name
        for name, parameter in inspect.signature(function).parameters.items()
        if name not in ("self", "cls")
    ]


def _returns_a_value(function):
    """Whether the function's own body has a ``return <something>``."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    body = tree.body[0]
    nested = {
        id(node)
        for child in ast.walk(body)
        if child is not body
        and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for node in ast.walk(child)
    }
    return any(
        isinstance(node, ast.Return)
        and node.value is not None
        and id(node) not in nested
        and not (isinstance(node.value, ast.Constant) and node.value.value is None)
        for node in ast.walk(body)
    )


def _package_methods(cls):
    """Public methods a class gets from sksigmoidnet's own code, by name."""
    methods = {}
    for owner in reversed(cls.__mro__):
        if not owner.__module__.startswith("sksigmoidnet"):
            continue
        for name, value in vars(owner).items():
            if name.startswith("_"):
                continue
            if isinstance(value, classmethod | staticmethod):
                value = value.__func__
            if inspect.isfunction(value):
                methods[name] = value
    return methods


PUBLIC_METHODS = [
    pytest.param(method, id=f"{cls.__name__}.{name}")
    for cls in PUBLIC_CLASSES
    for name, method in _package_methods(cls).items()
]
CALLABLES = PUBLIC_METHODS + [
    pytest.param(function, id=function.__name__) for function in PUBLIC_FUNCTIONS
]


def test_the_package_exports_what_is_checked_here():
    assert sksigmoidnet.SigmoidNetClassifier in PUBLIC_CLASSES
    assert PUBLIC_METHODS, "no public methods found: the discovery is broken"


@pytest.mark.parametrize("cls", PUBLIC_CLASSES, ids=lambda cls: cls.__name__)
def test_every_init_parameter_is_documented(cls):
    documented = _documented_names(ClassDoc(cls)["Parameters"])
    missing = set(_signature_parameters(cls.__init__)) - documented
    assert not missing, f"{cls.__name__} does not document parameters {missing}"


# A word ending in "_" outside backticks is a reStructuredText reference, and
# Sphinx fails the build on it: write ``(`n_features_in_`,)``, not
# ``(n_features_in_,)``, in a type.
_BARE_REFERENCE = re.compile(r"(?<![`\w])(\w+_)(?![`\w])")


@pytest.mark.parametrize("cls", PUBLIC_CLASSES, ids=lambda cls: cls.__name__)
def test_types_in_the_class_docstring_render(cls):
    doc = ClassDoc(cls)
    bare = {
        f"{entry.name} : {entry.type}"
        for section in ("Parameters", "Attributes")
        for entry in doc[section]
        if _BARE_REFERENCE.search(entry.type)
    }
    assert not bare, f"put attribute names in backticks in these types: {bare}"


def _fitted_attributes(estimator):
    return {
        name
        for name in vars(estimator)
        if name.endswith("_") and not name.startswith("_")
    }


def _fit_on_every_kind_of_target(cls):
    """The public attributes set by fits on binary, multiclass and multilabel
    targets, with and without early stopping and feature names."""
    pd = pytest.importorskip("pandas", reason="pandas gives X feature names")
    X, y = make_classification(
        n_samples=60, n_features=4, n_informative=3, n_redundant=0, random_state=0
    )
    frame = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    X_multilabel, Y_multilabel = make_multilabel_classification(
        n_samples=40, n_features=4, n_classes=3, random_state=0
    )
    settings = dict(hidden_layer_sizes=(3,), max_iter=3, random_state=0)
    seen = set()
    for X_fit, y_fit, extra in [
        (frame, y, {}),
        (X, y, {"early_stopping": True, "validation_fraction": 0.2}),
        (X, np.arange(60) % 3, {}),
        (X_multilabel, Y_multilabel, {}),
    ]:
        seen |= _fitted_attributes(cls(**settings, **extra).fit(X_fit, y_fit))
    return seen


ESTIMATORS = [cls for cls in PUBLIC_CLASSES if issubclass(cls, BaseEstimator)]


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("cls", ESTIMATORS, ids=lambda cls: cls.__name__)
def test_every_fitted_attribute_is_documented_and_set(cls):
    documented = _documented_names(ClassDoc(cls)["Attributes"])
    seen = _fit_on_every_kind_of_target(cls)
    assert seen - documented == set(), "fitted attributes missing from the docstring"
    assert documented - seen == set(), "documented attributes that fit never sets"


def _loss_curve_display_artists(display_class):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    seen = set()
    for curves in [
        {"loss_curve": [0.7, 0.5, 0.4]},
        {"loss_curve": [0.7, 0.5, 0.4], "validation_scores": [0.5, 0.8, 0.7]},
    ]:
        display = display_class(**curves, learning_rate=0.2).plot()
        seen |= _fitted_attributes(display)
        plt.close(display.figure_)
    return seen


# How to draw each public display; a new display must be added here, and its
# test fails until it is.
DISPLAY_DRAWERS = {"LossCurveDisplay": _loss_curve_display_artists}
DISPLAYS = [cls for cls in PUBLIC_CLASSES if cls.__name__.endswith("Display")]


@pytest.mark.parametrize("cls", DISPLAYS, ids=lambda cls: cls.__name__)
def test_every_display_attribute_is_documented_and_set(cls):
    pytest.importorskip("matplotlib", reason="needs the plot extra")
    assert cls.__name__ in DISPLAY_DRAWERS, f"add a drawer for {cls.__name__}"
    documented = _documented_names(ClassDoc(cls)["Attributes"])
    seen = DISPLAY_DRAWERS[cls.__name__](cls)
    assert seen - documented == set(), "attributes set by plot missing from docs"
    assert documented - seen == set(), "documented attributes that plot never sets"


@pytest.mark.parametrize("function", CALLABLES)
def test_every_public_callable_documents_its_parameters_and_return(function):
    doc = FunctionDoc(function)
    assert doc["Summary"], "missing summary line"
    missing = set(_signature_parameters(function)) - _documented_names(
        doc["Parameters"]
    )
    assert not missing, f"parameters missing from the docstring: {missing}"
    if _returns_a_value(function):
        assert doc["Returns"], "returns a value but has no Returns section"
        assert all(entry.type for entry in doc["Returns"]), "a return has no type"


@pytest.mark.skipif(not API_PAGE.exists(), reason="docs/ is not in this checkout")
@pytest.mark.parametrize("name", PUBLIC_NAMES)
def test_the_api_reference_lists_every_public_name(name):
    listed = re.findall(r"^   (\w+)\s*$", API_PAGE.read_text(), flags=re.MULTILINE)
    assert name in listed, f"add {name} to an autosummary in docs/api.rst"
