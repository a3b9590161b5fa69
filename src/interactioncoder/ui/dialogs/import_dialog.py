"""File ▸ Import: pick a BORIS / ELAN / Datavyu / CSV file, choose where its events go, import.

The import runs on a worker thread (``run_with_progress``) while this dialog and the
progress dialog are modal, so the GUI makes no other writes to the project meanwhile.
The import is all-or-nothing (one transaction): a failure, or Cancel before the commit,
leaves the project as it was, and the dialog says so. On success it lists what was made
and calls *refresh* so the main window reloads the project browser.

``file_chooser(parent, caption, start_dir, file_filter) -> path | ""`` is injectable for
tests (default: ``QFileDialog.getOpenFileName``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.project import CodingRole
from interactioncoder.exchange.importers.apply import ImportSummary
from interactioncoder.exchange.importers.runner import FORMAT_NAMES, ImportRequest, run_import
from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.operations import CancelToken, Operation, ProgressCallback, run_operation
from interactioncoder.ui.theme import ALERT_COLOR, OK_COLOR

FileChooser = Callable[[QWidget, str, str, str], str]
FILTERS = {
    "boris": "BORIS projects (*.boris *.boris.gz);;All files (*)",
    "eaf": "ELAN files (*.eaf);;All files (*)",
    "opf": "Datavyu files (*.opf);;All files (*)",
    "csv": "Tables (*.csv *.tsv *.txt);;All files (*)",
}
MAPPING_FILTER = "Mappings (*.csv *.yaml *.yml);;All files (*)"
CSV_FIELDS = ("onset", "offset", "code", "subject", "modifiers", "comment")
AUTO = "(automatic)"
# How an existing coding with events is treated: label -> (replace, append)
EXISTING = {"Stop (import nothing)": (False, False), "Add to its events": (False, True),
            "Replace its events": (True, False)}  # fmt: skip


def _default_chooser(parent: QWidget, caption: str, start_dir: str, file_filter: str) -> str:
    path, _filter = QFileDialog.getOpenFileName(parent, caption, start_dir, file_filter)
    return path


def csv_headers(path: Path) -> list[str]:
    """The header cells of a CSV/TSV file (empty if unreadable): for the column choices."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            first = handle.readline().strip()
    except OSError:
        return []
    delimiter = max((",", ";", "\t"), key=first.count)
    return [cell.strip().strip('"') for cell in first.split(delimiter) if cell.strip()]


