"""Saving and loading: pickle, joblib, cloudpickle and skops.io round trips,
models fitted on a GPU, version warnings, and refusal of damaged files."""

import copy
import io
import json
import pickle
import warnings
import zipfile

import cloudpickle
import joblib
import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.base import BaseEstimator, clone
from sklearn.datasets import make_classification, make_multilabel_classification
from sklearn.exceptions import InconsistentVersionWarning, NotFittedError
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import sksigmoidnet
from sksigmoidnet import SigmoidNetClassifier

try:
    import skops.io as sio
except ImportError:  # the skops extra: tests using it are marked and skip
    sio = None

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

OUR_TYPES = ["sksigmoidnet._classifier.SigmoidNetClassifier"]
PREDICTION_METHODS = (
    "predict",
    "predict_proba",
    "predict_log_proba",
    "decision_function",
)


# ----------------------------------------------------------------- helpers


def _dump_load_pickle(model, tmp_path):
    return pickle.loads(pickle.dumps(model))


def _dump_load_joblib(model, tmp_path):
    path = tmp_path / "model.joblib"
    joblib.dump(model, path)
    return joblib.load(path)


def _dump_load_cloudpickle(model, tmp_path):
    return pickle.loads(cloudpickle.dumps(model))


def _dump_load_skops(model, tmp_path):
    path = tmp_path / "model.skops"
    sio.dump(model, path)
    return sio.load(path, trusted=sio.get_untrusted_types(file=path))


ROUND_TRIPS = {
    "pickle": _dump_load_pickle,
    "joblib": _dump_load_joblib,
    "cloudpickle": _dump_load_cloudpickle,
    "skops": _dump_load_skops,
}
SKOPS = pytest.param("skops", marks=pytest.mark.extra("skops"))
FORMATS = ["pickle", "joblib", "cloudpickle", SKOPS]


def _data(kind, n_samples=90):
    if kind == "multilabel":
        X, y = make_multilabel_classification(
            n_samples, n_features=5, n_classes=3, random_state=0
        )
        return X, y
    n_classes = 2 if kind in ("binary", "early_stopping") else 3
    X, y = make_classification(
        n_samples,
        n_features=5,
        n_informative=3,
        n_classes=n_classes,
        random_state=0,
    )
    if kind == "string_labels":
        y = np.array(["cat", "dog", "emu"])[y]
    if kind == "float32":
        X = X.astype(np.float32)
    if kind == "feature_names":
        X = pd.DataFrame(X, columns=[f"f{i}" for i in range(5)])
    return X, y


KINDS = (
    "binary",
    "string_labels",
    "multilabel",
    "float32",
    "feature_names",
    "early_stopping",
)


def _fitted(kind):
    X, y = _data(kind)
    model = SigmoidNetClassifier(
        (6,), max_iter=15, random_state=0, early_stopping=kind == "early_stopping"
    )
    return model.fit(X, y), X, y


def _assert_same_params(left, right):
    left_params, right_params = left.get_params(), right.get_params()
    assert left_params.keys() == right_params.keys()
    for key, value in left_params.items():
        if isinstance(value, BaseEstimator):
            assert type(value) is type(right_params[key])
            _assert_same_params(value, right_params[key])
        elif isinstance(value, list):  # Pipeline steps: (name, estimator) pairs
            assert [name for name, _ in value] == [n for n, _ in right_params[key]]
        else:
            other = right_params[key]
            assert value == other or (value != value and other != other), key


def _assert_same_predictions(left, right, X, y):
    for method in PREDICTION_METHODS:
        np.testing.assert_array_equal(
            getattr(left, method)(X), getattr(right, method)(X), err_msg=method
        )
    assert left.score(X, y) == right.score(X, y)


def _continue_training(model, X, y, kind):
    if kind == "early_stopping":  # partial_fit refuses early stopping
        return model.set_params(warm_start=True, max_iter=2).fit(X, y)
    return model.partial_fit(X, y)


# --------------------------------------------------------------- round trips


