"""A forgotten scaler: each estimator at its defaults on raw features.

``python benchmarks/unscaled.py`` scores ``SigmoidNetClassifier()`` and
``MLPClassifier()`` (each at its defaults, ``random_state=0``) by 5-fold
stratified cross-validation (shuffled, ``random_state=0``) on scikit-learn's
iris, wine, breast-cancer and digits data as loaded, with no scaler, and
counts the ``ConvergenceWarning``s of each. Accuracies do not depend on
threads, so this part is reported once.
"""

import warnings

from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.neural_network import MLPClassifier

from sksigmoidnet import SigmoidNetClassifier

DATASETS = {
    "iris": load_iris,
    "wine": load_wine,
    "breast cancer": load_breast_cancer,
    "digits": load_digits,
}
UNSCALED_HEADER = [
    "raw data",
    "SigmoidNet accuracy",
    "MLP accuracy",
    "difference",
    "ConvergenceWarnings SN / MLP",
]
UNSCALED_FOOTNOTE = (
    "5-fold stratified cross-validation (shuffled, random_state=0) of each "
    "estimator at its defaults on features as loaded, no scaler; MLP is "
    "`MLPClassifier()` (Adam). SigmoidNet standardises features whose root mean "
    "square exceeds 4 inside `fit` and folds that into its first layer."
)


def _scored(estimator, X, y, cv):
    """Mean accuracy and the number of ConvergenceWarnings of the folds."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        accuracy = cross_val_score(estimator, X, y, cv=cv).mean()
    return accuracy, sum(issubclass(w.category, ConvergenceWarning) for w in caught)


def unscaled_rows(names=tuple(DATASETS)):
    """One row of table cells per dataset named."""
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    rows = []
    for name in names:
        X, y = DATASETS[name](return_X_y=True)
        ours, our_warnings = _scored(SigmoidNetClassifier(random_state=0), X, y, cv)
        theirs, their_warnings = _scored(MLPClassifier(random_state=0), X, y, cv)
        rows.append(
            [
                name,
                f"{ours:.3f}",
                f"{theirs:.3f}",
                f"{ours - theirs:+.3f}",
                f"{our_warnings} / {their_warnings}",
            ]
        )
    return rows


if __name__ == "__main__":
    from report import markdown

    print(markdown(UNSCALED_HEADER, unscaled_rows()))
    print(f"\n{UNSCALED_FOOTNOTE}")
