"""New project: where (file or PostgreSQL URL), name, codebook, coders, PI passphrase.

Every check is the workflow's (``workflow.project_setup``); the dialog only shows the
problems as the user types (codebook problems as ``file:line:col``) and keeps OK disabled
until there are none. Creating runs in the background with progress.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
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

from interactioncoder.core.codebook import Codebook
from interactioncoder.storage import PROJECT_SUFFIX
from interactioncoder.ui.dialogs.progress import run_with_progress
from interactioncoder.workflow.project_setup import (
    CoderSpec,
    ProjectSpec,
    SetupError,
    create_study_project,
    load_codebook_choice,
    normalise_location,
    project_problems,
    shipped_codebook_names,
)

OTHER_FILE = "A YAML file…"


class NewProjectDialog(QDialog):
    """Collects a :class:`ProjectSpec`; on OK creates the project (``created_location``)."""

    def __init__(self, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New project")
        self.setMinimumWidth(560)
        self._folder = folder or Path.home()
        self._codebook: Codebook | None = None
        self.created_location: str | None = None
        self.operation: object | None = None
        self._build()
        self._check_codebook()
        self._refresh()

    # -- layout ---------------------------------------------------------------------
    def _build(self) -> None:
        form = QFormLayout()
        self.location_edit = QLineEdit()
        self.location_edit.setPlaceholderText(f"study{PROJECT_SUFFIX}, or postgresql://host/db")
        browse = QPushButton("Choose file…")
        browse.clicked.connect(self._browse_location)
        form.addRow("Project file or URL:", _row(self.location_edit, browse))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. Still-face trial 2027")
        form.addRow("Name:", self.name_edit)
        self.codebook_combo = QComboBox()
        self.codebook_combo.addItems([*shipped_codebook_names(), OTHER_FILE])
        self.codebook_file_edit = QLineEdit()
        self.codebook_file_edit.setPlaceholderText("codebook.yaml")
        self.codebook_browse = QPushButton("Choose…")
        self.codebook_browse.clicked.connect(self._browse_codebook)
        form.addRow("Codebook:", self.codebook_combo)
        form.addRow("", _row(self.codebook_file_edit, self.codebook_browse))
        self.codebook_messages = QPlainTextEdit()
        self.codebook_messages.setReadOnly(True)
        self.codebook_messages.setMaximumHeight(90)
        form.addRow("", self.codebook_messages)
        form.addRow("Coders:", self._build_coders())
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_repeat = QLineEdit()
        self.passphrase_repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("PI passphrase:", self.passphrase_edit)
        form.addRow("Repeat passphrase:", self.passphrase_repeat)
        note = QLabel(
            "The passphrase guards the PI role in the app (blind coding). It does not "
            "encrypt the project: anyone with the file can read it."
        )
        note.setWordWrap(True)
        form.addRow("", note)
        self.blind_check = QCheckBox("Blind to condition: coders see sessions under a code only")
        form.addRow("", self.blind_check)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create project")
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.buttons)
        for edit in (self.location_edit, self.name_edit, self.passphrase_edit):
            edit.textChanged.connect(self._refresh)
        self.passphrase_repeat.textChanged.connect(self._refresh)
        self.blind_check.toggled.connect(self._refresh)
        self.codebook_combo.currentTextChanged.connect(self._check_codebook)
        self.codebook_file_edit.textChanged.connect(self._check_codebook)

    def _build_coders(self) -> QWidget:
        self.coders_table = QTableWidget(0, 2)
        self.coders_table.setHorizontalHeaderLabels(["Name", "PI"])
        header = self.coders_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.coders_table.verticalHeader().setVisible(False)
        self.coders_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.coders_table.setMinimumHeight(110)
        self.coders_table.itemChanged.connect(self._refresh)
        add = QPushButton("Add coder")
        add.clicked.connect(lambda: self.add_coder_row("", False))
        remove = QPushButton("Remove")
        remove.clicked.connect(self._remove_coder)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.coders_table)
        layout.addWidget(_row(add, remove))
        return box

    # -- coders ---------------------------------------------------------------------
    def add_coder_row(self, name: str, is_pi: bool) -> None:
        row = self.coders_table.rowCount()
        self.coders_table.insertRow(row)
        self.coders_table.setItem(row, 0, QTableWidgetItem(name))
        pi = QTableWidgetItem()
        pi.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        pi.setCheckState(Qt.CheckState.Checked if is_pi else Qt.CheckState.Unchecked)
        self.coders_table.setItem(row, 1, pi)
        self._refresh()

    def _remove_coder(self) -> None:
        rows = sorted({i.row() for i in self.coders_table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.coders_table.removeRow(row)
        self._refresh()

    def coders(self) -> tuple[CoderSpec, ...]:
        out = []
        for row in range(self.coders_table.rowCount()):
            name_item, pi_item = self.coders_table.item(row, 0), self.coders_table.item(row, 1)
            name = name_item.text() if name_item is not None else ""
            is_pi = pi_item is not None and pi_item.checkState() == Qt.CheckState.Checked
            out.append(CoderSpec(name, is_pi))
        return tuple(out)

    # -- codebook -------------------------------------------------------------------
    def _codebook_choice(self) -> str:
        if self.codebook_combo.currentText() == OTHER_FILE:
            return self.codebook_file_edit.text()
        return self.codebook_combo.currentText()

    def _check_codebook(self) -> None:
        other = self.codebook_combo.currentText() == OTHER_FILE
        self.codebook_file_edit.setEnabled(other)
        self.codebook_browse.setEnabled(other)
        try:
            self._codebook = load_codebook_choice(self._codebook_choice())
        except SetupError as exc:
            self._codebook = None
            self.codebook_messages.setPlainText(str(exc))
        else:
            cb = self._codebook
            codes = sum(len(g.codes) for g in cb.groups)
            self.codebook_messages.setPlainText(
                f"OK: {cb.name} {cb.version}: {codes} codes, {len(cb.scales)} rating scales, "
                f"{len(cb.segments)} segment types"
            )
        self._refresh()

    def _browse_codebook(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Codebook", str(self._folder), "Codebooks (*.yaml *.yml)"
        )
        if path:
            self.codebook_file_edit.setText(path)

    def _browse_location(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New project", str(self._folder), f"Projects (*{PROJECT_SUFFIX})"
        )
        if path:
            self.location_edit.setText(path)

    # -- checking and creating ------------------------------------------------------
    def spec(self) -> ProjectSpec:
        name = self.name_edit.text()
        location = self.location_edit.text()
        if not name.strip() and location.strip() and "://" not in location:
            name = Path(normalise_location(location)).stem
        return ProjectSpec(
            location=location,
            name=name,
            codebook=self._codebook,
            coders=self.coders(),
            pi_passphrase=self.passphrase_edit.text(),
            blind_to_condition=self.blind_check.isChecked(),
        )

    def problems(self) -> list[str]:
        problems = project_problems(self.spec())
        if self.passphrase_edit.text() != self.passphrase_repeat.text():
            problems.append("the two passphrases differ")
        return problems

    def _refresh(self) -> None:
        if not hasattr(self, "buttons"):
            return
        problems = self.problems()
        self.problems_label.setText("\n".join(problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)

    def _create(self) -> None:
        if self.problems():
            return
        spec = self.spec()
        self.buttons.setEnabled(False)

        def work(progress: object, cancel: object) -> str:
            create_study_project(spec).close()
            return normalise_location(spec.location)

        op = run_with_progress(self, "Creating the project", work)
        op.succeeded.connect(self._created)
        op.failed.connect(self._failed)
        self.operation = op

    def _created(self, location: object) -> None:
        self.created_location = str(location)
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, message: str, exc: object) -> None:
        self.buttons.setEnabled(True)
        reason = str(exc) if isinstance(exc, BaseException) else message
        self.problems_label.setText(f"The project was not created: {reason}")


def _row(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        layout.addWidget(w, 1 if isinstance(w, QLineEdit) else 0)
    return box