@pytest.mark.parametrize("fmt", FORMATS)
def test_unfitted_round_trip_keeps_parameters(fmt, tmp_path):
    model = SigmoidNetClassifier((7, 3), activation="tanh", n_iter_no_change=np.inf)
    loaded = ROUND_TRIPS[fmt](model, tmp_path)
    _assert_same_params(model, loaded)
    with pytest.raises(NotFittedError):
        loaded.predict(np.zeros((1, 5)))
    X, y = _data("binary")
    np.testing.assert_array_equal(
        clone(model).set_params(max_iter=5, random_state=0).fit(X, y).coefs_[0],
        loaded.set_params(max_iter=5, random_state=0).fit(X, y).coefs_[0],
    )


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_fitted_round_trip_predicts_and_continues_identically(fmt, kind, tmp_path):
    model, X, y = _fitted(kind)
    loaded = ROUND_TRIPS[fmt](model, tmp_path)

    _assert_same_params(model, loaded)
    _assert_same_predictions(model, loaded, X, y)
    assert loaded.loss_curve_ == model.loss_curve_
    assert loaded.t_ == model.t_
    if kind == "feature_names":
        np.testing.assert_array_equal(loaded.feature_names_in_, X.columns)

    _continue_training(model, X, y, kind)
    _continue_training(loaded, X, y, kind)
    for ours, theirs in zip(model.coefs_, loaded.coefs_, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    assert loaded.loss_curve_ == model.loss_curve_


@pytest.mark.parametrize("fmt", FORMATS)
def test_pipeline_and_grid_search_round_trip(fmt, tmp_path):
    X, y = _data("string_labels")
    pipeline = make_pipeline(
        StandardScaler(), SigmoidNetClassifier((6,), max_iter=15, random_state=0)
    )
    search = GridSearchCV(
        pipeline, {"sigmoidnetclassifier__hidden_layer_sizes": [(3,), (6,)]}, cv=2
    ).fit(X, y)
    pipeline.fit(X, y)

    for model in (pipeline, search):
        loaded = ROUND_TRIPS[fmt](model, tmp_path)
        _assert_same_params(model, loaded)
        _assert_same_predictions(model, loaded, X, y)

    loaded = ROUND_TRIPS[fmt](search, tmp_path)
    for fitted in (search, loaded):
        best = fitted.best_estimator_
        best[-1].partial_fit(best[:-1].transform(X), y)
    np.testing.assert_array_equal(
        search.predict_proba(X), loaded.predict_proba(X), strict=True
    )


def test_joblib_memory_mapped_model_predicts_and_continues(tmp_path):
    model, X, y = _fitted("multilabel")
    joblib.dump(model, tmp_path / "model.joblib")
    loaded = joblib.load(tmp_path / "model.joblib", mmap_mode="r")
    assert isinstance(loaded.coefs_[0], np.memmap)
    _assert_same_predictions(model, loaded, X, y)
    loaded.partial_fit(X, y)
    model.partial_fit(X, y)
    np.testing.assert_array_equal(loaded.predict_proba(X), model.predict_proba(X))


def test_copies_and_clones_still_work():
    model, X, y = _fitted("string_labels")
    _assert_same_predictions(model, copy.deepcopy(model), X, y)
    _assert_same_predictions(model, copy.copy(model), X, y)
    _assert_same_params(model, clone(model))


def test_model_with_callbacks_round_trips():
    callback_api = pytest.importorskip(
        "sklearn.callback", reason="scikit-learn has callbacks from 1.9 on"
    )

    X, y = _data("binary")
    model = SigmoidNetClassifier((4,), max_iter=3, random_state=0)
    model.set_callbacks(callback_api.ScoringMonitor(scoring="accuracy")).fit(X, y)
    _assert_same_predictions(model, pickle.loads(pickle.dumps(model)), X, y)


# -------------------------------------------------------------- GPU to CPU


@pytest.mark.parametrize("fmt", ["pickle", SKOPS])
def test_model_fitted_on_a_gpu_loads_and_predicts_on_the_cpu(fmt, tmp_path):
    model, X, y = _fitted("multilabel")
    expected = model.predict_proba(X)
    # What a GPU fit leaves behind: the same NumPy state, and device="cuda".
    model.set_params(device="cuda")
    loaded = ROUND_TRIPS[fmt](model, tmp_path)

    assert loaded.get_params()["device"] == "cuda"
    np.testing.assert_allclose(loaded.predict_proba(X), expected, rtol=1e-6)
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="does not exist on this machine"):
            loaded.partial_fit(X, y)
    loaded.set_params(device="cpu").partial_fit(X, y)
    model.set_params(device="cpu").partial_fit(X, y)
    np.testing.assert_array_equal(loaded.predict_proba(X), model.predict_proba(X))


# ------------------------------------------------------------------- skops


@pytest.mark.extra("skops")
@pytest.mark.parametrize("kind", KINDS)
def test_skops_sees_only_our_class(kind, tmp_path):
    model, X, y = _fitted(kind)
    pipeline = make_pipeline(StandardScaler(), clone(model)).fit(X, y)
    for estimator in (SigmoidNetClassifier(), model, pipeline):
        path = tmp_path / "model.skops"
        sio.dump(estimator, path)
        assert sio.get_untrusted_types(file=path) == OUR_TYPES
        loaded = sio.load(path, trusted=OUR_TYPES)
        _assert_same_params(estimator, loaded)
    _assert_same_predictions(pipeline, loaded, X, y)


