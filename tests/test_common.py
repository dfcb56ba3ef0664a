"""scikit-learn's estimator checks, every one, with no expected failures.

The checks run at ``max_iter=50``, as scikit-learn's own test suite runs
``MLPClassifier`` at a lower ``max_iter`` than its default
(``sklearn/utils/_test_common/instance_generator.py``): they test the API, not
how far training goes, and 500 epochs tripled their time. The one check that
needs epochs is ``check_classifiers_train``, which wants an accuracy over 0.83
on its blobs: 20 epochs reach it, 10 do not (still on the initial plateau).
"""

import os
import subprocess
import sys

import pytest
import sklearn
from sklearn.utils.estimator_checks import parametrize_with_checks
from sklearn.utils.fixes import parse_version

from sksigmoidnet import SigmoidNetClassifier


@parametrize_with_checks([SigmoidNetClassifier(max_iter=50)])
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


@pytest.mark.slow  # a fresh interpreter that imports torch
@pytest.mark.skipif(
    parse_version(sklearn.__version__) < parse_version("1.9"),
    reason="the array API check takes these keywords from scikit-learn 1.9 on",
)
def test_array_api_check_with_dispatch_enabled():
    """The one common check pytest skips in-process, run where it can run.

    scikit-learn skips ``check_array_api_input`` unless ``SCIPY_ARRAY_API=1``
    was set before SciPy was imported, so it runs here in a fresh interpreter.
    """
    code = (
        "from sklearn.utils.estimator_checks import check_array_api_input\n"
        "from sksigmoidnet import SigmoidNetClassifier\n"
        "check_array_api_input(\n"
        "    'SigmoidNetClassifier', SigmoidNetClassifier(max_iter=50),\n"
        "    array_namespace='numpy', expect_only_array_outputs=False,\n"
        ")\n"
        "print('array API check passed')\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code],
        env={**os.environ, "SCIPY_ARRAY_API": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "array API check passed" in result.stdout
