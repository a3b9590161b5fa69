"""The editable timeline widget: rows of coded events against master-video frames.

The widget shows and previews; it never edits. Every edit is a request signal emitted
once (a drag emits at release, so one drag is one undo step), and the owner applies it
through the editing rules and calls ``set_events`` with the result.

Mouse: click the ruler / an empty place to seek (drag to scrub); click an event to select
it (Ctrl toggles, Shift adds); drag its edge to trim, its body to move; double-click to
edit. Wheel scrolls time, Shift+wheel too, Alt+wheel or wheel over the header column
scrolls rows, Ctrl+wheel zooms around the cursor. Keys (widget focused): Delete/Backspace
delete the selection, +/- zoom, 0 fits the session, Esc cancels a drag or clears selection.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QMenu, QScrollBar, QWidget

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.events import Event
from interactioncoder.core.project import Segment
from interactioncoder.core.timebase import Timebase
from interactioncoder.ui.timeline import controls, hits, popups, scrolling
from interactioncoder.ui.timeline.interaction import (
    Drag,
    DragKind,
    Hit,
    blocking_neighbours,
)
from interactioncoder.ui.timeline.layout import (
    TOP,
    Row,
    RowEvents,
    RowKind,
    Viewport,
    build_rows,
    index_events,
)
from interactioncoder.ui.timeline.painter import paint_timeline

KEY_ZOOM_STEP = 1.5
_EMPTY_ROW = RowEvents()


class TimelineWidget(QWidget):
    seekRequested = Signal(int)  # noqa: N815 (Qt naming)
    selectionChanged = Signal(tuple)  # noqa: N815 (Qt naming)
    trimRequested = Signal(str, str, int)  # noqa: N815 (Qt naming)
    moveRequested = Signal(tuple, int)  # noqa: N815 (Qt naming)
    deleteRequested = Signal(tuple)  # noqa: N815 (Qt naming)
    splitRequested = Signal(str, int)  # noqa: N815 (Qt naming)
    editEventRequested = Signal(str)  # noqa: N815 (Qt naming)
    segmentTrimRequested = Signal(int, str, int)  # noqa: N815 (Qt naming)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Timeline")
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.codebook: Codebook | None = None
        self.timebase: Timebase | None = None
        self.frame_times: np.ndarray | None = None
        self.events: dict[str, Event] = {}
        self.index: dict[str, RowEvents] = {}
        self.lane_names: list[str] = []
        self.lane_events: list[dict[str, Event]] = []
        self.lane_index: list[dict[str, RowEvents]] = []
        self.segments: list[Segment] = []
        self.playhead = 0
        self.highlight: tuple[int, int] | None = None
        self.read_only = False
        self.selection: tuple[str, ...] = ()
        self.collapsed: set[str] = set()
        self.rows: list[Row] = []
        self.view = Viewport()
        self.v_offset = 0.0
        self.drag: Drag | None = None
        self.rows_version = 0  # bumped when rows change (the header pixmap cache key)
        self.header_cache: tuple[object, QPixmap] | None = None
        # Everything but the playhead layer, cached (see painter.paint_timeline).
        self.static_cache: tuple[object, QPixmap] | None = None
        self.content_version = 0  # bumped whenever shown data changes
        self.pressed_event = ""  # plain press on a selected event (see _select_on_press)
        self.fitted = True  # zoomed to fit until the user zooms or a range is shown
        self.autoscroll = QTimer(self)  # scrolls on while a drag is past the view's edge
        self.autoscroll.timeout.connect(lambda: controls.autoscroll_tick(self))
        self.hbar = QScrollBar(Qt.Orientation.Horizontal, self)
        self.vbar = QScrollBar(Qt.Orientation.Vertical, self)
        self.hbar.valueChanged.connect(self._on_hbar)
        self.vbar.valueChanged.connect(self._on_vbar)
        scrolling.update_geometry(self)

    # -- data --------------------------------------------------------------------------
    def set_codebook(self, codebook: Codebook) -> None:
        self.content_version += 1
        self.codebook = codebook
        self._rebuild_rows()

    def set_timebase(self, timebase: Timebase) -> None:
        self.content_version += 1
        if timebase != self.timebase:
            self.fitted = True  # another video: show all of it first
        self.timebase = timebase
        self.frame_times = np.asarray(timebase.frame_times_ms, dtype=np.float64)
        self._update_frame_count()

    def set_events(self, events: Iterable[Event]) -> None:
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
        if kept != self.selection:
            self.selection = kept
            self.selectionChanged.emit(kept)
        self._update_frame_count()

    def set_comparison(self, lanes: Sequence[tuple[str, Iterable[Event]]]) -> None:
        self.content_version += 1
        self.lane_names = [name for name, _ in lanes]
        self.lane_events = [{e.id: e for e in evs} for _, evs in lanes]
        self.lane_index = [index_events(d.values()) for d in self.lane_events]
        self._rebuild_rows()
        self._update_frame_count()

    def set_segments(self, segments: Sequence[Segment]) -> None:
        self.content_version += 1
        self.segments = sorted(segments, key=lambda s: (s.onset_frame, s.id))
        self.refresh()

    def set_playhead(self, frame: int) -> None:
        self.playhead = max(0, min(int(frame), self.view.frame_count - 1))
        if self.drag is None or self.drag.kind is DragKind.SCRUB:
            scrolling.keep_playhead_visible(self)
        self.refresh()

    def set_highlight(self, start_frame: int, end_frame: int) -> None:
        """Mark frames start..end (inclusive), e.g. where two coders disagree.

        If none of it is on screen the view scrolls (keeping the zoom) to show its start.
        """
        a, b = min(start_frame, end_frame), max(start_frame, end_frame)
        self.highlight = (a, b)
        first, last = self.view.visible_frames()
        if b < first or a > last:
            self.view.first_frame = a - 0.1 * self.view.frames_visible
            self.view.clamp()
            self.fitted = False
            self.sync_bars()
        self.refresh()

    def clear_highlight(self) -> None:
        self.highlight = None
        self.refresh()

    def set_read_only(self, ro: bool) -> None:
        self.read_only = bool(ro)
        self.drag = None
        self.refresh()

    def selected_event_ids(self) -> tuple[str, ...]:
        return self.selection

    def set_selection(self, ids: Iterable[str]) -> None:
        new = tuple(dict.fromkeys(i for i in ids if i in self.events))
        if new != self.selection:
            self.selection = new
            self.selectionChanged.emit(new)
            self.refresh()

    def rows_for(self, code_id: str) -> list[Row]:
        return [r for r in self.rows if r.kind in (RowKind.CODE, RowKind.LANE) and r.key == code_id]

    def row_events(self, row: Row) -> RowEvents:
        source = self.index if row.lane < 0 else self.lane_index[row.lane]
        return source.get(row.code_id, _EMPTY_ROW)

    def event_for(self, row: Row, event_id: str) -> Event | None:
        source = self.events if row.lane < 0 else self.lane_events[row.lane]
        return source.get(event_id)

    # -- geometry (public for tests and for the owner) ----------------------------------
    def frame_to_x(self, frame: float) -> float:
        return self.view.frame_to_x(frame)

    def x_to_frame(self, x: float) -> int:
        return self.view.x_to_frame(x)

    def row_rect(self, code_id: str, lane: int = -1) -> QRectF:
        """Where a code's row (or a comparison lane of it) is, in widget coordinates."""
        for r in self.rows:
            if r.kind in (RowKind.CODE, RowKind.LANE) and r.key == code_id and r.lane == lane:
                return QRectF(0, self.row_screen_y(r), self.width(), r.height)
        raise KeyError(f"no visible row for code {code_id!r} (lane {lane})")

    def row_screen_y(self, row: Row) -> float:
        return TOP + row.y - self.v_offset

    def events_right(self) -> float:
        return self.view.x0 + self.view.width

    def rows_bottom(self) -> float:
        return float(self.height() - self.hbar.height())

    def visible_range(self) -> tuple[int, int]:
        return self.view.visible_frames()

    # -- zoom and scroll ---------------------------------------------------------------
    def zoom_to(self, first_frame: int, last_frame: int) -> None:
        self.fitted = False
        self.view.show_range(first_frame, last_frame)
        self.sync_bars()

    def zoom_in(self) -> None:
        self._zoom_keyed(KEY_ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom_keyed(1 / KEY_ZOOM_STEP)

    def zoom_to_fit(self) -> None:
        self.view.show_range(0, self.view.frame_count - 1)
        self.fitted = True
        self.sync_bars()

    def zoom_around(self, x: float, factor: float) -> None:
        self.fitted = False
        self.view.zoom_around(x, factor)
        self.sync_bars()

    def _zoom_keyed(self, factor: float) -> None:
        x = self.frame_to_x(self.playhead)
        if not self.view.x0 <= x <= self.events_right():
            x = self.view.x0 + self.view.width / 2
        self.zoom_around(x, factor)

    def sync_bars(self) -> None:
        """Scroll bars to the view (and repaint); see ``scrolling.sync_bars``."""
        scrolling.sync_bars(self)

    def _on_hbar(self, value: int) -> None:
        self.view.first_frame = float(value)
        self.view.clamp()
        self.fitted = False
        self.refresh()

    def _on_vbar(self, value: int) -> None:
        self.v_offset = float(value)
        self.refresh()

    def _rebuild_rows(self) -> None:
        self.rows = build_rows(self.codebook, self.lane_names, self.collapsed)
        self.rows_version += 1
        self.sync_bars()

    def toggle_collapsed(self, key: str) -> None:
        self.collapsed.symmetric_difference_update({key})
        self._rebuild_rows()

    def _update_frame_count(self) -> None:
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
        self.sync_bars()

    def static_key(self, dpr: float) -> tuple[object, ...]:
        """What the cached static layer depends on (not the playhead)."""
        v = self.view
        return (
            self.content_version, self.rows_version, v.first_frame, v.px_per_frame, v.width,
            v.frame_count, self.width(), self.height(), self.v_offset, dpr,
            self.palette().cacheKey(), self.font().key(), self.selection, self.highlight,
        )  # fmt: skip

    def invalidate(self) -> None:
        """Repaint everything from scratch (data changed)."""
        self.content_version += 1
        self.refresh()

    def refresh(self) -> None:
        """Schedule a repaint of the timeline but not of its scroll bars.

        A plain ``update()`` dirties the scroll bars too, and repainting them on every
        playback frame would cost more than the timeline itself.
        """
        self.update(QRect(0, 0, math.ceil(self.events_right()), math.ceil(self.rows_bottom())))

    # -- Qt events ---------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(900, 360)

    def minimumSizeHint(self) -> QSize:
        return QSize(320, 120)

    def resizeEvent(self, event: QResizeEvent) -> None:
        scrolling.update_geometry(self)
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.StyleChange:
            scrolling.update_geometry(self)  # the scroll bar extent may differ
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.refresh()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        try:
            paint_timeline(p, self, QRectF(event.rect()))
        finally:
            p.end()

    def hit_at(self, pos: QPointF) -> Hit:
        return hits.hit_test(self, pos.x(), pos.y())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not controls.mouse_press(self, event):
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        controls.mouse_move(self, event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not controls.mouse_release(self, event):
            super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if not controls.mouse_double_click(self, event):
            super().mouseDoubleClickEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        controls.wheel(self, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not controls.key_press(self, event):
            super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            popups.show_tooltip(self, event)
            return True
        return super().event(event)

    def tooltip_at(self, pos: QPointF) -> str:
        """The tooltip text for a position ("" where there is no event)."""
        return popups.tooltip_at(self, pos)

    def build_context_menu(self, pos: QPointF) -> QMenu | None:
        """The context menu for an event at *pos* (None elsewhere); exposed for tests."""
        return popups.build_context_menu(self, pos)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.drag = None
        menu = self.build_context_menu(QPointF(event.pos()))
        if menu is not None:
            menu.exec(event.globalPos())
            menu.deleteLater()

    def zoom_to_event(self, event_id: str) -> None:
        popups.zoom_to_event(self, event_id)

    # -- editing helpers -----------------------------------------------------------------
    def blocking_neighbours(self, ev: Event) -> list[Event]:
        """Events *ev* may not overlap (see ``interaction.blocking_neighbours``)."""
        return blocking_neighbours(self.codebook, self.events.values(), ev)


__all__ = ["TimelineWidget"]
