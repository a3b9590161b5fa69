"""The PI's study board: sessions × coders with status and progress, and the PI's actions.

Each cell is one coder's coding of one session: role, status and number of events
(``workflow.study_board``). From here a PI draws the reliability share, assigns a coder
to a session, reopens a done coding, opens a session, opens the reliability report and
saves it as HTML or CSV. Every write and the report run through the operation runner
(``ui.operations``): off the GUI thread, cancellable, a refusal in a message box.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.project import Coder
from interactioncoder.exchange.reliability_data import NoPairedSessionsError
from interactioncoder.storage import ProjectRepository
from interactioncoder.storage.errors import StorageError
from interactioncoder.ui.dialogs.draw_share_dialog import DrawShareDialog
from interactioncoder.ui.operations import (
    CancelToken,
    Operation,
    OperationHandle,
    ProgressCallback,
    run_operation,
)
from interactioncoder.ui.theme import STATUS_COLORS, text_color_for
from interactioncoder.workflow.changes import Changes
from interactioncoder.workflow.sampling import SampleDraw, store_sample
from interactioncoder.workflow.study_board import (
    Board,
    BoardError,
    assign_coder,
    build_board,
    reopen_coding,
    save_report,
)

T = TypeVar("T")
SESSION_ROLE = Qt.ItemDataRole.UserRole + 1
CODING_ROLE = Qt.ItemDataRole.UserRole + 2
FIRST = 2  # the first coder's column (after session and progress)
EXPECTED = (BoardError, StorageError, ValueError, KeyError, NoPairedSessionsError, OSError)


class StudyBoard(QDialog):
    """Sessions × coders. Signals: sessionOpenRequested(int), reportRequested(), changed()."""

    sessionOpenRequested = Signal(int)  # noqa: N815 (Qt naming)
    reportRequested = Signal()  # noqa: N815
    changed = Signal()

    def __init__(self, repo: ProjectRepository, viewer: Coder, parent: QWidget | None = None):
        super().__init__(parent)
        self.repo, self.viewer = repo, viewer
        self.board: Board | None = None
        self.handle: OperationHandle[object] | None = None
        self.dialog: QDialog | None = None
        self.setWindowTitle(f"Study board — {repo.project_name}")
        self.resize(980, 560)
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.cellDoubleClicked.connect(lambda r, _c: self.open_selected(r))
        self.table.currentCellChanged.connect(lambda *_: self._update_buttons())
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, slot in (
            ("open", "Open session", lambda: self.open_selected(self.table.currentRow())),
            ("assign", "Assign coder…", self.ask_assign),
            ("reopen", "Reopen coding", self.reopen_selected),
            ("draw", "Draw reliability share…", self.ask_draw),
            ("report", "Reliability report…", self.reportRequested.emit),
            ("save", "Save report…", self.ask_save_report),
        ):
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, s=slot: s())
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.refresh()

    # -- showing the board ----------------------------------------------------------
    def refresh(self) -> None:
        board = build_board(self.repo, self.viewer)
        self.board = board
        self.table.clear()
        self.table.setRowCount(len(board.rows))
        self.table.setColumnCount(FIRST + len(board.coders))
        coders = [c.name + (" (PI)" if c.is_pi else "") for c in board.coders]
        headers = ["Session", "Progress", *coders]
        self.table.setHorizontalHeaderLabels(headers)
        for r, row in enumerate(board.rows):
            name = QTableWidgetItem(row.label)
            name.setData(SESSION_ROLE, row.session_id)
            self.table.setItem(r, 0, name)
            progress = QTableWidgetItem(row.progress)
            progress.setData(SESSION_ROLE, row.session_id)
            self.table.setItem(r, 1, progress)
            for c, coder in enumerate(board.coders, start=FIRST):
                cells = row.cells.get(coder.id, ())
                item = QTableWidgetItem(" / ".join(cell.text for cell in cells) or "—")
                item.setData(SESSION_ROLE, row.session_id)
                if cells:
                    item.setData(CODING_ROLE, cells[0].coding.id)
                    color = STATUS_COLORS.get(cells[0].coding.status.value, "#9e9e9e")
                    item.setBackground(QBrush(QColor(color)))
                    item.setForeground(QBrush(QColor(text_color_for(color))))
                    item.setToolTip(f"{coder.name} on {row.label}: {item.text()}")
                else:
                    item.setToolTip(f"{coder.name} has no coding of {row.label}")
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in range(FIRST, self.table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.summary.setText(
            "  ·  ".join(f"{c.name}: {board.totals[c.id].text}" for c in board.coders)
            or "No coders yet."
        )
        if not board.rows:
            self.message.setText("No sessions yet: File ▸ Study ▸ Add sessions…")
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_session = self.selected_session() is not None
        self.buttons["open"].setEnabled(has_session)
        self.buttons["assign"].setEnabled(has_session)
        self.buttons["reopen"].setEnabled(self.selected_coding() is not None)

    def selected_session(self) -> int | None:
        item = self.table.currentItem()
        value = item.data(SESSION_ROLE) if item is not None else None
        return None if value is None else int(value)

    def selected_coding(self) -> int | None:
        item = self.table.currentItem()
        value = item.data(CODING_ROLE) if item is not None else None
        return None if value is None else int(value)

    def select(self, session_id: int, coder_id: int | None = None) -> None:
        """Make a cell current (the session's name, or the coder's cell)."""
        assert self.board is not None
        row = next(i for i, r in enumerate(self.board.rows) if r.session_id == session_id)
        column = 0
        if coder_id is not None:
            column = FIRST + next(i for i, c in enumerate(self.board.coders) if c.id == coder_id)
        self.table.setCurrentCell(row, column)

    def open_selected(self, row: int) -> None:
        item = self.table.item(row, 0) if row >= 0 else None
        if item is not None:
            self.sessionOpenRequested.emit(int(item.data(SESSION_ROLE)))

    # -- actions ----------------------------------------------------------------------
    def _run(
        self, title: str, work: Callable[[], T], done: str, changes: Changes
    ) -> OperationHandle[T]:
        def job(_progress: ProgressCallback, _cancel: CancelToken) -> T:
            return work()

        def succeeded(_result: T) -> None:
            self.message.setText(done)
            self.refresh()
            self.changed.emit()

        op = Operation(title, job, on_success=succeeded, changes=changes, expected=EXPECTED)
        handle = run_operation(self, op)
        self.handle = handle  # type: ignore[assignment]
        return handle

    def assign(self, session_id: int, coder_id: int) -> OperationHandle[object]:
        coder = self.repo.get_coder(coder_id)
        return self._run(
            "Assigning a coder",
            lambda: assign_coder(self.repo, session_id, coder),
            f"{coder.name} now has a coding of {self._label(session_id)}.",
            Changes(codings=True),
        )

    def ask_assign(self) -> None:
        session_id = self.selected_session()
        if session_id is None or self.board is None:
            return
        row = self.board.row(session_id)
        free = [c for c in self.board.coders if c.id not in row.cells]
        if not free:
            self.message.setText(f"Every coder has a coding of {row.label}.")
            return
        names = [c.name for c in free]
        name, ok = QInputDialog.getItem(
            self, "Assign coder", f"Who codes {row.label}?", names, 0, False
        )
        if ok:
            self.assign(session_id, free[names.index(name)].id)

    def reopen(self, coding_id: int) -> OperationHandle[object]:
        return self._run(
            "Reopening the coding",
            lambda: reopen_coding(self.repo, coding_id),
            "Reopened: the coding is in progress again.",
            Changes(codings=True),
        )

    def reopen_selected(self) -> None:
        coding_id = self.selected_coding()
        if coding_id is not None:
            self.reopen(coding_id)

    def store_draw(self, draw: SampleDraw) -> OperationHandle[object]:
        n = len(draw.draw.selected)
        return self._run(
            "Storing the reliability share",
            lambda: store_sample(self.repo, draw),
            f"{draw.coder.name} double-codes {n} session(s) (seed {draw.seed}).",
            Changes(codings=True),
        )

    def draw_dialog(self) -> DrawShareDialog:
        assert self.board is not None
        labels = {r.session_id: r.label for r in self.board.rows}
        dialog = DrawShareDialog(self.repo, list(self.board.coders), labels, self)
        self.dialog = dialog
        return dialog

    def ask_draw(self) -> None:
        dialog = self.draw_dialog()

        def done(result: int) -> None:
            if result == QDialog.DialogCode.Accepted and dialog.draw is not None:
                self.store_draw(dialog.draw)

        dialog.finished.connect(done)
        dialog.open()

    def save_report(self, path: str) -> OperationHandle[Path]:
        repo = self.repo

        def job(progress: ProgressCallback, _cancel: CancelToken) -> Path:
            return save_report(repo, path, progress=progress)

        def succeeded(written: Path) -> None:
            self.message.setText(f"Saved the reliability report: {written}")

        op = Operation("Reliability report", job, on_success=succeeded, expected=EXPECTED)
        handle = run_operation(self, op)
        self.handle = handle  # type: ignore[assignment]
        return handle

    def ask_save_report(self) -> None:
        start = str(Path(self.repo.location).with_suffix("")) + "-reliability.html"
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the reliability report", start, "HTML (*.html);;CSV (*.csv)"
        )
        if path:
            self.save_report(path)

    def _label(self, session_id: int) -> str:
        if self.board is None:
            return str(session_id)
        return self.board.row(session_id).label
