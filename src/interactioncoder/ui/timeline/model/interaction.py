"""What a press hit, and the limits of a drag preview (pure, no Qt).

The widget never edits events itself: it previews a drag and, at release, emits one
request. The editing rules (``core.editing``) make the final decision; the clamping here
only keeps the *preview* honest, so a coder does not see a state slide through its
neighbour in an exclusive group and then jump back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.events import Event

EDGE_HOT_PX = 5.0  # how close to an event's edge a press grabs the edge instead of the body


class HitKind(Enum):
    NOTHING = "nothing"
    RULER = "ruler"
    SEGMENT_BAND = "segment-band"
    SEGMENT_EDGE = "segment-edge"
    HEADER = "header"  # left column
    ROW = "row"  # empty part of a row
    EVENT = "event"
    EVENT_EDGE = "event-edge"
    LANE_EVENT = "lane-event"  # a comparison coding's event (read-only)


@dataclass(frozen=True)
class Hit:
    kind: HitKind
    frame: int = 0
    event_id: str = ""
    edge: str = ""  # "onset" | "offset" for edges
    segment_id: int = -1
    row_key: str = ""


class DragKind(Enum):
    SCRUB = "scrub"  # seeking along the ruler / empty area
    TRIM = "trim"
    MOVE = "move"
    SEGMENT_TRIM = "segment-trim"
    BAND = "band"  # rubber-band selection (Shift+drag on an empty place)
    CREATE = "create"  # Alt+drag on an empty part of a code row: a new state (a request)


@dataclass
class Drag:
    kind: DragKind
    press_x: float
    event_ids: tuple[str, ...] = ()
    edge: str = ""
    segment_id: int = -1
    origin_frame: int = 0  # the edge's frame, or the frame under the press for a move
    preview: int = 0  # new edge frame (trim), or delta frames (move)
    started: bool = False  # past the drag distance: until then a press is a click
    press_y: float = 0.0
    press_frame: float = 0.0  # fractional frame under the press (survives scrolling)
    x: float = 0.0  # last pointer position (auto-scroll re-applies it)
    y: float = 0.0
    code_id: str = ""  # the row a CREATE drag is on
    # A plain press on an already selected event keeps the selection for a group move;
    # releasing it without dragging narrows the selection to this event.
    narrow_to: str = ""
    # blocking neighbours per dragged event id, looked up once per drag
    neighbours: dict[str, list[Event]] = field(default_factory=dict)


def event_end(e: Event) -> int:
    """First frame after the event, for overlap maths (points and running states: onset+1)."""
    if e.offset_frame is None or e.offset_frame == e.onset_frame:
        return e.onset_frame + 1
    return e.offset_frame


def _blocks(e: Event) -> bool:
    """Only states take up time in an exclusive group; points never collide."""
    return not e.is_point


def clamp_trim(
    event: Event, edge: str, frame: int, neighbours: Sequence[Event], frame_count: int
) -> int:
    """The new edge frame, kept inside the event's own extent and short of its neighbours.

    *neighbours* are the other events of the same exclusive group (empty if the group is
    not exclusive). The offset stays at least one frame after the onset (a state lasts one
    frame at least), the onset at least one frame before the offset.
    """
    others = [n for n in neighbours if n.id != event.id and _blocks(n)]
    if edge == "offset":
        lo = event.onset_frame + 1
        hi = frame_count
        for n in others:
            if n.onset_frame >= event.onset_frame:
                hi = min(hi, n.onset_frame)
        return min(max(frame, lo), max(hi, lo))
    if edge == "onset":
        hi = (event.offset_frame if event.offset_frame is not None else frame_count) - 1
        lo = 0
        for n in others:
            if n.onset_frame < event.onset_frame:
                lo = max(lo, min(event_end(n), event.onset_frame))
        return max(min(frame, hi), min(lo, hi))
    raise ValueError(f"edge must be 'onset' or 'offset', not {edge!r}")


def clamp_move(
    moving: Sequence[Event],
    delta: int,
    neighbours_of: Callable[[Event], Sequence[Event]],
    frame_count: int,
) -> int:
    """The delta (frames) closest to *delta* that keeps every moved event in its gap.

    Events stay inside the session, and a state in an exclusive group cannot pass the
    states before and after it that are not themselves being moved.
    """
    if not moving:
        return 0
    moving_ids = {e.id for e in moving}
    lo = -min(e.onset_frame for e in moving)
    hi = frame_count - max(event_end(e) for e in moving)
    for e in moving:
        if not _blocks(e):
            continue
        for n in neighbours_of(e):
            if n.id in moving_ids or not _blocks(n):
                continue
            if n.onset_frame < e.onset_frame:
                lo = max(lo, min(event_end(n), e.onset_frame) - e.onset_frame)
            else:
                hi = min(hi, max(n.onset_frame - event_end(e), 0))
    if lo > hi:
        return 0
    return min(max(delta, lo), hi)


def blocking_neighbours(
    codebook: Codebook | None, events: Iterable[Event], ev: Event
) -> list[Event]:
    """The events *ev* may not overlap: its own code's, and its exclusive group's.

    Mirrors the editing rules (``core.editing``) so the drag preview stops where the rules
    would refuse; the rules still decide when the request arrives.
    """
    codes = {ev.code_id}
    if codebook is not None and codebook.has_code(ev.code_id):
        group = codebook.group_of(ev.code_id)
        if group.exclusive:
            codes.update(c.id for c in group.codes)
    return [e for e in events if e.code_id in codes and e.id != ev.id]


def moved(e: Event, delta: int) -> tuple[int, int | None]:
    """Onset and offset frames of *e* shifted by *delta* (for the preview only)."""
    off = None if e.offset_frame is None else e.offset_frame + delta
    return e.onset_frame + delta, off
