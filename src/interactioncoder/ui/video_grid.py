"""The video area: the player's camera views in a grid (1–4 cameras), or a notice when the
session's video is missing and only the timeline works."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

#: layout id -> (label, columns for 1, 2, 3, 4 cameras)
LAYOUTS: dict[str, tuple[str, tuple[int, int, int, int]]] = {
    "auto": ("Automatic", (1, 2, 2, 2)),
    "row": ("Side by side", (1, 2, 3, 4)),
    "column": ("Stacked", (1, 1, 1, 1)),
    "grid": ("Grid 2×2", (1, 2, 2, 2)),
}


class VideoGrid(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # Clicking the video takes the focus away from text fields: code keys code again.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(2)
        self._views: list[QWidget] = []
        self._layout_id = "auto"
        self.notice = QLabel(self)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWordWrap(True)
        self.notice.setText("Open a project and a session to start coding.")
        self._place()

    def layout_id(self) -> str:
        return self._layout_id

    def set_layout_id(self, layout_id: str) -> None:
        if layout_id not in LAYOUTS:
            raise KeyError(f"unknown camera layout {layout_id!r}")
        self._layout_id = layout_id
        self._place()

    def set_views(self, views: Sequence[QWidget], notice: str = "") -> None:
        for view in self._views:
            if view not in views:
                self._grid.removeWidget(view)
                view.setParent(None)  # the player owns and closes its views
        self._views = list(views)[:4]
        self.notice.setText(notice)
        self._place()

    def views(self) -> list[QWidget]:
        return list(self._views)

    def _place(self) -> None:
        while self._grid.count():
            self._grid.takeAt(0)
        self.notice.setVisible(not self._views)
        if not self._views:
            self._grid.addWidget(self.notice, 0, 0)
            return
        columns = LAYOUTS[self._layout_id][1][len(self._views) - 1]
        for i, view in enumerate(self._views):
            view.setParent(self)
            self._grid.addWidget(view, i // columns, i % columns)
            view.show()
