"""Segments from a template: the codebook's segment types back to back from a start frame.

The user picks which types, in which order, and each one's length; the preview shows the
frames and times each segment gets (``workflow.segments_template``), including what would
start after the video's end. ``planned()`` is what the caller stores (``apply()`` stores it
directly, all or nothing).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.project import Segment
from interactioncoder.core.timebase import Timebase
from interactioncoder.storage import ProjectRepository
from interactioncoder.workflow.segments_template import (
    DEFAULT_SECONDS,
    TemplateError,
    TemplateLayout,
    apply_template,
    layout_template,
)

USE, TYPE, SECONDS = range(3)
TYPE_ROLE = Qt.ItemDataRole.UserRole


class SegmentTemplateDialog(QDialog):
    def __init__(
        self,
        codebook: Codebook,
        timebase: Timebase,
        start_frame: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.codebook = codebook
        self.timebase = timebase
        self.setWindowTitle("Segments from a template")
        self.setMinimumWidth(520)
        self.start_spin = QSpinBox()
        self.start_spin.setRange(0, timebase.last_frame)
        self.start_spin.setValue(timebase.clamp_frame(start_frame))
        self.order_edit = QLineEdit(", ".join(t.id for t in codebook.segments))
        self.order_edit.setToolTip("Segment type ids in order; repeat one to use it again")
        self.table = QTableWidget(len(codebook.segments), 2)
        self.table.setHorizontalHeaderLabels(["Segment type", "Length (s)"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, seg in enumerate(codebook.segments):
            name = QTableWidgetItem(f"{seg.name} ({seg.id})")
            name.setData(TYPE_ROLE, seg.id)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(f"{DEFAULT_SECONDS:g}"))
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow("Start frame:", self.start_spin)
        form.addRow("Order:", self.order_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        self.start_spin.valueChanged.connect(self.refresh)
        self.order_edit.textChanged.connect(self.refresh)
        self.table.itemChanged.connect(self.refresh)
        self.refresh()

    def _seconds(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for row in range(self.table.rowCount()):
            type_item, length_item = self.table.item(row, 0), self.table.item(row, 1)
            if type_item is None or length_item is None:
                continue
            type_id = str(type_item.data(TYPE_ROLE))
            try:
                out[type_id] = float(length_item.text().replace(",", "."))
            except ValueError:
                raise TemplateError(f"{type_id}: the length must be seconds") from None
        return out

    def planned(self) -> TemplateLayout:
        """The segments the dialog describes (raises ``TemplateError`` naming a mistake)."""
        order = [part.strip() for part in self.order_edit.text().split(",") if part.strip()]
        return layout_template(
            self.codebook, self.timebase, self.start_spin.value(), self._seconds(), order
        )

    def refresh(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            planned = self.planned()
        except TemplateError as exc:
            self.preview.setText(f"<span style='color:#b00020'>{exc}</span>")
            ok.setEnabled(False)
            return
        lines = [
            f"{p.name}: frames {p.onset_frame}–{p.offset_frame - 1} "
            f"({p.onset_ms / 1000:.2f}–{p.offset_ms / 1000:.2f} s)"
            for p in planned.segments
        ]
        if planned.left_out:
            lines.append("Left out (after the video's end): " + ", ".join(planned.left_out))
        self.preview.setText("<br>".join(lines) or "No segments.")
        ok.setEnabled(bool(planned.segments))

    def apply(self, repo: ProjectRepository, session_id: int) -> list[Segment]:
        return apply_template(repo, session_id, self.planned())
