"""Painting the timeline: only the visible frame range of the visible rows.

Per row, the visible events are found by binary search (``RowEvents.visible_slice``). A
row with few visible events is drawn as shapes (outlines, labels, selection). A row with
many is rasterised: events are merged into device-pixel runs by numpy and blitted as one
image, so painting cost follows the number of pixels, not the number of events. Colours
come from the palette (light and dark themes) and the codebook; all geometry is in
floating-point logical pixels, so high-DPI screens get crisp edges.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)

from interactioncoder.core.codebook import Codebook
from interactioncoder.ui.timeline.chrome import (
    HIGHLIGHT_COLOR,
    ROLE,
    diamond,
    header_key,
    header_pixmap,
    mix_colors,
    paint_corner,
    paint_header_border,
    paint_playhead,
    paint_ruler,
    paint_segment_band,
    small_font,
    text_color_on,
)
from interactioncoder.ui.timeline.lane_painter import paint_lane_playhead, paint_lanes
from interactioncoder.ui.timeline.model.layout import (
    TOP,
    Row,
    RowEvents,
    RowKind,
    rasterize_row,
)
from interactioncoder.ui.timeline.model.ruler import Tick, ruler_ticks
from interactioncoder.ui.timeline.model.signal_lanes import SignalLanes
from interactioncoder.ui.timeline.model.state import TimelineState
from interactioncoder.ui.timeline.model.tooltip import modifier_text
from interactioncoder.ui.timeline.previews import (
    paint_band,
    paint_create_preview,
    paint_drag_preview,
)

VECTOR_LIMIT = 48  # more visible events than this in a row: rasterise the row


def _argb(c: QColor) -> int:
    return (c.alpha() << 24) | (c.red() << 16) | (c.green() << 8) | c.blue()


class TimelinePainter:
    """Paints a ``TimelineState`` (read only) and owns the pixmap caches that make it fast.

    Everything that does not move with the playhead comes from a cached pixmap keyed on
    the state's versions, viewport and selection (``TimelineState.static_key``) plus the
    palette, font and size. During playback only the playhead, the running states and the
    corner change, so a repaint is one blit plus a few shapes. A drag in progress paints
    directly (its preview changes every move anyway). The header column has its own cache.
    """

    def __init__(self) -> None:
        self.static_cache: tuple[object, QPixmap] | None = None
        self.header_cache: tuple[object, QPixmap] | None = None
        self.lanes = SignalLanes()  # signal lanes under the rows (set by the widget)

    def drop_caches(self) -> None:
        self.static_cache = self.header_cache = None

    def paint(
        self, p: QPainter, s: TimelineState, pal: QPalette, font: QFont, size: tuple[int, int]
    ) -> None:
        if s.timebase is None and s.codebook is None:  # nothing open: a note, no ruler or "#0"
            p.fillRect(QRectF(0, 0, float(size[0]), float(size[1])), pal.color(ROLE.Window))
            p.setPen(pal.color(ROLE.WindowText))
            p.setFont(font)
            p.drawText(
                QRectF(0, 0, float(size[0]), float(size[1])),
                Qt.AlignmentFlag.AlignCenter,
                "Open a session to see its timeline.",
            )
            return
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        look = _Look(pal, font, dpr, size)
        visible_rows = s.visible_rows()
        if s.drag is not None and s.drag.started:
            self._paint_static(p, s, look, visible_rows)
        else:
            key = (s.static_key(), self.lanes.version, size, dpr, pal.cacheKey(), font.key())
            cached = self.static_cache
            if cached is None or cached[0] != key:
                pixmap = QPixmap(math.ceil(size[0] * dpr), math.ceil(size[1] * dpr))
                pixmap.setDevicePixelRatio(dpr)
                sp = QPainter(pixmap)
                self._paint_static(sp, s, look, visible_rows)
                sp.end()
                self.static_cache = cached = (key, pixmap)
            p.drawPixmap(QPointF(0, 0), cached[1])
        _paint_dynamic(p, s, look, visible_rows)
        paint_lane_playhead(p, s, self.lanes, size[1])

    def _paint_static(
        self, p: QPainter, w: TimelineState, look: _Look, rows: list[tuple[Row, float]]
    ) -> None:
        v, pal = w.view, look.pal
        p.fillRect(QRectF(0, 0, float(look.size[0]), float(look.size[1])), pal.color(ROLE.Base))
        ticks = ruler_ticks(v, w.frame_times, w.timebase.duration_ms if w.timebase else 0.0)
        rows_area = _rows_area(w)
        p.save()
        p.setClipRect(rows_area)
        _paint_row_backgrounds(p, w, rows, pal)
        _paint_grid(p, w, ticks, pal, rows_area)
        if w.highlight is not None:
            a, b = w.highlight
            x0, x1 = v.frame_to_x(a), v.frame_to_x(b + 1)
            p.fillRect(QRectF(x0, TOP, max(x1 - x0, 2.0), rows_area.height()), HIGHLIGHT_COLOR)
        for row, y in rows:
            if row.kind in (RowKind.CODE, RowKind.LANE):
                _paint_row_events(p, w, look, row, y, running=False)
        p.restore()
        self._paint_header(p, w, look, rows)
        paint_lanes(p, w, self.lanes, pal, look.font, look.dpr, look.size[1])
        paint_ruler(p, w, ticks, pal, look.font)
        paint_segment_band(p, w, pal, look.font)
        if w.codebook is None:
            p.setPen(pal.color(ROLE.PlaceholderText))
            p.drawText(rows_area, Qt.AlignmentFlag.AlignCenter, "No codebook loaded")

    def _paint_header(
        self, p: QPainter, w: TimelineState, look: _Look, rows: list[tuple[Row, float]]
    ) -> None:
        """The header column, from a pixmap cached until rows, scroll, palette or font change."""
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        key = header_key(w, look.pal, look.font, dpr)
        cached = self.header_cache
        if cached is None or cached[0] != key:
            self.header_cache = cached = (key, header_pixmap(w, rows, look.pal, look.font, dpr))
        p.drawPixmap(QPointF(0, TOP), cached[1])
        paint_header_border(p, w, look.pal)


class _Look:
    """What painting takes from the widget besides the state: palette, font, scale, size."""

    __slots__ = ("dpr", "font", "pal", "size")

    def __init__(self, pal: QPalette, font: QFont, dpr: float, size: tuple[int, int]) -> None:
        self.pal, self.font, self.dpr, self.size = pal, font, dpr, size


def _rows_area(w: TimelineState) -> QRectF:
    v = w.view
    return QRectF(v.x0, TOP, v.width, max(0.0, w.rows_bottom - TOP))


def _paint_dynamic(
    p: QPainter, w: TimelineState, look: _Look, rows: list[tuple[Row, float]]
) -> None:
    p.save()
    p.setClipRect(_rows_area(w))
    for row, y in rows:
        if row.kind in (RowKind.CODE, RowKind.LANE) and w.row_events(row).has_running:
            _paint_row_events(p, w, look, row, y, running=True)
    paint_drag_preview(p, w, look.pal, look.font)
    paint_create_preview(p, w, look.pal)
    paint_band(p, w, look.pal)
    p.restore()
    paint_playhead(p, w)
    paint_corner(p, w, look.pal, look.font)


def _paint_row_backgrounds(
    p: QPainter, w: TimelineState, rows: list[tuple[Row, float]], pal: QPalette
) -> None:
    window, base, alt = (
        pal.color(ROLE.Window),
        pal.color(ROLE.Base),
        pal.color(ROLE.AlternateBase),
    )
    line = QColor(pal.color(ROLE.Mid))
    line.setAlpha(90)
    x0, x1 = w.view.x0, w.view.right
    subject_bg = mix_colors(window, pal.color(ROLE.Mid), 0.25)
    # Comparison lanes are set off from the coder's own rows (when the theme has no
    # distinct alternate colour, a blend of base and window).
    lane_bg = alt if alt != base else mix_colors(base, window, 0.5)
    for row, y in rows:
        if row.kind is RowKind.SUBJECT:
            p.fillRect(QRectF(x0, y, x1 - x0, row.height), subject_bg)
        elif row.kind is RowKind.GROUP:
            p.fillRect(QRectF(x0, y, x1 - x0, row.height), window)
        elif row.kind is RowKind.LANE:
            p.fillRect(QRectF(x0, y, x1 - x0, row.height), lane_bg)
        p.setPen(QPen(line, 0))
        p.drawLine(QLineF(x0, y + row.height, x1, y + row.height))


def _paint_grid(
    p: QPainter, w: TimelineState, ticks: list[Tick], pal: QPalette, area: QRectF
) -> None:
    grid = QColor(pal.color(ROLE.Mid))
    grid.setAlpha(55)
    p.setPen(QPen(grid, 0))
    lines = [QLineF(t.x, area.top(), t.x, area.bottom()) for t in ticks if t.major]
    if lines:
        p.drawLines(lines)
    seg_pen = QPen(pal.color(ROLE.Mid), 0, Qt.PenStyle.DashLine)
    p.setPen(seg_pen)
    f0, f1 = w.view.visible_frames()
    for s in w.segments:
        for f in (s.onset_frame, s.offset_frame):
            if f0 <= f <= f1 + 1:
                x = w.view.frame_to_x(f)
                p.drawLine(QLineF(x, area.top(), x, area.bottom()))


def _paint_row_events(
    p: QPainter, w: TimelineState, look: _Look, row: Row, y: float, running: bool
) -> None:
    """The row's finished events and points (static layer) or its running states only."""
    pal, dpr = look.pal, look.dpr
    data = w.row_events(row)
    if len(data) == 0:
        return
    v = w.view
    f0, f1 = v.visible_frames()
    lo, hi = data.visible_slice(f0, f1)
    if hi <= lo:
        return
    own = row.lane < 0
    pad = 3.0 if own else 2.0
    top, bh = y + pad, row.height - 2 * pad
    base_color = QColor(row.color)
    color = base_color if own else mix_colors(base_color, pal.color(ROLE.Base), 0.25)
    edge = color.darker(150)
    selected = set(w.selection) if own else set()
    if running:
        indices = [int(i) + lo for i in np.flatnonzero(data.running[lo:hi])]
        _paint_vector(p, w, look, data, indices, top, bh, color, edge, selected, False)
        return
    if hi - lo > VECTOR_LIMIT:
        keep = ~data.running[lo:hi]
        width_px = math.ceil(v.width * dpr)
        classes = rasterize_row(
            data.onset[lo:hi][keep],
            data.end[lo:hi][keep],
            v.first_frame,
            v.px_per_frame * dpr,
            width_px,
        )
        lut = np.array([0, _argb(color), _argb(edge)], dtype=np.uint32)
        pixels = np.ascontiguousarray(lut[classes])
        img = QImage(
            pixels.data, width_px, 1, width_px * 4, QImage.Format.Format_ARGB32_Premultiplied
        )
        p.drawImage(QRectF(v.x0, top, width_px / dpr, bh), img, QRectF(0, 0, width_px, 1))
        # Selected events are few: outline them over the raster.
        chosen = (data.position.get(e, -1) for e in selected)
        extra = sorted(i for i in chosen if lo <= i < hi and not data.running[i])
        _paint_vector(p, w, look, data, extra, top, bh, color, edge, selected, False)
        return
    finished = (
        [i for i in range(lo, hi) if not data.running[i]] if data.has_running else range(lo, hi)
    )
    _paint_vector(p, w, look, data, finished, top, bh, color, edge, selected, own)


