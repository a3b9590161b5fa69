"""Edit or remove one session: name, visit, infant age, cameras, the dyad's study fields.

Removing a session that has codings needs a second, explicit confirmation naming how
many codings go with it; nothing is lost by one click. The rules are the workflow's
(``workflow.session_setup``); this dialog only collects and confirms.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.limits import is_digits
from interactioncoder.core.project import SessionVideo
from interactioncoder.storage import ProjectRepository
from interactioncoder.storage.errors import StorageError
from interactioncoder.workflow.session_setup import edit_session, remove_session

CAMERA, MASTER, OFFSET = range(3)
Confirm = Callable[[str], bool]


def ask(parent: QWidget) -> Confirm:
    def confirm(text: str) -> bool:
        answer = QMessageBox.warning(
            parent,
            "Remove session",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    return confirm


class EditSessionDialog(QDialog):
    def __init__(
        self, repo: ProjectRepository, session_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.repo = repo
        self.session = repo.get_session(session_id)
        self.dyad = repo.get_dyad(self.session.dyad_id)
        self.confirm: Confirm = ask(self)
        self.removed = False
        self.setWindowTitle(f"Session {self.dyad.label} / {self.session.name}")
        self.setMinimumWidth(520)
        self._build()

    def _build(self) -> None:
        form = QFormLayout()
        self.name_edit = QLineEdit(self.session.name)
        self.visit_edit = QLineEdit(self.session.visit)
        age = self.session.infant_age_days
        self.age_edit = QLineEdit("" if age is None else str(age))
        form.addRow("Session name:", self.name_edit)
        form.addRow("Visit:", self.visit_edit)
        form.addRow("Infant age (days):", self.age_edit)
        self.cameras = QTableWidget(len(self.session.videos), 3)
        self.cameras.setHorizontalHeaderLabels(["Camera", "Master", "Offset (ms)"])
        self.cameras.verticalHeader().setVisible(False)
        for row, cam in enumerate(self.session.videos):
            self.cameras.setItem(row, CAMERA, QTableWidgetItem(cam.camera))
            master = QTableWidgetItem()
            master.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            master.setCheckState(
                Qt.CheckState.Checked if cam.is_master else Qt.CheckState.Unchecked
            )
            self.cameras.setItem(row, MASTER, master)
            self.cameras.setItem(row, OFFSET, QTableWidgetItem(f"{cam.offset_ms:g}"))
        form.addRow("Cameras:", self.cameras)
        self.field_edits: dict[str, QLineEdit] = {}
        self.fields_form = QFormLayout()
        values = self.repo.dyad_fields().get(self.dyad.id, {})
        for name in self.repo.list_study_fields():
            self._add_field_row(name, values.get(name, ""))
        add_field = QPushButton("Add a study field…")
        add_field.clicked.connect(self._new_field)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.remove_button = self.buttons.addButton(
            "Remove session…", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.remove_button.clicked.connect(self.remove)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(f"Study fields of dyad {self.dyad.label}:"))
        layout.addLayout(self.fields_form)
        layout.addWidget(add_field)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _add_field_row(self, name: str, value: str) -> None:
        edit = QLineEdit(value)
        self.field_edits[name] = edit
        self.fields_form.addRow(f"{name}:", edit)

    def _new_field(self) -> None:
        name, ok = QInputDialog.getText(self, "Study field", "Name (e.g. site, cohort):")
        if ok and name.strip():
            self.add_study_field(name.strip())

    def add_study_field(self, name: str) -> None:
        try:
            self.repo.add_study_field(name)
        except (StorageError, ValueError) as exc:
            self.message.setText(str(exc))
            return
        self._add_field_row(name, "")

    def _camera_rows(self) -> list[SessionVideo]:
        rows = []
        for row, cam in enumerate(self.session.videos):
            name_item, master_item = self.cameras.item(row, CAMERA), self.cameras.item(row, MASTER)
            offset_item = self.cameras.item(row, OFFSET)
            offset_text = offset_item.text().strip() if offset_item is not None else "0"
            try:
                offset = float(offset_text or "0")
            except ValueError:
                raise ValueError(f"camera {row + 1}: the offset must be milliseconds") from None
            rows.append(
                SessionVideo(
                    cam.video_id,
                    offset,
                    name_item.text().strip() if name_item is not None else cam.camera,
                    master_item is not None and master_item.checkState() == Qt.CheckState.Checked,
                )
            )
        return rows

    def save(self) -> None:
        age_text = self.age_edit.text().strip()
        try:
            if age_text and not is_digits(age_text):
                raise ValueError("the infant age must be whole days")
            cameras = self._camera_rows()
            with self.repo.atomic():  # the session and its dyad's fields, or nothing
                edit_session(
                    self.repo,
                    self.session.id,
                    name=self.name_edit.text(),
                    visit=self.visit_edit.text().strip(),
                    infant_age_days=int(age_text) if age_text else None,
                    cameras=cameras,
                )
                old = self.repo.dyad_fields().get(self.dyad.id, {})
                for name, edit in self.field_edits.items():
                    if edit.text().strip() != old.get(name, ""):
                        self.repo.set_dyad_field(self.dyad.id, name, edit.text().strip())
        except (StorageError, ValueError) as exc:
            self.message.setText(f"Not saved: {exc}")
            return
        self.accept()

    def remove(self) -> None:
        codings = self.repo.count_session_codings(self.session.id)
        label = f"{self.dyad.label} / {self.session.name}"
        if codings:
            text = (
                f"Session {label} has {codings} coding(s). Removing the session removes "
                "them too, with all their events and ratings. This cannot be undone."
            )
        else:
            text = f"Remove session {label}? Its video files stay on disk."
        if not self.confirm(text):
            return
        try:
            remove_session(self.repo, self.session.id, with_codings=codings > 0)
        except StorageError as exc:
            self.message.setText(f"Not removed: {exc}")
            return
        self.removed = True
        self.accept()