class ImportDialog(QDialog):
    """Choose a file and options, import it, show what happened."""

    def __init__(
        self,
        repo: ProjectRepository,
        fmt: str,
        coder_name: str = "",
        current_session_id: int | None = None,
        refresh: Callable[[], object] | None = None,
        parent: QWidget | None = None,
        file_chooser: FileChooser = _default_chooser,
    ) -> None:
        super().__init__(parent)
        self.repo, self.fmt, self._refresh = repo, fmt, refresh
        self._choose = file_chooser
        self.summary: ImportSummary | None = None
        self.error = ""
        self.operation: object | None = None
        self.setWindowTitle(f"Import {FORMAT_NAMES[fmt]}")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)

        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText("the file to import")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        form.addRow("File:", self._row(self.file_edit, browse))

        layout.addWidget(self._target_box(current_session_id))
        opts = QFormLayout()
        box = QGroupBox("Coding")
        box.setLayout(opts)
        layout.addWidget(box)
        self.coder_combo = QComboBox()
        self.coder_combo.setEditable(True)
        self.coder_combo.addItems([c.name for c in repo.list_coders()])
        self.coder_combo.setCurrentText(coder_name)
        self.coder_combo.setToolTip("Who coded the file (new names become coders)")
        opts.addRow("Coder:", self.coder_combo)
        self.coder_for_all = QCheckBox("Use this coder for every tier")
        self.coder_for_all.setToolTip("Unticked: each tier's ANNOTATOR names its coder")
        if fmt == "eaf":
            # An ELAN file may hold several coders' tiers: by default each tier's ANNOTATOR
            # names its coder, and the coder above only takes tiers that name nobody.
            opts.addRow("", self.coder_for_all)
        self.role_combo = QComboBox()
        for role in CodingRole:
            self.role_combo.addItem(role.value.capitalize(), role)
        self.role_combo.setToolTip("Reliability: a second, blind coding of the same session")
        opts.addRow("As coding:", self.role_combo)
        self.existing_combo = QComboBox()
        self.existing_combo.addItems(list(EXISTING))
        opts.addRow("If this coder already coded it:", self.existing_combo)
        self.fps_spin = QDoubleSpinBox()
        self.fps_spin.setRange(0.0, 240.0)
        self.fps_spin.setDecimals(3)
        self.fps_spin.setSpecialValueText("— (use the video)")
        self.fps_spin.setSuffix(" fps")
        opts.addRow("Frame rate without video:", self.fps_spin)

        self.mapping_edit = QLineEdit()
        self.mapping_edit.setPlaceholderText("optional: value → code table (CSV or YAML)")
        map_browse = QPushButton("Browse…")
        map_browse.clicked.connect(self.browse_mapping)
        self.skip_unknown = QCheckBox("Skip values that name no code")
        self.skip_unknown.setToolTip("Unticked: such values stop the import (all are listed)")
        self.close_unpaired = QCheckBox("End unpaired states at the observation's end")
        self.merge_overlaps = QCheckBox("Merge overlapping states of one code")
        self.merge_overlaps.setToolTip("Unticked: such overlaps stop the import (all are listed)")
        self.annotator_edit = QLineEdit()
        self.annotator_edit.setPlaceholderText("all tiers")
        self.project_codebook = QCheckBox("Look values up in the project's codebook")
        self.code_argument = QLineEdit()
        self.code_argument.setPlaceholderText("the first argument")
        self.observation_coders = QLineEdit()
        self.observation_coders.setPlaceholderText("optional: OBSERVATION=CODER, …")
        self.subject_edit = QLineEdit()
        self.subject_edit.setPlaceholderText("by column name")
        self.time_unit = QComboBox()
        for text, unit in (("seconds", "s"), ("milliseconds", "ms"), ("frame numbers", "frames")):
            self.time_unit.addItem(text, unit)
        self.column_combos: dict[str, QComboBox] = {}
        if fmt in ("eaf", "opf", "csv"):
            opts.addRow("Mapping file:", self._row(self.mapping_edit, map_browse))
            opts.addRow("", self.skip_unknown)
        opts.addRow("", self.merge_overlaps)
        if fmt == "boris":
            opts.addRow("Coder per observation:", self.observation_coders)
            opts.addRow("", self.close_unpaired)
        if fmt == "eaf":
            opts.addRow("Only the tiers of annotator:", self.annotator_edit)
        if fmt == "opf":
            opts.addRow("", self.project_codebook)
            opts.addRow("Argument holding the code:", self.code_argument)
            opts.addRow("One subject for every column:", self.subject_edit)
        if fmt == "csv":
            layout.addWidget(self._columns_box())

        self.result_view = QPlainTextEdit()
        self.result_view.setReadOnly(True)
        self.result_view.setMaximumHeight(150)
        self.result_view.hide()
        layout.addWidget(self.result_view)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_target()

    # -- building ---------------------------------------------------------------------------
    @staticmethod
    def _row(*widgets: QWidget) -> QWidget:
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        for w in widgets:
            box.addWidget(w, 1 if isinstance(w, QLineEdit) else 0)
        return row

    def _target_box(self, current_session_id: int | None) -> QGroupBox:
        box = QGroupBox("Into")
        form = QFormLayout(box)
        self.target_existing = QRadioButton("An existing session:")
        self.target_new = QRadioButton("A new session:")
        self.target_file = QRadioButton("The sessions the file names:")
        self.target_group = QButtonGroup(self)
        for b in (self.target_existing, self.target_new, self.target_file):
            self.target_group.addButton(b)
            b.toggled.connect(self._update_target)
        self.session_combo = QComboBox()
        dyads = {d.id: d.label for d in self.repo.list_dyads()}
        for s in self.repo.list_sessions():
            self.session_combo.addItem(f"{dyads.get(s.dyad_id, '?')} / {s.name}", s.id)
        if current_session_id is not None:
            index = self.session_combo.findData(current_session_id)
            self.session_combo.setCurrentIndex(max(index, 0))
        self.dyad_edit = QLineEdit()
        self.dyad_edit.setPlaceholderText("dyad label")
        self.session_edit = QLineEdit()
        self.session_edit.setPlaceholderText("session name")
        form.addRow(self.target_existing, self.session_combo)
        form.addRow(self.target_new, self._row(self.dyad_edit, self.session_edit))
        self.file_dyad_edit = QLineEdit()
        self.file_dyad_edit.setPlaceholderText("in dyad (default: one per session, by its name)")
        form.addRow(self.target_file, self.file_dyad_edit)
        if self.fmt == "boris":
            self.target_file.setChecked(True)
        elif self.session_combo.count():
            self.target_existing.setChecked(True)
        else:
            self.target_new.setChecked(True)
            self.target_existing.setEnabled(False)
        return box

    def _columns_box(self) -> QGroupBox:
        box = QGroupBox("Columns")
        form = QFormLayout(box)
        for name in CSV_FIELDS:
            combo = QComboBox()
            combo.setEditable(True)
            combo.addItem(AUTO)
            self.column_combos[name] = combo
            form.addRow(f"{name.capitalize()}:", combo)
        self.time_unit.setToolTip("The unit of the onset and offset columns")
        form.addRow("Times in:", self.time_unit)
        return box

    def _update_target(self) -> None:
        self.session_combo.setEnabled(self.target_existing.isChecked())
        self.session_edit.setEnabled(self.target_new.isChecked())
        self.dyad_edit.setEnabled(self.target_new.isChecked())
        self.file_dyad_edit.setEnabled(self.target_file.isChecked())

    # -- choosing files ------------------------------------------------------------------------
    def _start_dir(self) -> str:
        return str(Path(self.repo.location).parent) if self.repo.location else ""

    def browse(self) -> None:
        path = self._choose(self, f"Import {FORMAT_NAMES[self.fmt]}", self._start_dir(),
                            FILTERS[self.fmt])  # fmt: skip
        if path:
            self.set_file(Path(path))

    def browse_mapping(self) -> None:
        path = self._choose(self, "Mapping file", self._start_dir(), MAPPING_FILTER)
        if path:
            self.mapping_edit.setText(path)

    def set_file(self, path: Path) -> None:
        self.file_edit.setText(str(path))
        if self.fmt == "csv":
            headers = csv_headers(path)
            for combo in self.column_combos.values():
                combo.clear()
                combo.addItems([AUTO, *headers])

    # -- importing ---------------------------------------------------------------------------
    def request(self) -> ImportRequest:
        """The user's choices; ValueError names the missing one."""
        text = self.file_edit.text().strip()
        if not text:
            raise ValueError("Choose the file to import.")
        session: str | None = None
        dyad = self.file_dyad_edit.text().strip() or None
        if self.target_existing.isChecked():
            if self.session_combo.currentIndex() < 0:
                raise ValueError("Choose the session to import into.")
            session, dyad = str(self.session_combo.currentData()), None
        elif self.target_new.isChecked():
            session, dyad = self.session_edit.text().strip(), self.dyad_edit.text().strip()
            if not session or not dyad:
                raise ValueError("Give the new session's dyad and name.")
        replace, append = EXISTING[self.existing_combo.currentText()]
        columns = {
            name: combo.currentText().strip()
            for name, combo in self.column_combos.items()
            if combo.currentText().strip() not in ("", AUTO)
        }
        observation_coders: dict[str, str] = {}
        for item in self.observation_coders.text().split(","):
            if not item.strip():
                continue
            obs, sep, name = item.partition("=")
            if not sep or not obs.strip() or not name.strip():
                raise ValueError(f"Coder per observation: write OBSERVATION=CODER, not {item!r}.")
            observation_coders[obs.strip()] = name.strip()
        mapping = self.mapping_edit.text().strip()
        coder = self.coder_combo.currentText().strip() or None
        return ImportRequest(
            file=Path(text),
            fmt=self.fmt,
            session=session,
            dyad=dyad,
            coder=None if self.fmt == "eaf" and not self.coder_for_all.isChecked() else coder,
            default_coder=coder,
            mapping=Path(mapping) if mapping else None,
            observation_coders=observation_coders,
            role=CodingRole(self.role_combo.currentData()),
            subject=self.subject_edit.text().strip() or None,
            annotator=self.annotator_edit.text().strip() or None,
            skip_unknown=self.skip_unknown.isChecked(),
            close_unpaired=self.close_unpaired.isChecked(),
            merge_overlaps=self.merge_overlaps.isChecked(),
            code_argument=self.code_argument.text().strip() or None,
            project_codebook=self.project_codebook.isChecked(),
            columns=columns,
            time_unit=str(self.time_unit.currentData()),
            fps=self.fps_spin.value() or None,
            replace=replace,
            append=append,
        )

    def start_import(self) -> None:
        try:
            req = self.request()
        except ValueError as exc:
            self._show(str(exc), ALERT_COLOR)
            return
        repo = self.repo

        def work(progress: ProgressCallback, _cancel: CancelToken) -> ImportSummary:
            return run_import(repo, req, progress)

        self._set_busy(True)
        operation = Operation(
            f"Importing {req.file.name}",
            work,
            on_success=self._succeeded,
            on_failure=lambda text: self._failed(text, None),  # shown in this dialog
            on_cancel=self._cancelled,
            expected=(Exception,),  # a file that cannot be imported: its message
        )
        handle = run_operation(self, operation)
        handle.job.finished.connect(lambda: self._set_busy(False))
        self.operation = handle.job

    def _set_busy(self, busy: bool) -> None:
        for child in self.findChildren(QWidget):
            if child is not self.result_view and child.parent() is self:
                child.setEnabled(not busy)
        if not busy:
            self._update_target()

    def _succeeded(self, summary: ImportSummary) -> None:
        self.summary = summary
        self._show("Imported:\n" + "\n".join(summary.lines()), OK_COLOR)
        self.import_button.setEnabled(False)  # a second click would import it twice
        if self._refresh is not None:
            self._refresh()

    def _failed(self, message: str, exc: object) -> None:
        text = str(exc) if isinstance(exc, Exception) and str(exc) else message
        self.error = text
        self._show(f"Nothing was imported.\n{text}", ALERT_COLOR)

    def _cancelled(self) -> None:
        self._show("Import cancelled: nothing was imported.", ALERT_COLOR)

    def _show(self, text: str, color: str) -> None:
        self.result_view.setPlainText(text)
        self.result_view.setStyleSheet(f"QPlainTextEdit {{ color: {color}; }}")
        self.result_view.show()
