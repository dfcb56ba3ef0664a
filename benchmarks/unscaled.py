"""A forgotten scaler: each estimator at its defaults on raw features.

``python benchmarks/unscaled.py`` scores ``SigmoidNetClassifier()`` and
``MLPClassifier()`` (each at its defaults, ``random_state=0``) by 5-fold
stratified cross-validation (shuffled, ``random_state=0``) on scikit-learn's
iris, wine, breast-cancer and digits data as loaded, with no scaler, and
counts the ``ConvergenceWarning``s of each. Accuracies do not depend on
threads, so this part is reported once.
"""

import warnings

from records import Record
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


def unscaled_records(names=tuple(DATASETS)):
    """The records of each dataset named: each estimator's mean accuracy and
    its number of ConvergenceWarnings."""
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    estimators = {"SigmoidNet": SigmoidNetClassifier, "MLP": MLPClassifier}
    records = []
    for name in names:
        X, y = DATASETS[name](return_X_y=True)
        for model, estimator in estimators.items():
            accuracy, n_warnings = _scored(estimator(random_state=0), X, y, cv)
            records += [
                Record("unscaled", "", name, "", model, "accuracy", "", accuracy),
                Record(
                    "unscaled",
                    "",
                    name,
                    "",
                    model,
                    "ConvergenceWarnings",
                    "",
                    n_warnings,
                ),
            ]
    return records


if __name__ == "__main__":
    from records import Results, markdown, table

    print(markdown(table(Results(unscaled_records()), "unscaled")))
    print(f"\n{UNSCALED_FOOTNOTE}")
