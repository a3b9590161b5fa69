"""The agreement table: one row per code group and per code, time-unit and event side by side.

Numbers are always shown; the Landis & Koch words are extra columns, never instead of them.
Rows come from a :class:`ReliabilityReport` in one of three scopes: pooled over sessions,
per session, or per segment (pooled over sessions by segment name).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from interactioncoder.reliability.alignment import EventAgreement
from interactioncoder.reliability.analysis import GroupResult, ReliabilityReport
from interactioncoder.reliability.kappa import (
    BinaryAgreement,
    ConfusionMatrix,
    KappaStats,
    landis_koch,
)
from interactioncoder.reliability.timeunit import VariableAgreement

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
ALL_CODES = "all codes"


class Scope(StrEnum):
    POOLED = "pooled"
    SESSION = "per session"
    SEGMENT = "per segment"


@dataclass(frozen=True)
class StatRow:
    where: str  # "pooled", a session label, or a segment name
    session_id: str | None
    group_id: str
    group_name: str
    variable_id: str  # time-unit variable (group id if exclusive, else the code)
    code_id: str | None  # None: the group (all codes) row
    unit: KappaStats | None
    unit_binary: BinaryAgreement | None
    unit_tolerant: KappaStats | None
    unit_matrix: ConfusionMatrix | None
    event: KappaStats | None
    event_binary: BinaryAgreement | None
    event_matrix: ConfusionMatrix | None


COLUMNS = (
    "Scope",
    "Group",
    "Code",
    "κ units",
    "κ max",
    "% agree",
    "n units",
    "κ ±tol.",
    "Prevalence",
    "Bias",
    "κ events",
    "% agree (ev.)",
    "n events",
    "Landis & Koch (units)",
    "Landis & Koch (events)",
)
NUMERIC = frozenset(range(3, 13))


def _fmt(value: float | None, digits: int = 3) -> str:
    if value is None or math.isnan(value):
        return "–"
    return f"{value:.{digits}f}"


def _binary(items: tuple[BinaryAgreement, ...], code_id: str) -> BinaryAgreement | None:
    return next((b for b in items if b.code_id == code_id), None)


def _rows_of(result: GroupResult, where: str) -> list[StatRow]:
    ev: EventAgreement | None = result.event
    ev_kappa = ev.kappa if ev else None
    ev_matrix = ev.confusion if ev else None

    def row(variable_id: str, code_id: str | None, v: VariableAgreement | None) -> StatRow:
        """The group row (code_id None) or one code's row, from time-unit variable v."""
        whole = code_id is None or not result.exclusive  # v's own kappa is this row's
        return StatRow(
            where=where,
            session_id=result.scope.session_id,
            group_id=result.group_id,
            group_name=result.group_name,
            variable_id=variable_id,
            code_id=code_id,
            unit=v.kappa if v is not None and whole else None,
            unit_binary=_binary(v.per_code, code_id) if v is not None and code_id else None,
            unit_tolerant=_tolerant(v, None if whole else code_id) if v is not None else None,
            unit_matrix=v.confusion if v is not None else None,
            event=ev_kappa if code_id is None else None,
            event_binary=_binary(ev.per_code, code_id) if ev is not None and code_id else None,
            event_matrix=ev_matrix,
        )

    variables = {v.variable_id: v for v in result.time_unit}
    if result.exclusive:
        v = variables.get(result.group_id)
        codes = [b.code_id for b in v.per_code] if v is not None else []
        return [row(result.group_id, None, v), *(row(result.group_id, c, v) for c in codes)]
    # Not exclusive: every code is its own present/absent variable; the event alignment is
    # per group, so the group row carries only the event kappa.
    return [row(result.group_id, None, None), *(row(k, k, v) for k, v in variables.items())]


def _tolerant(v: VariableAgreement, code_id: str | None) -> KappaStats | None:
    if v.tolerance_ms <= 0:
        return None
    if code_id is None:
        return v.kappa_tolerant
    b = _binary(v.per_code_tolerant, code_id)
    return b.stats if b else None


def stat_rows(
    report: ReliabilityReport,
    scope: Scope,
    session_labels: dict[str, str] | None = None,
) -> list[StatRow]:
    labels = session_labels or {}
    out: list[StatRow] = []
    for r in report.results:
        sid, seg = r.scope.session_id, r.scope.segment
        if scope is Scope.POOLED and sid is None and seg is None:
            out.extend(_rows_of(r, "pooled"))
        elif scope is Scope.SESSION and sid is not None and seg is None:
            out.extend(_rows_of(r, labels.get(sid, sid)))
        elif scope is Scope.SEGMENT and sid is None and seg is not None:
            out.extend(_rows_of(r, seg))
    return out


class StatsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[StatRow] = []
        self.code_names: dict[str, str] = {}

    def set_rows(self, rows: list[StatRow], code_names: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.code_names = code_names
        self.endResetModel()

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def cell(self, row: StatRow, column: int) -> str:
        unit = row.unit or (row.unit_binary.stats if row.unit_binary else None)
        event = row.event or (row.event_binary.stats if row.event_binary else None)
        code = ALL_CODES if row.code_id is None else self.code_names.get(row.code_id, row.code_id)
        values: dict[int, str] = {
            0: row.where,
            1: row.group_name,
            2: code,
            3: _fmt(unit.kappa if unit else None),
            4: _fmt(unit.kappa_max if unit else None),
            5: _fmt(unit.percent_agreement if unit else None, 1),
            6: _fmt(unit.n if unit else None, 0),
            7: _fmt(row.unit_tolerant.kappa if row.unit_tolerant else None),
            8: _fmt(row.unit_binary.prevalence_index if row.unit_binary else None),
            9: _fmt(row.unit_binary.bias_index if row.unit_binary else None),
            10: _fmt(event.kappa if event else None),
            11: _fmt(event.percent_agreement if event else None, 1),
            12: _fmt(event.n if event else None, 0),
            13: landis_koch(unit.kappa) if unit else "",
            14: landis_koch(event.kappa) if event else "",
        }
        return values[column]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.code_id is None:
            font = QFont()
            font.setBold(True)
            return font
        return None
