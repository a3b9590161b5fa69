"""The codebook editor: edit a codebook with live checks; saving makes a new version.

The draft is checked after every edit by the codebook file rules
(``workflow.codebook_draft``); problems and key conflicts are listed under the tabs and
Save stays disabled until there are none. Saving stores a NEW version in the project
(codings keep the version they were made with); afterwards the codings of older
versions can be moved to it when nothing they use was removed
(``workflow.codebook_versions``).
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.codebook.loader import CodebookError
from interactioncoder.core.project import CodebookVersion
from interactioncoder.storage import ProjectRepository
from interactioncoder.storage.errors import StorageError
from interactioncoder.ui.codebook_editor.codes_page import CodesPage
from interactioncoder.ui.codebook_editor.table_page import Column, TablePage
from interactioncoder.workflow.codebook_draft import (
    Draft,
    codebook_from_draft,
    draft_from_codebook,
    draft_problems,
    empty_draft,
    key_conflicts,
)
from interactioncoder.workflow.codebook_versions import (
    VersionError,
    move_coding,
    move_problems,
    next_version_label,
    save_codebook_version,
)

SUBJECT_COLUMNS = (Column("id", "Id"), Column("name", "Name"), Column("description", "Description"))
SCALE_COLUMNS = (
    Column("id", "Id"),
    Column("name", "Name"),
    Column("subject", "Subject"),
    Column("min", "Min", "int"),
    Column("max", "Max", "int"),
    Column("scope", "Scope (session/segment)"),
    Column("anchors", "Anchors (1=low; 9=high)", "anchors"),
    Column("description", "Description"),
)
TOTAL_COLUMNS = (
    Column("id", "Id"),
    Column("name", "Name"),
    Column("scales", "Scales (a, b, …)", "list"),
    Column("cutoff", "Cut-off", "int"),
    Column("cutoff_label", "Cut-off label"),
)
SEGMENT_COLUMNS = (
    Column("id", "Id"),
    Column("name", "Name"),
    Column("color", "Colour"),
    Column("description", "Description"),
)


class CodebookEditorDialog(QDialog):
    def __init__(
        self,
        repo: ProjectRepository | None,
        codebook: Codebook | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.repo = repo
        self.setWindowTitle("Codebook editor")
        self.setMinimumSize(900, 620)
        self.resize(1040, 700)
        self.draft: Draft = draft_from_codebook(codebook) if codebook else empty_draft()
        if codebook is not None:  # saving makes a new version: suggest its label
            self.draft["codebook"]["version"] = next_version_label(codebook.version)
        self.saved_version: CodebookVersion | None = None
        self.problems: list[str] = []
        self._build()
        self.recheck()

    # -- layout ---------------------------------------------------------------------
    def _build(self) -> None:
        header = self.draft["codebook"]
        self.id_edit = QLineEdit(str(header.get("id", "")))
        self.name_edit = QLineEdit(str(header.get("name", "")))
        self.version_edit = QLineEdit(str(header.get("version", "")))
        # several lines: a shipped description is a paragraph
        self.description_edit = QPlainTextEdit(str(header.get("description", "")))
        self.description_edit.setMaximumHeight(110)
        head = QWidget()
        form = QFormLayout(head)
        form.addRow("Id:", self.id_edit)
        form.addRow("Name:", self.name_edit)
        form.addRow("Version:", self.version_edit)
        form.addRow("Description:", self.description_edit)
        for edit in (self.id_edit, self.name_edit, self.version_edit):
            edit.textEdited.connect(self._store_header)
        self.description_edit.textChanged.connect(self._store_header)
        self.codes_page = CodesPage(self.draft["groups"])
        self.subjects_page = TablePage(SUBJECT_COLUMNS, self.draft["subjects"])
        self.scales_page = TablePage(
            SCALE_COLUMNS, self.draft["scales"], {"min": 1, "max": 7, "subject": ""}
        )
        self.totals_page = TablePage(TOTAL_COLUMNS, self.draft["totals"])
        self.segments_page = TablePage(SEGMENT_COLUMNS, self.draft["segments"])
        self.tabs = QTabWidget()
        self.tabs.addTab(head, "Codebook")
        self.tabs.addTab(self.codes_page, "Groups and codes")
        self.tabs.addTab(self.subjects_page, "Subjects")
        self.tabs.addTab(self.scales_page, "Rating scales")
        self.tabs.addTab(self.totals_page, "Totals and cut-offs")
        self.tabs.addTab(self.segments_page, "Segment types")
        self.codes_page.changed.connect(self.recheck)
        for page, name in (
            (self.subjects_page, "subjects"),
            (self.scales_page, "scales"),
            (self.totals_page, "totals"),
            (self.segments_page, "segments"),
        ):
            page.changed.connect(lambda page=page, name=name: self._store_table(name, page))
        self.problem_list = QListWidget()
        self.problem_list.setMaximumHeight(96)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.addButton(
            "Save as new version", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(self.repo is not None)
        self.move_button = QPushButton("Move codings to this version")
        self.move_button.setEnabled(False)
        self.move_button.clicked.connect(self.move_codings)
        self.buttons.addButton(self.move_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(QLabel("Problems:"))
        layout.addWidget(self.problem_list)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)

    # -- editing --------------------------------------------------------------------
    def _store_header(self) -> None:
        header: dict[str, Any] = self.draft["codebook"]
        header["id"] = self.id_edit.text()
        header["name"] = self.name_edit.text()
        header["version"] = self.version_edit.text()
        description = self.description_edit.toPlainText().strip()
        if description:
            header["description"] = description
        else:
            header.pop("description", None)
        self.recheck()

    def _store_table(self, name: str, page: TablePage) -> None:
        self.draft[name] = page.rows()
        self.recheck()

    def recheck(self) -> None:
        """Check the draft now: problems listed, key conflicts marked, Save enabled or not."""
        self.codes_page.subjects = [str(s.get("id", "")) for s in self.draft["subjects"]]
        self.problems = draft_problems(self.draft)
        conflicts = key_conflicts(self.draft)
        self.codes_page.show_conflicts(conflicts)
        self.problem_list.clear()
        self.problem_list.addItems(self.problems or ["No problems: the codebook can be saved."])
        self.save_button.setEnabled(not self.problems)

    def codebook(self) -> Codebook:
        """The edited codebook (raises ``CodebookError`` while it has problems)."""
        return codebook_from_draft(copy.deepcopy(self.draft))

    # -- saving ---------------------------------------------------------------------
    def save(self) -> None:
        if self.repo is None or self.problems:
            return
        try:
            version = save_codebook_version(self.repo, self.codebook())
        except (CodebookError, VersionError, StorageError) as exc:
            self.status_label.setText(f"Not saved: {exc}")
            return
        self.saved_version = version
        cb = version.codebook
        self.status_label.setText(
            f"Saved {cb.name} version {cb.version}. Existing codings keep their version."
        )
        self.move_button.setEnabled(True)

    def move_codings(self) -> None:
        """Move codings of the same codebook's older versions here, where nothing is lost."""
        if self.repo is None or self.saved_version is None:
            return
        target = self.saved_version
        same_book = {
            v.id for v in self.repo.list_codebook_versions() if v.codebook.id == target.codebook.id
        }
        moved, kept = 0, []
        for coding in self.repo.list_codings():
            if (
                coding.codebook_version_id == target.id
                or coding.codebook_version_id not in same_book
            ):
                continue
            events, ratings = self.repo.list_events(coding.id), self.repo.list_ratings(coding.id)
            if move_problems(target.codebook, events, ratings):
                kept.append(coding.id)
                continue
            move_coding(self.repo, coding.id, target.id)
            moved += 1
        text = f"Moved {moved} coding(s) to version {target.codebook.version}."
        if kept:
            text += f" {len(kept)} kept their version: they use codes or values now removed."
        self.status_label.setText(text)
