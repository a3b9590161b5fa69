"""Project browser: dyads and their sessions, with each coder's coding status as a badge.

Usage::

    browser = ProjectBrowser()
    browser.set_data(dyads, sessions, codings, coders, current_coder_id=3, blind=True)
    browser.sessionActivated.connect(main_window.open_session)   # int session_id

In blind mode a coder who is not a PI sees only their own status column, so a reliability
coder cannot tell how far (or whether) the primary coder has got. PIs always see everyone.
Activating a session row (double-click or Enter) emits ``sessionActivated(session_id)``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.project import Coder, Coding, CodingRole, CodingStatus, Dyad, Session
from interactioncoder.ui.theme import STATUS_COLORS, text_color_for
from interactioncoder.workflow.visibility import visible_coders

SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2  # CodingStatus value drawn as a badge

STATUS_TEXT = {
    CodingStatus.NOT_STARTED: "not started",
    CodingStatus.IN_PROGRESS: "in progress",
    CodingStatus.DONE: "done",
}
_STATUS_ORDER = {CodingStatus.NOT_STARTED: 0, CodingStatus.IN_PROGRESS: 1, CodingStatus.DONE: 2}
_ROLE_SHORT = {CodingRole.RELIABILITY: "rel.", CodingRole.CONSENSUS: "cons."}
_FIXED_COLUMNS = ("Dyad / session", "Visit", "Infant age")


def format_age(days: int | None) -> str:
    """Infant age as days with whole weeks ("112 d (16 wk)")."""
    if days is None:
        return ""
    weeks, rest = divmod(days, 7)
    return f"{days} d ({weeks} wk {rest} d)" if rest else f"{days} d ({weeks} wk)"


def coder_status(codings: Sequence[Coding]) -> tuple[CodingStatus, str] | None:
    """One coder's status on one session: the least advanced of their codings.

    A coder can hold a primary and a reliability coding of the same session; the session
    is only "done" for them when all of theirs are. The text names a non-primary role.
    """
    if not codings:
        return None
    worst = min(codings, key=lambda c: _STATUS_ORDER[c.status])
    text = STATUS_TEXT[worst.status]
    roles = sorted({c.role for c in codings if c.role is not CodingRole.PRIMARY})
    if roles:
        text += " (" + ", ".join(_ROLE_SHORT[r] for r in roles) + ")"
    return worst.status, text


class StatusBadgeDelegate(QStyledItemDelegate):
    """Draws a status cell as a rounded coloured badge with readable text."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        status = index.data(STATUS_ROLE)
        if not status:
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget else None
        if style is not None and option.state & QStyle.StateFlag.State_Selected:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
            )
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        color = STATUS_COLORS.get(str(status), "#9e9e9e")
        metrics = option.fontMetrics
        width = min(option.rect.width() - 6, metrics.horizontalAdvance(text) + 14)
        height = min(option.rect.height() - 4, metrics.height() + 4)
        badge = QRect(
            option.rect.left() + 3,
            option.rect.top() + (option.rect.height() - height) // 2,
            width,
            height,
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        painter.drawRoundedRect(badge, 4, 4)
        painter.setPen(QColor(text_color_for(color)))
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, badge.width() - 8)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, elided)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 16, max(hint.height(), option.fontMetrics.height() + 8))


