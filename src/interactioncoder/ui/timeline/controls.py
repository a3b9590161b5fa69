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
    Hit,
    HitKind,
    clamp_move,
    clamp_trim,
)
from interactioncoder.ui.timeline.layout import RowKind

if TYPE_CHECKING:
    from interactioncoder.core.events import Event
    from interactioncoder.ui.timeline.view import TimelineWidget

WHEEL_ZOOM_STEP = 1.25  # per wheel notch


AUTOSCROLL_MS = 30


def _frame_at(w: TimelineWidget, x: float) -> float:
    v = w.view
    return v.first_frame + (x - v.x0) / v.px_per_frame


def mouse_press(w: TimelineWidget, event: QMouseEvent) -> bool:
    if event.button() != Qt.MouseButton.LeftButton:
        return False
    pos = event.position()
    hit = w.hit_at(pos)
    mods = event.modifiers()
    w.drag = None
    _press(w, hit, mods, pos.x())
    if w.drag is not None:
        w.drag.press_y, w.drag.press_frame = pos.y(), _frame_at(w, pos.x())
        w.drag.x, w.drag.y = pos.x(), pos.y()
    return True


def _press(w: TimelineWidget, hit: Hit, mods: Qt.KeyboardModifier, x: float) -> None:
    if hit.kind is HitKind.HEADER:
        if hit.row_key.startswith(("subject:", "group:")):
            w.toggle_collapsed(hit.row_key)
        return
    if hit.kind in (HitKind.EVENT, HitKind.EVENT_EDGE):
        select_on_press(w, hit.event_id, mods)
        if w.read_only:
            return
        if hit.kind is HitKind.EVENT_EDGE:
            ev = w.events[hit.event_id]
            origin = ev.onset_frame if hit.edge == "onset" else (ev.offset_frame or 0)
            w.drag = Drag(DragKind.TRIM, x, (ev.id,), hit.edge, origin_frame=origin)
            w.drag.preview = origin
        elif hit.event_id in w.selection:
            w.drag = Drag(DragKind.MOVE, x, w.selection, origin_frame=hit.frame)
        return
    if hit.kind is HitKind.SEGMENT_EDGE and not w.read_only:
        seg = next(s for s in w.segments if s.id == hit.segment_id)
        origin = seg.onset_frame if hit.edge == "onset" else seg.offset_frame
        w.drag = Drag(
            DragKind.SEGMENT_TRIM, x, edge=hit.edge, segment_id=seg.id,
            origin_frame=origin, preview=origin,
        )  # fmt: skip
        return
    if hit.kind is HitKind.NOTHING:
        return
    if hit.kind is HitKind.ROW and mods & Qt.KeyboardModifier.ShiftModifier:
        w.drag = Drag(DragKind.BAND, x)
        return
    # Ruler, segment band, empty row area, comparison events: seek (and scrub on drag).
    if hit.kind is HitKind.ROW and not mods & (
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    ):
        w.set_selection(())
    w.drag = Drag(DragKind.SCRUB, x, origin_frame=hit.frame, started=True)
    w.seekRequested.emit(hit.frame)


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
        moved_px = max(abs(pos.x() - d.press_x), abs(pos.y() - d.press_y))
        if moved_px < QApplication.startDragDistance():
            return
        d.started = True
    d.x, d.y = pos.x(), pos.y()
    update_drag(w, d)
    # Past the left or right edge of the events area the view scrolls on by itself.
    outside = not w.view.x0 <= pos.x() <= w.events_right()
    if outside and not w.autoscroll.isActive():
        w.autoscroll.start(AUTOSCROLL_MS)
    elif not outside:
        w.autoscroll.stop()


def autoscroll_tick(w: TimelineWidget) -> None:
    d = w.drag
    if d is None or not d.started:
        w.autoscroll.stop()
        return
    v = w.view
    beyond = d.x - w.events_right() if d.x > w.events_right() else d.x - v.x0
    if v.x0 <= d.x <= w.events_right():
        w.autoscroll.stop()
        return
    # Faster the further out the pointer is: a few pixels' worth of frames per tick.
    v.first_frame += (beyond / 4 + (1 if beyond > 0 else -1)) / v.px_per_frame
    v.clamp()
    w.fitted = False
    w.sync_bars()
    update_drag(w, d)


