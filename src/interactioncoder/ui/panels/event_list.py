"""Event list: a sortable, filterable table of one coding's events (fast for 20,000 rows).

Usage::

    panel = EventListPanel()
    panel.set_codebook(codebook)
    panel.set_events(repo.list_events(coding_id))       # resets the model
    panel.apply_changes(change_set)                      # or update rows incrementally
    panel.seekRequested.connect(player.seek_frame)        # int frame (click / Enter)
    panel.deleteRequested.connect(main_window.delete_events)  # tuple[str, ...] event ids
    panel.editRequested.connect(main_window.edit_event)       # str event id (F2 / menu)
    panel.select_event(event_id)

The model holds plain :class:`Event` values and formats cells on demand (no per-row
widgets), so only visible rows cost anything. Times sort numerically via ``SORT_ROLE``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.events import Event, EventChangeSet
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


def format_ms(ms: float | None) -> str:
    """Milliseconds as hh:mm:ss.mmm (negative values keep their sign)."""
    if ms is None:
        return ""
    sign = "-" if ms < 0 else ""
    total = round(abs(ms))
    hours, rest = divmod(total, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{sign}{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def format_modifiers(event: Event, codebook: Codebook | None) -> str:
    """ "Intensity: strong; Count: 3" using names from the codebook where known."""
    if not event.modifiers:
        return ""
    names: dict[str, Any] = {}
    if codebook is not None and codebook.has_code(event.code_id):
        names = {m.id: m for m in codebook.code(event.code_id).modifiers}
    # The codebook's order (the order the popup asked them in), unknown ids last.
    order = {mod_id: i for i, mod_id in enumerate(names)}
    items = sorted(event.modifiers.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    parts = []
    for mod_id, value in items:
        modifier = names.get(mod_id)
        label = modifier.name if modifier is not None else mod_id
        shown = value
        if modifier is not None and isinstance(value, str):
            shown = next((c.name for c in modifier.choices if c.id == value), value)
        elif isinstance(value, float):
            shown = f"{value:g}"
        parts.append(f"{label}: {shown}")
    return "; ".join(parts)


class EventTableModel(QAbstractTableModel):
    """Read-only table model over a coding's events; the codebook supplies names/colours."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events: list[Event] = []
        self._row_of: dict[str, int] = {}
        self._codebook: Codebook | None = None
        self._subject_of: dict[str, str] = {}
        self._icons: dict[str, Any] = {}

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
        self.endResetModel()

    def set_events(self, events: Sequence[Event]) -> None:
        """Replace every row (one model reset)."""
        self.beginResetModel()
        self._events = list(events)
        self._reindex()
        self.endResetModel()

    def apply_changes(self, changes: EventChangeSet) -> None:
        """Update rows for one change set (removed, then updated, then added)."""
        for event in changes.removed:
            row = self._row_of.get(event.id)
            if row is None:
                continue
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._events[row]
            self._reindex()
            self.endRemoveRows()
        for update in changes.updated:
            row = self._row_of.get(update.after.id)
            if row is None:
                continue
            self._events[row] = update.after
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        if changes.added:
            fresh = [e for e in changes.added if e.id not in self._row_of]
            if fresh:
                first = len(self._events)
                self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
                self._events.extend(fresh)
                for offset, event in enumerate(fresh):
                    self._row_of[event.id] = first + offset
                self.endInsertRows()

    def _reindex(self) -> None:
        self._row_of = {e.id: i for i, e in enumerate(self._events)}

    # -- look-ups ----------------------------------------------------------------------
    def event_at(self, row: int) -> Event:
        return self._events[row]

    def row_of(self, event_id: str) -> int | None:
        return self._row_of.get(event_id)

    def events(self) -> list[Event]:
        return list(self._events)

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
        unknown = self._codebook is not None and not self._codebook.has_code(event.code_id)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_CODE and unknown:
            return QColor(ALERT_COLOR)  # a code missing from this codebook version
        return None

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
            duration = event.duration_ms
            if event.is_point:
                return "point"
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
            return _RUNNING_SORT if event.duration_ms is None else float(event.duration_ms)
        return self._display(event, column).casefold()


