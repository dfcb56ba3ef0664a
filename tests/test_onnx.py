"""ONNX export: skl2onnx conversion of pipelines ending in SigmoidNetClassifier,
checked under onnxruntime, and torch's export of ``to_torch()``."""

import sys

import numpy as np
import pytest
from sklearn.datasets import make_classification, make_multilabel_classification
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sksigmoidnet import SigmoidNetClassifier, register_onnx_converter

ort = pytest.importorskip("onnxruntime", reason="needs the onnx extra")
skl2onnx = pytest.importorskip("skl2onnx", reason="needs the onnx extra")

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

NO_ZIPMAP = {SigmoidNetClassifier: {"zipmap": False}}


@pytest.fixture(scope="module", autouse=True)
def _registered():
    register_onnx_converter()


def _split(kind, labels="int", dtype=np.float32):
    """Training and held-out rows, the features scaled unevenly."""
    if kind == "multilabel":
        X, y = make_multilabel_classification(
            300, n_features=6, n_classes=4, random_state=0
        )
    else:
        X, y = make_classification(
            300,
            n_features=6,
            n_informative=4,
            n_classes=2 if kind == "binary" else 3,
            random_state=0,
        )
        if labels == "str":
            y = np.array(["low", "mid", "high"])[y]
    X = (X * [1, 10, 100, 0.1, 1, 5]).astype(dtype)
    return X[:200], y[:200], X[200:], y[200:]


def _run(onx, X):
    session = ort.InferenceSession(
        onx.SerializeToString(), providers=["CPUExecutionProvider"]
    )
    return session.run(None, {session.get_inputs()[0].name: X})


def _fit_pipeline(X, y, **params):
    classifier = SigmoidNetClassifier((8,), max_iter=60, random_state=0, **params)
    return make_pipeline(StandardScaler(), classifier).fit(X, y)


@pytest.mark.parametrize(
    "kind, labels",
    [
        ("binary", "int"),
        ("binary", "str"),
        ("multiclass", "int"),
        ("multiclass", "str"),
        ("multilabel", "int"),
    ],
)
def test_pipeline_converts_and_matches_under_onnxruntime(kind, labels):
    X_train, y_train, X_test, _ = _split(kind, labels)
    model = _fit_pipeline(X_train, y_train)

    onx = skl2onnx.to_onnx(model, X_train[:1], options=NO_ZIPMAP)
    predicted_labels, probabilities = _run(onx, X_test)

    np.testing.assert_array_equal(predicted_labels, model.predict(X_test))
    np.testing.assert_allclose(
        probabilities, model.predict_proba(X_test), rtol=0, atol=1e-5
    )
    assert probabilities.dtype == np.float32
    if kind == "multiclass":
        np.testing.assert_allclose(probabilities.sum(axis=1), 1, atol=1e-6)


@pytest.mark.parametrize("activation", ["logistic", "tanh", "relu", "identity"])
def test_every_hidden_activation_converts(activation):
    X_train, y_train, X_test, _ = _split("multiclass")
    model = SigmoidNetClassifier(
        (7, 5),
        activation=activation,
        learning_rate_init=0.1,  # the identity diverges at 1.0
        max_iter=30,
        random_state=0,
    ).fit(StandardScaler().fit_transform(X_train), y_train)
    X_test = StandardScaler().fit(X_train).transform(X_test)

    labels, probabilities = _run(
        skl2onnx.to_onnx(model, X_test[:1], options=NO_ZIPMAP), X_test
    )
    np.testing.assert_array_equal(labels, model.predict(X_test))
    np.testing.assert_allclose(probabilities, model.predict_proba(X_test), atol=1e-5)


def test_default_zipmap_gives_one_dict_per_row():
    X_train, y_train, X_test, _ = _split("multiclass", "str")
    model = _fit_pipeline(X_train, y_train)

    labels, rows = _run(skl2onnx.to_onnx(model, X_train[:1]), X_test)

    np.testing.assert_array_equal(labels, model.predict(X_test))
    expected = model.predict_proba(X_test)
    assert list(rows[0]) == ["high", "low", "mid"]
    for row, proba in zip(rows, expected, strict=True):
        np.testing.assert_allclose(list(row.values()), proba, atol=1e-5)


def test_zipmap_columns_gives_one_output_per_class():
    X_train, y_train, X_test, _ = _split("binary")
    model = _fit_pipeline(X_train, y_train)
    options = {SigmoidNetClassifier: {"zipmap": "columns"}}

    labels, *columns = _run(
        skl2onnx.to_onnx(model, X_train[:1], options=options), X_test
    )

    np.testing.assert_array_equal(labels, model.predict(X_test))
    np.testing.assert_allclose(
        np.column_stack(columns), model.predict_proba(X_test), atol=1e-5
    )


def test_nocl_option_gives_class_indices():
    X_train, y_train, X_test, _ = _split("multiclass", "str")
    model = _fit_pipeline(X_train, y_train)
    options = {SigmoidNetClassifier: {"zipmap": False, "nocl": True}}

    labels, _ = _run(skl2onnx.to_onnx(model, X_train[:1], options=options), X_test)

    expected = np.searchsorted(model.classes_, model.predict(X_test))
    np.testing.assert_array_equal(labels, expected)


@pytest.mark.parametrize("kind", ["binary", "multiclass", "multilabel"])
def test_float64_input_is_computed_in_float64(kind):
    X_train, y_train, X_test, _ = _split(kind, dtype=np.float64)
    model = _fit_pipeline(X_train, y_train)

    labels, probabilities = _run(
        skl2onnx.to_onnx(model, X_train[:1], options=NO_ZIPMAP), X_test
    )

    assert probabilities.dtype == np.float64
    np.testing.assert_array_equal(labels, model.predict(X_test))
    np.testing.assert_allclose(probabilities, model.predict_proba(X_test), rtol=1e-12)


