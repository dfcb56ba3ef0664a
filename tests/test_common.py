"""scikit-learn's estimator checks, every one, with no expected failures."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from sksigmoidnet import SigmoidNetClassifier


@parametrize_with_checks([SigmoidNetClassifier()])
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