def _neighbours(w: TimelineWidget, d: Drag, ev: Event) -> list[Event]:
    """Blocking neighbours of a dragged event, looked up once per drag (not per move)."""
    if ev.id not in d.neighbours:
        d.neighbours[ev.id] = w.blocking_neighbours(ev)
    return d.neighbours[ev.id]


def update_drag(w: TimelineWidget, d: Drag) -> None:
    v = w.view
    x = d.x
    if d.kind is DragKind.SCRUB:
        frame = v.x_to_frame(x)
        if frame != d.origin_frame:
            d.origin_frame = frame
            w.seekRequested.emit(frame)
    elif d.kind is DragKind.TRIM:
        ev = w.events[d.event_ids[0]]
        d.preview = clamp_trim(ev, d.edge, v.x_to_boundary(x), _neighbours(w, d, ev), v.frame_count)
    elif d.kind is DragKind.MOVE:
        delta = round(_frame_at(w, x) - d.press_frame)
        moving = [w.events[i] for i in d.event_ids if i in w.events]
        d.preview = clamp_move(moving, delta, lambda e: _neighbours(w, d, e), v.frame_count)
    elif d.kind is DragKind.SEGMENT_TRIM:
        d.preview = clamp_segment_edge(w, d, v.x_to_boundary(x))
    w.refresh()


def band_rect(w: TimelineWidget, d: Drag) -> tuple[float, float, float, float]:
    """The rubber band in widget coordinates: left, top, right, bottom (press end scrolls)."""
    press_x = w.view.frame_to_x(d.press_frame)
    return min(press_x, d.x), min(d.press_y, d.y), max(press_x, d.x), max(d.press_y, d.y)


def _band_selection(w: TimelineWidget, d: Drag) -> list[str]:
    """Own events whose rows the band crosses and whose frames it covers."""
    left, top, right, bottom = band_rect(w, d)
    f0, f1 = w.view.x_to_frame(left), w.view.x_to_frame(right)
    found = []
    for row in w.rows:
        if row.kind is not RowKind.CODE:
            continue
        y = w.row_screen_y(row)
        if y + row.height < top or y > bottom:
            continue
        data = w.row_events(row)
        lo, hi = data.visible_slice(f0, f1)
        for i in range(lo, hi):
            end = int(data.end[i]) if not data.running[i] else int(data.onset[i]) + 1
            on = int(data.onset[i])
            if on <= f1 and max(end, on + 1) > f0:
                found.append(data.ids[i])
    return found


def mouse_release(w: TimelineWidget, event: QMouseEvent) -> bool:
    d, w.drag = w.drag, None
    w.autoscroll.stop()
    if event.button() != Qt.MouseButton.LeftButton or d is None:
        return False
    if d.started:
        d.x, d.y = event.position().x(), event.position().y()
        update_drag(w, d)
    if d.kind is DragKind.BAND:
        if d.started:
            w.set_selection((*w.selection, *_band_selection(w, d)))
        w.refresh()
        return True
    if d.kind is DragKind.TRIM and d.started and d.preview != d.origin_frame:
        w.trimRequested.emit(d.event_ids[0], d.edge, d.preview)
    elif d.kind is DragKind.MOVE and d.started and d.preview != 0:
        w.moveRequested.emit(d.event_ids, d.preview)
    elif d.kind is DragKind.SEGMENT_TRIM and d.started and d.preview != d.origin_frame:
        w.segmentTrimRequested.emit(d.segment_id, d.edge, d.preview)
    elif d.kind is DragKind.MOVE and not d.started and w.pressed_event:
        w.set_selection((w.pressed_event,))
    w.refresh()
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
            w.refresh()
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
