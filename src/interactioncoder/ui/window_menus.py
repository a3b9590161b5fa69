"""The coding window's menus and signal connections (wiring only, no rules).

Kept apart from :mod:`.main_window` so the window class stays readable; these functions
take the window and wire what it owns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from interactioncoder.ui import player_factory
from interactioncoder.ui.analysis.hookup import add_analysis_action
from interactioncoder.ui.export_menu import add_exchange_menus
from interactioncoder.ui.help import add_help_menu
from interactioncoder.ui.reliability.hookup import add_reliability_action
from interactioncoder.ui.signal_menu import add_signal_menu
from interactioncoder.ui.study_menu import add_study_actions
from interactioncoder.ui.video_grid import LAYOUTS

if TYPE_CHECKING:
    from interactioncoder.ui.main_window import MainWindow


def build_menus(self: MainWindow) -> None:
    """The menu bar: File, Edit, Playback, View, Coding (and the hooks' menus), Help."""
    actions = self.controller.actions
    file_menu = self.menuBar().addMenu("&File")
    file_menu.addAction("&Open project…", QKeySequence("Ctrl+O"), self.choose_project)
    self.recent_menu = file_menu.addMenu("Open &recent")
    self.recent_menu.aboutToShow.connect(lambda: fill_recent(self))
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
    coding_menu.addAction("&Synchronise cameras…", lambda: player_factory.open_sync_dialog(self))
    add_reliability_action(self, coding_menu)
    add_analysis_action(self, self.timeline, coding_menu)
    self.signal_menu = add_signal_menu(self, coding_menu)  # Coding ▸ Signals (lanes)
    add_study_actions(self, file_menu, coding_menu)
    add_help_menu(self)


def fill_recent(self: MainWindow) -> None:
    self.recent_menu.clear()
    for path in self.recent_projects():
        action = QAction(path, self.recent_menu)
        action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        self.recent_menu.addAction(action)
    self.recent_menu.setEnabled(bool(self.recent_projects()))


def connect_views(self: MainWindow) -> None:
    """Controller, transport, timeline and panels talk through signals only."""
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
    c.runningChanged.connect(lambda evs: self.codebook_panel.set_running(e.code_id for e in evs))
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
    c.segmentsChanged.connect(self.ratings.set_segments)
    self.event_list.seekRequested.connect(c.seek)
    self.event_list.deleteRequested.connect(c.delete)
    self.event_list.editRequested.connect(c.edit_event)
    self.codebook_panel.codeClicked.connect(c.mark_code)
    self.ratings.ratingChanged.connect(c.set_rating)
    self.comment.commentCommitted.connect(c.set_comment)
    self.browser.sessionActivated.connect(self.activate_session)
