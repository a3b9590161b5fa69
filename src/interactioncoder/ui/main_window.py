"""The coding workspace window. WIRING ONLY: widgets, menus, docks and signal connections.

Logic lives elsewhere: keyboard coding and edits in ``coding_controller``, what is open in
``workflow.sessions``, the rules in ``workflow`` and ``core.editing``. Every edit is stored
when it is made, so there is no Save action and the title never shows an "unsaved" marker.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.project import Coder
from interactioncoder.storage import ProjectRepository, open_project
from interactioncoder.storage.errors import StorageError
from interactioncoder.ui import coder_choice, player_factory, proxy_builder
from interactioncoder.ui.coder_choice import CODER_ENV, PASSPHRASE_ENV
from interactioncoder.ui.coding_controller import CodingController
from interactioncoder.ui.dialogs.pi_unlock import Ask
from interactioncoder.ui.dialogs.preferences_dialog import PreferencesDialog, codebook_key_map
from interactioncoder.ui.panels.codebook_panel import CodebookPanel
from interactioncoder.ui.panels.comment_panel import CommentPanel
from interactioncoder.ui.panels.event_list import EventListPanel
from interactioncoder.ui.panels.project_browser import ProjectBrowser
from interactioncoder.ui.panels.ratings_panel import RatingsPanel
from interactioncoder.ui.shortcuts import ShortcutBindings
from interactioncoder.ui.signal_menu import SignalMenu
from interactioncoder.ui.status_bar import CodingStatusBar
from interactioncoder.ui.study_menu import blinded_message, empty_text
from interactioncoder.ui.timeline import TimelineWidget
from interactioncoder.ui.transport_bar import TransportBar
from interactioncoder.ui.video_grid import VideoGrid
from interactioncoder.ui.welcome import recent_projects
from interactioncoder.ui.window_menus import build_menus, connect_views
from interactioncoder.ui.window_state import (
    close_child_windows,
    drop_stale_tab_bars,
    restore_window,
    save_window,
)
from interactioncoder.workflow.blinding import (
    SessionView,
    browser_data,
    is_blinded,
    session_views,
    window_title,
)
from interactioncoder.workflow.sessions import SessionContext, open_session_context
from interactioncoder.workflow.study_board import pi_would_code, session_to_open

__all__ = ["CODER_ENV", "PASSPHRASE_ENV", "MainWindow"]  # the names tests and the app use
RECENT_KEY = "projects/recent"
MAX_RECENT = 8


class MainWindow(QMainWindow):
    # made by window_menus.build_menus
    recent_menu: QMenu
    done_action: QAction
    signal_menu: SignalMenu

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        self.setWindowTitle("interactioncoder")
        self.repo: ProjectRepository | None = None
        self.coder: Coder | None = None
        self.ctx: SessionContext | None = None
        self.pi_actions: list[QAction] = []  # enabled for a PI (ui.study_menu)
        self.open_dialog: QWidget | None = None  # the last dialog a menu opened (tests)
        #: how the PI passphrase is asked (None: a password dialog; tests replace it)
        self.ask_passphrase: Ask | None = None
        #: asked before a PI becomes the primary coder of a session (tests replace it)
        self.confirm_pi_coding: Callable[[str], bool] = self._ask_pi_coding
        self.views: dict[int, SessionView] = {}  # what this coder may see of each session
        self._shown = False
        self.bindings = ShortcutBindings(self.settings)
        self.undo_stack = QUndoStack(self)  # no undo limit
        self.controller = CodingController(self, self.undo_stack, self.bindings)

        self.video_grid = VideoGrid(self)
        self.transport = TransportBar(self)
        central = QWidget(self)
        box = QVBoxLayout(central)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.video_grid, 1)
        box.addWidget(self.transport)
        self.setCentralWidget(central)
        self.controller.popup_host = self.video_grid

        self.timeline = TimelineWidget(self)
        self.browser = ProjectBrowser(self)
        self.codebook_panel = CodebookPanel(parent=self)
        self.event_list = EventListPanel(parent=self)
        self.ratings = RatingsPanel(parent=self)
        self.comment = CommentPanel(self)
        right, bottom = (
            Qt.DockWidgetArea.RightDockWidgetArea,
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        self.docks = {
            "timeline": self._dock("Timeline", self.timeline, bottom),
            "browser": self._dock("Project", self.browser, right),
            "codebook": self._dock("Codebook", self.codebook_panel, right),
            "events": self._dock("Events", self.event_list, right),
            "ratings": self._dock("Ratings", self.ratings, right),
            "comment": self._dock("Comment", self.comment, right),
        }
        # the video gets the width: project and codebook share a tab, as do the lists
        self.tabifyDockWidget(self.docks["browser"], self.docks["codebook"])
        self.docks["codebook"].raise_()
        self.tabifyDockWidget(self.docks["events"], self.docks["ratings"])
        self.tabifyDockWidget(self.docks["ratings"], self.docks["comment"])
        self.docks["events"].raise_()
        self.status = CodingStatusBar(self)
        self.setStatusBar(self.status)
        build_menus(self)
        connect_views(self)
        restore_window(self)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{title.lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # -- menus --------------------------------------------------------------------------
    def _show_coding(self, coding: object) -> None:
        if self.ctx is None:
            return
        self.status.set_coding_status(self.ctx.coding.status)
        self.done_action.setEnabled(not self.ctx.is_done)
        if not self.comment.has_uncommitted_changes():
            self.comment.set_comment(self.ctx.coding.comment)
        self.setWindowTitle(self.session_title())

    def blinded(self) -> bool:
        """Whether this coder sees sessions under their random code only."""
        return self.repo is not None and is_blinded(self.coder, self.repo.blind_to_condition)

    def session_title(self) -> str:
        """project — session (as this coder may see it) — coder (role)."""
        if self.ctx is None or self.repo is None:
            return "interactioncoder"
        ctx = self.ctx
        if ctx.session.id not in self.views:
            self.views = session_views(self.repo, self.coder)
        view = self.views.get(ctx.session.id)
        return window_title(self.repo.project_name, view, ctx.coder, ctx.coding.role)

    # -- project and coder --------------------------------------------------------------
    def recent_projects(self) -> list[str]:
        return recent_projects(self.settings)

    def _remember(self, path: str) -> None:
        items = [path, *(p for p in self.recent_projects() if p != path)][:MAX_RECENT]
        self.settings.setValue(RECENT_KEY, items)

    def choose_project(self) -> None:
        start = self.recent_projects()[0] if self.recent_projects() else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self, "Open project", start, "interactioncoder projects (*.icproj);;All files (*)"
        )
        if path:
            self.open_project(path)

    def open_project(self, path: str) -> bool:
        try:
            repo = open_project(path)
        except StorageError as exc:
            QMessageBox.critical(self, "Cannot open project", str(exc))
            return False
        coder = coder_choice.choose_coder(self, repo)
        if coder is None:
            repo.close()
            return False
        self._close_project()
        self.close_windows()
        self.repo, self.coder = repo, coder
        self._remember(str(Path(path).resolve()) if "://" not in path else path)
        self.refresh_browser()
        last = self.settings.value(f"projects/last_session/{repo.location}")
        self._open_own_session(int(last) if last is not None else None)
        return True

    def switch_coder(self) -> None:
        if self.repo is None:
            return
        self.comment.commit()
        coder = coder_choice.choose_coder(self, self.repo)
        if coder is not None:
            self.close_windows()  # the last coder's dialogs and views go with them
            self.coder = coder
            self.refresh_browser()
            self._open_own_session(self.ctx.session.id if self.ctx is not None else None)

    def _open_own_session(self, preferred: int | None) -> None:
        """Open the coder's own session (workflow rule), else nothing and say what to do."""
        if self.repo is None or self.coder is None:
            return
        session_id = session_to_open(self.repo, self.coder, preferred)
        if session_id is None or not self.open_session(session_id):
            self.show_nothing_open()

    def show_nothing_open(self) -> None:
        """No session open: say what to do next, with the Project list in front."""
        self.close_session()
        self.video_grid.set_views([], empty_text(self.repo, self.coder))
        self.docks["browser"].raise_()

    def refresh_browser(self) -> None:
        if self.repo is None or self.coder is None:
            return
        repo = self.repo
        self.views = session_views(repo, self.coder)
        dyads, sessions = browser_data(repo, self.coder, self.views)
        self.browser.set_data(
            dyads,
            sessions,
            repo.list_codings(),
            repo.list_coders(),
            current_coder_id=self.coder.id,
            blind=True,  # workflow.visibility: a PI still sees everyone
        )

    def close_windows(self) -> None:
        """Close and delete every dialog and window this window opened."""
        close_child_windows(self)
        self.open_dialog = None

    def close_session(self) -> None:
        """Nothing open (e.g. the open session was removed)."""
        self.comment.commit()
        proxy_builder.stop_for(self)
        self.controller.stop()
        self.undo_stack.clear()
        self.video_grid.set_views([], "Open a session to start coding.")
        self.ctx = None
        if self.repo is not None and self.coder is not None:
            self.setWindowTitle(f"{self.repo.project_name} — {self.coder.name}")

    def _close_project(self) -> None:
        self.close_session()
        if self.repo is not None:
            self.repo.close()
        self.repo = None

    # -- session --------------------------------------------------------------------------
    def activate_session(self, session_id: int) -> bool:
        """A session chosen in the Project list; a PI is asked before becoming its coder."""
        if self.repo is not None and self.coder is not None:
            question = pi_would_code(self.repo, self.coder, session_id)
            if question and not self.confirm_pi_coding(question):
                return False
        return self.open_session(session_id)

    def _ask_pi_coding(self, text: str) -> bool:
        yes = QMessageBox.StandardButton.Yes
        return QMessageBox.question(self, "Code this session?", text) == yes

    def open_session(self, session_id: int) -> bool:
        if self.repo is None or self.coder is None:
            return False
        self.comment.commit()
        self.controller.stop()
        try:
            ctx = open_session_context(self.repo, session_id, self.coder)
        except StorageError as exc:
            text = blinded_message(self.views, session_id) if self.blinded() else str(exc)
            QMessageBox.warning(self, "Cannot open session", text)
            return False
        blinded = is_blinded(self.coder, self.repo.blind_to_condition)
        relinked = player_factory.offer_relink(self, ctx) if ctx.missing and not blinded else []
        if relinked:
            ctx = open_session_context(self.repo, session_id, self.coder)
        self.ctx = ctx
        self.views = session_views(self.repo, self.coder)  # labels may have been edited
        self.settings.setValue(f"projects/last_session/{self.repo.location}", session_id)
        cache_mb = self.bindings.preferences()["frame_cache_mb"]
        player, notice = player_factory.make_player(ctx, self, cache_mb)
        if notice and blinded and ctx.cameras:  # a file name would tell the condition
            notice = "A video of this session cannot be shown: ask the PI to relink it."
        self.video_grid.set_views(player.views(), notice)
        for panel in (self.timeline, self.codebook_panel, self.event_list, self.ratings):
            panel.set_codebook(ctx.codebook)
        self.timeline.set_timebase(ctx.timebase)
        self.timeline.set_comparison([])
        self.ratings.set_segments(self.repo.list_segments(session_id))
        self.transport.set_timebase(ctx.timebase)
        self.status.set_timebase(ctx.timebase)
        self.controller.start(ctx, player)
        proxy_builder.start_for(self, player)  # background scrub proxies, live scrubbing
        player_factory.keep_undo_steps(self.undo_stack, relinked)  # start() cleared the stack
        self.transport.set_frame(0)
        self.status.set_frame(0)
        self.browser.select_session(session_id)
        self.refresh_browser()
        if notice:
            self.status.show_message(notice)
        self.video_grid.setFocus()  # keys go to the coding, not to a text field
        return True

    def relink_missing(self) -> None:
        if self.ctx is None:
            return
        if self.blinded():
            QMessageBox.information(self, "Relink", "Ask the PI to relink this session's video.")
            return
        relinked = player_factory.offer_relink(self, self.ctx, force=True)
        if relinked and self.open_session(self.ctx.session.id):
            player_factory.keep_undo_steps(self.undo_stack, relinked)

    def show_preferences(self) -> None:
        codebook = self.ctx.codebook if self.ctx else None
        dialog = PreferencesDialog(self.bindings.preferences(), codebook_key_map(codebook), self)
        if dialog.exec():
            refused = self.bindings.apply_preferences(dialog.settings(), codebook)
            self.controller.apply_bindings()
            if refused:
                QMessageBox.information(self, "Some keys were kept", "\n".join(refused))

    # -- window state ---------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            drop_stale_tab_bars(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        save_window(self)
        self._close_project()
        super().closeEvent(event)
