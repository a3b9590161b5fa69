"""Event list: a sortable, filterable table of one coding's events (fast for 20,000 rows).

Usage::

    panel = EventListPanel(codebook)
    panel.set_events(controller.events)            # few differences: rows update in place
    panel.apply_changes(change_set)                # or give the change set directly
    panel.seekRequested.connect(controller.seek)   # int frame (click / Enter)
    panel.deleteRequested.connect(controller.delete)   # tuple[str, ...] event ids (Del)
    panel.editRequested.connect(controller.edit_event) # str event id (F2 / menu)
    panel.select_event(event_id)

The model (:mod:`.event_table_model`) holds plain :class:`Event` values and formats cells on
demand (no per-row widgets), so only visible rows cost anything; it sorts itself with
Python keys (times and frames numerically), the proxy only filters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
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
from interactioncoder.ui.panels.event_format import format_modifiers, format_ms
from interactioncoder.ui.panels.event_table_model import (
    CODE_ID_ROLE,
    COL_CODE,
    COL_COMMENT,
    COL_DURATION,
    COL_MODS,
    COL_OFFSET,
    COL_ONSET,
    COL_ONSET_FRAME,
    COL_SUBJECT,
    COLUMNS,
    EVENT_ID_ROLE,
    SORT_ROLE,
    SUBJECT_ROLE,
    EventFilterProxy,
    EventTableModel,
)
from interactioncoder.ui.theme import swatch_icon

__all__ = [
    "CODE_ID_ROLE",
    "COLUMNS",
    "COL_CODE",
    "COL_COMMENT",
    "COL_DURATION",
    "COL_MODS",
    "COL_OFFSET",
    "COL_ONSET",
    "COL_ONSET_FRAME",
    "COL_SUBJECT",
    "EVENT_ID_ROLE",
    "SORT_ROLE",
    "SUBJECT_ROLE",
    "EventFilterProxy",
    "EventListPanel",
    "EventTableModel",
    "format_modifiers",
    "format_ms",
]


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
        # What a coder scans first comes first: code, frame, time; the subject (the code's
        # group says it) after the times, so a narrow dock cuts a less needed column.
        for visual, column in enumerate((COL_CODE, COL_ONSET_FRAME, COL_ONSET)):
            header.moveSection(header.visualIndex(column), visual)
        header.moveSection(header.visualIndex(COL_SUBJECT), header.visualIndex(COL_DURATION))
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