def _rewrite_skops_schema(data, edit):
    """A copy of a skops file whose schema went through ``edit``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    schema = json.loads(source.read("schema.json"))
    fields = schema["content"]  # the DictNode of the estimator's state
    edit(fields["content"])
    # skops pairs each key with an entry of key_types: keep them in step.
    key_type = fields["key_types"]["content"][0]
    fields["key_types"]["content"] = [key_type] * len(fields["content"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "schema.json":
                content = json.dumps(schema).encode()
            target.writestr(name, content)
    return buffer.getvalue()


def _json_node(value):
    return {
        "__class__": type(value).__name__,
        "__module__": "builtins",
        "__loader__": "JsonNode",
        "content": json.dumps(value),
        "is_json": True,
        "__id__": 1,
    }


@pytest.mark.extra("skops")
def test_skops_refuses_a_file_that_asks_for_an_untrusted_type():
    model, X, _ = _fitted("binary")

    def smuggle(fields):
        fields["_target_kind"] = {
            "__class__": "Popen",
            "__module__": "subprocess",
            "__loader__": "ObjectNode",
            "content": {
                "__class__": "dict",
                "__module__": "builtins",
                "__loader__": "DictNode",
                "content": {},
                "key_types": {
                    "__class__": "list",
                    "__module__": "builtins",
                    "__loader__": "ListNode",
                    "content": [],
                    "__id__": 4,
                },
                "__id__": 2,
            },
            "__id__": 3,
        }

    data = _rewrite_skops_schema(sio.dumps(model), smuggle)
    assert "subprocess.Popen" in sio.get_untrusted_types(data=data)
    with pytest.raises(sio.exceptions.UntrustedTypesFoundException, match="Popen"):
        sio.loads(data, trusted=OUR_TYPES)


@pytest.mark.extra("skops")
@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda f: f.update(t_=_json_node("many")), "'t_' should be a non-negative"),
        (lambda f: f.update(hook=_json_node(1)), r"unexpected fields \['hook'\]"),
        (lambda f: f.pop("classes_"), r"lacks the fields \['classes_'\]"),
    ],
    ids=["wrong-type", "extra-field", "missing-field"],
)
def test_skops_refuses_a_tampered_state(edit, message):
    model, _, _ = _fitted("binary")
    data = _rewrite_skops_schema(sio.dumps(model), edit)
    assert sio.get_untrusted_types(data=data) == OUR_TYPES
    with pytest.raises(ValueError, match=message):
        sio.loads(data, trusted=OUR_TYPES)


# ------------------------------------------------------- damaged and tampered


class _Forged:
    """Pickles as a SigmoidNetClassifier restored from an arbitrary state."""

    def __init__(self, state):
        self.state = state

    def __reduce__(self):
        return (object.__new__, (SigmoidNetClassifier,), self.state)


def _forged_pickle(edit):
    model, _, _ = _fitted("string_labels")
    state = model.__getstate__()
    edit(state)
    return pickle.dumps(_Forged(state))


def _set(key, value):
    return lambda state: state.__setitem__(key, value)


def _delete(key):
    return lambda state: state.pop(key)


TAMPERED = {
    "missing-fitted-field": (_delete("intercepts_"), r"lacks .*'intercepts_'"),
    "missing-parameter": (_delete("alpha"), r"lacks .*'alpha'"),
    "weights-without-coefs": (_delete("coefs_"), "without coefs_"),
    "extra-field": (_set("__reduce__", "x"), r"unexpected fields \['__reduce__'\]"),
    "torch-tensors": (
        lambda s: s.__setitem__("coefs_", [torch.from_numpy(c) for c in s["coefs_"]]),
        "'coefs_' should be a list of 2-d float32 or float64 NumPy arrays",
    ),
    "nested-lists": (
        lambda s: s.__setitem__("coefs_", [c.tolist() for c in s["coefs_"]]),
        "'coefs_' should be",
    ),
    "integer-weights": (
        lambda s: s.__setitem__("coefs_", [c.astype(int) for c in s["coefs_"]]),
        "'coefs_' should be",
    ),
    "string-count": (_set("n_outputs_", "3"), "'n_outputs_' should be"),
    "text-in-loss-curve": (_set("loss_curve_", [0.5, "x"]), "'loss_curve_'"),
    "unknown-target-kind": (_set("_target_kind", "regression"), "'_target_kind'"),
    "softmax-outputs": (_set("out_activation_", "softmax"), "'out_activation_'"),
    "classes-not-array": (_set("classes_", "cat"), "'classes_' should be"),
    "bad-version": (_set("_sksigmoidnet_version", 1.0), "'_sksigmoidnet_version'"),
    "invalid-parameter": (_set("activation", "sine"), "'activation' parameter"),
    "shape-mismatch": (
        lambda s: s["intercepts_"].__setitem__(0, np.zeros(2)),
        "layer 0 has coefs_ of shape",
    ),
    "wrong-input-count": (_set("n_features_in_", 4), "do not follow from 4 inputs"),
    "classes-outputs-mismatch": (
        lambda s: s.__setitem__("classes_", s["classes_"][:2]),
        "2 classes with a 'multiclass' target need 2 output units",
    ),
    "velocities-mismatch": (
        lambda s: s["_velocities"].pop(),
        "_velocities have shapes",
    ),
    "layer-count": (_set("n_layers_", 5), "n_layers_=5"),
}


@pytest.mark.parametrize("case", TAMPERED)
def test_tampered_pickles_are_refused_with_the_field_named(case):
    edit, message = TAMPERED[case]
    data = _forged_pickle(edit)
    with pytest.raises(ValueError, match=message) as info:
        pickle.loads(data)
    assert "Cannot load SigmoidNetClassifier" in str(info.value)
    assert "refusing to build a model" in str(info.value)


def test_a_state_that_is_not_a_dict_is_refused():
    data = pickle.dumps(_Forged(["coefs_"]))
    with pytest.raises(ValueError, match="saved state is a list, not a dict"):
        pickle.loads(data)


@pytest.mark.parametrize("fmt", ["pickle", "joblib", SKOPS])
def test_truncated_files_are_refused(fmt, tmp_path):
    model, _, _ = _fitted("binary")
    path = tmp_path / "model"
    dump = {
        "pickle": lambda: path.write_bytes(pickle.dumps(model)),
        "joblib": lambda: joblib.dump(model, path),
        "skops": lambda: sio.dump(model, path),
    }
    dump[fmt]()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    errors = (EOFError, pickle.UnpicklingError, zipfile.BadZipFile, ValueError)
    with pytest.raises(errors):
        if fmt == "skops":
            sio.load(path, trusted=OUR_TYPES)
        elif fmt == "joblib":
            joblib.load(path)
        else:
            pickle.loads(path.read_bytes())


def test_states_from_scikit_learn_machinery_load():
    model, X, y = _fitted("binary")
    state = model.__getstate__()
    state["_sklearn_version"] = "1.0"  # as BaseEstimator adds for its own classes
    restored = pickle.loads(pickle.dumps(_Forged(state)))
    _assert_same_predictions(model, restored, X, y)

    blank = vars(SigmoidNetClassifier(alpha=0.5)).copy()  # no version recorded
    assert pickle.loads(pickle.dumps(_Forged(blank))).alpha == 0.5


# ------------------------------------------------------------------- versions


@pytest.mark.parametrize("fitted", [True, False], ids=["fitted", "unfitted"])
def test_loading_another_versions_model_warns_with_both_versions(fitted):
    model = _fitted("binary")[0] if fitted else SigmoidNetClassifier()
    state = model.__getstate__()
    assert state["_sksigmoidnet_version"] == sksigmoidnet.__version__
    state["_sksigmoidnet_version"] = "0.0.1"

    with pytest.warns(InconsistentVersionWarning) as record:
        loaded = pickle.loads(pickle.dumps(_Forged(state)))
    message = str(record[0].message)
    assert "sksigmoidnet 0.0.1" in message
    assert f"sksigmoidnet {sksigmoidnet.__version__}" in message
    assert record[0].message.original_sksigmoidnet_version == "0.0.1"
    _assert_same_params(model, loaded)


def test_loading_this_versions_model_does_not_warn():
    model, X, y = _fitted("binary")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pickle.loads(pickle.dumps(model))
        pickle.loads(pickle.dumps(SigmoidNetClassifier()))


def test_an_error_names_the_version_that_saved_the_file():
    model, _, _ = _fitted("binary")
    state = model.__getstate__()
    state["_sksigmoidnet_version"] = "9.0"
    state["new_field_of_9_0_"] = 1
    with pytest.warns(InconsistentVersionWarning):
        with pytest.raises(ValueError, match="saved by sksigmoidnet 9.0"):
            pickle.loads(pickle.dumps(_Forged(state)))
