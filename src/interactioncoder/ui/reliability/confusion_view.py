"""A confusion matrix as a heatmap: rows coder A, columns coder B, shaded by count.

The diagonal (agreement) is shaded green, the rest (disagreement) red, each in proportion
to the cell's share of the largest count; the labels show "none" (no code in a time unit)
and "nil" (no matching event) as words. Row and column totals are added at the end.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.reliability.alignment import NIL
from interactioncoder.reliability.kappa import ConfusionMatrix
from interactioncoder.reliability.units import NONE

AGREE = QColor(46, 160, 67)
DISAGREE = QColor(215, 58, 73)


def label_text(label: str, names: dict[str, str]) -> str:
    if label == NONE:
        return "none"
    if label == NIL:
        return "nil"
    return names.get(label, label)


def short_label(text: str, width: int = 9) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def cell_colour(count: float, largest: float, diagonal: bool, base: QColor) -> QColor:
    """Blend *base* (the table background) toward green/red by count / largest."""
    if count <= 0 or largest <= 0:
        return base
    share = 0.15 + 0.75 * (count / largest)
    tint = AGREE if diagonal else DISAGREE
    return QColor(
        round(base.red() + (tint.red() - base.red()) * share),
        round(base.green() + (tint.green() - base.green()) * share),
        round(base.blue() + (tint.blue() - base.blue()) * share),
    )


class ConfusionMatrixView(QWidget):
    """Title + a read-only table of counts (A in rows, B in columns) with totals."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title, self)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel("—", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.matrix: ConfusionMatrix | None = None
        self.set_matrix(None)

    def set_matrix(
        self,
        matrix: ConfusionMatrix | None,
        names: dict[str, str] | None = None,
        coder_a: str = "A",
        coder_b: str = "B",
        empty_text: str = "No matrix for this row.",
    ) -> None:
        self.matrix = matrix
        self.table.clear()
        self.table.setVisible(matrix is not None)
        self.empty.setVisible(matrix is None)
        self.empty.setText(empty_text)
        if matrix is None:
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            return
        names = names or {}
        labels = [label_text(x, names) for x in matrix.labels]
        k = len(labels)
        counts = matrix.array
        self.table.setRowCount(k + 1)
        self.table.setColumnCount(k + 1)
        self.table.setVerticalHeaderLabels([*labels, "total"])
        # Columns get short names (the rows carry the full ones) so the matrix fits.
        for j, text in enumerate([*labels, "total"]):
            head = QTableWidgetItem(short_label(text))
            head.setToolTip(text)
            self.table.setHorizontalHeaderItem(j, head)
        self.table.setToolTip(f"Rows: {coder_a} (A). Columns: {coder_b} (B).")
        base = self.table.palette().base().color()
        largest = float(counts.max()) if counts.size else 0.0
        for i in range(k + 1):
            for j in range(k + 1):
                if i < k and j < k:
                    value = float(counts[i, j])
                elif i < k:
                    value = float(counts[i].sum())
                elif j < k:
                    value = float(counts[:, j].sum())
                else:
                    value = float(counts.sum())
                item = QTableWidgetItem(f"{value:g}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if i < k and j < k:
                    item.setBackground(cell_colour(value, largest, i == j, base))
                    if value > 0 and value / largest > 0.5:
                        item.setForeground(QColor("#ffffff"))  # readable on a strong tint
                self.table.setItem(i, j, item)

    def cell_text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""
