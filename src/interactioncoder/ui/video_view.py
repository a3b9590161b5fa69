"""A widget showing decoded frames: correct aspect ratio, zoom, pan, frame/time overlay.

Frames arrive as numpy RGB arrays (from ``media``); the view wraps them in a QImage without
copying (keeping the array alive) and scales them when painting. Zoom with the mouse wheel
(around the cursor) or ``+``/``-``; ``0`` resets; drag to pan when zoomed in.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from interactioncoder.core.timefmt import format_timecode

MIN_ZOOM = 1.0
MAX_ZOOM = 8.0
ZOOM_STEP = 1.25


class VideoView(QWidget):
    """Shows one camera. ``displaySizeChanged`` tells the frame server the useful size."""

    displaySizeChanged = Signal(QSize)  # noqa: N815 (Qt naming)
    zoomChanged = Signal(float)  # noqa: N815

    def __init__(self, label: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 90)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._label = label
        self._image: QImage | None = None
        self._array: np.ndarray | None = None  # keeps the QImage's pixels alive
        self._preview = False
        self._frame_index: int | None = None
        self._pts_ms: float | None = None
        self._message = ""
        self._overlay = True
        self._zoom = 1.0
        self._center = QPointF(0.5, 0.5)  # image point (fractions) at the view centre
        self._drag_from: QPointF | None = None
        self._aspect = 16 / 9  # until the first frame says otherwise

    # -- content -------------------------------------------------------------------------

    @property
    def label(self) -> str:
        return self._label

    def frame_index(self) -> int | None:
        """The frame on screen (None when nothing is shown)."""
        return self._frame_index

    def set_frame(
        self,
        image: np.ndarray,
        index: int | None = None,
        pts_ms: float | None = None,
        preview: bool = False,
    ) -> None:
        """Shows an H x W x 3 uint8 RGB array (*preview*: the scrub proxy's picture of
        the frame, marked in a corner until the exact picture replaces it)."""
        array = np.ascontiguousarray(image, dtype=np.uint8)
        if array.ndim != 3 or array.shape[2] != 3:
            raise ValueError("expected an H x W x 3 RGB image")
        height, width = array.shape[:2]
        self._array = array
        self._image = QImage(
            array.data, width, height, array.strides[0], QImage.Format.Format_RGB888
        )
        self._aspect = width / height
        self._frame_index, self._pts_ms = index, pts_ms
        self._preview = preview
        self._message = ""
        self.update()

    def is_preview(self) -> bool:
        """The picture on screen is the scrub proxy's (the exact one is on its way)."""
        return self._preview

    def clear(self, message: str = "") -> None:
        """No picture; *message* (e.g. "video missing") is shown instead."""
        self._image = None
        self._array = None
        self._preview = False
        self._frame_index = None
        self._pts_ms = None
        self._message = message
        self.update()

    def message(self) -> str:
        return self._message

    def set_aspect_ratio(self, width: int, height: int) -> None:
        """Known before the first frame arrives (from VideoInfo): avoids a jump."""
        if width > 0 and height > 0:
            self._aspect = width / height

    def set_overlay_enabled(self, enabled: bool) -> None:
        self._overlay = enabled
        self.update()

    def overlay_enabled(self) -> bool:
        return self._overlay

    def image(self) -> QImage | None:
        return self._image

    # -- geometry ------------------------------------------------------------------------

    def zoom(self) -> float:
        return self._zoom

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        """Zooms keeping the image point under *anchor* (widget coordinates) in place."""
        zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
        if anchor is not None and self._zoom != zoom:
            before = self._widget_to_image(anchor)
            self._zoom = zoom
            after = self._widget_to_image(anchor)
            self._center = QPointF(
                self._center.x() + before.x() - after.x(), self._center.y() + before.y() - after.y()
            )
        self._zoom = zoom
        if zoom == MIN_ZOOM:
            self._center = QPointF(0.5, 0.5)
        self._clamp_center()
        self.update()
        self.zoomChanged.emit(self._zoom)
        self.displaySizeChanged.emit(self.useful_size())

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def fitted_rect(self) -> QRectF:
        """Where the whole image is drawn at zoom 1 (letterboxed, aspect kept)."""
        w, h = self.width(), self.height()
        if w <= 0 or h <= 0:
            return QRectF()
        if w / h > self._aspect:
            fw, fh = h * self._aspect, float(h)
        else:
            fw, fh = float(w), w / self._aspect
        return QRectF((w - fw) / 2, (h - fh) / 2, fw, fh)

    def image_rect(self) -> QRectF:
        """Where the whole image is drawn now (may extend outside the widget when zoomed)."""
        fit = self.fitted_rect()
        fw, fh = fit.width() * self._zoom, fit.height() * self._zoom
        cx, cy = self.width() / 2, self.height() / 2
        return QRectF(cx - self._center.x() * fw, cy - self._center.y() * fh, fw, fh)

    def useful_size(self) -> QSize:
        """Device pixels the image covers when fully shown at this zoom: the decode size."""
        fit = self.fitted_rect()
        ratio = self.devicePixelRatioF()
        return QSize(
            max(2, round(fit.width() * self._zoom * ratio)),
            max(2, round(fit.height() * self._zoom * ratio)),
        )

    def _widget_to_image(self, point: QPointF) -> QPointF:
        rect = self.image_rect()
        if rect.width() <= 0 or rect.height() <= 0:
            return QPointF(0.5, 0.5)
        return QPointF(
            (point.x() - rect.x()) / rect.width(), (point.y() - rect.y()) / rect.height()
        )

    def _clamp_center(self) -> None:
        half = 0.5 / self._zoom
        self._center = QPointF(
            min(max(self._center.x(), half), 1 - half), min(max(self._center.y(), half), 1 - half)
        )

    # -- Qt events -----------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(480, 270)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(16, 16, 16))
        if self._image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self._zoom < 2.5)
            painter.drawImage(self.image_rect(), self._image)
        painter.setFont(QFont(self.font().family(), 10))
        if self._message:
            painter.setPen(QColor(230, 230, 230))
            painter.drawText(
                self.rect().adjusted(12, 12, -12, -12),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self._message,
            )
        if self._overlay:
            self._paint_overlay(painter)
        if self._preview and self._image is not None:
            painter.setPen(QColor(255, 200, 0))  # the proxy's picture: exact one coming
            painter.drawText(self.rect().adjusted(8, 8, -8, -8), Qt.AlignmentFlag.AlignRight, "▪")
        painter.end()

    def _paint_overlay(self, painter: QPainter) -> None:
        parts = [self._label] if self._label else []
        if self._frame_index is not None:
            parts.append(f"frame {self._frame_index}")
        if self._pts_ms is not None:
            parts.append(format_timecode(self._pts_ms))
        if self._zoom > 1.0:
            parts.append(f"{self._zoom:.1f}×")
        if not parts:
            return
        text = "  ·  ".join(parts)
        metrics = painter.fontMetrics()
        box = QRectF(6, 6, metrics.horizontalAdvance(text) + 12, metrics.height() + 6)
        painter.fillRect(box, QColor(0, 0, 0, 150))
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.displaySizeChanged.emit(self.useful_size())

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.set_zoom(self._zoom * (ZOOM_STEP**steps), event.position())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        centre = QPointF(self.width() / 2, self.height() / 2)
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.set_zoom(self._zoom * ZOOM_STEP, centre)
        elif key == Qt.Key.Key_Minus:
            self.set_zoom(self._zoom / ZOOM_STEP, centre)
        elif key == Qt.Key.Key_0:
            self.reset_zoom()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._zoom > 1.0:
            self._drag_from = event.position()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            rect = self.image_rect()
            delta = event.position() - self._drag_from
            self._drag_from = event.position()
            self.pan(-delta.x() / max(rect.width(), 1), -delta.y() / max(rect.height(), 1))
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            self.unsetCursor()
        super().mouseReleaseEvent(event)

    def pan(self, dx: float, dy: float) -> None:
        """Moves the view centre by (dx, dy) fractions of the image."""
        self._center = QPointF(self._center.x() + dx, self._center.y() + dy)
        self._clamp_center()
        self.update()
