"""The input handler: plain mouse and key values in, state changes and typed intents out.

Drags are checked against the editing rules in ``core.editing``: what the handler asks
for at release is accepted by the rules and gives the previewed event.
"""

from __future__ import annotations

import pytest

from interactioncoder.core import editing
from interactioncoder.ui.timeline.model.handler import InputHandler
from interactioncoder.ui.timeline.model.intents import (
    Button,
    CancelDrag,
    Create,
    Delete,
    Edit,
    Key,
    Mod,
    Move,
    RubberBandSelect,
    Scroll,
    Seek,
    SegmentTrim,
    Select,
    Split,
    ToggleRows,
    Trim,
    Zoom,
)
from interactioncoder.ui.timeline.model.layout import HEADER_WIDTH, RULER_HEIGHT, TOP
from tests.timeline_model.helpers import CB, PX, TB, coding, drag, make_state, x, y


def test_trim_snaps_to_the_nearest_frame_boundary_and_stops_at_the_neighbour() -> None:
    s = make_state()
    h = InputHandler(s)
    row = y(s, "pos")
    assert h.press(x(s, 30) - 1, row, Button.LEFT, Mod.NONE) == [Select(("A",))]
    assert h.move(x(s, 30) + 2, row) == []  # within the drag distance: still a click
    assert s.drag is not None and not s.drag.started
    h.move(x(s, 35.3), row)
    assert s.drag.started and s.drag.preview == 35
    h.move(x(s, 35.6), row)
    assert s.drag.preview == 36
    # B (neg, 40..60) is in the same exclusive group: the offset stops at its onset.
    assert h.release(x(s, 55), row, Button.LEFT) == [Trim("A", "offset", 40)]
    assert s.drag is None
    (update,) = editing.trim(CB, coding(), "A", "offset", 40, TB).updated
    assert update.after.offset_frame == 40


def test_trim_of_an_onset_keeps_one_frame_and_a_click_on_an_edge_asks_nothing() -> None:
    s = make_state()
    h = InputHandler(s)
    assert drag(h, (x(s, 10) + 1, y(s, "pos")), (x(s, 40), y(s, "pos"))) == [
        Select(("A",)),
        Trim("A", "onset", 29),
    ]
    assert drag(h, (x(s, 10) + 1, y(s, "pos"))) == []


def test_move_by_whole_frames_clamped_at_the_exclusive_neighbour() -> None:
    s = make_state()
    h = InputHandler(s)
    row = y(s, "pos")
    drag(h, (x(s, 20), row))  # select A
    assert s.selection == ("A",)
    assert drag(h, (x(s, 20), row), (x(s, 27.4), row)) == [Move(("A",), 7)]
    # A ends at 30, B starts at 40: ten frames of room.
    assert drag(h, (x(s, 20), row), (x(s, 60), row)) == [Move(("A",), 10)]
    assert drag(h, (x(s, 20), row), (x(s, -5), row)) == [Move(("A",), -10)]  # session start
    changes = editing.move(CB, coding(), ["A"], 10, TB)
    assert changes.updated[0].after.onset_frame == 20


def test_group_move_and_a_click_that_narrows_the_selection() -> None:
    s = make_state()
    h = InputHandler(s)
    drag(h, (x(s, 20), y(s, "pos")))
    assert drag(h, (x(s, 90), y(s, "pos")), mods=Mod.CTRL) == [Select(("A", "C"))]
    assert drag(h, (x(s, 90), y(s, "pos")), (x(s, 93), y(s, "pos"))) == [Move(("A", "C"), 3)]
    # A plain click (no drag) on one of several selected events selects only it.
    assert drag(h, (x(s, 90), y(s, "pos"))) == [Select(("C",))]


def test_ctrl_toggles_and_shift_adds() -> None:
    s = make_state()
    h = InputHandler(s)
    drag(h, (x(s, 20), y(s, "pos")))
    assert drag(h, (x(s, 50), y(s, "neg")), mods=Mod.SHIFT) == [Select(("A", "B"))]
    assert drag(h, (x(s, 20), y(s, "pos")), mods=Mod.CTRL) == [Select(("B",))]


