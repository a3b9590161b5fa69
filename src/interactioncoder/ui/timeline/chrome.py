"""Painting the timeline's frame: header column, ruler, segment band, playhead, corner.

Everything is drawn from the timeline state, which is only read. The header column only
changes when rows, scrolling, palette or font change, so the painter caches it in a pixmap
(``header_pixmap``) and blits it on every other repaint (playback repaints often).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen, QPixmap, QPolygonF

from interactioncoder.ui.timeline.model.interaction import DragKind
from interactioncoder.ui.timeline.model.layout import RULER_HEIGHT, TOP, Row, RowKind
from interactioncoder.ui.timeline.model.ruler import Tick, format_time
from interactioncoder.ui.timeline.model.state import TimelineState

PLAYHEAD_COLOR = QColor("#e53935")
HIGHLIGHT_COLOR = QColor(255, 193, 7, 70)
ROLE = QPalette.ColorRole


def mix_colors(a: QColor, b: QColor, t: float) -> QColor:
    """a blended towards b by t (0..1), opaque."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def text_color_on(c: QColor) -> QColor:
    lum = 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue()
    return QColor("#111111") if lum > 140 else QColor("#f5f5f5")


def small_font(font: QFont, factor: float = 0.85) -> QFont:
    f = QFont(font)
    f.setPointSizeF(max(6.0, font.pointSizeF() * factor))
    return f


def diamond(cx: float, cy: float, r: float) -> QPolygonF:
    return QPolygonF(
        [QPointF(cx, cy - r), QPointF(cx + r, cy), QPointF(cx, cy + r), QPointF(cx - r, cy)]
    )


