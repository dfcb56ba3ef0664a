"""The seed notebook's ten points: its failure reproduced, and our defaults fixing it.

The notebook trains a 2-2-4-1 sigmoid network with binary cross-entropy and
plain SGD (learning rate 1e-3, full batch, 10,000 epochs) and ends up
predicting about 0.5 for ``[0.7, 0.2]``: it never leaves the initial plateau.
"""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from sksigmoidnet import SigmoidNetClassifier

X_SEED = np.array(
    [
        [0.1, 0.1],
        [0.3, 0.4],
        [0.1, 0.5],
        [0.6, 0.9],
        [0.4, 0.2],
        [0.6, 0.3],
        [0.5, 0.6],
        [0.9, 0.2],
        [0.4, 0.4],
        [0.7, 0.6],
    ]
)
Y_SEED = np.array([1, 1, 1, 1, 1, 0, 0, 0, 0, 0])
QUERY = np.array([[0.7, 0.2]])


def notebook_settings(random_state):
    """The notebook's own training, expressed with our parameters."""
    return SigmoidNetClassifier(
        hidden_layer_sizes=(2, 4),
        learning_rate_init=1e-3,
        momentum=0.0,
        alpha=0.0,  # the notebook has no weight penalty
        batch_size=10,  # the whole data set in every step
        max_iter=10_000,
        n_iter_no_change=np.inf,  # no early stop
        shuffle=False,  # irrelevant with one full batch
        random_state=random_state,
    )


def test_notebook_settings_reproduce_its_failure():
    clf = notebook_settings(random_state=0)
    # The fit says that it learned nothing, and names the learning rate.
    with pytest.warns(ConvergenceWarning, match="learned nothing.*learning_rate_init"):
        clf.fit(X_SEED, Y_SEED)
    assert clf.n_iter_ == 10_000
    assert len(clf.loss_curve_) == 10_000
    # Still on the plateau: the query point is a coin toss, as in the notebook.
    assert abs(clf.predict_proba(QUERY)[0, 1] - 0.5) < 0.02
    # The loss has barely moved from log(2), the loss of predicting 0.5 everywhere.
    assert clf.loss_ == pytest.approx(np.log(2), abs=0.01)
    # The network predicts nearly the same probability for every point.
    assert np.ptp(clf.predict_proba(X_SEED)[:, 1]) < 0.05


def test_notebook_model_is_the_seed_architecture():
    clf = notebook_settings(random_state=0).set_params(max_iter=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X_SEED, Y_SEED)
    assert [c.shape for c in clf.coefs_] == [(2, 2), (2, 4), (4, 1)]
    n_parameters = sum(c.size for c in clf.coefs_) + sum(
        b.size for b in clf.intercepts_
    )
    assert n_parameters == 23  # "its 23 parameters", as the notebook counts them
    assert repr(clf.to_torch()).count("Sigmoid()") == 3


# A max_iter with which the defaults learn the ten points for every
# random_state from 0 to 9: n_iter_no_change="auto" stops no fit before it has
# seen 20,000 samples, 2,000 epochs of these ten rows, by when every one of
# them has left the plateau (their loss falls below 0.2 within 231 to 655
# epochs; at max_iter=500 one is still on it, and warns).
SEED_MAX_ITER = 2_000


@pytest.mark.parametrize("random_state", range(10))
def test_defaults_learn_the_ten_points(random_state):
    clf = SigmoidNetClassifier(
        hidden_layer_sizes=(2, 4), max_iter=SEED_MAX_ITER, random_state=random_state
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # stops by itself
        clf.fit(X_SEED, Y_SEED)
    np.testing.assert_array_equal(clf.predict(X_SEED), Y_SEED)
    assert clf.score(X_SEED, Y_SEED) == 1.0
    assert clf.predict(QUERY)[0] == 0
    assert clf.predict_proba(QUERY)[0, 0] > 0.5
    assert clf.n_iter_ == SEED_MAX_ITER
    assert clf.t_ == 20_000


def test_defaults_without_the_wait_stop_on_the_plateau():
    """Why ``n_iter_no_change="auto"`` is patient for 200,000 samples: with
    MLPClassifier's rule (10 epochs) and our ``tol``, the slow fall of the
    loss on the initial plateau reads as convergence."""
    clf = SigmoidNetClassifier(
        hidden_layer_sizes=(2, 4), n_iter_no_change=10, random_state=0
    )
    # It stops by itself, and says that it learned nothing.
    with pytest.warns(ConvergenceWarning, match="learned nothing"):
        clf.fit(X_SEED, Y_SEED)
    assert clf.n_iter_ < 100
    assert clf.score(X_SEED, Y_SEED) < 1.0
    assert abs(clf.predict_proba(QUERY)[0, 1] - 0.5) < 0.1


def test_mlpclassifier_defaults_stop_on_the_plateau():
    """Why our ``learning_rate_init`` and ``n_iter_no_change`` differ from
    MLPClassifier's.

    With its defaults (tol=1e-4, n_iter_no_change=10, learning rate 1e-3),
    the stopping rule sees the slow fall of the loss on a sigmoid network's
    initial plateau as convergence and ends the fit at chance level.
    """
    mlp = MLPClassifier(
        hidden_layer_sizes=(2, 4),
        activation="logistic",
        solver="sgd",
        max_iter=10_000,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # it does not hit max_iter
        mlp.fit(X_SEED, Y_SEED)
    assert mlp.n_iter_ < 1_000  # a few hundred epochs, far from max_iter
    assert mlp.score(X_SEED, Y_SEED) == 0.5
    assert len(np.unique(mlp.predict(X_SEED))) == 1  # one class for every point
    ours = SigmoidNetClassifier()
    assert ours.n_iter_no_change == "auto"
    assert ours.learning_rate_init > mlp.learning_rate_init
