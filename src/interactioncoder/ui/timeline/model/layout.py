"""Pure geometry of the timeline: rows, the frame <-> x mapping, and per-row event arrays.

Nothing here imports Qt, so the maths the widget and its tests rely on (which row is
where, which frame is under a pixel, which events are visible) is testable on its own.

Coordinates are logical pixels. The events area starts at ``Viewport.x0`` (right of the
header column). Frame *f* occupies ``[frame_to_x(f), frame_to_x(f + 1))``, so a finished
state ``onset..offset`` (offset = first frame after it) spans ``frame_to_x(onset)`` to
``frame_to_x(offset)`` and its edges sit on frame boundaries.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

import numpy as np

from interactioncoder.core.codebook import Codebook, CodeKind
from interactioncoder.core.events import Event

RULER_HEIGHT = 32.0
SEGMENT_BAND_HEIGHT = 20.0
TOP = RULER_HEIGHT + SEGMENT_BAND_HEIGHT
HEADER_WIDTH = 210.0
SUBJECT_ROW_HEIGHT = 20.0
GROUP_ROW_HEIGHT = 18.0
CODE_ROW_HEIGHT = 20.0
LANE_ROW_HEIGHT = 14.0
MAX_PX_PER_FRAME = 48.0  # deepest zoom: one frame is this wide
# Running states extend to the playhead; for culling they count as never ending.
OPEN_END = np.iinfo(np.int64).max // 4


class RowKind(Enum):
    SUBJECT = "subject"
    GROUP = "group"
    CODE = "code"
    LANE = "lane"  # a comparison coding's events of one code (read-only)


@dataclass(frozen=True)
class Row:
    kind: RowKind
    key: str  # collapse key for headers, code id for code/lane rows
    label: str
    y: float  # top, in content coordinates (0 = first row, below the segment band)
    height: float
    code_id: str = ""
    lane: int = -1  # -1: the coder's own coding; >= 0: index into the comparison lanes
    color: str = "#888888"
    shortcut: str = ""
    is_point: bool = False
    group_id: str = ""
    exclusive: bool = False
    collapsed: bool = False

    @property
    def bottom(self) -> float:
        return self.y + self.height


def build_rows(
    codebook: Codebook | None, lane_names: Sequence[str], collapsed: Iterable[str] = ()
) -> list[Row]:
    """Subjects, then their groups, then one row per code followed by its comparison lanes."""
    if codebook is None:
        return []
    hidden = set(collapsed)
    subject_names = {s.id: s.name for s in codebook.subjects}
    order = [s.id for s in codebook.subjects]
    order += [g.subject for g in codebook.groups if g.subject not in order]
    order = list(dict.fromkeys(order))
    rows: list[Row] = []
    y = 0.0

    def add(row: Row) -> None:
        nonlocal y
        rows.append(row)
        y += row.height

    for subject in order:
        groups = [g for g in codebook.groups if g.subject == subject]
        if not groups:
            continue
        skey = f"subject:{subject}"
        add(
            Row(
                RowKind.SUBJECT,
                skey,
                subject_names.get(subject, subject),
                y,
                SUBJECT_ROW_HEIGHT,
                collapsed=skey in hidden,
            )
        )
        if skey in hidden:
            continue
        for g in groups:
            gkey = f"group:{g.id}"
            label = g.name + ("  (exclusive)" if g.exclusive else "")
            add(Row(RowKind.GROUP, gkey, label, y, GROUP_ROW_HEIGHT, collapsed=gkey in hidden))
            if gkey in hidden:
                continue
            for c in g.codes:
                code_row = Row(
                    RowKind.CODE,
                    c.id,
                    c.name,
                    y,
                    CODE_ROW_HEIGHT,
                    code_id=c.id,
                    color=c.color,
                    shortcut=c.key,
                    is_point=c.kind is CodeKind.POINT,
                    group_id=g.id,
                    exclusive=g.exclusive,
                )
                add(code_row)
                for i, name in enumerate(lane_names):
                    lane = replace(code_row, kind=RowKind.LANE, label=name, lane=i, shortcut="")
                    add(replace(lane, y=y, height=LANE_ROW_HEIGHT))
    return rows


def content_height(rows: Sequence[Row]) -> float:
    return rows[-1].bottom if rows else 0.0


def row_at(rows: Sequence[Row], content_y: float) -> Row | None:
    """The row under a content y (rows are contiguous and sorted by y)."""
    if not rows or content_y < 0:
        return None
    tops = [r.y for r in rows]
    i = int(np.searchsorted(np.asarray(tops), content_y, side="right")) - 1
    if 0 <= i < len(rows) and content_y < rows[i].bottom:
        return rows[i]
    return None


@dataclass
class Viewport:
    """The visible frame range: where frame 0 would be and how wide a frame is."""

    first_frame: float = 0.0  # frame at the left edge of the events area (may be fractional)
    px_per_frame: float = 1.0
    x0: float = HEADER_WIDTH
    width: float = 600.0  # of the events area
    frame_count: int = 1

    # The one frames <-> pixels formula: frame_to_x and frame_at are each other's inverse;
    # everything else (hit testing, drags, zoom, painting) goes through these two.
    def frame_to_x(self, frame: float) -> float:
        return self.x0 + (frame - self.first_frame) * self.px_per_frame

    def frame_at(self, x: float) -> float:
        """The fractional frame position under x (not clamped)."""
        return self.first_frame + (x - self.x0) / self.px_per_frame

    def x_to_frame(self, x: float) -> int:
        """The frame whose cell contains x (clamped to the session)."""
        f = math.floor(self.frame_at(x))
        return min(max(f, 0), self.frame_count - 1)

    def x_to_boundary(self, x: float) -> int:
        """The nearest frame boundary to x (for edges: snaps to whole frames)."""
        f = round(self.frame_at(x))
        return min(max(f, 0), self.frame_count)

    @property
    def right(self) -> float:
        """The right edge of the events area."""
        return self.x0 + self.width

    @property
    def frames_visible(self) -> float:
        return self.width / self.px_per_frame

    def visible_frames(self) -> tuple[int, int]:
        """First and last frame (inclusive) at least partly on screen."""
        first = max(0, math.floor(self.first_frame))
        last = min(self.frame_count - 1, math.ceil(self.first_frame + self.frames_visible))
        return first, last

    @property
    def min_px_per_frame(self) -> float:
        return min(MAX_PX_PER_FRAME, self.width / max(1, self.frame_count))

    def clamp(self) -> None:
        self.px_per_frame = min(max(self.px_per_frame, self.min_px_per_frame), MAX_PX_PER_FRAME)
        max_first = max(0.0, self.frame_count - self.frames_visible)
        self.first_frame = min(max(self.first_frame, 0.0), max_first)

    def zoom_around(self, x: float, factor: float) -> None:
        """Zoom by *factor*, keeping the (fractional) frame under x at x."""
        anchor = self.frame_at(x)
        self.px_per_frame *= factor
        self.px_per_frame = min(max(self.px_per_frame, self.min_px_per_frame), MAX_PX_PER_FRAME)
        self.first_frame = anchor - (x - self.x0) / self.px_per_frame
        self.clamp()

    def show_range(self, first: int, last: int) -> None:
        """Fit frames first..last (inclusive) into the width."""
        first, last = min(first, last), max(first, last)
        self.px_per_frame = self.width / max(1, last - first + 1)
        self.px_per_frame = min(max(self.px_per_frame, self.min_px_per_frame), MAX_PX_PER_FRAME)
        centre = (first + last + 1) / 2
        self.first_frame = centre - self.frames_visible / 2
        self.clamp()


@dataclass
class RowEvents:
    """One row's events as sorted arrays, so the visible slice is two binary searches.

    ``end`` is the offset frame (a point's is its onset; a running state's is OPEN_END).
    ``reach`` is the running maximum of ``end``: it is sorted even when events overlap,
    so the first event that may still be visible at frame f is ``searchsorted(reach, f)``.
    """

    ids: list[str] = field(default_factory=list)
    onset: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    end: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    reach: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    point: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    running: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    position: dict[str, int] = field(default_factory=dict)  # event id -> index

    @classmethod
    def from_events(cls, events: Sequence[Event]) -> RowEvents:
        ordered = sorted(events, key=lambda e: (e.onset_frame, e.id))
        onset = np.fromiter((e.onset_frame for e in ordered), np.int64, len(ordered))
        end = np.fromiter(
            (OPEN_END if e.offset_frame is None else e.offset_frame for e in ordered),
            np.int64,
            len(ordered),
        )
        point = end == onset
        reach = np.maximum.accumulate(end) if len(end) else end
        ids = [e.id for e in ordered]
        positions = {eid: i for i, eid in enumerate(ids)}
        return cls(ids, onset, end, reach, point, end == OPEN_END, positions)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def has_running(self) -> bool:
        return bool(self.running.any())

    def visible_slice(self, first: int, last: int) -> tuple[int, int]:
        """Index range of events that touch frames first..last (inclusive)."""
        lo = int(np.searchsorted(self.reach, first, side="left"))
        hi = int(np.searchsorted(self.onset, last, side="right"))
        # A finished state ending exactly at `first` (offset = first) is not visible,
        # but a point at `first` is: `reach >= first` keeps both, drawing clips the rest.
        return lo, max(lo, hi)


def index_events(events: Iterable[Event]) -> dict[str, RowEvents]:
    by_code: dict[str, list[Event]] = {}
    for e in events:
        by_code.setdefault(e.code_id, []).append(e)
    return {code: RowEvents.from_events(evs) for code, evs in by_code.items()}


# Column classes of a rasterised row (see rasterize_row).
EMPTY, FILL, EDGE = 0, 1, 2


def rasterize_row(
    onset: np.ndarray,
    end: np.ndarray,
    first_frame: float,
    px_per_frame: float,
    width_px: int,
) -> np.ndarray:
    """Classify each device-pixel column of a row: EMPTY, FILL or EDGE.

    Used when so many events are visible that drawing each one would cost more than the
    pixels it changes: events falling into the same pixel merge into runs. Every event
    covers at least one column (points are one-column ticks), and an event wide enough to
    show its outline gets an EDGE column at each end, so neighbours stay distinguishable.
    """
    cls = np.zeros(width_px, np.uint8)
    if len(onset) == 0 or width_px <= 0:
        return cls
    left = np.floor((onset - first_frame) * px_per_frame)
    right = np.ceil((end - first_frame) * px_per_frame)
    c0 = np.clip(left, 0, width_px).astype(np.int64)
    c1 = np.clip(np.maximum(right, left + 1), 0, width_px).astype(np.int64)
    keep = c1 > c0
    c0, c1 = c0[keep], c1[keep]
    if len(c0) == 0:
        return cls
    delta = np.bincount(c0, minlength=width_px + 1) - np.bincount(c1, minlength=width_px + 1)
    covered = np.cumsum(delta[:width_px]) > 0
    cls[covered] = FILL
    wide = (c1 - c0) >= 4
    cls[c0[wide]] = EDGE
    cls[c1[wide] - 1] = EDGE
    return cls