def _paint_header(
    p: QPainter, w: TimelineState, rows: list[tuple[Row, float]], pal: QPalette, font: QFont
) -> None:
    bottom = w.rows_bottom
    x0 = w.view.x0
    p.save()
    p.setClipRect(QRectF(0, TOP, x0, bottom - TOP))
    window = pal.color(ROLE.Window)
    p.fillRect(QRectF(0, TOP, x0, bottom - TOP), window)
    text, muted = pal.color(ROLE.WindowText), pal.color(ROLE.PlaceholderText)
    line = QColor(pal.color(ROLE.Mid))
    line.setAlpha(90)
    bold = QFont(font)
    bold.setBold(True)
    small = small_font(font)
    fm = QFontMetricsF(font)
    names = distinct_labels(
        [r.label for r, _ in rows if r.kind is RowKind.CODE],
        lambda text, mode: fm.elidedText(text, mode, x0 - 44 - 12 - 26),
    )
    for row, y in rows:
        rect = QRectF(0, y, x0, row.height)
        if row.kind is RowKind.SUBJECT:
            p.fillRect(rect, mix_colors(window, pal.color(ROLE.Mid), 0.25))
            _draw_header_label(p, rect.adjusted(6, 0, -6, 0), row, bold, text)
        elif row.kind is RowKind.GROUP:
            _draw_header_label(p, rect.adjusted(16, 0, -6, 0), row, font, text)
        elif row.kind is RowKind.CODE:
            sw = QRectF(28, y + (row.height - 10) / 2, 10, 10)
            p.setPen(QPen(QColor(row.color).darker(150), 0))
            p.setBrush(QColor(row.color))
            if row.is_point:
                c = sw.center()
                p.drawPolygon(diamond(c.x(), c.y(), sw.width() / 2))
            else:
                p.drawRect(sw)
            key_w = 0.0
            if row.shortcut:
                p.setFont(small)
                kfm = QFontMetricsF(small)
                key_w = kfm.horizontalAdvance(row.shortcut) + 8
                key_rect = QRectF(x0 - key_w - 6, y + 3, key_w, row.height - 6)
                p.setPen(QPen(pal.color(ROLE.Mid), 0))
                p.setBrush(pal.color(ROLE.Button))
                p.drawRoundedRect(key_rect, 3, 3)
                p.setPen(pal.color(ROLE.ButtonText))
                p.drawText(key_rect, Qt.AlignmentFlag.AlignCenter, row.shortcut)
            p.setFont(font)
            p.setPen(text)
            name_rect = QRectF(44, y, x0 - 44 - key_w - 12, row.height)
            mode = names.get(row.label, Qt.TextElideMode.ElideRight)
            label = fm.elidedText(row.label, mode, name_rect.width())
            p.drawText(name_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
        else:
            p.setFont(small)
            p.setPen(muted)
            sfm = QFontMetricsF(small)
            lane_rect = QRectF(56, y, x0 - 62, row.height)
            label = sfm.elidedText(row.label, Qt.TextElideMode.ElideRight, lane_rect.width())
            p.drawText(lane_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
        p.setPen(QPen(line, 0))
        p.drawLine(QLineF(0, y + row.height, x0, y + row.height))
    p.restore()


def distinct_labels(
    labels: list[str], elide: Callable[[str, Qt.TextElideMode], str]
) -> dict[str, Qt.TextElideMode]:
    """How to elide each row name so that no two different names look the same: at the
    end as usual, in the middle for names whose ends would be cut to the same text
    ("Contradictory behavi…" twice becomes "Contradic…(mother)" / "Contradic…(infant)")."""
    right = {label: elide(label, Qt.TextElideMode.ElideRight) for label in set(labels)}
    seen: dict[str, list[str]] = {}
    for label, shown in right.items():
        seen.setdefault(shown, []).append(label)
    return {
        label: Qt.TextElideMode.ElideMiddle
        if len(seen[right[label]]) > 1
        else Qt.TextElideMode.ElideRight
        for label in right
    }


def _draw_header_label(p: QPainter, rect: QRectF, row: Row, font: QFont, color: QColor) -> None:
    p.setFont(font)
    p.setPen(color)
    arrow = "▸ " if row.collapsed else "▾ "
    fm = QFontMetricsF(font)
    text = fm.elidedText(arrow + row.label, Qt.TextElideMode.ElideRight, rect.width())
    p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)


def paint_ruler(
    p: QPainter, w: TimelineState, ticks: list[Tick], pal: QPalette, font: QFont
) -> None:
    v = w.view
    area = QRectF(v.x0, 0, v.width, RULER_HEIGHT)
    p.save()
    p.setClipRect(area)
    p.fillRect(area, pal.color(ROLE.Button))
    if w.highlight is not None:
        a, b = w.highlight
        p.fillRect(
            QRectF(
                v.frame_to_x(a), 0, max(v.frame_to_x(b + 1) - v.frame_to_x(a), 2.0), RULER_HEIGHT
            ),
            HIGHLIGHT_COLOR,
        )
    fg = pal.color(ROLE.ButtonText)
    p.setPen(QPen(fg, 0))
    major = [QLineF(t.x, RULER_HEIGHT - 9, t.x, RULER_HEIGHT) for t in ticks if t.major]
    minor = [QLineF(t.x, RULER_HEIGHT - 4, t.x, RULER_HEIGHT) for t in ticks if not t.major]
    if major:
        p.drawLines(major)
    if minor:
        p.drawLines(minor)
    p.setFont(small_font(font, 0.8))
    two_lines = any(t.frame_label and t.label for t in ticks)
    for t in ticks:
        if not t.major:
            continue
        if two_lines:
            p.drawText(QPointF(t.x + 3, 11), t.label)
            p.drawText(QPointF(t.x + 3, 21), t.frame_label)
        else:
            p.drawText(QPointF(t.x + 3, 15), t.label or t.frame_label)
    p.restore()
    p.setPen(QPen(pal.color(ROLE.Mid), 0))
    p.drawLine(QLineF(v.x0, RULER_HEIGHT, w.view.right, RULER_HEIGHT))


def _segment_colors(w: TimelineState) -> dict[str, str]:
    colors: dict[str, str] = {}
    if w.codebook is not None:
        for t in w.codebook.segments:
            colors[t.id.lower()] = t.color
            colors[t.name.lower()] = t.color
    return colors


def paint_segment_band(p: QPainter, w: TimelineState, pal: QPalette, font: QFont) -> None:
    v = w.view
    band = QRectF(v.x0, RULER_HEIGHT, v.width, TOP - RULER_HEIGHT)
    p.save()
    p.setClipRect(band)
    p.fillRect(band, pal.color(ROLE.Window))
    colors = _segment_colors(w)
    f0, f1 = v.visible_frames()
    p.setFont(small_font(font))
    fm = QFontMetricsF(p.font())
    d = w.drag
    for s in w.segments:
        onset, offset = s.onset_frame, s.offset_frame
        if d is not None and d.kind is DragKind.SEGMENT_TRIM and d.started and d.segment_id == s.id:
            onset, offset = (d.preview, offset) if d.edge == "onset" else (onset, d.preview)
        if offset < f0 or onset > f1 + 1:
            continue
        x0, x1 = v.frame_to_x(onset), v.frame_to_x(offset)
        rect = QRectF(x0, RULER_HEIGHT + 2, max(x1 - x0, 1.0), TOP - RULER_HEIGHT - 4)
        c = QColor(colors.get(s.name.lower(), "#9e9e9e"))
        p.setPen(QPen(c.darker(140), 0))
        p.setBrush(c)
        p.drawRect(rect)
        p.setPen(text_color_on(c))
        visible = rect.intersected(band).adjusted(4, 0, -4, 0)
        if visible.width() > 12:
            name = fm.elidedText(s.name, Qt.TextElideMode.ElideRight, visible.width())
            p.drawText(visible, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
    p.restore()


def paint_playhead(p: QPainter, w: TimelineState) -> None:
    bottom = w.rows_bottom
    v = w.view
    x = v.frame_to_x(w.playhead)
    if not v.x0 - 1 <= x <= w.view.right + 1:
        return
    p.save()
    p.setClipRect(QRectF(v.x0, 0, v.width, bottom))
    if v.px_per_frame >= 3:
        band = QColor(PLAYHEAD_COLOR)
        band.setAlpha(40)
        p.fillRect(QRectF(x, 0, v.px_per_frame, bottom), band)
    p.setPen(QPen(PLAYHEAD_COLOR, 1.5))
    p.drawLine(QLineF(x, 0, x, bottom))
    p.setBrush(PLAYHEAD_COLOR)
    p.setPen(Qt.PenStyle.NoPen)
    p.drawPolygon(QPolygonF([QPointF(x - 5, 0), QPointF(x + 5, 0), QPointF(x, 7)]))
    p.restore()


def paint_corner(p: QPainter, w: TimelineState, pal: QPalette, font: QFont) -> None:
    """Top-left corner: where the playhead is, as time and frame."""
    rect = QRectF(0, 0, w.view.x0, TOP)
    p.fillRect(rect, pal.color(ROLE.Window))
    p.setPen(pal.color(ROLE.WindowText))
    font = QFont(font)
    font.setBold(True)
    p.setFont(font)
    if w.frame_times is not None and w.playhead < len(w.frame_times):
        hours = w.timebase is not None and w.timebase.duration_ms >= 3_600_000
        when = format_time(float(w.frame_times[w.playhead]), 1.0, hours)
    else:
        when = "--:--"
    p.drawText(rect.adjusted(8, 4, -4, -TOP / 2), Qt.AlignmentFlag.AlignVCenter, when)
    p.setFont(small_font(font))
    p.setPen(pal.color(ROLE.PlaceholderText))
    p.drawText(
        rect.adjusted(8, TOP / 2, -4, -4), Qt.AlignmentFlag.AlignVCenter, f"frame {w.playhead}"
    )
    p.setPen(QPen(pal.color(ROLE.Mid), 0))
    p.drawLine(QLineF(0, TOP, w.view.right, TOP))


def header_pixmap(
    w: TimelineState, rows: list[tuple[Row, float]], pal: QPalette, font: QFont, dpr: float
) -> QPixmap:
    """The header column below the ruler, painted into a pixmap (the painter caches it)."""
    x0, height = w.view.x0, max(1.0, w.rows_bottom - TOP)
    pixmap = QPixmap(math.ceil(x0 * dpr), math.ceil(height * dpr))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(pal.color(ROLE.Window))
    hp = QPainter(pixmap)
    hp.translate(0, -TOP)
    _paint_header(hp, w, rows, pal, font)
    hp.end()
    return pixmap


def header_key(w: TimelineState, pal: QPalette, font: QFont, dpr: float) -> tuple[object, ...]:
    """What the header pixmap depends on."""
    height = max(1.0, w.rows_bottom - TOP)
    return (w.rows_version, w.v_offset, height, w.view.x0, dpr, pal.cacheKey(), font.key())


def paint_header_border(p: QPainter, w: TimelineState, pal: QPalette) -> None:
    p.setPen(QPen(pal.color(ROLE.Mid), 0))
    p.drawLine(QLineF(w.view.x0, 0, w.view.x0, w.rows_bottom))
