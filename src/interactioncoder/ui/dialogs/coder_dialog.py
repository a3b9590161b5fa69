""" "Who is coding?": pick an existing coder, or ask for a new one to be created.

Usage::

    dialog = CoderDialog(repo.list_coders(), current_coder_id=last_id, parent=window)
    if dialog.exec():                              # modal is fine: nothing is playing yet
        if (request := dialog.new_coder_request()) is not None:
            coder = create_requested_coder(window, repo, request)   # None: not stored (said)
        else:
            coder_id = dialog.chosen_coder_id()

Keyboard: type to filter the list, Up/Down to move, Enter to accept. When the typed name
matches nobody, Enter opens the "new coder" form with that name filled in.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.project import Coder
from interactioncoder.storage import ProjectRepository
from interactioncoder.storage.errors import StorageError
from interactioncoder.ui.operations import CancelToken, Operation, ProgressCallback, run_and_wait
from interactioncoder.workflow.changes import Changes

CODER_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class CoderDialog(QDialog):
    """Choose the coder for this working session, or request a new coder.

    Results: ``chosen_coder_id() -> int | None`` and
    ``new_coder_request() -> tuple[str, bool] | None`` (name, is PI).
    """

    def __init__(
        self,
        coders: Sequence[Coder],
        current_coder_id: int | None = None,
        parent: QWidget | None = None,
        allow_new: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is coding?")
        self._coders = sorted(coders, key=lambda c: c.name.casefold())
        self._chosen: int | None = None
        self._request: tuple[str, bool] | None = None
        self._creating = False

        intro = QLabel("Choose your name. Everything you code is recorded under it.", self)
        intro.setWordWrap(True)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Type to find your name…")
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.filter_edit.installEventFilter(self)
        self.list = QListWidget(self)
        self.list.setSpacing(2)
        for coder in self._coders:
            item = QListWidgetItem(coder.name + ("  (PI)" if coder.is_pi else ""))
            item.setData(CODER_ID_ROLE, coder.id)
            self.list.addItem(item)
        self.list.itemActivated.connect(lambda _item: self._accept_choice())
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())

        self.no_match = QLabel(self)
        self.no_match.setWordWrap(True)
        self.no_match.setVisible(False)

        self.new_button = QPushButton("New coder…", self)
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self._show_new_form)
        self.new_button.setVisible(allow_new)

        self.new_box = QGroupBox("New coder", self)
        form = QFormLayout(self.new_box)
        self.new_name = QLineEdit(self.new_box)
        self.new_name.setPlaceholderText("Full name or initials")
        self.new_name.textChanged.connect(lambda _t: self._update_buttons())
        self.new_pi = QCheckBox("Principal investigator (sees all coders' work)", self.new_box)
        self.new_message = QLabel(self.new_box)
        self.new_message.setWordWrap(True)
        form.addRow("Name:", self.new_name)
        form.addRow("", self.new_pi)
        form.addRow("", self.new_message)
        self.new_box.setVisible(False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list)
        layout.addWidget(self.no_match)
        layout.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.new_box)
        layout.addWidget(self.buttons)
        self.resize(380, 420)

        if current_coder_id is not None:
            for row in range(self.list.count()):
                if self.list.item(row).data(CODER_ID_ROLE) == current_coder_id:
                    self.list.setCurrentRow(row)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        if not self._coders and allow_new:
            self._show_new_form()
        else:
            self.filter_edit.setFocus()
        self._update_buttons()

    # -- results -----------------------------------------------------------------------
    def chosen_coder_id(self) -> int | None:
        return self._chosen

    def new_coder_request(self) -> tuple[str, bool] | None:
        return self._request

    # -- internals ---------------------------------------------------------------------
    def _visible_items(self) -> list[QListWidgetItem]:
        return [
            self.list.item(r) for r in range(self.list.count()) if not self.list.item(r).isHidden()
        ]

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())
        visible = self._visible_items()
        current = self.list.currentItem()
        if visible and (current is None or current.isHidden()):
            self.list.setCurrentItem(visible[0])
        elif not visible:
            self.list.setCurrentRow(-1)
        name = text.strip()
        self.no_match.setText(
            f"Nobody called “{name}” yet: press Enter to add a new coder." if name else ""
        )
        self.no_match.setVisible(bool(name) and not visible and not self._creating)
        self._update_buttons()

    def _show_new_form(self) -> None:
        self._creating = True
        self.new_box.setVisible(True)
        self.new_button.setEnabled(False)
        self.no_match.setVisible(False)
        if not self.new_name.text():
            self.new_name.setText(self.filter_edit.text().strip())
        self.new_name.setFocus()
        self._update_buttons()

    def _new_name_problem(self) -> str:
        name = " ".join(self.new_name.text().split())
        if not name:
            return "Enter a name."
        if any(c.name.casefold() == name.casefold() for c in self._coders):
            return f"“{name}” already exists: choose it from the list."
        return ""

    def _update_buttons(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if self._creating:
            problem = self._new_name_problem()
            self.new_message.setText(problem)
            ok.setEnabled(not problem)
            ok.setText("Create coder")
        else:
            current = self.list.currentItem()
            ok.setEnabled(current is not None and not current.isHidden())
            ok.setText("OK")

    def _on_ok(self) -> None:
        if self._creating:
            if self._new_name_problem():
                return
            self._request = (" ".join(self.new_name.text().split()), self.new_pi.isChecked())
            self._chosen = None
            self.accept()
        else:
            self._accept_choice()

    def _accept_choice(self) -> None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return
        self._chosen = int(item.data(CODER_ID_ROLE))
        self._request = None
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # From the filter box, Up/Down move in the list and Enter accepts (or offers a new
        # coder with the typed name when nobody matches).
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                visible = self._visible_items()
                if visible:
                    current = self.list.currentItem()
                    pos = visible.index(current) if current in visible else -1
                    step = 1 if key == Qt.Key.Key_Down else -1
                    self.list.setCurrentItem(visible[max(0, min(len(visible) - 1, pos + step))])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self._creating:
                if self._visible_items():
                    self._accept_choice()
                elif self.new_button.isVisible():
                    self._show_new_form()
                return True
        return super().eventFilter(watched, event)


# Adding a coder is not an undo step, on purpose. A coder is the person at the keyboard,
# chosen before anything is coded; Edit ▸ Undo in the middle of coding would otherwise
# delete the identity everything since was recorded under (or refuse, once there is any).
# A mistyped name is fixed by choosing the right coder (File ▸ Switch coder…). The write
# still goes through the operation runner: off the GUI thread, a refusal in a message box.
def add_coder_operation(repo: ProjectRepository, name: str, is_pi: bool) -> Operation[Coder]:
    def work(_progress: ProgressCallback, _cancel: CancelToken) -> Coder:
        return repo.add_coder(name, is_pi=is_pi)

    return Operation(
        "Adding coder",
        work,
        changes=Changes(project=True),
        expected=(StorageError, ValueError),
        cancelled_text="Cancelled: no coder was added.",
    )


def create_requested_coder(
    parent: QWidget | None, repo: ProjectRepository, request: tuple[str, bool]
) -> Coder | None:
    """Store the coder a :class:`CoderDialog` asked for; None if the store refused (shown)."""
    name, is_pi = request
    handle = run_and_wait(parent, add_coder_operation(repo, name, is_pi))
    return handle.result if handle.outcome == "succeeded" else None
