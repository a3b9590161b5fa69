"""Coding ▸ Regions…: draw named rectangles on a still frame of each camera.

The still is decoded through the media engine on a worker thread. Drag on the picture to
draw a region; name it in the list (double-click renames; a missing or repeated name is
refused here, with the reason under the list); Delete removes the selected one. "Copy
from" fills the cameras with another session's regions (same camera names). Save stores
every changed camera as ONE undo step (``signal_commands.RegionsCommand``).
Points are normalised to the picture (0..1), so the regions fit every copy of the video.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, QPointF, QRectF, QSize, QSizeF, Qt, QThreadPool, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.regions import Region, RegionError
from interactioncoder.media.decoder import Decoder
from interactioncoder.media.source import VideoSource
from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.signal_commands import RegionsCommand
from interactioncoder.ui.undo_commands import push_applied

COLORS = ("#e53935", "#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#00acc1")
MIN_DRAG_PX = 6.0
STILL_BOX = (960, 540)


def decode_still(path: str, frame: int) -> np.ndarray:
    """Frame *frame* (clamped) of a video as RGB, at most STILL_BOX large (worker thread)."""
    source = VideoSource(path)
    decoder = Decoder(source, display_size=STILL_BOX)
    try:
        return decoder.frame(min(max(frame, 0), source.frame_count - 1)).image
    finally:
        decoder.close()


class _StillLoader(QObject):
    """Decodes on the thread pool; ``done`` arrives on the GUI thread (queued)."""

    done = Signal(str, object)  # camera, RGB array or an error text

    def load(self, camera: str, path: str, frame: int) -> None:
        def work() -> None:
            try:
                self.done.emit(camera, decode_still(path, frame))
            except Exception as exc:  # shown in the canvas: the dialog still works
                self.done.emit(camera, f"{path}: {exc}")

        QThreadPool.globalInstance().start(work)


class RegionCanvas(QWidget):
    """The still with the regions over it; a drag draws a new rectangle."""

    drawn = Signal(float, float, float, float)  # left, top, right, bottom (0..1)
    clicked = Signal(int)  # index of the region under a click (-1: none)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.message = "Decoding a still…"
        self.regions: list[Region] = []
        self.selected = -1
        self._press: QPointF | None = None
        self._now: QPointF | None = None
        self.setMinimumSize(480, 270)

    def sizeHint(self) -> QSize:
        return QSize(800, 450)

    def image_rect(self) -> QRectF:
        """Where the picture is drawn (fitted, aspect kept)."""
        w, h = (16, 9) if self.image is None else (self.image.width(), self.image.height())
        scale = min(self.width() / w, self.height() / h)
        dw, dh = w * scale, h * scale
        return QRectF((self.width() - dw) / 2, (self.height() - dh) / 2, dw, dh)

    def to_norm(self, p: QPointF) -> tuple[float, float]:
        r = self.image_rect()
        x = min(max((p.x() - r.left()) / r.width(), 0.0), 1.0)
        y = min(max((p.y() - r.top()) / r.height(), 0.0), 1.0)
        return x, y

    def to_widget(self, x: float, y: float) -> QPointF:
        r = self.image_rect()
        return QPointF(r.left() + x * r.width(), r.top() + y * r.height())

    def region_at(self, p: QPointF) -> int:
        for i in reversed(range(len(self.regions))):
            poly = QPolygonF([self.to_widget(x, y) for x, y in self.regions[i].polygon()])
            if poly.containsPoint(p, Qt.FillRule.OddEvenFill):
                return i
        return -1

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = self._now = event.position()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None:
            self._now = event.position()
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        start, end = self._press, event.position()
        self._press = self._now = None
        self.update()
        if start is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if abs(end.x() - start.x()) < MIN_DRAG_PX or abs(end.y() - start.y()) < MIN_DRAG_PX:
            self.clicked.emit(self.region_at(end))
            return
        (x0, y0), (x1, y1) = self.to_norm(start), self.to_norm(end)
        if x0 != x1 and y0 != y1:
            self.drawn.emit(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(30, 30, 30))
        target = self.image_rect()
        if self.image is not None:
            p.drawImage(target, self.image)
        else:
            p.setPen(QColor(220, 220, 220))
            p.drawText(target, Qt.AlignmentFlag.AlignCenter, self.message)
        for i, region in enumerate(self.regions):
            color = QColor(COLORS[i % len(COLORS)])
            poly = QPolygonF([self.to_widget(x, y) for x, y in region.polygon()])
            fill = QColor(color)
            fill.setAlpha(60 if i == self.selected else 30)
            p.setBrush(fill)
            p.setPen(QPen(color, 3.0 if i == self.selected else 2.0))
            p.drawPolygon(poly)
            corner = poly.boundingRect().topLeft()
            label = QRectF(corner, QSizeF(p.fontMetrics().horizontalAdvance(region.name) + 10, 18))
            p.fillRect(label, color)  # a name tag in the region's colour, readable on any picture
            p.setPen(QColor("white"))
            p.drawText(label, Qt.AlignmentFlag.AlignCenter, region.name)
        if self._press is not None and self._now is not None:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(QColor("white"), 1.5, Qt.PenStyle.DashLine))
            p.drawRect(QRectF(self._press, self._now).normalized())
        p.end()


class RegionsDialog(QDialog):
    def __init__(
        self,
        repo: ProjectRepository,
        session_id: int,
        undo_stack: QUndoStack,
        report: Callable[[str], object],
        frame: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Regions of interest")
        self.repo, self.session_id, self.undo_stack, self.report = (
            repo,
            session_id,
            undo_stack,
            report,
        )
        self.frame = frame
        session = repo.get_session(session_id)
        self.paths = {v.camera: repo.get_video(v.video_id).path for v in session.videos}
        self.stored = {c: list(repo.list_regions(session_id).get(c, ())) for c in self.paths}
        self.edited = {c: list(rs) for c, rs in self.stored.items()}
        self.stills: dict[str, QImage | str] = {}
        self.loader = _StillLoader()
        self.loader.done.connect(self._still_loaded)
        self._build(session.name)
        self._show_camera()

    # -- building ------------------------------------------------------------------------
    def _build(self, session_name: str) -> None:
        self.camera = QComboBox()
        self.camera.addItems(list(self.paths))
        self.camera.currentTextChanged.connect(lambda _t: self._show_camera())
        self.source = QComboBox()
        for s in self.repo.list_sessions():
            if s.id != self.session_id:
                self.source.addItem(s.name, s.id)
        copy = QPushButton("Copy regions")
        copy.setEnabled(self.source.count() > 0)
        copy.clicked.connect(self.copy_from_selected)
        top = QHBoxLayout()
        top.addWidget(QLabel(f"Session {session_name!r}, camera:"))
        top.addWidget(self.camera, 1)
        top.addWidget(QLabel("Copy from session:"))
        top.addWidget(self.source, 1)
        top.addWidget(copy)
        self.canvas = RegionCanvas()
        self.canvas.drawn.connect(self.add_region)
        self.canvas.clicked.connect(self._select)
        self.names = QListWidget()
        self.names.itemChanged.connect(self._renamed)
        self.names.currentRowChanged.connect(self._on_row)
        delete = QPushButton("Delete")
        delete.clicked.connect(self.delete_selected)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828")
        side = QVBoxLayout()
        side.addWidget(
            QLabel("Drag on the picture to draw a region.\nDouble-click a name to rename.")
        )
        side.addWidget(self.names, 1)
        side.addWidget(delete)
        side.addWidget(self.error)
        middle = QHBoxLayout()
        middle.addWidget(self.canvas, 3)
        middle.addLayout(side, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addWidget(buttons)

    # -- the current camera --------------------------------------------------------------
    @property
    def current(self) -> str:
        return self.camera.currentText()

    def _show_camera(self) -> None:
        camera = self.current
        still = self.stills.get(camera)
        self.canvas.image = still if isinstance(still, QImage) else None
        self.canvas.message = still if isinstance(still, str) else "Decoding a still…"
        if camera and still is None:
            self.loader.load(camera, self.paths[camera], self.frame)
        self._refresh_list()

    def _still_loaded(self, camera: str, result: object) -> None:
        if isinstance(result, np.ndarray):
            h, w = result.shape[:2]
            data = np.ascontiguousarray(result)
            self.stills[camera] = QImage(data.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
        else:
            self.stills[camera] = str(result)
        if camera == self.current:
            self._show_camera()

    def _refresh_list(self, select: int = -1) -> None:
        regions = self.edited.get(self.current, [])
        self.names.blockSignals(True)
        self.names.clear()
        for r in regions:
            item = QListWidgetItem(r.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.names.addItem(item)
        self.names.setCurrentRow(select)
        self.names.blockSignals(False)
        self.canvas.regions = list(regions)
        self.canvas.selected = select
        self.canvas.update()

    def _select(self, index: int) -> None:
        self.names.setCurrentRow(index)

    def _on_row(self, row: int) -> None:
        self.canvas.selected = row
        self.canvas.update()

    def _refuse(self, text: str) -> None:
        self.error.setText(text)

    # -- edits (in the dialog; stored on Save) -------------------------------------------
    def add_region(self, left: float, top: float, right: float, bottom: float) -> None:
        regions = self.edited.setdefault(self.current, [])
        taken = {r.name for r in regions}
        n = len(regions) + 1
        while f"region {n}" in taken:
            n += 1
        try:
            regions.append(Region.rectangle(f"region {n}", left, top, right, bottom))
        except RegionError as exc:
            self._refuse(str(exc))
            return
        self.error.clear()
        self._refresh_list(len(regions) - 1)

    def rename(self, index: int, name: str) -> bool:
        regions = self.edited[self.current]
        name = name.strip()
        if not name:
            self._refuse("A region needs a name.")
        elif any(r.name == name for i, r in enumerate(regions) if i != index):
            self._refuse(f"Camera {self.current!r} already has a region {name!r}.")
        else:
            try:
                regions[index] = Region(name, regions[index].points)
            except RegionError as exc:
                self._refuse(str(exc))
            else:
                self.error.clear()
                self._refresh_list(index)
                return True
        self._refresh_list(index)  # the old name back
        return False

    def _renamed(self, item: QListWidgetItem) -> None:
        self.rename(self.names.row(item), item.text())

    def delete_selected(self) -> None:
        row = self.names.currentRow()
        regions = self.edited.get(self.current, [])
        if 0 <= row < len(regions):
            del regions[row]
            self._refresh_list(min(row, len(regions) - 1))

    def copy_from_selected(self) -> None:
        source = self.source.currentData()
        if source is None:
            return
        theirs = self.repo.list_regions(int(source))
        matched = [c for c in theirs if c in self.edited]
        if not matched:
            self._refuse(f"Session {self.source.currentText()!r} has no regions on these cameras.")
            return
        for camera in matched:
            self.edited[camera] = list(theirs[camera])
        self.error.setText(f"Copied regions of {', '.join(matched)}; Save to keep them.")
        self._refresh_list()

    # -- saving --------------------------------------------------------------------------
    def changed(self) -> dict[str, list[Region]]:
        return {c: rs for c, rs in self.edited.items() if rs != self.stored.get(c, [])}

    def save(self) -> None:
        changed = self.changed()
        if changed:
            command = RegionsCommand(self.repo, self.session_id, self.stored, changed, self.report)
            if not push_applied(self.undo_stack, command, self._refuse):
                return
        self.accept()
