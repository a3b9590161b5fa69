"""Painting the signal lanes under the code rows (see ``model/signal_lanes.py``).

Each lane is reduced to one value pair per device-pixel column of the visible frames and
drawn as one image: a line lane as a filled area with its min/max envelope, a heat lane
as a colour strip, a synchrony lane as a lag x time heat map. Cost follows the width in
pixels, not the length of the signal.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette, QPen

from interactioncoder.ui.timeline.chrome import ROLE, mix_colors, small_font
from interactioncoder.ui.timeline.model.signal_lanes import (
    FilmstripLane,
    Lane,
    LaneKind,
    SignalLane,
    SignalLanes,
    SynchronyLane,
    column_minmax,
    filmstrip_slots,
    heat_argb,
    synchrony_image,
)
from interactioncoder.ui.timeline.model.state import TimelineState

LANE_PLAYHEAD = QColor(220, 50, 47)


def lanes_area(s: TimelineState, lanes: SignalLanes, widget_height: float) -> QRectF:
    """The lanes' rectangle (header column included): from the rows' bottom down."""
    return QRectF(0, s.rows_bottom, s.width, lanes.area_height(widget_height))


def _image(pixels: np.ndarray) -> QImage:
    data = np.ascontiguousarray(pixels, np.uint32)
    h, w = data.shape
    img = QImage(data.data, w, h, w * 4, QImage.Format.Format_ARGB32_Premultiplied)
    return img.copy()  # own the pixels: the numpy buffer dies with this function


def line_pixels(
    lane: SignalLane, lo: np.ndarray, hi: np.ndarray, h_px: int, color: QColor
) -> np.ndarray:
    """ARGB pixels (h_px, columns): a light area up to the max, the envelope in full colour."""
    span = lane.hi - lane.lo

    def to_y(v: np.ndarray) -> np.ndarray:
        return np.asarray((h_px - 1) * (1 - np.clip((v - lane.lo) / span, 0, 1)))

    have = ~np.isnan(hi)
    y_hi = np.where(have, np.floor(to_y(np.nan_to_num(hi))), h_px)
    y_lo = np.where(have, np.ceil(to_y(np.nan_to_num(lo))), -1)
    rows = np.arange(h_px)[:, None]
    area = have[None, :] & (rows >= y_hi[None, :])
    line = have[None, :] & (rows >= y_hi[None, :] - 0.5) & (rows <= np.maximum(y_lo, y_hi)[None, :])
    rgb = (color.red() << 16) | (color.green() << 8) | color.blue()
    a = 70
    fill = (a << 24) | ((color.red() * a // 255) << 16) | ((color.green() * a // 255) << 8)
    fill |= color.blue() * a // 255
    out = np.zeros((h_px, lo.size), np.uint32)
    out[area] = fill
    out[line] = 0xFF000000 | rgb
    return out


def paint_lanes(
    p: QPainter, s: TimelineState, lanes: SignalLanes, pal: QPalette, font: QFont, dpr: float,
    widget_height: float,
) -> None:  # fmt: skip
    """The static part: backgrounds, headers and the lanes' pictures."""
    area = lanes_area(s, lanes, widget_height)
    if area.height() <= 0:
        return
    v = s.view
    p.save()
    p.setClipRect(area)
    base, window = pal.color(ROLE.Base), pal.color(ROLE.Window)
    p.fillRect(area, mix_colors(base, window, 0.35))
    p.fillRect(QRectF(0, area.top(), v.x0, area.height()), window)
    width_px = math.ceil(v.width * dpr)
    line_color = QColor(pal.color(ROLE.Mid))
    small = small_font(font)
    for lane, y in lanes.layout(area.top()):
        rect = QRectF(v.x0, y, v.width, lane.height)
        h_px = max(1, math.ceil((lane.height - 4) * dpr))
        inner = QRectF(v.x0, y + 2, width_px / dpr, h_px / dpr)
        if isinstance(lane, FilmstripLane):
            _paint_filmstrip(p, lane, inner, s)
        elif isinstance(lane, SynchronyLane):
            img = synchrony_image(lane, v.first_frame, v.px_per_frame * dpr, width_px)
            p.drawImage(inner, _image(img))
            _zero_lag_line(p, lane, inner, pal)
        else:
            lo, hi = column_minmax(lane.values, v.first_frame, v.px_per_frame * dpr, width_px)
            if lane.kind is LaneKind.HEAT:
                c = QColor(lane.color)
                pixels = heat_argb(hi, lane.lo, lane.hi, (c.red(), c.green(), c.blue()))
                p.drawImage(inner, _image(pixels[None, :]))
            else:
                p.drawImage(inner, _image(line_pixels(lane, lo, hi, h_px, QColor(lane.color))))
        p.setPen(QPen(line_color, 0))
        p.drawLine(QLineF(0, rect.bottom(), area.right(), rect.bottom()))
        _header(p, lane, QRectF(0, y, v.x0, lane.height), small, pal)
    p.setPen(QPen(pal.color(ROLE.Dark), 1.0))
    p.drawLine(QLineF(0, area.top(), area.right(), area.top()))
    p.drawLine(QLineF(v.x0, area.top(), v.x0, area.bottom()))
    p.restore()


