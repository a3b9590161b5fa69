"""Mouse, wheel and keyboard handling of the timeline (the widget delegates here).

A press decides what a drag will be (scrub, trim, move, segment trim); moves update only
the preview; the release emits one request. Clicks that do not become drags (less than the
platform's drag distance) select or seek.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from interactioncoder.ui.timeline.interaction import (
    Drag,
    DragKind,
    HitKind,
    clamp_move,
    clamp_trim,
)

if TYPE_CHECKING:
    from interactioncoder.ui.timeline.view import TimelineWidget

WHEEL_ZOOM_STEP = 1.25  # per wheel notch


def mouse_press(w: TimelineWidget, event: QMouseEvent) -> bool:
    if event.button() != Qt.MouseButton.LeftButton:
        return False
    pos = event.position()
    hit = w.hit_at(pos)
    mods = event.modifiers()
    if hit.kind is HitKind.HEADER:
        if hit.row_key.startswith(("subject:", "group:")):
            w.toggle_collapsed(hit.row_key)
        return True
    if hit.kind in (HitKind.EVENT, HitKind.EVENT_EDGE):
        select_on_press(w, hit.event_id, mods)
        if w.read_only:
            return True
        if hit.kind is HitKind.EVENT_EDGE:
            ev = w.events[hit.event_id]
            origin = ev.onset_frame if hit.edge == "onset" else (ev.offset_frame or 0)
            w.drag = Drag(DragKind.TRIM, pos.x(), (ev.id,), hit.edge, origin_frame=origin)
            w.drag.preview = origin
        elif hit.event_id in w.selection:
            w.drag = Drag(DragKind.MOVE, pos.x(), w.selection, origin_frame=hit.frame)
        return True
    if hit.kind is HitKind.SEGMENT_EDGE and not w.read_only:
        seg = next(s for s in w.segments if s.id == hit.segment_id)
        origin = seg.onset_frame if hit.edge == "onset" else seg.offset_frame
        w.drag = Drag(
            DragKind.SEGMENT_TRIM, pos.x(), edge=hit.edge, segment_id=seg.id,
            origin_frame=origin, preview=origin,
        )  # fmt: skip
        return True
    if hit.kind is HitKind.NOTHING:
        return True
    # Ruler, segment band, empty row area, comparison events: seek (and scrub on drag).
    if hit.kind is HitKind.ROW and not mods & (
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    ):
        w.set_selection(())
    w.drag = Drag(DragKind.SCRUB, pos.x(), origin_frame=hit.frame, started=True)
    w.seekRequested.emit(hit.frame)
    return True


def select_on_press(w: TimelineWidget, event_id: str, mods: Qt.KeyboardModifier) -> None:
    if mods & Qt.KeyboardModifier.ControlModifier:
        sel = list(w.selection)
        if event_id in sel:
            sel.remove(event_id)
        else:
            sel.append(event_id)
        w.set_selection(sel)
    elif mods & Qt.KeyboardModifier.ShiftModifier:
        w.set_selection((*w.selection, event_id))
    elif event_id not in w.selection:
        w.set_selection((event_id,))
    # A plain press on an already selected event keeps the selection for a group move;
    # releasing without dragging then narrows it to this event.
    w.pressed_event = event_id if not mods else ""


def mouse_move(w: TimelineWidget, event: QMouseEvent) -> None:
    pos = event.position()
    d = w.drag
    if d is None:
        update_cursor(w, pos)
        return
    if not d.started:
        if abs(pos.x() - d.press_x) < QApplication.startDragDistance():
            return
        d.started = True
    update_drag(w, d, pos.x())


def update_drag(w: TimelineWidget, d: Drag, x: float) -> None:
    v = w.view
    if d.kind is DragKind.SCRUB:
        frame = v.x_to_frame(x)
        if frame != d.origin_frame:
            d.origin_frame = frame
            w.seekRequested.emit(frame)
    elif d.kind is DragKind.TRIM:
        ev = w.events[d.event_ids[0]]
        d.preview = clamp_trim(
            ev, d.edge, v.x_to_boundary(x), w.exclusive_neighbours(ev), v.frame_count
        )
    elif d.kind is DragKind.MOVE:
        delta = round((x - d.press_x) / v.px_per_frame)
        moving = [w.events[i] for i in d.event_ids if i in w.events]
        d.preview = clamp_move(moving, delta, w.exclusive_neighbours, v.frame_count)
    elif d.kind is DragKind.SEGMENT_TRIM:
        d.preview = clamp_segment_edge(w, d, v.x_to_boundary(x))
    w.update()


def mouse_release(w: TimelineWidget, event: QMouseEvent) -> bool:
    d, w.drag = w.drag, None
    if event.button() != Qt.MouseButton.LeftButton or d is None:
        return False
    if d.started:
        update_drag(w, d, event.position().x())
    if d.kind is DragKind.TRIM and d.started and d.preview != d.origin_frame:
        w.trimRequested.emit(d.event_ids[0], d.edge, d.preview)
    elif d.kind is DragKind.MOVE and d.started and d.preview != 0:
        w.moveRequested.emit(d.event_ids, d.preview)
    elif d.kind is DragKind.SEGMENT_TRIM and d.started and d.preview != d.origin_frame:
        w.segmentTrimRequested.emit(d.segment_id, d.edge, d.preview)
    elif d.kind is DragKind.MOVE and not d.started and w.pressed_event:
        w.set_selection((w.pressed_event,))
    w.update()
    return True


def mouse_double_click(w: TimelineWidget, event: QMouseEvent) -> bool:
    hit = w.hit_at(event.position())
    if hit.kind in (HitKind.EVENT, HitKind.EVENT_EDGE) and not w.read_only:
        w.drag = None
        w.editEventRequested.emit(hit.event_id)
        return True
    return False


def update_cursor(w: TimelineWidget, pos: QPointF) -> None:
    hit = w.hit_at(pos)
    editable_edge = hit.kind in (HitKind.EVENT_EDGE, HitKind.SEGMENT_EDGE)
    if editable_edge and not w.read_only:
        w.setCursor(Qt.CursorShape.SizeHorCursor)
    else:
        w.unsetCursor()


def wheel(w: TimelineWidget, event: QWheelEvent) -> None:
    mods = event.modifiers()
    delta = event.angleDelta()
    pos = event.position()
    if mods & Qt.KeyboardModifier.ControlModifier:
        notches = (delta.y() or delta.x()) / 120.0
        x = pos.x() if pos.x() >= w.view.x0 else w.view.x0 + w.view.width / 2
        w.zoom_around(x, WHEEL_ZOOM_STEP**notches)
    elif mods & Qt.KeyboardModifier.AltModifier or pos.x() < w.view.x0:
        # Alt turns vertical wheel motion into horizontal on some platforms.
        dy = delta.y() or delta.x()
        w.vbar.setValue(w.vbar.value() - int(dy / 120 * 3 * w.vbar.singleStep()))
    else:
        d = delta.x() if delta.x() else delta.y()
        frames = -d / 120.0 * w.view.frames_visible / 10
        w.view.first_frame += frames
        w.view.clamp()
        w.fitted = False
        w.sync_bars()
    event.accept()


def key_press(w: TimelineWidget, event: QKeyEvent) -> bool:
    key = event.key()
    if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
        if w.selection and not w.read_only:
            w.deleteRequested.emit(w.selection)
        event.accept()
    elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
        w.zoom_in()
    elif key == Qt.Key.Key_Minus:
        w.zoom_out()
    elif key == Qt.Key.Key_0:
        w.zoom_to_fit()
    elif key == Qt.Key.Key_Escape:
        if w.drag is not None:
            w.drag = None
            w.update()
        else:
            w.set_selection(())
    else:
        return False
    return True


def clamp_segment_edge(w: TimelineWidget, d: Drag, frame: int) -> int:
    seg = next(s for s in w.segments if s.id == d.segment_id)
    others = [s for s in w.segments if s.id != seg.id]
    if d.edge == "onset":
        lo = max([s.offset_frame for s in others if s.onset_frame < seg.onset_frame], default=0)
        return max(min(frame, seg.offset_frame - 1), min(lo, seg.offset_frame - 1))
    hi = min(
        [s.onset_frame for s in others if s.onset_frame >= seg.offset_frame],
        default=w.view.frame_count,
    )
    return min(max(frame, seg.onset_frame + 1), max(hi, seg.onset_frame + 1))


__all__ = ["TimelineWidget"]
