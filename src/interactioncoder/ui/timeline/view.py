"""The editable timeline widget: rows of coded events against master-video frames.

The widget is the thin Qt edge of the timeline model (``model/``): it feeds data and
sizes into a ``TimelineState``, converts Qt's input events to plain values for the
``InputHandler``, turns the intents it returns into its signals, and has the
``TimelinePainter`` draw the state. It shows and previews; it never edits. Every edit is
a request signal emitted once (a drag emits at release: one drag, one undo step); the
owner applies it by the editing rules and calls ``set_events`` with the result.

Mouse: click the ruler / an empty place to seek (drag to scrub); click an event to select
it (Ctrl toggles, Shift adds); drag its edge to trim, its body to move; Shift+drag on an
empty place selects with a rubber band; Alt+drag on an empty part of a row asks to create
a state there (``createRequested``; the owner may ignore it); double-click to edit. Wheel
scrolls time, Shift+wheel too, Alt+wheel or wheel over the header column scrolls rows,
Ctrl+wheel zooms around the cursor. Keys (widget focused): Delete/Backspace delete the
selection, +/- zoom, 0 fits the session, Esc cancels a drag or clears selection.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QMenu, QScrollBar, QStyle, QToolTip, QWidget

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.events import Event
from interactioncoder.core.project import Segment
from interactioncoder.core.timebase import Timebase
from interactioncoder.ui.timeline import popups, qt_input, scrolling
from interactioncoder.ui.timeline.accessors import StateViews
from interactioncoder.ui.timeline.model import intents as it
from interactioncoder.ui.timeline.model.handler import InputHandler
from interactioncoder.ui.timeline.model.interaction import Drag, DragKind, Hit
from interactioncoder.ui.timeline.model.layout import RowKind
from interactioncoder.ui.timeline.model.signal_lanes import Lane, SignalLanes, lane_tooltip
from interactioncoder.ui.timeline.model.state import TimelineState
from interactioncoder.ui.timeline.painter import TimelinePainter

AUTOSCROLL_MS = 30
# Intents that changed the viewport or the rows: the scroll bars follow.
_MOVES_VIEW = (it.Zoom, it.Scroll, it.ToggleRows)


class TimelineWidget(StateViews, QWidget):
    seekRequested = Signal(int)  # noqa: N815 (Qt naming)
    scrubRequested = Signal(int)  # noqa: N815 playhead drag moves: see qt_input.emit_seek
    selectionChanged = Signal(tuple)  # noqa: N815 (Qt naming)
    trimRequested = Signal(str, str, int)  # noqa: N815 (Qt naming)
    moveRequested = Signal(tuple, int)  # noqa: N815 (Qt naming)
    deleteRequested = Signal(tuple)  # noqa: N815 (Qt naming)
    splitRequested = Signal(str, int)  # noqa: N815 (Qt naming)
    editEventRequested = Signal(str)  # noqa: N815 (Qt naming)
    segmentTrimRequested = Signal(int, str, int)  # noqa: N815 (Qt naming)
    createRequested = Signal(str, int, int)  # noqa: N815 (code id, onset, offset)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Timeline")
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.state = TimelineState()
        self.handler = InputHandler(self.state, QApplication.startDragDistance())
        self.painter = TimelinePainter()
        self.autoscroll = QTimer(self)  # scrolls on while a drag is past the view's edge
        self.autoscroll.timeout.connect(self._autoscroll_tick)
        self.hbar = QScrollBar(Qt.Orientation.Horizontal, self)
        self.vbar = QScrollBar(Qt.Orientation.Vertical, self)
        self.hbar.valueChanged.connect(self._on_hbar)
        self.vbar.valueChanged.connect(self._on_vbar)
        self._update_geometry()

    # -- data --------------------------------------------------------------------------
    def set_codebook(self, codebook: Codebook) -> None:
        self.state.set_codebook(codebook)
        self.sync_bars()

    def set_timebase(self, timebase: Timebase) -> None:
        self.state.set_timebase(timebase)
        self.sync_bars()

    def set_events(self, events: Iterable[Event]) -> None:
        if self.state.set_events(events):
            self.selectionChanged.emit(self.state.selection)
        self.sync_bars()

    def set_comparison(self, lanes: Sequence[tuple[str, Iterable[Event]]]) -> None:
        self.state.set_comparison(lanes)
        self.sync_bars()

    def set_segments(self, segments: Sequence[Segment]) -> None:
        self.state.set_segments(segments)
        self.refresh()

    def set_playhead(self, frame: int) -> None:
        if self.state.set_playhead(frame):
            self.sync_bars()
        self.refresh()

    def set_highlight(self, start_frame: int, end_frame: int) -> None:
        """Mark frames start..end (inclusive), e.g. where two coders disagree.

        If none of it is on screen the view scrolls (keeping the zoom) to show its start.
        """
        self.state.set_highlight(start_frame, end_frame)
        self.sync_bars()

    def clear_highlight(self) -> None:
        self.state.clear_highlight()
        self.refresh()

    def set_read_only(self, ro: bool) -> None:
        self.state.set_read_only(ro)
        self.refresh()

    def set_selection(self, ids: Iterable[str]) -> None:
        if self.state.set_selection(ids):
            self.selectionChanged.emit(self.state.selection)
            self.refresh()

    # -- signal lanes (under the code rows) ---------------------------------------------
    @property
    def signal_lanes(self) -> SignalLanes:
        return self.painter.lanes

    def set_signal_lanes(self, lanes: Sequence[Lane]) -> None:
        """Show these signal lanes under the rows (hidden names stay hidden)."""
        self.painter.lanes.set_lanes(list(lanes))
        self._update_geometry()

    def set_signal_lane_hidden(self, name: str, hidden: bool) -> None:
        self.painter.lanes.set_hidden(name, hidden)
        self._update_geometry()

    def signal_lane_at(self, pos: QPointF) -> Lane | None:
        """The signal lane under *pos* (None outside the lanes' events area)."""
        v, top, lanes = self.state.view, self.state.rows_bottom, self.painter.lanes
        if not v.x0 <= pos.x() < v.right or pos.y() >= top + lanes.area_height(self.height()):
            return None
        return lanes.lane_at(top, pos.y())

    def toggle_collapsed(self, key: str) -> None:
        self.state.toggle_collapsed(key)
        self.sync_bars()

    # -- geometry (public for tests and for the owner) ----------------------------------
    def row_rect(self, code_id: str, lane: int = -1) -> QRectF:
        """Where a code's row (or a comparison lane of it) is, in widget coordinates."""
        for r in self.state.rows:
            if r.kind in (RowKind.CODE, RowKind.LANE) and r.key == code_id and r.lane == lane:
                return QRectF(0, self.row_screen_y(r), self.width(), r.height)
        raise KeyError(f"no visible row for code {code_id!r} (lane {lane})")

    # -- zoom and scroll ---------------------------------------------------------------
    def zoom_to(self, first_frame: int, last_frame: int) -> None:
        self.state.zoom_to(first_frame, last_frame)
        self.sync_bars()

    def zoom_in(self) -> None:
        self._apply(self.handler.key(it.Key.PLUS) or [])

    def zoom_out(self) -> None:
        self._apply(self.handler.key(it.Key.MINUS) or [])

    def zoom_to_fit(self) -> None:
        self.state.zoom_to_fit()
        self.sync_bars()

    def zoom_around(self, x: float, factor: float) -> None:
        self.state.zoom_around(x, factor)
        self.sync_bars()

    def zoom_to_event(self, event_id: str) -> None:
        ev = self.state.events[event_id]
        end = ev.offset_frame if ev.offset_frame is not None else max(self.playhead, ev.onset_frame)
        margin = max(5, (end - ev.onset_frame) // 5)
        self.zoom_to(ev.onset_frame - margin, end + margin)

    def sync_bars(self) -> None:
        """Scroll bars to the state (without feeding back), then repaint."""
        scrolling.sync_bars(self.hbar, self.vbar, self.state)
        self.refresh()

    def _on_hbar(self, value: int) -> None:
        self.state.scroll_to_frame(float(value))
        self.refresh()

    def _on_vbar(self, value: int) -> None:
        self.state.scroll_rows_to(value)
        self.refresh()

    def _update_geometry(self) -> None:
        """After a resize or style change: size the events area, place the scroll bars."""
        extent = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        lanes_h = self.painter.lanes.area_height(self.height())
        self.state.resize(self.width(), self.height() - lanes_h, extent)
        scrolling.place_bars(self.hbar, self.vbar, self.state, extent)
        if lanes_h:  # the signal lanes sit between the rows and the horizontal bar
            self.hbar.move(self.hbar.x(), self.height() - extent)
        self.sync_bars()

    def invalidate(self) -> None:
        """Repaint everything from scratch (data changed)."""
        self.state.invalidate()
        self.refresh()

    def refresh(self) -> None:
        """Schedule a repaint of the timeline but not of its scroll bars.

        A plain ``update()`` dirties the scroll bars too, and repainting them on every
        playback frame would cost more than the timeline itself.
        """
        right, bottom = math.ceil(self.events_right()), math.ceil(self.rows_bottom())
        bottom += math.ceil(self.painter.lanes.area_height(self.height()))
        self.update(QRect(0, 0, right, bottom))

    # -- intents -> signals ------------------------------------------------------------
    def _apply(self, intents: Iterable[it.Intent]) -> None:
        """Emit the signals for what the handler decided, then catch up bars and pixels."""
        moved_view = False
        for i in intents:
            if isinstance(i, it.Seek):
                qt_input.emit_seek(self, i)
            elif isinstance(i, it.Select | it.RubberBandSelect):
                self.selectionChanged.emit(i.ids)
            elif isinstance(i, it.Trim):
                self.trimRequested.emit(i.event_id, i.edge, i.frame)
            elif isinstance(i, it.Move):
                self.moveRequested.emit(i.event_ids, i.delta)
            elif isinstance(i, it.SegmentTrim):
                self.segmentTrimRequested.emit(i.segment_id, i.edge, i.frame)
            elif isinstance(i, it.Split):
                self.splitRequested.emit(i.event_id, i.frame)
            elif isinstance(i, it.Delete):
                self.deleteRequested.emit(i.event_ids)
            elif isinstance(i, it.Edit):
                self.editEventRequested.emit(i.event_id)
            elif isinstance(i, it.Create):
                self.createRequested.emit(i.code_id, i.onset, i.offset)
            moved_view = moved_view or isinstance(i, _MOVES_VIEW)
        if moved_view:
            self.sync_bars()
        self.refresh()

    def _autoscroll_tick(self) -> None:
        if not self.handler.wants_autoscroll:
            self.autoscroll.stop()
            return
        self._apply(self.handler.autoscroll_tick())

    # -- Qt events ---------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(900, 360)

    def minimumSizeHint(self) -> QSize:
        return QSize(320, 120)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._update_geometry()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.StyleChange:
            self._update_geometry()  # the scroll bar extent may differ
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.refresh()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        try:
            size = (self.width(), self.height())
            self.painter.paint(p, self.state, self.palette(), self.font(), size)
        finally:
            p.end()

    def hit_at(self, pos: QPointF) -> Hit:
        return self.handler.hit_at(pos.x(), pos.y())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos, mods = event.position(), qt_input.mods(event.modifiers())
        if event.button() == Qt.MouseButton.LeftButton and self.signal_lane_at(pos) is not None:
            frame = self.state.view.x_to_frame(pos.x())  # a click on a lane seeks (drag scrubs)
            self.state.drag = Drag(DragKind.SCRUB, pos.x(), origin_frame=frame, started=True)
            self._apply([it.Seek(frame)])
            return
        out = self.handler.press(pos.x(), pos.y(), qt_input.button(event.button()), mods)
        if out is None:
            super().mousePressEvent(event)
        else:
            self._apply(out)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self.state.drag is None:
            if self.handler.edge_under(pos.x(), pos.y()):
                self.setCursor(Qt.CursorShape.SizeHorCursor)
            else:
                self.unsetCursor()
            return
        started = self.state.drag.started
        out = self.handler.move(pos.x(), pos.y())
        if not started and not self.state.drag.started:
            return  # still a click
        self._apply(out)
        # Past the left or right edge of the events area the view scrolls on by itself.
        if self.handler.wants_autoscroll and not self.autoscroll.isActive():
            self.autoscroll.start(AUTOSCROLL_MS)
        elif not self.handler.wants_autoscroll:
            self.autoscroll.stop()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.autoscroll.stop()
        pos = event.position()
        out = self.handler.release(pos.x(), pos.y(), qt_input.button(event.button()))
        if out is None:
            super().mouseReleaseEvent(event)
        else:
            self._apply(out)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        out = self.handler.double_click(pos.x(), pos.y(), qt_input.button(event.button()))
        if out is None:
            super().mouseDoubleClickEvent(event)
        else:
            self._apply(out)

    def wheelEvent(self, event: QWheelEvent) -> None:
        d, mods = event.angleDelta(), qt_input.mods(event.modifiers())
        pos = event.position()
        self._apply(self.handler.wheel(pos.x(), d.x(), d.y(), mods, y=pos.y()))
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        out = self.handler.key(qt_input.key(event.key()))
        if out is None:
            super().keyPressEvent(event)
        else:
            event.accept()
            self._apply(out)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def tooltip_at(self, pos: QPointF) -> str:
        """The tooltip text for a position ("" where there is no event)."""
        if (lane := self.signal_lane_at(pos)) is not None:
            return lane_tooltip(lane, self.state.view.x_to_frame(pos.x()))
        return popups.tooltip_at(self.handler, pos.x(), pos.y())

    def build_context_menu(self, pos: QPointF) -> QMenu | None:
        """The context menu for an event at *pos* (None elsewhere); exposed for tests."""
        return popups.build_context_menu(
            self, self.handler, pos.x(), pos.y(), self._apply, self.zoom_to_event
        )

    def build_lanes_menu(self, pos: QPointF) -> QMenu | None:
        """Over the signal lanes: show or hide each lane (None elsewhere)."""
        lanes, top = self.painter.lanes, self.state.rows_bottom
        if not lanes.all() or not top <= pos.y() < top + lanes.area_height(self.height()):
            return None
        menu = QMenu(self)
        for lane in lanes.all():
            act = menu.addAction(lane.name)
            act.setCheckable(True)
            act.setChecked(lane.name not in lanes.hidden)
            act.toggled.connect(lambda on, n=lane.name: self.set_signal_lane_hidden(n, not on))
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.state.cancel_drag()
        pos = QPointF(event.pos())
        menu = self.build_lanes_menu(pos) or self.build_context_menu(pos)
        if menu is not None:
            menu.exec(event.globalPos())
            menu.deleteLater()


__all__ = ["TimelineWidget"]