class ProjectBrowser(QWidget):
    """Tree of dyads -> sessions with per-coder status badges and a filter box.

    Signals:
        sessionActivated(int): the user opened a session (double-click / Enter).
    """

    sessionActivated = Signal(int)  # noqa: N815 (Qt naming)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = QStandardItemModel(self)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self._model)
        self._proxy.setRecursiveFilteringEnabled(True)
        self._proxy.setAutoAcceptChildRows(True)  # a matching dyad shows all its sessions
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._proxy.setFilterKeyColumn(-1)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter dyads, sessions, visits…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter)

        self.view = QTreeView(self)
        self.view.setModel(self._proxy)
        self.view.setAlternatingRowColors(True)
        self.view.setUniformRowHeights(True)
        self.view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.view.setItemDelegate(StatusBadgeDelegate(self.view))
        self.view.activated.connect(self._on_activated)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view)
        self._coder_columns: list[Coder] = []
        self._session_items: dict[int, QStandardItem] = {}
        self._data: tuple[list[Dyad], list[Session], list[Coding], list[Coder]] | None = None
        self._current: int | None = None
        self._blind = True

    # -- data --------------------------------------------------------------------------
    def set_data(
        self,
        dyads: Sequence[Dyad],
        sessions: Sequence[Session],
        codings: Sequence[Coding],
        coders: Sequence[Coder],
        current_coder_id: int | None,
        blind: bool,
    ) -> None:
        """Show the project. *blind*: a non-PI current coder sees only their own status."""
        self._data = (list(dyads), list(sessions), list(codings), list(coders))
        self._current, self._blind = current_coder_id, blind
        current = next((c for c in coders if c.id == current_coder_id), None)
        visible = visible_coders(current, coders, blind=blind)
        self._coder_columns = visible

        by_session_coder: dict[tuple[int, int], list[Coding]] = defaultdict(list)
        for coding in codings:
            by_session_coder[(coding.session_id, coding.coder_id)].append(coding)
        sessions_of: dict[int, list[Session]] = defaultdict(list)
        for s in sessions:
            sessions_of[s.dyad_id].append(s)

        selected = self.selected_session_id()  # kept across refreshes (status changes)
        self._model.clear()
        self._session_items.clear()
        headers = [*_FIXED_COLUMNS, *(self._coder_header(c, current_coder_id) for c in visible)]
        self._model.setHorizontalHeaderLabels(headers)
        for dyad in sorted(dyads, key=lambda d: d.label):
            dyad_sessions = sessions_of.get(dyad.id, [])
            dyad_item = _item(dyad.label)
            dyad_item.setToolTip(dyad.notes or dyad.label)
            font = dyad_item.font()
            font.setBold(True)
            dyad_item.setFont(font)
            count = _item(f"{len(dyad_sessions)} session{'s' if len(dyad_sessions) != 1 else ''}")
            row = [dyad_item, count, _item("")]
            row += [self._dyad_progress(dyad_sessions, c, by_session_coder) for c in visible]
            self._model.appendRow(row)
            for session in sorted(dyad_sessions, key=lambda s: (s.visit, s.name)):
                name = _item(session.name)
                name.setData(session.id, SESSION_ID_ROLE)
                if session.notes:
                    name.setToolTip(session.notes)
                cells = [name, _item(session.visit), _item(format_age(session.infant_age_days))]
                for coder in visible:
                    status = coder_status(by_session_coder.get((session.id, coder.id), []))
                    cell = _item("" if status is None else status[1])
                    if status is not None:
                        cell.setData(status[0].value, STATUS_ROLE)
                        cell.setToolTip(f"{coder.name}: {_long_status(status[1])}")
                    cells.append(cell)
                for cell in cells[1:]:
                    cell.setData(session.id, SESSION_ID_ROLE)
                dyad_item.appendRow(cells)
                self._session_items[session.id] = name
        self.view.expandAll()
        for column in range(self._model.columnCount()):
            self.view.resizeColumnToContents(column)
        # the statuses right after the names, visit and age after them: a narrow dock cuts
        # those rather than the status a coder opens the browser for
        header = self.view.header()
        for offset in range(len(visible)):
            column = len(_FIXED_COLUMNS) + offset
            header.moveSection(header.visualIndex(column), 1 + offset)
        if selected is not None:
            self.select_session(selected)

    def update_coding(self, coding: object) -> bool:
        """Show a coding's new status (after an edit, marking done or reopening) without
        reading the project again; True if anything shown changed."""
        if not isinstance(coding, Coding) or self._data is None:
            return False
        dyads, sessions, codings, coders = self._data
        old = next((c for c in codings if c.id == coding.id), None)
        if old is not None and old.status == coding.status and old.role == coding.role:
            return False
        codings = [coding if c.id == coding.id else c for c in codings]
        if old is None:
            codings.append(coding)
        self.set_data(dyads, sessions, codings, coders, self._current, self._blind)
        return True

    def selected_session_id(self) -> int | None:
        """The session of the current row (None for a dyad row or nothing)."""
        value = self.view.currentIndex().data(SESSION_ID_ROLE)
        return None if value is None else int(value)

    def visible_coders(self) -> list[Coder]:
        """The coders whose status columns are shown (after blinding)."""
        return list(self._coder_columns)

    def select_session(self, session_id: int) -> bool:
        """Select (without activating) a session's row; False if it is unknown or hidden."""
        item = self._session_items.get(session_id)
        if item is None:
            return False
        index = self._proxy.mapFromSource(item.index())
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    # -- internals ---------------------------------------------------------------------
    @staticmethod
    def _coder_header(coder: Coder, current_coder_id: int | None) -> str:
        name = coder.name + (" (PI)" if coder.is_pi else "")
        return f"{name} – you" if coder.id == current_coder_id else name

    @staticmethod
    def _dyad_progress(
        sessions: Sequence[Session],
        coder: Coder,
        by_session_coder: dict[tuple[int, int], list[Coding]],
    ) -> QStandardItem:
        statuses = [coder_status(by_session_coder.get((s.id, coder.id), [])) for s in sessions]
        assigned = [s for s in statuses if s is not None]
        done = sum(1 for s in assigned if s[0] is CodingStatus.DONE)
        return _item(f"{done}/{len(assigned)} done" if assigned else "")

    def _on_filter(self, text: str) -> None:
        self._proxy.setFilterFixedString(text.strip())
        self.view.expandAll()

    def _on_activated(self, index: QModelIndex) -> None:
        session_id = index.data(SESSION_ID_ROLE)
        if session_id is not None:
            self.sessionActivated.emit(int(session_id))


def _long_status(text: str) -> str:
    return text.replace("(rel.", "(reliability").replace("cons.", "consensus")


def _item(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    return item