def test_rubber_band_selects_what_it_covers_in_the_rows_it_crosses() -> None:
    s = make_state()
    h = InputHandler(s)
    drag(h, (x(s, 90), y(s, "pos")))  # C selected first: the band adds to it
    # From an empty place in the pos row (frame 35) to frame 55 in the neg row: A (10..30)
    # is left of the band, B (neg 40..60) inside it; the cry row is not crossed.
    start, end = (x(s, 35), y(s, "pos")), (x(s, 55), y(s, "neg"))
    assert s.drag is None
    out = drag(h, start, ((start[0] + end[0]) / 2, end[1]), end, mods=Mod.SHIFT)
    assert out == [RubberBandSelect(("C", "B"))]
    # Down to the cry row and back to frame 5: A, B and the point P join.
    s.set_selection(())
    out = drag(h, (x(s, 58), y(s, "pos")), (x(s, 5), y(s, "cry")), mods=Mod.SHIFT)
    assert out == [RubberBandSelect(("A", "B", "P"))]
    # A ends at 30 (its offset is the first frame after it): a band from frame 30 misses it.
    s.set_selection(())
    out = drag(h, (x(s, 30.5), y(s, "neg")), (x(s, 45), y(s, "pos")), mods=Mod.SHIFT)
    assert out == [RubberBandSelect(("B",))]
    # A band that does not get past the drag distance selects nothing.
    assert drag(h, (x(s, 35), y(s, "pos")), (x(s, 35) + 1, y(s, "pos")), mods=Mod.SHIFT) == []


def test_seek_and_scrub_on_the_ruler_and_an_empty_row() -> None:
    s = make_state()
    h = InputHandler(s)
    s.set_selection(("A",))
    assert h.press(x(s, 7.5), RULER_HEIGHT / 2, Button.LEFT, Mod.NONE) == [Seek(7)]
    assert h.move(x(s, 7.9), RULER_HEIGHT / 2) == []  # same frame: no new seek
    assert h.move(x(s, 12.2), 300) == [Seek(12, scrub=True)]  # a preview frame will do
    assert h.release(x(s, 12.4), 300, Button.LEFT) == [Seek(12)]  # the exact frame
    h.press(x(s, 7.5), RULER_HEIGHT / 2, Button.LEFT, Mod.NONE)
    assert h.release(x(s, 7.5), RULER_HEIGHT / 2, Button.LEFT) == []  # a click: seeked
    # A press on an empty row also clears the selection (first), then seeks.
    assert h.press(x(s, 35), y(s, "pos"), Button.LEFT, Mod.NONE) == [Select(()), Seek(35)]
    assert h.press(x(s, 35), y(s, "pos"), Button.RIGHT, Mod.NONE) is None


def test_segment_edge_drag_stays_inside_its_segment() -> None:
    s = make_state()
    h = InputHandler(s)
    band = TOP - 5
    assert drag(h, (x(s, 140) - 1, band), (x(s, 150.2), band)) == [SegmentTrim(1, "offset", 150)]
    assert drag(h, (x(s, 140) - 1, band), (x(s, 100), band)) == [SegmentTrim(1, "offset", 121)]


def test_escape_cancels_a_drag_and_then_clears_the_selection() -> None:
    s = make_state()
    h = InputHandler(s)
    h.press(x(s, 30) - 1, y(s, "pos"), Button.LEFT, Mod.NONE)
    h.move(x(s, 36), y(s, "pos"))
    assert h.key(Key.ESCAPE) == [CancelDrag()]
    assert h.release(x(s, 36), y(s, "pos"), Button.LEFT) is None  # nothing left to finish
    assert h.key(Key.ESCAPE) == [Select(())]
    assert h.key(Key.OTHER) is None


def test_delete_split_edit_and_read_only() -> None:
    s = make_state()
    h = InputHandler(s)
    assert h.key(Key.DELETE) == []  # nothing selected: handled, nothing asked
    s.set_selection(("A", "B"))
    assert h.key(Key.BACKSPACE) == [Delete(("A", "B"))]
    s.set_playhead(20)
    assert h.can_split("A") and h.split_at_playhead("A") == [Split("A", 20)]
    assert not h.can_split("B") and not h.can_split("P")
    assert h.double_click(x(s, 20), y(s, "pos"), Button.LEFT) == [Edit("A")]
    assert h.double_click(x(s, 35), y(s, "pos"), Button.LEFT) is None
    s.set_read_only(True)
    assert h.key(Key.DELETE) == []
    assert not h.can_split("A")
    assert h.double_click(x(s, 20), y(s, "pos"), Button.LEFT) is None
    # Read-only: a press on an event selects it but starts no drag.
    assert drag(h, (x(s, 90), y(s, "pos")), (x(s, 99), y(s, "pos"))) == [Select(("C",))]


def test_alt_drag_on_an_empty_lane_asks_to_create_a_state() -> None:
    s = make_state()
    h = InputHandler(s)
    out = drag(h, (x(s, 62.4), y(s, "neg")), (x(s, 70.6), y(s, "neg")), mods=Mod.ALT)
    assert out == [Create("neg", 62, 71)]
    # Dragged leftwards, the same state; a plain Alt+click only seeks.
    out = drag(h, (x(s, 71), y(s, "neg")), (x(s, 62), y(s, "neg")), mods=Mod.ALT)
    assert out == [Create("neg", 62, 71)]
    assert drag(h, (x(s, 66.5), y(s, "neg")), mods=Mod.ALT) == [Seek(66)]
    s.set_read_only(True)
    assert Create not in {
        type(i) for i in drag(h, (x(s, 62), y(s, "neg")), (x(s, 70), y(s, "neg")), mods=Mod.ALT)
    }


