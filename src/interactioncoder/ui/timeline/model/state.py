"""What the timeline shows, as one plain object: no Qt, testable without a display.

``TimelineState`` holds the data (events per row, comparison lanes, segments), the rows,
the viewport (zoom and scroll as frames <-> pixels), the selection, the drag in progress,
the playhead and two version counters the painter keys its caches on. The input handler
(``handler.py``) changes it; the widget feeds it data and sizes; the painter only reads it.
Methods that change what is shown return whether something the owner must hear about
changed (the selection), so the widget can emit its signals.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.events import Event
from interactioncoder.core.project import Segment
from interactioncoder.core.timebase import Timebase
from interactioncoder.ui.timeline.model.interaction import Drag, DragKind, blocking_neighbours
from interactioncoder.ui.timeline.model.layout import (
    TOP,
    Row,
    RowEvents,
    RowKind,
    Viewport,
    build_rows,
    content_height,
    index_events,
)

_EMPTY_ROW = RowEvents()


@dataclass
class TimelineState:
    codebook: Codebook | None = None
    timebase: Timebase | None = None
    frame_times: np.ndarray | None = None
    events: dict[str, Event] = field(default_factory=dict)
    index: dict[str, RowEvents] = field(default_factory=dict)
    lane_names: list[str] = field(default_factory=list)
    lane_events: list[dict[str, Event]] = field(default_factory=list)
    lane_index: list[dict[str, RowEvents]] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    playhead: int = 0
    highlight: tuple[int, int] | None = None
    read_only: bool = False
    selection: tuple[str, ...] = ()
    collapsed: set[str] = field(default_factory=set)
    rows: list[Row] = field(default_factory=list)
    view: Viewport = field(default_factory=Viewport)
    v_offset: float = 0.0  # rows scrolled out at the top, in pixels
    width: float = 900.0  # of the whole widget
    rows_bottom: float = 360.0  # where the rows area ends (above the horizontal bar)
    drag: Drag | None = None
    fitted: bool = True  # zoomed to fit until the user zooms or a range is shown
    rows_version: int = 0  # bumped when rows change (the header cache key)
    content_version: int = 0  # bumped whenever shown data changes (the static cache key)

    # -- data --------------------------------------------------------------------------
    def set_codebook(self, codebook: Codebook) -> None:
        self.content_version += 1
        self.codebook = codebook
        self.rebuild_rows()

    def set_timebase(self, timebase: Timebase) -> None:
        self.content_version += 1
        if timebase != self.timebase:
            self.fitted = True  # another video: show all of it first
        self.timebase = timebase
        self.frame_times = np.asarray(timebase.frame_times_ms, dtype=np.float64)
        self.update_frame_count()

    def set_events(self, events: Iterable[Event]) -> bool:
        """New coding; True if the selection shrank (dropped events are deselected)."""
        self.content_version += 1
        self.events = {e.id: e for e in events}
        self.index = index_events(self.events.values())
        if self.drag is not None:
            # New data mid-drag (e.g. key coding during playback): keep dragging unless the
            # dragged events are gone; their neighbours are looked up afresh.
            if any(i not in self.events for i in self.drag.event_ids):
                self.drag = None
            else:
                self.drag.neighbours.clear()
        kept = tuple(i for i in self.selection if i in self.events)
        changed = kept != self.selection
        self.selection = kept
        self.update_frame_count()
        return changed

    def set_comparison(self, lanes: Sequence[tuple[str, Iterable[Event]]]) -> None:
        self.content_version += 1
        self.lane_names = [name for name, _ in lanes]
        self.lane_events = [{e.id: e for e in evs} for _, evs in lanes]
        self.lane_index = [index_events(d.values()) for d in self.lane_events]
        self.rebuild_rows()
        self.update_frame_count()

    def set_segments(self, segments: Sequence[Segment]) -> None:
        self.content_version += 1
        self.segments = sorted(segments, key=lambda s: (s.onset_frame, s.id))

    def set_playhead(self, frame: int) -> bool:
        """Move the playhead; True if the view scrolled to keep it visible."""
        self.playhead = max(0, min(int(frame), self.view.frame_count - 1))
        if self.drag is None or self.drag.kind is DragKind.SCRUB:
            return self.keep_playhead_visible()
        return False

    def set_highlight(self, start_frame: int, end_frame: int) -> None:
        """Mark frames start..end; if none of it is on screen, scroll to show its start."""
        a, b = min(start_frame, end_frame), max(start_frame, end_frame)
        self.highlight = (a, b)
        first, last = self.view.visible_frames()
        if b < first or a > last:
            self.view.first_frame = a - 0.1 * self.view.frames_visible
            self.view.clamp()
            self.fitted = False

    def clear_highlight(self) -> None:
        self.highlight = None

    def invalidate(self) -> None:
        """Something shown changed outside the state (e.g. the palette): repaint it all."""
        self.content_version += 1

    def cancel_drag(self) -> None:
        self.drag = None

    def set_read_only(self, ro: bool) -> None:
        self.read_only = bool(ro)
        self.drag = None

    def set_selection(self, ids: Iterable[str]) -> bool:
        """Select the known events among *ids*; True if the selection changed."""
        new = tuple(dict.fromkeys(i for i in ids if i in self.events))
        if new == self.selection:
            return False
        self.selection = new
        return True

    # -- rows --------------------------------------------------------------------------
    def rebuild_rows(self) -> None:
        self.rows = build_rows(self.codebook, self.lane_names, self.collapsed)
        self.rows_version += 1
        self.clamp_v_offset()

    def toggle_collapsed(self, key: str) -> None:
        self.collapsed.symmetric_difference_update({key})
        self.rebuild_rows()

    def rows_for(self, code_id: str) -> list[Row]:
        return [r for r in self.rows if r.kind in (RowKind.CODE, RowKind.LANE) and r.key == code_id]

    def row_events(self, row: Row) -> RowEvents:
        source = self.index if row.lane < 0 else self.lane_index[row.lane]
        return source.get(row.code_id, _EMPTY_ROW)

    def event_for(self, row: Row, event_id: str) -> Event | None:
        source = self.events if row.lane < 0 else self.lane_events[row.lane]
        return source.get(event_id)

    def row_screen_y(self, row: Row) -> float:
        return TOP + row.y - self.v_offset

    def visible_rows(self) -> list[tuple[Row, float]]:
        """Rows at least partly inside the rows area, with their screen y."""
        out = []
        for r in self.rows:
            y = self.row_screen_y(r)
            if y < self.rows_bottom and y + r.height > TOP:
                out.append((r, y))
        return out

    def running_end(self, onset: int) -> int:
        """Where a running state is drawn to: the playhead (at least one frame long)."""
        return max(self.playhead, onset + 1)

    def blocking_neighbours(self, ev: Event) -> list[Event]:
        """Events *ev* may not overlap (see ``interaction.blocking_neighbours``)."""
        return blocking_neighbours(self.codebook, self.events.values(), ev)

    # -- size, zoom and scroll -----------------------------------------------------------
    def resize(self, width: float, height: float, bar_extent: float) -> None:
        """The widget's size and its scroll bars' thickness (the events area is the rest)."""
        self.width = float(width)
        self.rows_bottom = float(height - bar_extent)
        self.view.width = max(10.0, width - self.view.x0 - bar_extent)
        if self.fitted:
            self.view.show_range(0, self.view.frame_count - 1)
        self.view.clamp()
        self.clamp_v_offset()

    @property
    def max_v_offset(self) -> int:
        return max(0, math.ceil(content_height(self.rows) - (self.rows_bottom - TOP)))

    def clamp_v_offset(self) -> None:
        self.v_offset = float(min(max(self.v_offset, 0.0), self.max_v_offset))

    def scroll_rows_to(self, offset: float) -> None:
        self.v_offset = float(offset)
        self.clamp_v_offset()

    def scroll_rows(self, pixels: float) -> None:
        self.v_offset += pixels
        self.clamp_v_offset()

    def scroll_frames(self, frames: float) -> None:
        self.view.first_frame += frames
        self.view.clamp()
        self.fitted = False

    def scroll_to_frame(self, first_frame: float) -> None:
        self.view.first_frame = first_frame
        self.view.clamp()
        self.fitted = False

    def zoom_to(self, first_frame: int, last_frame: int) -> None:
        self.fitted = False
        self.view.show_range(first_frame, last_frame)

    def zoom_to_fit(self) -> None:
        self.view.show_range(0, self.view.frame_count - 1)
        self.fitted = True

    def zoom_around(self, x: float, factor: float) -> None:
        self.fitted = False
        self.view.zoom_around(x, factor)

    def zoom_keyed(self, factor: float) -> None:
        """Zoom around the playhead when it is on screen, else around the middle."""
        x = self.view.frame_to_x(self.playhead)
        if not self.view.x0 <= x <= self.view.right:
            x = self.view.x0 + self.view.width / 2
        self.zoom_around(x, factor)

    def keep_playhead_visible(self) -> bool:
        """During playback: when the playhead leaves the view, page (or jump) to it."""
        first, visible = self.view.first_frame, self.view.frames_visible
        if first <= self.playhead < first + visible:
            return False
        ahead = first + visible <= self.playhead < first + 2 * visible
        # Playing forward off the right edge: page on, leaving a little context behind.
        back = 0.1 * visible if ahead else visible / 2
        self.view.first_frame = self.playhead - back
        self.view.clamp()
        return True

    def update_frame_count(self) -> None:
        if self.timebase is not None:
            n = self.timebase.frame_count
        else:
            ends = [e.offset_frame or e.onset_frame for e in self.events.values()]
            n = max(ends, default=0) + 1
        if n != self.view.frame_count:
            self.view.frame_count = n
            self.fitted = self.fitted or self.view.first_frame == 0
        if self.fitted:
            self.view.show_range(0, n - 1)
        self.view.clamp()

    def static_key(self) -> tuple[object, ...]:
        """What everything but the playhead layer depends on (the painter adds Qt's part)."""
        v = self.view
        return (
            self.content_version, self.rows_version, v.first_frame, v.px_per_frame, v.width,
            v.frame_count, self.width, self.rows_bottom, self.v_offset, self.selection,
            self.highlight,
        )  # fmt: skip
