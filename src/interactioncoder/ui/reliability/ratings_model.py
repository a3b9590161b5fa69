"""The rating-agreement table of the reliability view: the same rows as the HTML report.

Rows come from :func:`~interactioncoder.reliability.report.rating_rows` (ICCs, weighted
kappas, Krippendorff's alphas, Fleiss kappa) plus exact / within-one agreement, formatted
with the report's :func:`~interactioncoder.reliability.report.num`, so the view, the CLI
and the HTML report show the same numbers.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from interactioncoder.reliability.analysis import ReliabilityReport
from interactioncoder.reliability.report import num, rating_rows

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
COLUMNS = ("Scale", "Statistic", "Value", "95 % CI", "Model")


def rating_table(report: ReliabilityReport) -> list[tuple[str, str, str, str, str]]:
    """One text row per statistic of every rated scale."""
    out: list[tuple[str, str, str, str, str]] = []
    for s in report.ratings:
        scale = f"{s.scale_name} ({s.minimum}..{s.maximum}), {s.targets} targets"
        for row in rating_rows(s):
            ci = "" if row.ci_low is None else f"[{num(row.ci_low)}, {num(row.ci_high)}]"
            out.append((scale, row.statistic, num(row.value), ci, row.model))
        out.append((scale, "exact agreement %", num(100 * s.exact_agreement, 1), "", ""))
        out.append((scale, "within one point %", num(100 * s.within_one, 1), "", ""))
    return out


class RatingsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, str, str, str, str]] = []

    def set_report(self, report: ReliabilityReport | None) -> None:
        self.beginResetModel()
        self.rows = [] if report is None else rating_table(report)
        self.endResetModel()

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
