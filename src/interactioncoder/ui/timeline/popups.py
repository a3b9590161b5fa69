"""The timeline's popups: event tooltips and the event context menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QMenu, QToolTip

from interactioncoder.ui.timeline import hits
from interactioncoder.ui.timeline.interaction import HitKind
from interactioncoder.ui.timeline.tooltip import event_tooltip

if TYPE_CHECKING:
    from interactioncoder.ui.timeline.view import TimelineWidget


def show_tooltip(w: TimelineWidget, event: QHelpEvent) -> None:
    text = tooltip_at(w, QPointF(event.pos()))
    if text:
        QToolTip.showText(event.globalPos(), text, w)
    else:
        QToolTip.hideText()
        event.ignore()


def tooltip_at(w: TimelineWidget, pos: QPointF) -> str:
    hit = w.hit_at(pos)
    if hit.kind not in (HitKind.EVENT, HitKind.EVENT_EDGE, HitKind.LANE_EVENT):
        return ""
    row = hits.row_at_y(w, pos.y())
    ev = w.event_for(row, hit.event_id) if row is not None else None
    if ev is None or w.codebook is None:
        return ""
    lane = w.lane_names[row.lane] if row is not None and row.lane >= 0 else ""
    return event_tooltip(ev, w.codebook, w.timebase, lane)


def build_context_menu(w: TimelineWidget, pos: QPointF) -> QMenu | None:
    hit = w.hit_at(pos)
    if hit.kind not in (HitKind.EVENT, HitKind.EVENT_EDGE):
        return None
    if hit.event_id not in w.selection:
        w.set_selection((hit.event_id,))
    ev = w.events[hit.event_id]
    menu = QMenu(w)
    ids = w.selection
    label = "Delete" if len(ids) == 1 else f"Delete {len(ids)} events"
    act = menu.addAction(label, lambda: w.deleteRequested.emit(ids))
    act.setEnabled(not w.read_only)
    act = menu.addAction("Split at playhead", lambda: w.splitRequested.emit(ev.id, w.playhead))
    # Only a state can be split, and only strictly inside it (both parts keep a frame).
    inside = not ev.is_point and ev.covers_frame(w.playhead) and w.playhead > ev.onset_frame
    act.setEnabled(not w.read_only and inside)
    act = menu.addAction("Edit…", lambda: w.editEventRequested.emit(ev.id))
    act.setEnabled(not w.read_only)
    menu.addSeparator()
    menu.addAction("Zoom to event", lambda: zoom_to_event(w, ev.id))
    return menu


def zoom_to_event(w: TimelineWidget, event_id: str) -> None:
    ev = w.events[event_id]
    end = ev.offset_frame if ev.offset_frame is not None else max(w.playhead, ev.onset_frame)
    margin = max(5, (end - ev.onset_frame) // 5)
    w.zoom_to(ev.onset_frame - margin, end + margin)
