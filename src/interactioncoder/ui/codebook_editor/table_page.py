"""A table that edits a list of codebook entries (scales, totals, segment types, ...).

Each row is one entry of the draft (a dict in the file schema). Cells are turned into
values without judging them: a wrong value goes into the draft as typed, and the
codebook checker names it, so the editor shows the same message a file would give.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    kind: str = "text"  # text | int | number | bool | list | anchors | choices


def to_value(kind: str, text: str) -> Any:
    """Cell text -> draft value (as typed when it does not parse: the checker names it)."""
    text = text.strip()
    if kind in ("int", "number"):
        try:
            return int(text)
        except ValueError:
            try:
                return float(text)
            except ValueError:
                return text
    if kind == "list":
        return [part.strip() for part in text.split(",") if part.strip()]
    if kind == "anchors":
        anchors: dict[Any, str] = {}
        for part in text.split(";"):
            value, _, label = part.partition("=")
            if value.strip():
                anchors[to_value("int", value)] = label.strip()
        return anchors
    if kind == "choices":
        choices = []
        for part in text.split(","):
            ident, _, name = part.partition("=")
            if ident.strip():
                choices.append({"id": ident.strip(), "name": (name or ident).strip()})
        return choices
    return text


def to_text(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == "list":
        return ", ".join(str(v) for v in value)
    if kind == "anchors":
        return "; ".join(f"{k}={v}" for k, v in dict(value).items())
    if kind == "choices":
        return ", ".join(f"{c.get('id', '')}={c.get('name', '')}" for c in value)
    return str(value)


class TablePage(QWidget):
    """Edits ``rows`` (list of dicts); emits ``changed`` after every edit."""

    changed = Signal()

    def __init__(
        self,
        columns: Sequence[Column],
        rows: list[dict[str, Any]] | None = None,
        new_row: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._new_row = dict(new_row or {})
        self.table = QTableWidget(0, len(self.columns))
        self.table.setHorizontalHeaderLabels([c.header for c in self.columns])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(lambda: self.add_row(dict(self._new_row)))
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.set_rows(rows or [])

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for row in rows:
            self._insert(row)
        self.table.blockSignals(False)

    def _insert(self, row: dict[str, Any]) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, column in enumerate(self.columns):
            value = row.get(column.field)
            item = QTableWidgetItem()
            if column.kind == "bool":
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
            else:
                item.setText(to_text(column.kind, value))
            self.table.setItem(r, c, item)

    def add_row(self, row: dict[str, Any]) -> int:
        self.table.blockSignals(True)
        self._insert(row)
        self.table.blockSignals(False)
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.changed.emit()
        return self.table.rowCount() - 1

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            self.table.removeRow(r)
        if rows:
            self.changed.emit()

    def set_cell(self, row: int, field: str, text: str) -> None:
        column = next(i for i, c in enumerate(self.columns) if c.field == field)
        item = self.table.item(row, column)
        if item is not None:
            item.setText(text)

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for r in range(self.table.rowCount()):
            row: dict[str, Any] = {}
            for c, column in enumerate(self.columns):
                item = self.table.item(r, c)
                if item is None:
                    continue
                if column.kind == "bool":
                    if item.checkState() == Qt.CheckState.Checked:
                        row[column.field] = True
                    continue
                if item.text().strip():
                    row[column.field] = to_value(column.kind, item.text())
            out.append(row)
        return out
