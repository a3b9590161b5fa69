"""The list of disagreements: where, which codes, what kind, forgiven by the tolerance or not."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from interactioncoder.core.timefmt import format_timecode
from interactioncoder.reliability.disagreements import Disagreement

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

COLUMNS = (
    "Session",
    "Start",
    "End",
    "Frames",
    "Variable",
    "Code A",
    "Code B",
    "Kind",
    "Method",
    "Within tol.",
)


class DisagreementModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.items: list[Disagreement] = []
        self.session_labels: dict[str, str] = {}
        self.names: dict[str, str] = {}

    def set_items(
        self,
        items: Sequence[Disagreement],
        session_labels: dict[str, str],
        names: dict[str, str],
    ) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.session_labels = session_labels
        self.names = names
        self.endResetModel()

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def _name(self, code: str | None) -> str:
        return "—" if code is None else self.names.get(code, code)

    def cell(self, d: Disagreement, column: int) -> str:
        if column == 0:
            return self.session_labels.get(d.session_id, d.session_id)
        if column == 1:
            return format_timecode(d.start_ms)
        if column == 2:
            return format_timecode(d.end_ms)
        if column == 3:
            last = max(d.start_frame, d.end_frame - 1)
            return str(d.start_frame) if last == d.start_frame else f"{d.start_frame}–{last}"
        if column == 4:
            return self.names.get(d.variable_id, d.variable_id)
        if column == 5:
            return self._name(d.code_a)
        if column == 6:
            return self._name(d.code_b)
        if column == 7:
            return d.kind.value
        if column == 8:
            return d.method
        return "yes" if d.within_tolerance else "no"

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        d = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(d, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{self.cell(d, 0)}: {self.cell(d, 4)}: {self._name(d.code_a)} (A) vs "
                f"{self._name(d.code_b)} (B), {d.kind.value}, frames {self.cell(d, 3)}"
            )
        return None

    def item(self, row: int) -> Disagreement:
        return self.items[row]
