"""Hit testing on the timeline state: which event, edge, row or band lies under a pixel."""

from __future__ import annotations

from interactioncoder.ui.timeline.model.hits import hit_test
from interactioncoder.ui.timeline.model.interaction import Hit, HitKind
from interactioncoder.ui.timeline.model.layout import HEADER_WIDTH, RULER_HEIGHT, TOP
from tests.timeline_model.helpers import coding, ev, make_state, x, y


def test_body_and_edges_of_a_wide_state() -> None:
    s = make_state()
    assert hit_test(s, x(s, 20), y(s, "pos")) == Hit(HitKind.EVENT, 20, "A", row_key="pos")
    # Within 5 px of an edge, inside the event, the edge wins; the frame is the cell's.
    assert hit_test(s, x(s, 30) - 2, y(s, "pos")) == Hit(HitKind.EVENT_EDGE, 29, "A", "offset")
    assert hit_test(s, x(s, 10) + 3, y(s, "pos")) == Hit(HitKind.EVENT_EDGE, 10, "A", "onset")
    # Just outside the offset still grabs it; further out is the empty row.
    assert hit_test(s, x(s, 30) + 4, y(s, "pos")).kind is HitKind.EVENT_EDGE
    assert hit_test(s, x(s, 30) + 6, y(s, "pos")) == Hit(HitKind.ROW, 31)


def test_touching_states_prefer_the_edge_of_the_event_under_the_pointer() -> None:
    s = make_state([ev("A", "pos", 10, 30), ev("B", "pos", 30, 50)])
    left = hit_test(s, x(s, 30) - 1, y(s, "pos"))
    right = hit_test(s, x(s, 30) + 1, y(s, "pos"))
    assert (left.event_id, left.edge) == ("A", "offset")
    assert (right.event_id, right.edge) == ("B", "onset")


def test_a_short_state_is_grabbed_by_its_body_and_a_point_by_its_diamond() -> None:
    s = make_state([ev("S", "pos", 20, 22), ev("P", "cry", 50, 50)])
    assert hit_test(s, x(s, 21), y(s, "pos")).kind is HitKind.EVENT  # 10 px wide: no edges inside
    assert hit_test(s, x(s, 22) + 3, y(s, "pos")) == Hit(HitKind.EVENT_EDGE, 22, "S", "offset")
    assert hit_test(s, x(s, 50.5) + 4, y(s, "cry")).event_id == "P"
    assert hit_test(s, x(s, 50.5) + 9, y(s, "cry")).kind is HitKind.ROW


def test_ruler_segments_header_lanes_and_outside() -> None:
    s = make_state()
    s.set_comparison([("Coder B", [ev("L", "pos", 10, 30)])])
    assert hit_test(s, x(s, 7.5), RULER_HEIGHT / 2) == Hit(HitKind.RULER, 7)
    assert hit_test(s, x(s, 120) + 2, TOP - 5).kind is HitKind.SEGMENT_EDGE
    assert hit_test(s, x(s, 120) + 2, TOP - 5).edge == "onset"
    assert hit_test(s, x(s, 130), TOP - 5).kind is HitKind.SEGMENT_BAND
    assert hit_test(s, HEADER_WIDTH / 2, y(s, "pos")).row_key == "pos"
    assert hit_test(s, HEADER_WIDTH / 2, TOP + 5).row_key == "subject:m"
    lane = hit_test(s, x(s, 20), y(s, "pos", lane=0))
    assert (lane.kind, lane.event_id) == (HitKind.LANE_EVENT, "L")
    assert hit_test(s, s.view.right + 1, y(s, "pos")).kind is HitKind.NOTHING
    assert hit_test(s, x(s, 20), s.rows_bottom + 1).kind is HitKind.NOTHING


def test_hits_follow_scrolling_and_zoom() -> None:
    s = make_state(coding())
    s.scroll_frames(15)  # frame 15 now at the left edge
    assert hit_test(s, x(s, 20), y(s, "pos")).frame == 20
    assert x(s, 20) == HEADER_WIDTH + 5 * 5
    s.resize(1000, 165, 15)  # rows area 98 px high, rows 136 px: 38 px to scroll
    s.scroll_rows(30)
    assert s.v_offset == 30
    assert hit_test(s, x(s, 55), y(s, "neg")).event_id == "B"
    assert hit_test(s, x(s, 55), y(s, "neg") + 30).kind is not HitKind.EVENT
    s.scroll_rows(1000)
    assert s.v_offset == 38
