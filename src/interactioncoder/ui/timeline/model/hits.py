"""Hit testing: what lies under a widget position (an event, its edge, a segment edge...).

Kept apart so the rules (edge hot zones, which of two touching events wins) read in one
place. Works on the timeline state only; no Qt.
"""

from __future__ import annotations

from interactioncoder.ui.timeline.model.interaction import EDGE_HOT_PX, Hit, HitKind
from interactioncoder.ui.timeline.model.layout import RULER_HEIGHT, TOP, Row, RowKind, row_at
from interactioncoder.ui.timeline.model.state import TimelineState

POINT_HOT_PX = 5.0


def row_at_y(w: TimelineState, y: float) -> Row | None:
    if y < TOP:
        return None
    return row_at(w.rows, y - TOP + w.v_offset)


def hit_test(w: TimelineState, x: float, y: float) -> Hit:
    v = w.view
    if x >= v.right or y >= w.rows_bottom:
        return Hit(HitKind.NOTHING)
    in_events = x >= v.x0
    frame = v.x_to_frame(x)
    if y < RULER_HEIGHT:
        return Hit(HitKind.RULER, frame) if in_events else Hit(HitKind.NOTHING)
    if y < TOP:
        if not in_events:
            return Hit(HitKind.NOTHING)
        return _segment_hit(w, x, frame)
    row = row_at_y(w, y)
    if not in_events:
        return Hit(HitKind.HEADER, frame, row_key=row.key if row else "")
    if row is None or row.kind not in (RowKind.CODE, RowKind.LANE):
        return Hit(HitKind.ROW, frame)
    return _event_hit(w, row, x, frame)


def _segment_hit(w: TimelineState, x: float, frame: int) -> Hit:
    v = w.view
    best: tuple[float, Hit] | None = None
    for s in w.segments:
        for edge, f in (("onset", s.onset_frame), ("offset", s.offset_frame)):
            dist = abs(v.frame_to_x(f) - x)
            if dist <= EDGE_HOT_PX and (best is None or dist < best[0]):
                best = (dist, Hit(HitKind.SEGMENT_EDGE, frame, edge=edge, segment_id=s.id))
    if best is not None:
        return best[1]
    return Hit(HitKind.SEGMENT_BAND, frame)


def _event_hit(w: TimelineState, row: Row, x: float, frame: int) -> Hit:
    v = w.view
    data = w.row_events(row)
    if len(data) == 0:
        return Hit(HitKind.ROW, frame)
    slack = (EDGE_HOT_PX + POINT_HOT_PX) / v.px_per_frame + 1
    lo, hi = data.visible_slice(int(frame - slack), int(frame + slack))
    body_kind = HitKind.EVENT if row.lane < 0 else HitKind.LANE_EVENT
    edge_kind = HitKind.EVENT_EDGE if row.lane < 0 else HitKind.LANE_EVENT
    best: tuple[float, Hit] | None = None

    def offer(score: float, hit: Hit) -> None:
        nonlocal best
        if best is None or score < best[0]:
            best = (score, hit)

    for i in range(lo, hi):
        eid = data.ids[i]
        onset = int(data.onset[i])
        if data.point[i]:
            dist = abs(v.frame_to_x(onset + 0.5) - x)
            if dist <= max(POINT_HOT_PX, v.px_per_frame / 2):
                offer(dist, Hit(body_kind, frame, eid, row_key=row.key))
            continue
        running = bool(data.running[i])
        end = w.running_end(onset) if running else int(data.end[i])
        x_on, x_off = v.frame_to_x(onset), v.frame_to_x(end)
        roomy = x_off - x_on >= 3 * EDGE_HOT_PX
        # Edges: inside the event when it is wide enough, else only just outside it,
        # so a short event can still be grabbed by its body.
        if not running and (
            (roomy and abs(x - x_off) <= EDGE_HOT_PX) or (x_off <= x <= x_off + EDGE_HOT_PX)
        ):
            # Inside an event its own edge wins over a touching neighbour's.
            offer(abs(x - x_off) - (0.5 if x < x_off else 0), Hit(edge_kind, frame, eid, "offset"))
        if (roomy and abs(x - x_on) <= EDGE_HOT_PX) or (x_on - EDGE_HOT_PX <= x < x_on):
            offer(abs(x - x_on) - (0.5 if x >= x_on else 0), Hit(edge_kind, frame, eid, "onset"))
        if x_on <= x < x_off:
            offer(EDGE_HOT_PX + 1, Hit(body_kind, frame, eid, row_key=row.key))
    if best is None:
        return Hit(HitKind.ROW, frame)
    return best[1]
