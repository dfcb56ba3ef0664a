"""How big each case is: the full benchmark, or its quick version."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    small_rows: int
    many_rows: int
    large_rows: int
    predict_rows: int
    short_epochs: int
    large_batch_epochs: int
    long_epochs: int
    tiny_epochs: int
    one_row_calls: int
    repeats: int
    # the grid search in fresh processes, and the cold starts
    search_epochs: tuple
    search_repeats: int
    search_in_one_thread: bool
    cold_start_repeats: int
    unscaled_datasets: tuple  # raw features at the defaults
    # the learning part (learning.py): problems of learning_problems.py
    # (None: all), data seeds, rows (None: each problem's own; else a
    # stratified sample), the problems searched in fresh processes, the
    # searches' max_iter (None: the defaults) and the large grid's rows
    learning_problems: tuple
    learning_seeds: tuple
    learning_rows: int
    searched_problems: tuple
    learning_search_epochs: int
    large_grid_rows: int


# Large batches take few steps per epoch: 10 epochs let every estimator get
# off the sigmoid plateau, so that accuracies compare learning, not noise.
FULL = Sizes(
    small_rows=10_000,
    many_rows=100_000,
    large_rows=100_000,
    predict_rows=1_000_000,
    short_epochs=3,
    large_batch_epochs=10,
    long_epochs=20,
    tiny_epochs=200,
    one_row_calls=300,
    repeats=3,
    # None: each estimator's own max_iter, the search a user runs at the defaults
    search_epochs=(None,),
    search_repeats=3,
    search_in_one_thread=True,
    cold_start_repeats=9,
    unscaled_datasets=("iris", "wine", "breast cancer", "digits"),
    learning_problems=None,
    learning_seeds=(0, 1, 2),
    learning_rows=None,
    searched_problems=("spiral", "checkerboard", "moons", "rings, 3 classes"),
    learning_search_epochs=None,
    large_grid_rows=None,
)
# Small enough to check that every case runs, too small for its times and
# ratios to mean anything: fixed costs and noise dominate.
QUICK = Sizes(
    small_rows=1_000,
    many_rows=2_000,
    large_rows=8_192,
    predict_rows=20_000,
    short_epochs=1,
    large_batch_epochs=1,
    long_epochs=2,
    tiny_epochs=20,
    one_row_calls=30,
    repeats=1,
    search_epochs=(2,),
    search_repeats=1,
    # fresh processes are the slow part of a quick run: one regime is enough
    # to check that the search runs
    search_in_one_thread=False,
    cold_start_repeats=1,
    unscaled_datasets=("wine",),
    # one problem of each suite, one seed, one search and the large grid, at
    # a few hundred rows: four fresh processes
    learning_problems=("spiral", "rings, 3 classes"),
    learning_seeds=(0,),
    learning_rows=300,
    searched_problems=("spiral",),
    learning_search_epochs=20,
    large_grid_rows=600,
)