class EventFilterProxy(QSortFilterProxyModel):
    """Sorts by ``SORT_ROLE`` and keeps rows of one code and/or one subject."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._code_id = ""
        self._subject = ""

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
        index = model.index(source_row, 0, source_parent)
        if self._code_id and index.data(CODE_ID_ROLE) != self._code_id:
            return False
        return not (self._subject and index.data(SUBJECT_ROLE) != self._subject)


class EventListPanel(QWidget):
    """The event table with code/subject filters.

    Signals:
        seekRequested(int): show this master-video frame (click, Enter, double-click).
        deleteRequested(tuple): delete these event ids (Delete key or context menu).
        editRequested(str): edit this event (F2 or context menu).
    """

    seekRequested = Signal(int)  # noqa: N815 (Qt naming)
    deleteRequested = Signal(tuple)  # noqa: N815 (Qt naming)
    editRequested = Signal(str)  # noqa: N815 (Qt naming)

    def __init__(self, codebook: Codebook | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = EventTableModel(self)
        self.proxy = EventFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.code_combo = QComboBox(self)
        self.subject_combo = QComboBox(self)
        self.count_label = QLabel(self)
        self.code_combo.currentIndexChanged.connect(self._on_code_filter)
        self.subject_combo.currentIndexChanged.connect(self._on_subject_filter)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_ONSET, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._size_columns()
        self.table.clicked.connect(self._on_seek)
        self.table.activated.connect(self._on_seek)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.installEventFilter(self)

        filters = QHBoxLayout()
        filters.addWidget(QLabel("Code:", self))
        filters.addWidget(self.code_combo, 2)
        filters.addWidget(QLabel("Subject:", self))
        filters.addWidget(self.subject_combo, 1)
        filters.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.table)

        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self.model.rowsRemoved.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.set_codebook(codebook)

    # -- API ---------------------------------------------------------------------------
    def set_codebook(self, codebook: Codebook | None) -> None:
        self.model.set_codebook(codebook)
        for combo in (self.code_combo, self.subject_combo):
            combo.blockSignals(True)
            combo.clear()
        self.code_combo.addItem("All codes", "")
        self.subject_combo.addItem("All subjects", "")
        if codebook is not None:
            for code in codebook.codes():
                self.code_combo.addItem(swatch_icon(code.color, 12), code.name, code.id)
            subject_names = {s.id: s.name for s in codebook.subjects}
            for subject in dict.fromkeys(g.subject for g in codebook.groups):
                name = subject_names.get(subject, subject)
                self.subject_combo.addItem(name, name)
        for combo in (self.code_combo, self.subject_combo):
            combo.blockSignals(False)
        self.proxy.set_code_filter("")
        self.proxy.set_subject_filter("")
        self._update_count()

    def set_events(self, events: Sequence[Event]) -> None:
        self.model.set_events(events)

    def apply_changes(self, changes: EventChangeSet) -> None:
        self.model.apply_changes(changes)

    def select_event(self, event_id: str) -> bool:
        """Select and scroll to an event; False if unknown or hidden by the filter."""
        row = self.model.row_of(event_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def selected_event_ids(self) -> tuple[str, ...]:
        rows = self.table.selectionModel().selectedRows()
        return tuple(str(r.data(EVENT_ID_ROLE)) for r in sorted(rows, key=lambda i: i.row()))

    # -- internals ---------------------------------------------------------------------
    def _size_columns(self) -> None:
        # Widths from the font (no per-row measuring: 20,000 rows): the wider of the
        # header (plus room for the sort arrow) and a typical value.
        metrics = self.fontMetrics()
        samples = {
            COL_CODE: "Responsive to distress",
            COL_SUBJECT: "Mother",
            COL_ONSET: "00:00:00.000",
            COL_ONSET_FRAME: "000000",
            COL_OFFSET: "00:00:00.000",
            COL_DURATION: "0000.000 s",
            COL_MODS: "Intensity: strong",
        }
        for column, sample in samples.items():
            header_width = metrics.horizontalAdvance(COLUMNS[column]) + 28
            value_width = metrics.horizontalAdvance(sample) + (32 if column == COL_CODE else 14)
            self.table.setColumnWidth(column, max(header_width, value_width))

    def _on_seek(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        event = self.model.event_at(self.proxy.mapToSource(index).row())
        self.seekRequested.emit(event.onset_frame)

    def _on_code_filter(self, _index: int) -> None:
        self.proxy.set_code_filter(str(self.code_combo.currentData() or ""))
        self._update_count()

    def _on_subject_filter(self, _index: int) -> None:
        self.proxy.set_subject_filter(str(self.subject_combo.currentData() or ""))
        self._update_count()

    def _update_count(self, *_args: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"{shown} of {total}" if shown != total else f"{total} events")

    def _request_delete(self) -> None:
        ids = self.selected_event_ids()
        if ids:
            self.deleteRequested.emit(ids)

    def _request_edit(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.editRequested.emit(str(index.data(EVENT_ID_ROLE)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Take Delete/F2 before window shortcuts do (the main window binds Del to other
        # things): accepting the ShortcutOverride delivers the key press to the table.
        if watched is self.table and event.type() in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
        ):
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_F2):
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()
                    return True
                if key == Qt.Key.Key_F2:
                    self._request_edit()
                else:
                    self._request_delete()
                return True
        return super().eventFilter(watched, event)

    def _context_menu(self, pos: Any) -> None:
        if not self.table.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        edit = QAction("Edit event…", menu)
        edit.setShortcut(QKeySequence(Qt.Key.Key_F2))
        edit.triggered.connect(self._request_edit)
        delete = QAction(f"Delete {len(self.selected_event_ids())} event(s)", menu)
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.triggered.connect(self._request_delete)
        menu.addAction(edit)
        menu.addAction(delete)
        menu.popup(self.table.viewport().mapToGlobal(pos))
