"""Apple's MPS has no float64, which ``device="auto"`` can choose on a Mac:
training there is in float32. There is no Mac here, so the rule is tested as
the pure function the estimator applies to every fit."""

import numpy as np
import pytest

from sksigmoidnet._engine._devices import training_dtype


@pytest.mark.parametrize("data_dtype", [np.float32, np.float64])
def test_mps_trains_in_float32(data_dtype):
    assert training_dtype(np.dtype(data_dtype), "mps") == np.float32


@pytest.mark.parametrize("device_type", ["cpu", "cuda"])
@pytest.mark.parametrize("data_dtype", [np.float32, np.float64])
def test_other_devices_train_in_the_data_dtype(data_dtype, device_type):
    assert training_dtype(np.dtype(data_dtype), device_type) == data_dtype
