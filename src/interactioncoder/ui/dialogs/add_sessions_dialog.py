"""Add sessions: drop videos (or pick a folder), check the grouping, edit, add.

Files are grouped into sessions by a name pattern (``workflow.session_setup``); each row
is one camera and can be edited (dyad, session, visit, infant age, camera, master,
offset). Adding probes every file in the background with progress per file; a file that
cannot be read is named in the report and skipped, the rest are added.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.dialogs.progress import CancelToken, ProgressCallback, run_with_progress
from interactioncoder.workflow.session_setup import (
    DEFAULT_PATTERN,
    VIDEO_SUFFIXES,
    AddReport,
    CameraPlan,
    PatternError,
    SessionPlan,
    add_sessions,
    group_files,
    plan_problems,
    video_files,
)

COLUMNS = ("File", "Dyad", "Session", "Visit", "Age (days)", "Camera", "Master", "Offset (ms)")
FILE, DYAD, SESSION, VISIT, AGE, CAMERA, MASTER, OFFSET = range(len(COLUMNS))
PATH_ROLE = Qt.ItemDataRole.UserRole


class AddSessionsDialog(QDialog):
    sessionsAdded = Signal(object)  # noqa: N815 - the AddReport, once sessions are stored

    def __init__(self, repo: ProjectRepository, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.files: list[Path] = []
        self.report: AddReport | None = None
        self.operation: object | None = None
        self.setWindowTitle("Add sessions")
        self.setMinimumSize(820, 480)
        self.setAcceptDrops(True)
        self._build()
        self._refresh_problems()

    def _build(self) -> None:
        hint = QLabel(
            "Drop video files or a folder here, or use the buttons. Files are grouped into "
            "sessions by their names; edit any cell before adding."
        )
        hint.setWordWrap(True)
        add_files = QPushButton("Add files…")
        add_files.clicked.connect(self._pick_files)
        add_folder = QPushButton("Add folder…")
        add_folder.clicked.connect(self._pick_folder)
        clear = QPushButton("Clear")
        clear.clicked.connect(self.clear)
        self.pattern_edit = QLineEdit(DEFAULT_PATTERN)
        self.pattern_edit.setToolTip(
            "{dyad}, {camera}, {visit}, {session} and * in the file name (without suffix), "
            "e.g. {dyad}_{visit}_{camera} for D017_t1_mother.mp4"
        )
        self.pattern_edit.textChanged.connect(self.regroup)
        top = QHBoxLayout()
        for w in (add_files, add_folder, clear):
            top.addWidget(w)
        top.addSpacing(24)
        top.addWidget(QLabel("Name pattern:"))
        self.pattern_edit.setMinimumWidth(240)  # the whole pattern readable
        top.addWidget(self.pattern_edit, 1)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FILE, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.itemChanged.connect(self._refresh_problems)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #b00020;")
        self.report_view = QPlainTextEdit()
        self.report_view.setReadOnly(True)
        self.report_view.setMaximumHeight(100)
        self.report_view.setPlaceholderText("What was added (and what was skipped) shows here.")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.add_button = self.buttons.addButton(
            "Add sessions", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.add_button.clicked.connect(self.start_adding)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.report_view)
        layout.addWidget(self.buttons)

    # -- files in -------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.add_paths(paths)
        event.acceptProposedAction()

    def _pick_files(self) -> None:
        suffixes = " ".join(f"*{s}" for s in sorted(VIDEO_SUFFIXES))
        paths, _ = QFileDialog.getOpenFileNames(self, "Videos", "", f"Videos ({suffixes})")
        self.add_paths([Path(p) for p in paths])

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder with videos")
        if folder:
            self.add_paths([Path(folder)])

    def add_paths(self, paths: list[Path]) -> None:
        found = video_files(paths)
        self.files = list(dict.fromkeys([*self.files, *found]))
        self.regroup()

    def clear(self) -> None:
        self.files = []
        self.regroup()

    # -- grouping and editing -------------------------------------------------------
    def regroup(self) -> None:
        try:
            grouping = group_files(self.files, self.pattern_edit.text())
        except PatternError as exc:
            self.problems_label.setText(str(exc))
            self.add_button.setEnabled(False)
            return
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for plan in grouping.sessions:
            for cam in plan.cameras:
                self._add_row(cam.path, plan.dyad, plan.name, plan.visit, cam)
        for path in grouping.unmatched:
            self._add_row(path, "", path.stem, "", CameraPlan(path, path.stem, is_master=True))
        self.table.blockSignals(False)
        self._refresh_problems()

    def _add_row(self, path: Path, dyad: str, name: str, visit: str, cam: CameraPlan) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        file_item = QTableWidgetItem(path.name)
        file_item.setData(PATH_ROLE, str(path))
        file_item.setToolTip(str(path))
        file_item.setFlags(file_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, FILE, file_item)
        for column, text in (
            (DYAD, dyad),
            (SESSION, name),
            (VISIT, visit),
            (AGE, ""),
            (CAMERA, cam.camera),
            (OFFSET, f"{cam.offset_ms:g}"),
        ):
            self.table.setItem(row, column, QTableWidgetItem(text))
        master = QTableWidgetItem()
        master.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        master.setCheckState(Qt.CheckState.Checked if cam.is_master else Qt.CheckState.Unchecked)
        self.table.setItem(row, MASTER, master)

    def cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def set_cell(self, row: int, column: int, text: str) -> None:
        item = self.table.item(row, column)
        if item is not None:
            item.setText(text)

    def plans(self) -> tuple[list[SessionPlan], list[str]]:
        """The sessions the table describes, and problems with its cells."""
        problems: list[str] = []
        groups: dict[tuple[str, str], list[int]] = {}
        for row in range(self.table.rowCount()):
            groups.setdefault((self.cell(row, DYAD), self.cell(row, SESSION)), []).append(row)
        plans = []
        for (dyad, name), rows in groups.items():
            cameras = []
            for row in rows:
                offset = _float(self.cell(row, OFFSET) or "0")
                if offset is None:
                    problems.append(f"{self.cell(row, FILE)}: the offset must be milliseconds")
                path_item = self.table.item(row, FILE)
                path = Path(str(path_item.data(PATH_ROLE))) if path_item else Path()
                master_item = self.table.item(row, MASTER)
                is_master = (
                    master_item is not None and master_item.checkState() == Qt.CheckState.Checked
                )
                cameras.append(CameraPlan(path, self.cell(row, CAMERA), offset or 0.0, is_master))
            age_text = next((self.cell(r, AGE) for r in rows if self.cell(r, AGE)), "")
            age = _int(age_text) if age_text else None
            if age_text and age is None:
                problems.append(f"{dyad} / {name}: the age must be whole days")
            visit = next((self.cell(r, VISIT) for r in rows if self.cell(r, VISIT)), "")
            plans.append(SessionPlan(dyad, name, tuple(cameras), visit, age))
        for plan in plans:
            problems.extend(plan_problems(plan))
        return plans, problems

    def _refresh_problems(self) -> None:
        plans, problems = self.plans()
        self.problems_label.setText("\n".join(problems))
        self.add_button.setEnabled(bool(plans) and not problems and self.operation is None)

    # -- adding ---------------------------------------------------------------------
    def start_adding(self) -> None:
        plans, problems = self.plans()
        if problems or not plans:
            return
        repo = self.repo

        def work(progress: ProgressCallback, cancel: CancelToken) -> AddReport:
            return add_sessions(repo, plans, progress=progress)

        self.add_button.setEnabled(False)
        op = run_with_progress(self, "Adding sessions", work)
        op.succeeded.connect(self._added)
        op.failed.connect(self._failed)
        op.cancelled.connect(self._cancelled)
        self.operation = op

    def _added(self, report: object) -> None:
        assert isinstance(report, AddReport)
        self.report = report
        self.operation = None
        self.sessionsAdded.emit(report)
        self.report_view.setPlainText(report.summary())
        stored = {str(c.path) for p, _ in report.failed_sessions for c in p.cameras}
        stored |= {str(p) for p, _ in report.skipped_files}
        self.files = [f for f in self.files if str(f) in stored]
        self.regroup()

    def _failed(self, message: str, exc: object) -> None:
        self.operation = None
        reason = str(exc) if isinstance(exc, BaseException) else message
        self.report_view.setPlainText(f"Nothing more was added: {reason}")
        self._refresh_problems()

    def _cancelled(self) -> None:
        self.operation = None
        self.report_view.setPlainText("Cancelled; sessions already stored stay in the project.")
        self._refresh_problems()


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None
