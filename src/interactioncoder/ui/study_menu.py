"""The study set-up actions of the coding window (wiring only: the rules are the workflow's).

``add_study_actions(window, file_menu, coding_menu)`` adds

- File ▸ New project…, Welcome… (anyone);
- File ▸ Add sessions…, Edit session… (PI);
- Coding ▸ Codebook editor…, Segments from template…, Study board… (PI).

PI-only actions are enabled when the window's coder is a PI (the PI role was unlocked
with the project's passphrase when the coder was chosen). Segments from a template are
one undo step (:class:`SegmentTemplateCommand`): the template's segments are stored all
or nothing, and Edit ▸ Undo removes them all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.project import Coder, Segment
from interactioncoder.core.timebase import Timebase
from interactioncoder.storage import ProjectRepository
from interactioncoder.storage.errors import StorageError
from interactioncoder.ui.undo_commands import ErrorReporter, RepositoryCommand, push_applied
from interactioncoder.workflow.blinding import SessionView
from interactioncoder.workflow.segments_template import TemplateLayout, apply_template
from interactioncoder.workflow.sessions import codebook_version_for, session_timebase

if TYPE_CHECKING:
    from interactioncoder.ui.main_window import MainWindow

PI_ONLY_TIP = " (PI only)"


class SegmentTemplateCommand(RepositoryCommand):
    """Store a template's segments (one transaction); undo deletes them all."""

    def __init__(
        self,
        repo: ProjectRepository,
        session_id: int,
        layout: TemplateLayout,
        report: ErrorReporter | None = None,
    ) -> None:
        super().__init__(f"segments from a template ({len(layout.segments)})", report)
        self.repo, self.session_id, self.layout = repo, session_id, layout
        self.stored: list[Segment] = []

    def _do(self) -> None:
        if not self.stored:
            self.stored = apply_template(self.repo, self.session_id, self.layout)
            return
        with self.repo.atomic():
            for segment in self.stored:
                self.repo.restore_segment(segment)

    def _undo(self) -> None:
        with self.repo.atomic():
            for segment in reversed(self.stored):
                self.repo.delete_segment(segment.id)


def is_pi(window: MainWindow) -> bool:
    return window.repo is not None and window.coder is not None and window.coder.is_pi


def _pi_action(window: MainWindow, menu: QMenu, text: str, slot: Callable[[], object]) -> QAction:
    action = menu.addAction(text)
    action.setToolTip(text.rstrip("…") + PI_ONLY_TIP)
    action.triggered.connect(lambda _=False: slot())
    menu.aboutToShow.connect(lambda: action.setEnabled(is_pi(window)))
    action.setEnabled(is_pi(window))
    window.pi_actions.append(action)
    return action


def add_study_actions(window: MainWindow, file_menu: QMenu, coding_menu: QMenu) -> None:
    """Insert the set-up actions at the top of File and into Coding."""
    first = file_menu.actions()[0]  # "Open project…"
    new = QAction("&New project…", file_menu)
    new.triggered.connect(lambda: new_project(window))
    welcome = QAction("&Welcome…", file_menu)
    welcome.triggered.connect(lambda: show_welcome_screen(window))
    file_menu.insertActions(first, [new, welcome])
    file_menu.insertSeparator(first)
    study = QMenu("&Study", file_menu)
    file_menu.insertMenu(first, study)
    _pi_action(window, study, "&Add sessions…", lambda: add_sessions(window))
    _pi_action(window, study, "&Edit session…", lambda: edit_session(window))
    file_menu.aboutToShow.connect(lambda: study.setEnabled(is_pi(window)))
    coding_menu.addSeparator()
    _pi_action(window, coding_menu, "Codebook &editor…", lambda: codebook_editor(window))
    _pi_action(window, coding_menu, "Se&gments from template…", lambda: segment_template(window))
    _pi_action(window, coding_menu, "Study &board…", lambda: study_board(window))


# -- what the window says -----------------------------------------------------------
def empty_text(repo: ProjectRepository | None, coder: Coder | None) -> str:
    """What to do next when no session is open."""
    pi = coder is not None and coder.is_pi
    if repo is None or not repo.list_sessions():
        if pi:
            return "No sessions yet: add videos with File ▸ Study ▸ Add sessions…"
        return "No sessions yet: the PI adds them."
    text = "Double-click a session in the Project list to open it."
    if pi:
        text += "\nCoding ▸ Study board… shows who codes what, and assigns coders."
    return text


def blinded_message(views: Mapping[int, SessionView], session_id: int) -> str:
    """A session error for a blinded coder: its code, never a file name or label."""
    label = views[session_id].label if session_id in views else "this session"
    return f"{label} cannot be opened now; ask the PI to check it."


# -- the actions --------------------------------------------------------------------
def new_project(window: MainWindow) -> QDialog:
    from interactioncoder.ui.dialogs.new_project_dialog import NewProjectDialog

    dialog = NewProjectDialog(window)

    def done(result: int) -> None:
        if result == QDialog.DialogCode.Accepted and dialog.created_location:
            window.open_project(dialog.created_location)

    dialog.finished.connect(done)
    dialog.open()
    window.open_dialog = dialog
    return dialog


