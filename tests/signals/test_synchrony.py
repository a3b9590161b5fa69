"""Windowed cross-lagged correlation against a brute-force reference and ground truth."""

from __future__ import annotations

import numpy as np
import pytest

from interactioncoder.signals.motion import MotionParams, motion_energy
from interactioncoder.signals.synchrony import (
    SynchronyParams,
    lagged_correlations,
    segment_shuffle,
    synchrony,
)

from .scenes import REGION_A, REGION_B, two_person_scene


def _brute_force(x: np.ndarray, y: np.ndarray, starts: np.ndarray, w: int, lags: np.ndarray):
    ref = np.full((starts.size, lags.size), np.nan)
    for i, s in enumerate(starts):
        for j, lag in enumerate(lags):
            if s + lag >= 0 and s + lag + w <= x.size:
                a, b = x[s : s + w], y[s + lag : s + lag + w]
                if a.std() > 0 and b.std() > 0:
                    ref[i, j] = np.corrcoef(a, b)[0, 1]
    return ref


@pytest.mark.parametrize("seed", range(5))
def test_correlations_equal_numpy_corrcoef_per_window_and_lag(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, w = int(rng.integers(80, 300)), int(rng.integers(5, 40))
    x, y = rng.normal(size=n) + 5, rng.normal(size=n) * 3 - 2
    y[10:30] = 1.0  # flat stretches: undefined windows
    starts = np.arange(0, n - w + 1, int(rng.integers(1, 9)))
    lags = np.arange(-(w - 1) // 2, (w - 1) // 2 + 1)
    r = lagged_correlations(x - x.mean(), y - y.mean(), starts, w, lags)
    ref = _brute_force(x, y, starts, w, lags)
    assert np.array_equal(np.isnan(r), np.isnan(ref))
    assert np.nanmax(np.abs(r - ref)) < 1e-9


def test_peak_lag_of_motion_energy_is_the_follow_delay() -> None:
    """B repeats A's movements 15 frames later: the peak lag is +15 (B follows)."""
    rng = np.random.default_rng(7)
    starts = np.sort(rng.choice(np.arange(10, 1150, 25), 30, replace=False))
    bouts = [(int(s), int(s + rng.integers(3, 12))) for s in starts]
    scene = two_person_scene(1200, bouts, follow=15, seed=3)
    energy = motion_energy(scene.frames, [REGION_A, REGION_B], MotionParams()).energy
    result = synchrony(energy[:, 0], energy[:, 1], SynchronyParams(window=120, step=30, max_lag=60))
    peaks = result.peak_lag[~np.isnan(result.peak_lag)]
    assert abs(np.median(peaks) - 15) <= 1
    x_leads, y_leads, _ = result.shares()
    assert x_leads > 0.8 and y_leads < 0.1


def test_coupled_series_are_significant_and_independent_noise_is_not() -> None:
    rng = np.random.default_rng(11)
    x = rng.normal(size=3000)
    coupled = np.roll(x, 8) + rng.normal(size=3000)
    params = SynchronyParams(window=100, step=25, max_lag=30, surrogates=99, seed=1)
    found = synchrony(x, coupled, params).test
    assert found is not None and found.p_value <= 0.02 and found.effect_size > 3
    p_values = [
        synchrony(rng.normal(size=3000), rng.normal(size=3000), params).test.p_value  # type: ignore[union-attr]
        for _ in range(10)
    ]
    # under the null, p is about uniform: not all small, most not significant
    assert sum(p < 0.05 for p in p_values) <= 3
    assert np.median(p_values) > 0.1


def test_surrogate_test_is_seeded() -> None:
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=600), rng.normal(size=600)
    params = SynchronyParams(window=60, step=20, max_lag=10, surrogates=20, seed=5)
    assert synchrony(x, y, params).test == synchrony(x, y, params).test


def test_segment_shuffle_keeps_the_values() -> None:
    y = np.arange(23.0)
    shuffled = segment_shuffle(y, 5, np.random.default_rng(0))
    assert sorted(shuffled) == sorted(y)
    assert shuffled[-3:].tolist() == [20.0, 21.0, 22.0]  # the partial segment stays last


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"window": 2, "step": 1, "max_lag": 0}, "3 samples"),
        ({"window": 10, "step": 0, "max_lag": 2}, "step"),
        ({"window": 10, "step": 1, "max_lag": 10}, "lag"),
        ({"window": 10, "step": 1, "max_lag": 2, "surrogates": -1}, "surrogates"),
    ],
)
def test_bad_parameters_are_refused(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SynchronyParams(**kwargs)


def test_bad_series_are_refused() -> None:
    params = SynchronyParams(window=10, step=5, max_lag=2)
    with pytest.raises(ValueError, match="same length"):
        synchrony(np.zeros(20), np.zeros(21), params)
    with pytest.raises(ValueError, match="missing"):
        synchrony(np.full(20, np.nan), np.zeros(20), params)
    with pytest.raises(ValueError, match="shorter"):
        synchrony(np.zeros(5), np.zeros(5), params)
