"""Models saved by earlier releases load, predict as they did, and keep training.

``tests/fixtures/<version>/`` holds models that each release saved as pickle,
joblib and skops files, with the input and what every prediction method
returned for it when they were saved (``fixtures/make_fixtures.py`` writes
them; each release adds its own folder and never changes it). Here every one is
loaded by the code under test (issue 19.4).
"""

import json
import pickle
import warnings
from pathlib import Path

import joblib
import numpy as np
import pytest
from sklearn.exceptions import InconsistentVersionWarning as SklearnVersionWarning
from sklearn.pipeline import Pipeline

import sksigmoidnet
from sksigmoidnet import InconsistentVersionWarning, SigmoidNetClassifier

FIXTURES = Path(__file__).parent / "fixtures"
RELEASES = {
    folder.name: json.loads((folder / "manifest.json").read_text())
    for folder in sorted(FIXTURES.iterdir())
    if (folder / "manifest.json").exists()
}
PREDICTION_METHODS = ("predict", "predict_proba", "predict_log_proba")
SUFFIXES = {"pickle": ".pkl", "joblib": ".joblib", "skops": ".skops"}
OUR_TYPES = ["sksigmoidnet._classifier.SigmoidNetClassifier"]


def _numpy_major(version):
    return int(version.split(".")[0])


def _cases():
    cases = []
    for release, manifest in RELEASES.items():
        for case in manifest["cases"]:
            for fmt in SUFFIXES:
                marks = [pytest.mark.extra("skops")] if fmt == "skops" else []
                cases.append(
                    pytest.param(
                        release, case, fmt, id=f"{release}-{case}-{fmt}", marks=marks
                    )
                )
    return cases


def _load(release, case, fmt):
    """The saved model, and the warnings that loading it gave."""
    path = FIXTURES / release / f"{case}{SUFFIXES[fmt]}"
    numpy_version = RELEASES[release]["numpy"]
    if fmt != "skops" and _numpy_major(np.__version__) < _numpy_major(numpy_version):
        # skops files hold arrays as .npy files, which every NumPy reads.
        pytest.skip(
            f"{path.name} was written by NumPy {numpy_version}: NumPy "
            f"{np.__version__} cannot unpickle its arrays"
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if fmt == "pickle":
            model = pickle.loads(path.read_bytes())
        elif fmt == "joblib":
            model = joblib.load(path)
        else:
            import skops.io as sio

            # A legitimate file asks to trust our class, nothing more.
            assert sio.get_untrusted_types(file=path) == OUR_TYPES
            model = sio.load(path, trusted=OUR_TYPES)
    return model, caught


def _classifier(model):
    return model[-1] if isinstance(model, Pipeline) else model


def _assert_predicts_as_saved(model, saved):
    X = saved["X"]
    np.testing.assert_array_equal(model.predict(X), saved["predict"])
    # The same arithmetic on the same weights: equal but for the last bits a
    # different BLAS may round differently.
    for method in ("predict_proba", "predict_log_proba", "decision_function"):
        expected = saved[method]
        rtol = 1e-5 if expected.dtype == np.float32 else 1e-12
        np.testing.assert_allclose(
            getattr(model, method)(X), expected, rtol=rtol, atol=0, err_msg=method
        )


def _continue_training(model, X, y):
    """Train the loaded model a little further, as its user would."""
    classifier = _classifier(model)
    if isinstance(model, Pipeline):
        X = model[:-1].transform(X)
    if classifier.early_stopping:  # partial_fit refuses early stopping
        classifier.set_params(warm_start=True, max_iter=2).fit(X, y)
    else:
        classifier.partial_fit(X, y)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("release, case, fmt", _cases())
def test_a_saved_model_loads_predicts_as_saved_and_keeps_training(release, case, fmt):
    with np.load(FIXTURES / release / f"{case}.npz") as archive:
        saved = dict(archive)
    model, caught = _load(release, case, fmt)

    ours = [w for w in caught if issubclass(w.category, InconsistentVersionWarning)]
    # scikit-learn's own warning, for the pipeline's scikit-learn steps when
    # scikit-learn's version changed, is scikit-learn's business.
    others = [w for w in caught if not issubclass(w.category, SklearnVersionWarning)]
    assert not others, [str(w.message) for w in others]
    if release == sksigmoidnet.__version__:
        assert not ours
    else:  # the documentation promises a warning, nothing worse
        assert len(ours) == 1
        assert ours[0].message.original_sksigmoidnet_version == release

    assert isinstance(_classifier(model), SigmoidNetClassifier)
    _assert_predicts_as_saved(model, saved)

    classifier = _classifier(model)
    before = [coef.copy() for coef in classifier.coefs_]
    n_epochs = len(classifier.loss_curve_)
    _continue_training(model, saved["X"], saved["y"])
    assert len(classifier.loss_curve_) > n_epochs
    # Early stopping may keep the weights it started from, if no epoch beats them.
    assert classifier.early_stopping or any(
        not np.array_equal(old, new)
        for old, new in zip(before, classifier.coefs_, strict=True)
    )
    # Saved again, in this version's format, it loads and predicts the same.
    again = pickle.loads(pickle.dumps(model))
    for method in PREDICTION_METHODS:
        np.testing.assert_array_equal(
            getattr(again, method)(saved["X"]), getattr(model, method)(saved["X"])
        )


def test_every_release_folder_holds_each_case_in_each_format():
    assert "0.1.0" in RELEASES
    for release, manifest in RELEASES.items():
        expected = {
            f"{case}{suffix}"
            for case in manifest["cases"]
            for suffix in [*SUFFIXES.values(), ".npz"]
        }
        found = {path.name for path in (FIXTURES / release).iterdir()}
        assert found == expected | {"manifest.json"}, release