def _paint_filmstrip(p: QPainter, lane: FilmstripLane, inner: QRectF, s: TimelineState) -> None:
    """The thumbnails that have arrived, one per slot (the others come later)."""
    v, slot = s.view, lane.slot_width()
    for frame, x in filmstrip_slots(v.first_frame, v.px_per_frame, v.width, slot, v.frame_count):
        pixels = lane.thumbs.get(frame)
        if pixels is None:
            continue
        data = np.ascontiguousarray(pixels, np.uint8)
        h, w = data.shape[:2]
        img = QImage(data.data, w, h, w * 3, QImage.Format.Format_RGB888)
        p.drawImage(QRectF(inner.left() + x, inner.top(), slot - 1, inner.height()), img)


def _zero_lag_line(p: QPainter, lane: SynchronyLane, inner: QRectF, pal: QPalette) -> None:
    if lane.lags.size < 2 or 0 not in lane.lags:
        return
    row = int(np.flatnonzero(lane.lags[::-1] == 0)[0])
    y = inner.top() + (row + 0.5) * inner.height() / lane.lags.size
    pen = QPen(pal.color(ROLE.Text), 0, Qt.PenStyle.DotLine)
    p.setPen(pen)
    p.drawLine(QLineF(inner.left(), y, inner.right(), y))


def _header(p: QPainter, lane: Lane, rect: QRectF, font: QFont,
            pal: QPalette) -> None:  # fmt: skip
    p.setFont(font)
    p.setPen(pal.color(ROLE.WindowText))
    text_rect = rect.adjusted(8, 1, -6, -1)
    flags = Qt.AlignmentFlag.AlignLeft
    if isinstance(lane, SynchronyLane):
        p.drawText(text_rect, flags | Qt.AlignmentFlag.AlignVCenter, lane.name)
        p.setPen(pal.color(ROLE.PlaceholderText))
        right = Qt.AlignmentFlag.AlignRight
        p.drawText(text_rect, right | Qt.AlignmentFlag.AlignTop, lane.top_label)
        p.drawText(text_rect, right | Qt.AlignmentFlag.AlignBottom, lane.bottom_label)
        return
    swatch = QRectF(rect.left() + 8, rect.center().y() - 4, 8, 8)
    p.fillRect(swatch, QColor(lane.color))
    text_rect.setLeft(swatch.right() + 6)
    p.drawText(text_rect, flags | Qt.AlignmentFlag.AlignVCenter, lane.name)


def paint_lane_playhead(
    p: QPainter, s: TimelineState, lanes: SignalLanes, widget_height: float
) -> None:
    """The playhead continued through the lanes."""
    area = lanes_area(s, lanes, widget_height)
    v = s.view
    x = v.frame_to_x(s.playhead)
    if area.height() <= 0 or not v.x0 <= x <= v.right:
        return
    p.save()
    p.setClipRect(QRectF(v.x0, area.top(), v.width, area.height()))
    p.setPen(QPen(LANE_PLAYHEAD, 1.5))
    p.drawLine(QLineF(x, area.top(), x, area.bottom()))
    p.restore()