def show_welcome_screen(window: MainWindow) -> QDialog:
    from interactioncoder.ui.welcome import show_welcome

    dialog = show_welcome(window, window)
    window.open_dialog = dialog
    return dialog


def add_sessions(window: MainWindow) -> QDialog | None:
    if window.repo is None or not is_pi(window):
        return None
    from interactioncoder.ui.dialogs.add_sessions_dialog import AddSessionsDialog

    dialog = AddSessionsDialog(window.repo, window)
    dialog.sessionsAdded.connect(lambda _report: window.refresh_browser())  # seen at once
    dialog.finished.connect(lambda _r: _sessions_added(window))
    dialog.open()
    window.open_dialog = dialog
    return dialog


def _sessions_added(window: MainWindow) -> None:
    window.refresh_browser()
    if window.ctx is None:
        window.show_nothing_open()  # "double-click a session…"


def edit_session(window: MainWindow) -> QDialog | None:
    if window.repo is None or not is_pi(window):
        return None
    session_id = window.browser.selected_session_id()
    if session_id is None and window.ctx is not None:
        session_id = window.ctx.session.id
    if session_id is None:
        QMessageBox.information(window, "Edit session", "Choose a session in the Project list.")
        return None
    from interactioncoder.ui.dialogs.edit_session_dialog import EditSessionDialog

    dialog = EditSessionDialog(window.repo, session_id, window)

    def done(result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            return
        open_id = window.ctx.session.id if window.ctx is not None else None
        if open_id == session_id:
            if dialog.removed:
                window.show_nothing_open()
            else:
                window.open_session(session_id)  # new cameras, offsets, labels
        window.refresh_browser()

    dialog.finished.connect(done)
    dialog.open()
    window.open_dialog = dialog
    return dialog


def codebook_editor(window: MainWindow) -> QDialog | None:
    if window.repo is None or not is_pi(window):
        return None
    from interactioncoder.ui.codebook_editor.dialog import CodebookEditorDialog

    codebook = window.ctx.codebook if window.ctx is not None else None
    if codebook is None:
        versions = window.repo.list_codebook_versions()
        codebook = max(versions, key=lambda v: v.id).codebook if versions else None
    dialog = CodebookEditorDialog(window.repo, codebook, window)

    def done(_result: int) -> None:
        if dialog.saved_version is not None and window.ctx is not None:
            window.open_session(window.ctx.session.id)  # a moved coding shows its version

    dialog.finished.connect(done)
    dialog.open()
    window.open_dialog = dialog
    return dialog


def _template_target(window: MainWindow) -> tuple[int, Codebook, Timebase, int] | None:
    """The session the template is for: the one chosen in the Project list, else the open one.

    A PI can lay out segments without opening the session (opening it would give the PI
    a coding of it).
    """
    repo, ctx = window.repo, window.ctx
    if repo is None:
        return None
    chosen = window.browser.selected_session_id()
    if ctx is not None and chosen in (None, ctx.session.id):
        return ctx.session.id, ctx.codebook, ctx.timebase, window.controller.frame()
    if chosen is None:
        return None
    version = repo.get_codebook_version(codebook_version_for(repo, chosen))
    return chosen, version.codebook, session_timebase(repo, repo.get_session(chosen)), 0


def segment_template(window: MainWindow) -> QDialog | None:
    title = "Segments from template"
    if not is_pi(window):
        return None
    try:
        target = _template_target(window)
    except StorageError as exc:
        QMessageBox.warning(window, title, str(exc))
        return None
    if target is None:
        QMessageBox.information(window, title, "Choose a session in the Project list.")
        return None
    session_id, codebook, timebase, frame = target
    if not codebook.segments:
        QMessageBox.information(
            window,
            title,
            f"The codebook {codebook.name} has no segment types: add them in the "
            "codebook editor first.",
        )
        return None
    from interactioncoder.ui.dialogs.segment_template_dialog import SegmentTemplateDialog

    dialog = SegmentTemplateDialog(codebook, timebase, frame, window)

    def done(result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            store_template(window, session_id, dialog.planned())

    dialog.finished.connect(done)
    dialog.open()
    window.open_dialog = dialog
    return dialog


def store_template(window: MainWindow, session_id: int, layout: TemplateLayout) -> bool:
    """Store *layout* as one undo step of the window (refusals reported, nothing pushed)."""
    if window.repo is None:
        return False
    report = window.controller.report_error
    command = SegmentTemplateCommand(window.repo, session_id, layout, report)
    return push_applied(window.undo_stack, command, report)


def study_board(window: MainWindow) -> QDialog | None:
    if window.repo is None or window.coder is None or not is_pi(window):
        return None
    from interactioncoder.ui.reliability.hookup import open_from_window
    from interactioncoder.ui.study_board import StudyBoard

    board = StudyBoard(window.repo, window.coder, window)
    board.sessionOpenRequested.connect(window.activate_session)
    board.changed.connect(window.refresh_browser)
    board.changed.connect(window.controller.reload)  # a reopened coding of the open session
    board.reportRequested.connect(lambda: open_from_window(window))
    board.open()
    window.open_dialog = board
    return board