def test_header_click_collapses_a_group() -> None:
    s = make_state()
    h = InputHandler(s)
    before = len(s.rows)
    assert h.press(HEADER_WIDTH / 2, TOP + 25, Button.LEFT, Mod.NONE) == [ToggleRows("group:aff")]
    assert len(s.rows) == before - 2 and not s.rows_for("pos")


def test_ctrl_wheel_zooms_around_the_cursor() -> None:
    s = make_state()
    h = InputHandler(s)
    px = x(s, 100.3)
    assert h.wheel(px, 0, 240, Mod.CTRL) == [Zoom(1.25**2)]
    assert s.view.px_per_frame == pytest.approx(PX * 1.25**2)
    assert s.view.frame_at(px) == pytest.approx(100.3)
    assert not s.fitted
    h.wheel(px, 0, -120 * 30, Mod.CTRL)  # far out: stops at the whole session
    assert s.view.px_per_frame == pytest.approx(s.view.width / 3000)
    assert s.view.first_frame == 0


def test_keys_zoom_around_the_playhead_and_fit() -> None:
    s = make_state()
    h = InputHandler(s)
    s.set_playhead(50)
    at = x(s, 50)
    assert h.key(Key.PLUS) == [Zoom(1.5)]
    assert x(s, 50) == pytest.approx(at)
    assert s.view.px_per_frame == pytest.approx(7.5)
    assert h.key(Key.ZERO) == [Zoom(0.0)]
    assert s.fitted and s.view.visible_frames() == (0, 2999)


def test_wheel_scrolls_time_and_rows_and_clamps() -> None:
    s = make_state()
    h = InputHandler(s)
    assert h.wheel(x(s, 50), 0, -120, Mod.NONE) == [Scroll(frames=15.5)]  # a tenth of 155
    assert s.view.first_frame == pytest.approx(15.5)
    h.wheel(x(s, 50), 0, 120 * 5, Mod.NONE)
    assert s.view.first_frame == 0
    h.wheel(x(s, 50), 0, -120 * 1000, Mod.NONE)
    assert s.view.first_frame == pytest.approx(3000 - 155)
    s.resize(1000, 165, 15)  # 38 px of rows to scroll
    assert h.wheel(x(s, 50), 0, -120, Mod.ALT) == [Scroll(pixels=60)]
    assert s.v_offset == 38
    h.wheel(HEADER_WIDTH / 2, 0, 120, Mod.NONE)  # over the header: rows too
    assert s.v_offset == 0


def test_autoscroll_while_dragging_past_the_edge() -> None:
    s = make_state()
    h = InputHandler(s)
    h.press(x(s, 5), RULER_HEIGHT / 2, Button.LEFT, Mod.NONE)
    assert not h.wants_autoscroll
    h.move(s.view.right + 20, RULER_HEIGHT / 2)
    assert h.wants_autoscroll
    out = h.autoscroll_tick()
    assert isinstance(out[0], Scroll) and out[0].frames == pytest.approx((20 / 4 + 1) / PX)
    assert s.view.first_frame == pytest.approx(1.2)
    assert out[1:] == [Seek(s.view.x_to_frame(s.view.right + 20), scrub=True)]
    h.move(x(s, 60), RULER_HEIGHT / 2)
    assert not h.wants_autoscroll and h.autoscroll_tick() == []


def test_wheel_over_the_rows_scrolls_rows_when_they_overflow() -> None:
    """Issue 12 item 8: the plain wheel over the rows scrolls the rows, not time."""
    s = make_state()
    h = InputHandler(s)
    s.resize(1000, 165, 15)  # 38 px of rows to scroll
    first = s.view.first_frame
    assert h.wheel(x(s, 50), 0, -120, Mod.NONE, y=y(s, "pos")) == [Scroll(pixels=60)]
    assert s.v_offset == 38 and s.view.first_frame == first
    # Shift+wheel and the wheel over the ruler still scroll time
    assert h.wheel(x(s, 50), 0, -120, Mod.SHIFT, y=y(s, "pos")) == [Scroll(frames=15.5)]
    assert h.wheel(x(s, 50), 0, -120, Mod.NONE, y=RULER_HEIGHT / 2) == [Scroll(frames=15.5)]
    assert s.v_offset == 38
