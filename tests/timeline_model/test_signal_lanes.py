"""The signal lane model: per-column reduction, heat colours, stacking, hiding (no Qt)."""

from __future__ import annotations

import numpy as np
import pytest

from interactioncoder.ui.timeline.model.signal_lanes import (
    LINE_HEIGHT,
    SYNCHRONY_HEIGHT,
    LaneKind,
    SignalLane,
    SignalLanes,
    SynchronyLane,
    column_minmax,
    diverging_argb,
    heat_argb,
    lane_tooltip,
    synchrony_image,
)


def test_zoomed_out_columns_keep_a_one_frame_spike() -> None:
    values = np.zeros(20_000, np.float32)
    values[12_345] = 0.9
    values[100] = -0.5
    lo, hi = column_minmax(values, 0.0, 500 / 20_000, 500)
    assert hi.max() == pytest.approx(0.9)
    assert lo.min() == pytest.approx(-0.5)
    assert np.argmax(hi) == 12_345 * 500 // 20_000
    assert not np.isnan(hi).any()


def test_zoomed_in_columns_take_their_frame() -> None:
    values = np.arange(10, dtype=np.float32)
    lo, hi = column_minmax(values, 2.0, 4.0, 12)  # 4 columns per frame, frames 2..4
    assert hi.tolist() == [2] * 4 + [3] * 4 + [4] * 4
    np.testing.assert_array_equal(lo, hi)


def test_columns_past_the_data_are_empty() -> None:
    values = np.ones(5, np.float32)
    lo, hi = column_minmax(values, 3.0, 1.0, 6)
    assert hi[:2].tolist() == [1, 1]
    assert np.isnan(hi[2:]).all() and np.isnan(lo[2:]).all()


def test_minmax_matches_a_plain_loop() -> None:
    rng = np.random.default_rng(3)
    values = rng.random(1000).astype(np.float32)
    values[rng.integers(0, 1000, 50)] = np.nan
    first, ppf, width = 37.3, 0.29, 250
    lo, hi = column_minmax(values, first, ppf, width)
    for c in range(width):
        a = int(np.floor(first + c / ppf))
        b = max(int(np.floor(first + (c + 1) / ppf)), a + 1)
        part = values[a : min(b, values.size)]
        if part.size == 0 or np.isnan(part).all():
            assert np.isnan(hi[c])
        else:
            assert hi[c] == np.nanmax(part) and lo[c] == np.nanmin(part)


def test_heat_and_diverging_colours() -> None:
    argb = heat_argb(np.array([0.0, 1.0, np.nan], np.float32), 0.0, 1.0, (255, 0, 0))
    assert argb[0] >> 24 == 0 and argb[1] == 0xFFFF0000 and argb[2] == 0
    div = diverging_argb(np.array([1.0, 0.0, -1.0, np.nan]))
    assert div[1] == 0xFFFFFFFF
    assert div[0] == 0xFF000000 | (178 << 16) | (24 << 8) | 43  # red
    assert div[2] == 0xFF000000 | (33 << 16) | (102 << 8) | 172  # blue
    assert div[3] == 0


def test_synchrony_image_rows_are_lags_top_largest() -> None:
    r = np.array([[0.0, 0.5, 1.0], [-1.0, 0.0, 0.0]], np.float32)
    lane = SynchronyLane("sync", [0, 10], 10, [-1, 0, 1], r)
    img = synchrony_image(lane, 0.0, 1.0, 30)
    assert img.shape == (3, 30)
    assert img[0, 2] == diverging_argb(np.array([1.0]))[0]  # lag +1, first window
    assert img[2, 18] == diverging_argb(np.array([-1.0]))[0]  # lag -1, second window
    assert (img[:, 25] == 0).all()  # after the last window
    assert lane.window_at(4) == 0 and lane.window_at(16) == 1 and lane.window_at(-3) == -1


def test_lanes_stack_hide_and_hit() -> None:
    lanes = SignalLanes()
    a = SignalLane("Mother:mother", np.zeros(10))
    b = SignalLane("Infant:infant", np.zeros(10), LaneKind.HEAT)
    s = SynchronyLane("sync", [0], 5, [0], np.zeros((1, 1)))
    lanes.set_lanes([a, b, s])
    assert lanes.height() == LINE_HEIGHT + b.height + SYNCHRONY_HEIGHT
    assert lanes.lane_at(100.0, 100.0 + LINE_HEIGHT + 1) is b
    v = lanes.version
    lanes.set_hidden("Infant:infant", True)
    assert lanes.version > v
    assert [x.name for x in lanes.visible()] == ["Mother:mother", "sync"]
    assert lanes.lane_at(100.0, 100.0 + LINE_HEIGHT + 1) is s
    assert lanes.area_height(100.0) == 50.0
    with pytest.raises(ValueError, match="differ"):
        lanes.set_lanes([a, a])
    with pytest.raises(ValueError, match="hi > lo"):
        SignalLane("x", np.zeros(3), lo=1.0, hi=1.0)


def test_tooltips_say_what_a_lane_shows() -> None:
    lane = SignalLane("Mother:mother", np.array([0.0, 0.25, np.nan]))
    assert lane_tooltip(lane, 1) == "Mother:mother at frame 1: 0.25"
    assert lane_tooltip(lane, 2).endswith("no signal")
    r = np.array([[0.1, 0.8, 0.2], [np.nan, np.nan, np.nan]], np.float32)
    sync = SynchronyLane("sync", [0, 10], 10, [-5, 0, 5], r, note="synchrony 0.3")
    text = lane_tooltip(sync, 4)
    assert "window frames 0-9: peak r = 0.80 at lag +0 frames" in text
    assert text.endswith("synchrony 0.3")
    assert "no window" in lane_tooltip(sync, 16)
    assert "no window" in lane_tooltip(sync, 50)
