"""Painting what a drag in progress would do: the trimmed or moved events, the state an
Alt+drag would create, the rubber band. Reads the state only."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen

from interactioncoder.ui.timeline.chrome import ROLE, small_font
from interactioncoder.ui.timeline.model.handler import band_rect
from interactioncoder.ui.timeline.model.interaction import DragKind, moved
from interactioncoder.ui.timeline.model.state import TimelineState


def paint_band(p: QPainter, w: TimelineState, pal: QPalette) -> None:
    d = w.drag
    if d is None or not d.started or d.kind is not DragKind.BAND:
        return
    left, top, right, bottom = band_rect(w, d)
    fill = QColor(pal.color(ROLE.Highlight))
    fill.setAlpha(50)
    p.fillRect(QRectF(left, top, right - left, bottom - top), fill)
    p.setPen(QPen(pal.color(ROLE.Highlight), 1.0))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(QRectF(left, top, right - left, bottom - top))


def paint_drag_preview(p: QPainter, w: TimelineState, pal: QPalette, font: QFont) -> None:
    d = w.drag
    if d is None or not d.started or d.kind not in (DragKind.TRIM, DragKind.MOVE):
        return
    v = w.view
    dim = QColor(pal.color(ROLE.Base))
    dim.setAlpha(150)
    outline = QPen(pal.color(ROLE.Highlight), 2.0, Qt.PenStyle.DashLine)
    for eid in d.event_ids:
        ev = w.events.get(eid)
        rows = [r for r in w.rows_for(ev.code_id) if r.lane < 0] if ev is not None else []
        if ev is None or not rows:
            continue
        row = rows[0]
        y = w.row_screen_y(row) + 3
        bh = row.height - 6
        if d.kind is DragKind.MOVE:
            onset, offset = moved(ev, d.preview)
        elif d.edge == "onset":
            onset, offset = d.preview, ev.offset_frame
        else:
            onset, offset = ev.onset_frame, d.preview
        old_end = ev.offset_frame if ev.offset_frame is not None else w.running_end(ev.onset_frame)
        new_end = offset if offset is not None else w.running_end(onset)
        if ev.is_point:
            old_end, new_end = ev.onset_frame + 1, onset + 1
        old = QRectF(
            v.frame_to_x(ev.onset_frame),
            y,
            v.frame_to_x(old_end) - v.frame_to_x(ev.onset_frame),
            bh,
        )
        new = QRectF(
            v.frame_to_x(onset), y, max(v.frame_to_x(new_end) - v.frame_to_x(onset), 1.0), bh
        )
        p.fillRect(old, dim)
        ghost = QColor(row.color)
        ghost.setAlpha(210)
        p.fillRect(new, ghost)
        p.setPen(outline)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(new)
        # The frame the edge will land on, next to it.
        p.setFont(small_font(font))
        p.setPen(pal.color(ROLE.Text))
        label_frame = onset if (d.kind is DragKind.MOVE or d.edge == "onset") else (offset or onset)
        lx = v.frame_to_x(label_frame)
        p.drawText(QPointF(lx + 3, y - 2), f"#{label_frame}")


def paint_create_preview(p: QPainter, w: TimelineState, pal: QPalette) -> None:
    """The state an Alt+drag on an empty row would create (a dashed outline)."""
    d = w.drag
    if d is None or not d.started or d.kind is not DragKind.CREATE:
        return
    rows = [r for r in w.rows_for(d.code_id) if r.lane < 0]
    if not rows:
        return
    lo, hi = sorted((d.origin_frame, d.preview))
    x0, x1 = w.view.frame_to_x(lo), w.view.frame_to_x(hi)
    y = w.row_screen_y(rows[0]) + 3
    ghost = QColor(rows[0].color)
    ghost.setAlpha(120)
    rect = QRectF(x0, y, max(x1 - x0, 1.0), rows[0].height - 6)
    p.fillRect(rect, ghost)
    p.setPen(QPen(pal.color(ROLE.Highlight), 2.0, Qt.PenStyle.DashLine))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(rect)
