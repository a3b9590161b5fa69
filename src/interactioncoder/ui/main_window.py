"""The coding workspace window. WIRING ONLY: widgets, menus, docks and signal connections.

Logic lives elsewhere: keyboard coding and edits in ``coding_controller``, what is open in
``workflow.sessions``, the rules in ``workflow`` and ``core.editing``. Every edit is stored
when it is made, so there is no Save action and the title never shows an "unsaved" marker.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.project import Coder
from interactioncoder.storage import ProjectRepository, open_project
from interactioncoder.storage.errors import StorageError
from interactioncoder.ui import player_factory, proxy_builder
from interactioncoder.ui.analysis.hookup import add_analysis_action
from interactioncoder.ui.coding_controller import CodingController
from interactioncoder.ui.dialogs.coder_dialog import CoderDialog, create_requested_coder
from interactioncoder.ui.dialogs.preferences_dialog import PreferencesDialog, codebook_key_map
from interactioncoder.ui.export_menu import add_exchange_menus
from interactioncoder.ui.panels.codebook_panel import CodebookPanel
from interactioncoder.ui.panels.comment_panel import CommentPanel
from interactioncoder.ui.panels.event_list import EventListPanel
from interactioncoder.ui.panels.project_browser import ProjectBrowser
from interactioncoder.ui.panels.ratings_panel import RatingsPanel
from interactioncoder.ui.reliability.hookup import add_reliability_action
from interactioncoder.ui.shortcuts import ShortcutBindings
from interactioncoder.ui.signal_menu import add_signal_menu
from interactioncoder.ui.status_bar import CodingStatusBar
from interactioncoder.ui.timeline import TimelineWidget
from interactioncoder.ui.transport_bar import TransportBar
from interactioncoder.ui.video_grid import LAYOUTS, VideoGrid
from interactioncoder.workflow.sessions import SessionContext, open_session_context

CODER_ENV = "INTERACTIONCODER_CODER"  # coder name (or anything: the first coder), no dialog
RECENT_KEY = "projects/recent"
MAX_RECENT = 8


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        self.setWindowTitle("interactioncoder")
        self.repo: ProjectRepository | None = None
        self.coder: Coder | None = None
        self.ctx: SessionContext | None = None
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
        self._build_menus()
        self._connect()
        self._restore_window()

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{title.lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # -- menus --------------------------------------------------------------------------
    def _build_menus(self) -> None:
        actions = self.controller.actions
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction("&Open project…", QKeySequence("Ctrl+O"), self.choose_project)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addAction("&Relink missing video…", self.relink_missing)
        add_exchange_menus(file_menu, self)
        file_menu.addSeparator()
        file_menu.addAction("Switch &coder…", self.switch_coder)
        file_menu.addSeparator()
        file_menu.addAction("&Quit", QKeySequence("Ctrl+Q"), self.close)

        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addAction(actions["undo"])
        edit_menu.addAction(actions["redo"])
        edit_menu.addSeparator()
        edit_menu.addAction("&Preferences…", self.show_preferences)

        play_menu = self.menuBar().addMenu("&Playback")
        for key in ("play_pause", "frame_back", "frame_forward", "step_back", "step_forward"):
            play_menu.addAction(actions[key])
        play_menu.addActions([actions["go_start"], actions["go_end"], actions["go_to"]])

        view_menu = self.menuBar().addMenu("&View")
        cameras = view_menu.addMenu("&Cameras")
        group = QActionGroup(self)
        for layout_id, (label, _cols) in LAYOUTS.items():
            act = cameras.addAction(label)
            act.setCheckable(True)
            act.setChecked(layout_id == "auto")
            act.triggered.connect(lambda _=False, i=layout_id: self.video_grid.set_layout_id(i))
            group.addAction(act)
        view_menu.addSeparator()
        for key in ("zoom_in", "zoom_out", "zoom_fit"):
            view_menu.addAction(actions[key])
        view_menu.addSeparator()
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())

        coding_menu = self.menuBar().addMenu("&Coding")
        self.done_action = coding_menu.addAction("Mark coding &done", self.controller.mark_done)
        coding_menu.addAction(self.controller.reopen_action)
        coding_menu.addAction(
            "&Synchronise cameras…", lambda: player_factory.open_sync_dialog(self)
        )
        add_reliability_action(self, coding_menu)
        add_analysis_action(self, self.timeline, coding_menu)
        self.signal_menu = add_signal_menu(self, coding_menu)  # Coding ▸ Signals (lanes)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_projects():
            action = QAction(path, self.recent_menu)
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
            self.recent_menu.addAction(action)
        self.recent_menu.setEnabled(bool(self.recent_projects()))

    # -- connections ----------------------------------------------------------------------
    def _connect(self) -> None:
        c, t, tl = self.controller, self.transport, self.timeline
        a = c.actions
        a["zoom_in"].triggered.connect(tl.zoom_in)
        a["zoom_out"].triggered.connect(tl.zoom_out)
        a["zoom_fit"].triggered.connect(tl.zoom_to_fit)
        a["go_to"].triggered.connect(t.focus_jump)
        t.playToggled.connect(c.toggle_play)
        t.stepRequested.connect(c.step)
        t.speedChanged.connect(c.set_speed)
        t.jumpRequested.connect(c.seek)
        t.jumpRequested.connect(lambda _f: self.video_grid.setFocus())
        t.jumpFailed.connect(self.status.show_message)
        c.frameChanged.connect(t.set_frame)
        c.frameChanged.connect(self.status.set_frame)
        c.frameChanged.connect(tl.set_playhead)
        c.playingChanged.connect(t.set_playing)
        c.eventsChanged.connect(tl.set_events)
        c.eventsChanged.connect(self.event_list.set_events)
        c.comparisonChanged.connect(tl.set_comparison)
        c.runningChanged.connect(
            lambda evs: self.codebook_panel.set_running(e.code_id for e in evs)
        )
        c.runningChanged.connect(
            lambda evs: self.status.set_running(self.ctx.codebook if self.ctx else None, evs)
        )
        c.codingChanged.connect(self._show_coding)
        c.codingChanged.connect(self.browser.update_coding)
        c.ratingsChanged.connect(self.ratings.set_ratings)
        c.message.connect(self.status.show_message)
        tl.seekRequested.connect(c.seek)
        tl.trimRequested.connect(c.trim)
        tl.moveRequested.connect(c.move)
        tl.deleteRequested.connect(c.delete)
        tl.splitRequested.connect(c.split)
        tl.createRequested.connect(c.create_event)
        tl.editEventRequested.connect(c.edit_event)
        tl.segmentTrimRequested.connect(c.trim_segment)
        tl.selectionChanged.connect(lambda ids: ids and self.event_list.select_event(ids[-1]))
        c.segmentsChanged.connect(tl.set_segments)
        self.event_list.seekRequested.connect(c.seek)
        self.event_list.deleteRequested.connect(c.delete)
        self.event_list.editRequested.connect(c.edit_event)
        self.codebook_panel.codeClicked.connect(c.mark_code)
        self.ratings.ratingChanged.connect(c.set_rating)
        self.comment.commentCommitted.connect(c.set_comment)
        self.browser.sessionActivated.connect(self.open_session)

    def _show_coding(self, coding: object) -> None:
        if self.ctx is None:
            return
        self.status.set_coding_status(self.ctx.coding.status)
        self.done_action.setEnabled(not self.ctx.is_done)
        if not self.comment.has_uncommitted_changes():
            self.comment.set_comment(self.ctx.coding.comment)
        self.setWindowTitle(self.ctx.title())

    # -- project and coder --------------------------------------------------------------
    def recent_projects(self) -> list[str]:
        value = self.settings.value(RECENT_KEY, [])
        items = (
            [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        )
        return [str(p) for p in items if p]

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
        coder = self._choose_coder(repo)
        if coder is None:
            repo.close()
            return False
        self._close_project()
        self.repo, self.coder = repo, coder
        self._remember(str(Path(path).resolve()) if "://" not in path else path)
        self.refresh_browser()
        sessions = repo.list_sessions()
        last = self.settings.value(f"projects/last_session/{repo.location}")
        known = {s.id for s in sessions}
        if last is not None and int(last) in known:
            self.open_session(int(last))
        elif sessions:
            self.open_session(sessions[0].id)
        else:
            self.setWindowTitle(f"{repo.project_name} — {coder.name}")
        return True

    def _choose_coder(self, repo: ProjectRepository) -> Coder | None:
        coders = repo.list_coders()
        wanted = os.environ.get(CODER_ENV)
        if wanted is not None and coders:
            by_name = [c for c in coders if c.name == wanted]
            return by_name[0] if by_name else min(coders, key=lambda c: c.id)
        last = self.settings.value(f"projects/last_coder/{repo.location}")
        dialog = CoderDialog(coders, int(last) if last else None, parent=self)
        if not dialog.exec():
            return None
        request = dialog.new_coder_request()
        if request is not None:
            created = create_requested_coder(self, repo, request)
            if created is None:
                return None
            coder = created
        else:
            chosen = dialog.chosen_coder_id()
            if chosen is None:
                return None
            coder = repo.get_coder(chosen)
        self.settings.setValue(f"projects/last_coder/{repo.location}", coder.id)
        return coder

    def switch_coder(self) -> None:
        if self.repo is None:
            return
        self.comment.commit()
        coder = self._choose_coder(self.repo)
        if coder is not None:
            self.coder = coder
            self.refresh_browser()
            if self.ctx is not None:
                self.open_session(self.ctx.session.id)

    def refresh_browser(self) -> None:
        if self.repo is None or self.coder is None:
            return
        repo = self.repo
        self.browser.set_data(
            repo.list_dyads(),
            repo.list_sessions(),
            repo.list_codings(),
            repo.list_coders(),
            current_coder_id=self.coder.id,
            blind=True,  # workflow.visibility: a PI still sees everyone
        )

    def _close_project(self) -> None:
        self.comment.commit()
        proxy_builder.stop_for(self)
        self.controller.stop()
        self.video_grid.set_views([], "Open a session to start coding.")
        self.ctx = None
        if self.repo is not None:
            self.repo.close()
        self.repo = None

    # -- session --------------------------------------------------------------------------
    def open_session(self, session_id: int) -> bool:
        if self.repo is None or self.coder is None:
            return False
        self.comment.commit()
        self.controller.stop()
        try:
            ctx = open_session_context(self.repo, session_id, self.coder)
        except StorageError as exc:
            QMessageBox.warning(self, "Cannot open session", str(exc))
            return False
        relinked = player_factory.offer_relink(self, ctx) if ctx.missing else []
        if relinked:
            ctx = open_session_context(self.repo, session_id, self.coder)
        self.ctx = ctx
        self.settings.setValue(f"projects/last_session/{self.repo.location}", session_id)
        cache_mb = self.bindings.preferences()["frame_cache_mb"]
        player, notice = player_factory.make_player(ctx, self, cache_mb)
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
    def _restore_window(self) -> None:
        geometry, state = (
            self.settings.value("window/geometry"),
            self.settings.value("window/state"),
        )
        if geometry is None or state is None:  # first start: most of the screen, video first
            screen = self.screen().availableGeometry()
            self.resize(min(1600, int(screen.width() * 0.9)), min(1000, int(screen.height() * 0.9)))
            h, v = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
            self.resizeDocks([self.docks["codebook"]], [int(self.width() * 0.3)], h)
            self.resizeDocks([self.docks["timeline"]], [int(self.height() * 0.38)], v)
        else:
            self.restoreGeometry(geometry)
            self.restoreState(state)
        layout = self.settings.value("window/camera_layout", "auto")
        if layout in LAYOUTS:
            self.video_grid.set_layout_id(str(layout))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/camera_layout", self.video_grid.layout_id())
        self._close_project()
        super().closeEvent(event)
