"""Pure timeline geometry: frame <-> x, visible slices, pixel runs, rows, drag clamps, ticks."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from interactioncoder.core.codebook import Code, Codebook, CodeGroup, CodeKind, Subject
from interactioncoder.core.events import Event
from interactioncoder.core.timebase import Timebase
from interactioncoder.ui.timeline.model.interaction import clamp_move, clamp_trim
from interactioncoder.ui.timeline.model.layout import (
    EDGE,
    EMPTY,
    FILL,
    RowEvents,
    RowKind,
    Viewport,
    build_rows,
    index_events,
    rasterize_row,
    row_at,
)
from interactioncoder.ui.timeline.model.ruler import (
    format_time,
    ruler_ticks,
    times_to_frame_positions,
)


def ev(eid: str, code: str, on: int, off: int | None) -> Event:
    return Event(eid, code, on, on * 40.0, off, None if off is None else off * 40.0)


def codebook() -> Codebook:
    return Codebook(
        id="cb",
        name="cb",
        version="1",
        subjects=(Subject("m", "Mother"), Subject("i", "Infant")),
        groups=(
            CodeGroup(
                "aff",
                "Affect",
                "m",
                True,
                (
                    Code("pos", "Positive", CodeKind.STATE, "Q", "#ff0000"),
                    Code("neg", "Negative", CodeKind.STATE, "W", "#0000ff"),
                ),
            ),
            CodeGroup(
                "voc", "Voc", "i", False, (Code("cry", "Cry", CodeKind.POINT, "E", "#00ff00"),)
            ),
        ),
    )


def test_frame_and_x_are_inverse_and_edges_snap_to_the_nearest_boundary() -> None:
    v = Viewport(first_frame=100.0, px_per_frame=4.0, x0=200.0, width=800.0, frame_count=1000)
    assert v.frame_to_x(100) == 200.0
    assert v.frame_to_x(110) == 240.0
    assert v.x_to_frame(240.0) == 110
    assert v.x_to_frame(243.9) == 110  # anywhere inside the frame's cell
    assert v.x_to_boundary(241.9) == 110
    assert v.x_to_boundary(242.1) == 111
    assert v.x_to_frame(-1e6) == 0 and v.x_to_frame(1e6) == 999


def test_zoom_keeps_the_frame_under_the_anchor_fixed() -> None:
    v = Viewport(first_frame=1000.0, px_per_frame=1.0, x0=200.0, width=1000.0, frame_count=100_000)
    x = 700.0
    before = v.first_frame + (x - v.x0) / v.px_per_frame
    v.zoom_around(x, 3.0)
    assert v.px_per_frame == pytest.approx(3.0)
    assert v.first_frame + (x - v.x0) / v.px_per_frame == pytest.approx(before)


def test_zoom_is_bounded_by_the_whole_session_and_single_frames() -> None:
    v = Viewport(px_per_frame=1.0, width=1000.0, frame_count=100_000)
    v.zoom_around(500, 1e-9)
    assert v.px_per_frame == pytest.approx(1000.0 / 100_000)
    assert v.first_frame == 0.0
    v.zoom_around(500, 1e9)
    assert v.px_per_frame == 48.0
    v.show_range(10, 19)
    assert v.visible_frames()[0] <= 10 and v.visible_frames()[1] >= 19


def test_visible_slice_finds_overlapping_running_and_point_events() -> None:
    events = [
        ev("long", "c", 0, 500),  # starts far left, still visible at 300
        ev("a", "c", 100, 120),
        ev("p", "c", 310, 310),  # point
        ev("b", "c", 320, 330),
        ev("run", "c", 600, None),  # running: visible from its onset on
        ev("late", "c", 900, 950),
    ]
    data = RowEvents.from_events(events)
    lo, hi = data.visible_slice(300, 700)
    assert set(data.ids[lo:hi]) >= {"long", "p", "b", "run"}
    assert "late" not in data.ids[lo:hi]
    lo, hi = data.visible_slice(130, 140)
    assert "long" in data.ids[lo:hi]
    # The slice is contiguous, so it may hold extra events (drawing clips them); it never
    # misses one.
    lo, hi = data.visible_slice(960, 999)
    assert "run" in data.ids[lo:hi]
    lo, hi = data.visible_slice(0, 50)
    assert data.ids[lo:hi] == ["long"]
    assert bool(data.point[data.position["p"]]) and bool(data.running[data.position["run"]])


def test_rasterize_merges_events_into_pixel_runs_with_edges() -> None:
    onset = np.array([0, 10, 11, 50], dtype=np.int64)
    end = np.array([5, 11, 12, 90], dtype=np.int64)
    # 1 px per frame, 100 px wide: 10 and 11 are one-frame events that touch.
    cls = rasterize_row(onset, end, 0.0, 1.0, 100)
    assert cls[0] == EDGE and cls[4] == EDGE and all(cls[1:4] == FILL)
    assert cls[5] == EMPTY
    assert all(cls[10:12] != EMPTY) and cls[12] == EMPTY
    assert cls[50] == EDGE and cls[89] == EDGE and cls[70] == FILL and cls[90] == EMPTY
    # Zoomed far out: 20,000 one-frame events in 100 px all land somewhere, nothing overflows.
    many = np.arange(0, 200_000, 10, dtype=np.int64)
    cls = rasterize_row(many, many + 1, 0.0, 100 / 200_000, 100)
    assert cls.shape == (100,) and (cls != EMPTY).all()


def test_rows_follow_subject_group_code_order_with_comparison_lanes_and_collapse() -> None:
    rows = build_rows(codebook(), ["Coder B"])
    kinds = [(r.kind, r.label) for r in rows]
    assert kinds == [
        (RowKind.SUBJECT, "Mother"),
        (RowKind.GROUP, "Affect  (exclusive)"),
        (RowKind.CODE, "Positive"),
        (RowKind.LANE, "Coder B"),
        (RowKind.CODE, "Negative"),
        (RowKind.LANE, "Coder B"),
        (RowKind.SUBJECT, "Infant"),
        (RowKind.GROUP, "Voc"),
        (RowKind.CODE, "Cry"),
        (RowKind.LANE, "Coder B"),
    ]
    assert all(a.bottom == b.y for a, b in itertools.pairwise(rows))
    assert row_at(rows, rows[4].y + 1) is rows[4]
    collapsed = build_rows(codebook(), [], collapsed={"subject:m"})
    assert [r.label for r in collapsed] == ["Mother", "Infant", "Voc", "Cry"]
    assert collapsed[0].collapsed


def test_trim_preview_stops_at_exclusive_neighbours_and_keeps_one_frame() -> None:
    a, b, c = ev("a", "pos", 100, 200), ev("b", "neg", 250, 300), ev("c", "neg", 10, 60)
    point = Event("p", "cry", 220, 220 * 40.0, 220, 220 * 40.0)
    assert clamp_trim(a, "offset", 400, [b, c, point], 1000) == 250
    assert clamp_trim(a, "offset", 230, [b, c, point], 1000) == 230  # points never block
    assert clamp_trim(a, "offset", 50, [b, c], 1000) == 101
    assert clamp_trim(a, "onset", 0, [b, c], 1000) == 60
    assert clamp_trim(a, "onset", 500, [b, c], 1000) == 199
    assert clamp_trim(a, "offset", 5000, [], 1000) == 1000
    with pytest.raises(ValueError, match="edge"):
        clamp_trim(a, "middle", 1, [], 1000)


def test_move_preview_stays_in_its_gap_and_in_the_session() -> None:
    a, b, c = ev("a", "pos", 100, 200), ev("b", "neg", 250, 300), ev("c", "neg", 10, 60)
    group = [a, b, c]

    def neighbours(e: Event) -> list[Event]:
        return [n for n in group if n.id != e.id]

    assert clamp_move([a], 30, neighbours, 1000) == 30
    assert clamp_move([a], 80, neighbours, 1000) == 50
    assert clamp_move([a], -80, neighbours, 1000) == -40
    assert clamp_move([a, b], 900, neighbours, 1000) == 700  # together, up to the session end
    assert clamp_move([c], -100, neighbours, 1000) == -10


def test_time_format_and_adaptive_ticks() -> None:
    assert format_time(61_000) == "1:01"
    assert format_time(3_725_500, 100) == "1:02:05.5"
    assert format_time(1_033.333, 1) == "0:01.033"
    tb = Timebase.constant(30.0, 108_000)
    times = np.asarray(tb.frame_times_ms)
    whole = Viewport(0.0, 1700 / 108_000, 200.0, 1700.0, 108_000)
    ticks = ruler_ticks(whole, times, tb.duration_ms)
    labels = [t.label for t in ticks if t.major]
    assert labels[:3] == ["0:00:00", "0:05:00", "0:10:00"]
    deep = Viewport(900.0, 20.0, 200.0, 1000.0, 108_000)
    ticks = ruler_ticks(deep, times, tb.duration_ms)
    assert sum(1 for t in ticks if not t.major) > 30  # a tick per frame
    assert any(t.frame_label == "#905" for t in ticks)


def test_ticks_sit_between_frames_on_variable_frame_rate_video() -> None:
    # 10 frames at 100 ms, then 10 at 200 ms: second 1.0 is frame 10, second 2.0 frame 15,
    # and 1.1 s lies half-way through frame 10.
    times = [i * 100.0 for i in range(10)] + [1000.0 + i * 200.0 for i in range(10)]
    tb = Timebase.from_times(times)
    pos = times_to_frame_positions(
        np.array([500.0, 1000.0, 1100.0, 2000.0]), np.asarray(tb.frame_times_ms), tb.duration_ms
    )
    assert pos.tolist() == pytest.approx([5.0, 10.0, 10.5, 15.0])


def test_ruler_without_a_timebase_counts_frames() -> None:
    v = Viewport(0.0, 1.0, 0.0, 500.0, 1000)
    ticks = ruler_ticks(v, None, 0.0)
    assert [t.frame_label for t in ticks if t.major][:2] == ["#0", "#100"]


def test_index_events_sorts_each_code_by_onset_then_id_whatever_the_input_order() -> None:
    events = [
        ev("z", "a", 50, 60),
        ev("b", "b", 5, None),
        ev("y", "a", 10, 20),
        ev("x", "a", 50, 55),
        ev("p", "b", 7, 7),
    ]
    for order in (events, events[::-1]):
        index = index_events(order)
        assert index["a"].ids == ["y", "x", "z"]
        assert index["a"].onset.tolist() == [10, 50, 50]
        assert index["a"].end.tolist() == [20, 55, 60]
        assert index["b"].ids == ["b", "p"]
        assert index["b"].has_running and not index["a"].has_running
        assert index["b"].point.tolist() == [False, True]
        assert index["a"].position == {"y": 0, "x": 1, "z": 2}
    assert index_events([]) == {}