@dataclass
class _Shapes:
    """What one row's events become on screen, gathered before anything is drawn so that
    each kind is drawn in one batch (one brush and pen set, one drawRects call)."""

    rects: list[QRectF] = field(default_factory=list)
    running: list[QRectF] = field(default_factory=list)
    selected: list[QRectF] = field(default_factory=list)
    points: list[float] = field(default_factory=list)
    labels: list[tuple[QRectF, str]] = field(default_factory=list)


def _paint_vector(
    p: QPainter, w: TimelineState, look: _Look, data: RowEvents, indices: Iterable[int],
    top: float, bh: float, color: QColor, edge: QColor, selected: set[str], labels: bool,
) -> None:  # fmt: skip
    min_w = 1.0 / look.dpr
    shapes = _gather_shapes(w, data, indices, top, bh, selected, labels, min_w)
    if shapes.rects:
        p.setBrush(color)
        p.setPen(QPen(edge, 0) if w.view.px_per_frame * 2 > min_w else Qt.PenStyle.NoPen)
        p.drawRects(shapes.rects)
    for rect in shapes.running:
        _paint_running(p, rect, color, edge)
    if shapes.points:
        r = min(bh, 12.0) / 2
        cy = top + bh / 2
        p.setBrush(color)
        p.setPen(QPen(edge, 0))
        for cx in shapes.points:
            p.drawPolygon(diamond(cx, cy, r))
    if shapes.labels and w.codebook is not None:
        _paint_labels(p, w, w.codebook, look, shapes.labels, color)
    if shapes.selected:
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(look.pal.color(ROLE.Highlight), 2.0))
        p.drawRects(shapes.selected)