def test_single_class_model_converts():
    X = np.arange(12, dtype=np.float32).reshape(6, 2)
    model = SigmoidNetClassifier((3,), max_iter=5, random_state=0).fit(X, [7] * 6)

    labels, probabilities = _run(skl2onnx.to_onnx(model, X[:1], options=NO_ZIPMAP), X)

    np.testing.assert_array_equal(labels, model.predict(X))
    np.testing.assert_array_equal(probabilities, model.predict_proba(X))


@pytest.mark.parametrize("options", [None, NO_ZIPMAP], ids=["zipmap", "no-zipmap"])
@pytest.mark.parametrize("in_pipeline", [False, True])
def test_unfitted_model_is_refused(options, in_pipeline):
    X = np.zeros((1, 3), dtype=np.float32)
    model = SigmoidNetClassifier()
    if in_pipeline:
        model = make_pipeline(StandardScaler().fit(X), model)
    with pytest.raises(NotFittedError, match="SigmoidNetClassifier"):
        skl2onnx.to_onnx(model, X, options=options)


@pytest.mark.parametrize("kind", ["binary", "multiclass", "multilabel"])
def test_saturated_outputs_give_finite_probabilities_and_predict_labels(kind):
    X_train, y_train, X_test, _ = _split(kind)
    model = _fit_pipeline(X_train, y_train, activation="relu")
    # Far outside the training range every sigmoid output rounds to 0 or 1.
    X_far = np.vstack([X_test * np.float32(1e5), X_test * np.float32(-1e5)])
    if kind == "multiclass":
        logits = model.decision_function(X_far)
        assert (logits.max(axis=1) < -120).sum() >= 3, "needs all-zero outputs"
    labels, probabilities = _run(
        skl2onnx.to_onnx(model, X_far, options=NO_ZIPMAP), X_far
    )
    assert np.isfinite(probabilities).all()
    np.testing.assert_allclose(probabilities, model.predict_proba(X_far), atol=1e-6)
    np.testing.assert_array_equal(labels, model.predict(X_far))


def test_saturated_multiclass_ties_are_labelled_as_predict_labels_them():
    """Outputs whose probabilities round to equal values go to the largest logit."""
    X_train, y_train, X_test, _ = _split("multiclass")
    model = SigmoidNetClassifier((4,), max_iter=5, random_state=0).fit(X_train, y_train)
    model.coefs_[-1] = np.zeros_like(model.coefs_[-1])
    model.intercepts_[-1] = np.array([20.0, 25.0, -3.0], dtype=np.float32)

    labels, _ = _run(skl2onnx.to_onnx(model, X_test, options=NO_ZIPMAP), X_test)

    np.testing.assert_array_equal(model.predict(X_test), 1)
    np.testing.assert_array_equal(labels, 1)


def test_labels_beyond_int64_are_refused():
    X_train, y_train, _, _ = _split("binary")
    labels = np.array([1, 2**63 + 5], dtype=np.uint64)[y_train]
    model = SigmoidNetClassifier((4,), max_iter=5, random_state=0).fit(X_train, labels)
    with pytest.raises(ValueError, match="int64, and these labels do not fit"):
        skl2onnx.to_onnx(model, X_train[:1], options=NO_ZIPMAP)


def test_whole_float_labels_convert_to_int64():
    X_train, y_train, X_test, _ = _split("multiclass")
    model = _fit_pipeline(X_train, y_train.astype(np.float64) + 1)

    labels, _ = _run(skl2onnx.to_onnx(model, X_train[:1], options=NO_ZIPMAP), X_test)

    assert labels.dtype == np.int64
    np.testing.assert_array_equal(labels, model.predict(X_test))


def test_registering_twice_is_harmless():
    register_onnx_converter()
    X_train, y_train, X_test, _ = _split("binary")
    model = _fit_pipeline(X_train, y_train)
    labels, _ = _run(skl2onnx.to_onnx(model, X_train[:1], options=NO_ZIPMAP), X_test)
    np.testing.assert_array_equal(labels, model.predict(X_test))


def test_without_the_extra_the_error_names_it(monkeypatch):
    # A None entry in sys.modules makes ``import skl2onnx`` raise ImportError,
    # as it does where the package is not installed.
    monkeypatch.setitem(sys.modules, "skl2onnx", None)
    with pytest.raises(ImportError, match=r"pip install skl2onnx onnx onnxruntime"):
        register_onnx_converter()


@pytest.mark.slow  # imports torch.onnx and onnxscript, and traces the network
def test_to_torch_exports_through_torch_onnx():
    torch = pytest.importorskip("torch")
    pytest.importorskip("onnxscript", reason="torch.onnx.export needs onnxscript")
    X_train, y_train, X_test, _ = _split("multiclass")
    model = SigmoidNetClassifier((8,), max_iter=30, random_state=0).fit(
        X_train, y_train
    )
    network = model.to_torch().eval()

    program = torch.onnx.export(
        network,
        (torch.from_numpy(X_test[:2]),),
        input_names=["X"],
        output_names=["units"],
        dynamic_shapes=({0: torch.export.Dim("batch")},),
        optimize=False,
        verbose=False,
    )
    (units,) = _run(program.model_proto, X_test)

    # The network outputs one sigmoid per class; predict_proba normalises them.
    probabilities = units / units.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(probabilities, model.predict_proba(X_test), atol=1e-5)
