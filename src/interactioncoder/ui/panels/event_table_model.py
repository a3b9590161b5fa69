"""The table model behind the event list: one coding's events, sorted and filtered in Python.

Sorting is done by the model itself (``list.sort`` with a key per column, numeric for times
and frames), not by the proxy comparing cells: a proxy sort calls ``data()`` through Qt
~600,000 times for 20,000 rows (seconds), a key sort calls Python once per row. The
``EventFilterProxy`` forwards ``sort()`` to the model and only filters (by code/subject).

``set_events`` replaces the rows; when the new list differs from the shown one by a few
events (the usual case: one key press), it updates those rows in place, so the view keeps
its selection and scroll position. ``apply_changes`` does the same for a change set.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from functools import total_ordering
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.events import Event, EventChangeSet
from interactioncoder.ui.panels.event_format import format_modifiers, format_ms
from interactioncoder.ui.theme import ALERT_COLOR, swatch_icon

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
CODE_ID_ROLE = Qt.ItemDataRole.UserRole + 3
SUBJECT_ROLE = Qt.ItemDataRole.UserRole + 4

COLUMNS = (
    "Code",
    "Subject",
    "Onset",
    "Onset frame",
    "Offset",
    "Duration",
    "Modifiers",
    "Comment",
)
(COL_CODE, COL_SUBJECT, COL_ONSET, COL_ONSET_FRAME, COL_OFFSET, COL_DURATION, COL_MODS,
 COL_COMMENT) = range(len(COLUMNS))  # fmt: skip
_NUMERIC_COLUMNS = {COL_ONSET, COL_ONSET_FRAME, COL_OFFSET, COL_DURATION}
_RUNNING_SORT = float("inf")  # running states sort after every finished offset
INCREMENTAL_LIMIT = 500  # more changed rows than this: a model reset is cheaper


@total_ordering
class _Descending:
    """Wraps a sort key so that bisect (ascending only) works on a descending list."""

    __slots__ = ("key",)

    def __init__(self, key: Any) -> None:
        self.key = key

    def __lt__(self, other: _Descending) -> bool:
        return bool(other.key < self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Descending) and bool(self.key == other.key)

    __hash__ = None  # type: ignore[assignment]


class EventTableModel(QAbstractTableModel):
    """Read-only table of a coding's events, kept sorted by ``sort(column, order)``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events: list[Event] = []
        self._row_of: dict[str, int] = {}
        self._codebook: Codebook | None = None
        self._subject_of: dict[str, str] = {}
        self._icons: dict[str, Any] = {}
        self._sort_column = COL_ONSET
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- data in -----------------------------------------------------------------------
    def set_codebook(self, codebook: Codebook | None) -> None:
        self.beginResetModel()
        self._codebook = codebook
        self._icons.clear()
        self._subject_of = {}
        if codebook is not None:
            subject_names = {s.id: s.name for s in codebook.subjects}
            for group in codebook.groups:
                for code in group.codes:
                    self._subject_of[code.id] = subject_names.get(group.subject, group.subject)
        self._events.sort(key=self._key_function(), reverse=self._descending())
        self._reindex()
        self.endResetModel()

    def set_events(self, events: Sequence[Event]) -> None:
        """Show *events*: small differences update rows in place, large ones reset."""
        incoming = {e.id: e for e in events}
        if self._events and abs(len(incoming) - len(self._events)) <= INCREMENTAL_LIMIT:
            removed = [e for e in self._events if e.id not in incoming]
            added = [e for e in incoming.values() if e.id not in self._row_of]
            updated = [
                (old, new)
                for old in self._events
                if (new := incoming.get(old.id)) is not None and new is not old and new != old
            ]
            if len(removed) + len(added) + len(updated) <= INCREMENTAL_LIMIT:
                self._remove(removed)
                self._update([new for _old, new in updated])
                self._insert(added)
                return
        self.beginResetModel()
        self._events = sorted(
            incoming.values(), key=self._key_function(), reverse=self._descending()
        )
        self._reindex()
        self.endResetModel()

    def apply_changes(self, changes: EventChangeSet) -> None:
        """Update rows for one change set (removed, then updated, then added)."""
        self._remove([e for e in changes.removed if e.id in self._row_of])
        self._update([u.after for u in changes.updated if u.after.id in self._row_of])
        self._insert([e for e in changes.added if e.id not in self._row_of])

    # -- sorting -----------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        anchors = [(self._events[i.row()].id, i.column()) for i in persistent]
        self._events.sort(key=self._key_function(), reverse=self._descending())
        self._reindex()
        self.changePersistentIndexList(
            persistent, [self.index(self._row_of[eid], col) for eid, col in anchors]
        )
        self.layoutChanged.emit()

    def sort_column(self) -> int:
        return self._sort_column

    def _descending(self) -> bool:
        return self._sort_order == Qt.SortOrder.DescendingOrder

    def _key_function(self) -> Callable[[Event], Any]:
        column = self._sort_column

        def key(event: Event) -> Any:
            # Ties fall back to the time line order, then the id: a stable, total order.
            return (self._sort_key(event, column), event.onset_frame, event.id)

        return key

    def _position_for(self, event: Event) -> int:
        key = self._key_function()
        if self._descending():
            return bisect.bisect_left(
                self._events, _Descending(key(event)), key=lambda e: _Descending(key(e))
            )
        return bisect.bisect_left(self._events, key(event), key=key)

    # -- incremental updates -----------------------------------------------------------
    def _remove(self, events: Sequence[Event]) -> None:
        for event in events:
            row = self._row_of[event.id]
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._events[row]
            del self._row_of[event.id]
            self._reindex(row)
            self.endRemoveRows()

    def _insert(self, events: Sequence[Event]) -> None:
        for event in events:
            row = self._position_for(event)
            self.beginInsertRows(QModelIndex(), row, row)
            self._events.insert(row, event)
            self._reindex(row)
            self.endInsertRows()

    def _update(self, events: Sequence[Event]) -> None:
        for event in events:
            row = self._row_of[event.id]
            old = self._events.pop(row)
            target = self._position_for(event)  # position in the list without the row
            self._events.insert(row, old)
            if target == row:
                self._events[row] = event
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                continue
            # A changed onset (or sorted value) moves the row; moving keeps the selection.
            destination = target if target < row else target + 1
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
            del self._events[row]
            self._events.insert(target, event)
            self._reindex(min(row, target))
            self.endMoveRows()

    def _reindex(self, start: int | None = None) -> None:
        """Row numbers of every event, or of those from *start* on (after an edit there)."""
        if start is None:
            self._row_of = {e.id: i for i, e in enumerate(self._events)}
            return
        for i in range(start, len(self._events)):
            self._row_of[self._events[i].id] = i

    # -- look-ups ----------------------------------------------------------------------
    def event_at(self, row: int) -> Event:
        return self._events[row]

    def row_of(self, event_id: str) -> int | None:
        return self._row_of.get(event_id)

    def events(self) -> list[Event]:
        """The events in display order."""
        return list(self._events)

    def subject_of(self, code_id: str) -> str:
        return self._subject_of.get(code_id, "")

    # -- Qt model interface ------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid():
            return None
        event = self._events[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(event, column)
        if role == SORT_ROLE:
            return self._sort_key(event, column)
        if role == EVENT_ID_ROLE:
            return event.id
        if role == CODE_ID_ROLE:
            return event.code_id
        if role == SUBJECT_ROLE:
            return self._subject_of.get(event.code_id, "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_CODE:
            return self._icon(event.code_id)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_COMMENT and event.comment:
            return event.comment
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_MODS and event.modifiers:
            # the column is often cut by the dock: every value in full, one per line
            return self._display(event, column).replace("; ", "\n")
        foreground = role == Qt.ItemDataRole.ForegroundRole and column == COL_CODE
        if foreground and self._unknown(event):
            return QColor(ALERT_COLOR)  # a code missing from this codebook version
        return None

    def _unknown(self, event: Event) -> bool:
        return self._codebook is not None and not self._codebook.has_code(event.code_id)

    def _code_name(self, code_id: str) -> str:
        if self._codebook is not None and self._codebook.has_code(code_id):
            return self._codebook.code(code_id).name
        return code_id

    def _icon(self, code_id: str) -> Any:
        if self._codebook is None or not self._codebook.has_code(code_id):
            return None
        icon = self._icons.get(code_id)
        if icon is None:
            icon = swatch_icon(self._codebook.code(code_id).color, 12)
            self._icons[code_id] = icon
        return icon

    def _display(self, event: Event, column: int) -> str:
        if column == COL_CODE:
            return self._code_name(event.code_id)
        if column == COL_SUBJECT:
            return self._subject_of.get(event.code_id, "")
        if column == COL_ONSET:
            return format_ms(event.onset_ms)
        if column == COL_ONSET_FRAME:
            return str(event.onset_frame)
        if column == COL_OFFSET:
            if event.is_running:
                return "running"
            return "" if event.is_point else format_ms(event.offset_ms)
        if column == COL_DURATION:
            if event.is_point:
                return "point"
            duration = event.duration_ms
            return "" if duration is None else f"{duration / 1000:.3f} s"
        if column == COL_MODS:
            return format_modifiers(event, self._codebook)
        if column == COL_COMMENT:
            return event.comment.replace("\n", " ")
        return ""

    def _sort_key(self, event: Event, column: int) -> Any:
        if column == COL_ONSET:
            return float(event.onset_ms)
        if column == COL_ONSET_FRAME:
            return float(event.onset_frame)
        if column == COL_OFFSET:
            return _RUNNING_SORT if event.offset_ms is None else float(event.offset_ms)
        if column == COL_DURATION:
            if event.is_point:
                return 0.0
            return _RUNNING_SORT if event.duration_ms is None else float(event.duration_ms)
        return self._display(event, column).casefold()


class EventFilterProxy(QSortFilterProxyModel):
    """Keeps rows of one code and/or one subject; sorting is forwarded to the model."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._code_id = ""
        self._subject = ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The proxy itself stays unsorted (sort column -1): its rows follow the model's order.
        model = self.sourceModel()
        if isinstance(model, EventTableModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def set_code_filter(self, code_id: str) -> None:
        self._change_filter(lambda: setattr(self, "_code_id", code_id))

    def set_subject_filter(self, subject: str) -> None:
        self._change_filter(lambda: setattr(self, "_subject", subject))

    def _change_filter(self, change: Callable[[], None]) -> None:
        # Qt 6.9 replaced invalidateFilter() by begin/endFilterChange (the old one warns).
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateFilter()

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self._code_id and not self._subject:
            return True
        model = self.sourceModel()
        assert isinstance(model, EventTableModel)
        code_id = model.event_at(source_row).code_id  # no trip through data()
        if self._code_id and code_id != self._code_id:
            return False
        return not (self._subject and model.subject_of(code_id) != self._subject)