def _gather_shapes(
    w: TimelineState, data: RowEvents, indices: Iterable[int], top: float, bh: float,
    selected: set[str], labels: bool, min_w: float,
) -> _Shapes:  # fmt: skip
    v = w.view
    shapes = _Shapes()
    for i in indices:
        onset = int(data.onset[i])
        eid = data.ids[i]
        if data.point[i]:
            cx = v.frame_to_x(onset + 0.5)
            shapes.points.append(cx)
            if eid in selected:
                r = min(bh, 12.0) / 2 + 2
                shapes.selected.append(QRectF(cx - r, top + bh / 2 - r, 2 * r, 2 * r))
            continue
        end = w.running_end(onset) if data.running[i] else int(data.end[i])
        x0, x1 = v.frame_to_x(onset), v.frame_to_x(end)
        rect = QRectF(x0, top, max(x1 - x0, min_w), bh)
        (shapes.running if data.running[i] else shapes.rects).append(rect)
        if eid in selected:
            shapes.selected.append(rect.adjusted(-1, -1, 1, 1))
        if labels and rect.width() > 40:
            shapes.labels.append((rect, eid))
    return shapes


def _paint_running(p: QPainter, rect: QRectF, color: QColor, edge: QColor) -> None:
    """An open state: lighter, growing up to the playhead, with an arrow at its open end."""
    p.fillRect(rect, color.lighter(115))
    p.setPen(QPen(edge, 0, Qt.PenStyle.DashLine))
    p.drawLine(QLineF(rect.left(), rect.top(), rect.left(), rect.bottom()))
    h = rect.height() / 2
    if rect.width() > h + 2:
        tip, mid = rect.right(), rect.center().y()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(edge)
        p.drawPolygon(
            QPolygonF([QPointF(tip - h, mid - h), QPointF(tip, mid), QPointF(tip - h, mid + h)])
        )


def _paint_labels(
    p: QPainter, w: TimelineState, codebook: Codebook, look: _Look,
    items: list[tuple[QRectF, str]], color: QColor,
) -> None:  # fmt: skip
    """Modifier values and comments inside the bars wide enough to hold them."""
    v = w.view
    p.setFont(small_font(look.font))
    p.setPen(text_color_on(color))
    fm = QFontMetricsF(p.font())
    for rect, eid in items:
        ev = w.events.get(eid)
        text = modifier_text(ev, codebook, names=False) if ev is not None else ""
        if ev is not None and ev.comment:
            text = (text + "  " if text else "") + "✎ " + ev.comment
        if not text:
            continue
        # Keep the label on screen when the bar starts left of the view.
        inner = rect.adjusted(4, 0, -4, 0)
        inner.setLeft(max(inner.left(), v.x0 + 4))
        inner.setRight(min(inner.right(), v.right - 4))
        if inner.width() < 16:
            continue
        text = fm.elidedText(text, Qt.TextElideMode.ElideRight, inner.width())
        p.drawText(inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
