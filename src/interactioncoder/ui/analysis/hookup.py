"""Coding ▸ Analysis… in the coding window (PIs): the Analysis view as its own window.

Picking an instance behind a number opens its session in the window (if another one is
open), moves the player to it and highlights its frames on the timeline.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from interactioncoder.ui.analysis.view import AnalysisView
from interactioncoder.ui.seams import WorkspaceHost
from interactioncoder.ui.timeline import TimelineWidget


def _is_pi(window: WorkspaceHost) -> bool:
    return window.repo is not None and window.coder is not None and bool(window.coder.is_pi)


def _show(window: WorkspaceHost, timeline: TimelineWidget, sid: int, start: int, end: int) -> None:
    ctx = window.ctx
    if (ctx is None or ctx.session.id != sid) and not window.open_session(sid):
        return
    window.controller.seek(start)
    timeline.set_highlight(start, max(end, start + 1))


def open_analysis(window: WorkspaceHost, timeline: TimelineWidget) -> AnalysisView | None:
    repo = window.repo
    if repo is None or not _is_pi(window):
        return None
    view = AnalysisView(repo, window.window())
    view.setWindowFlag(Qt.WindowType.Window, True)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    view.setWindowTitle(f"Analysis — {repo.project_name}")
    versions = repo.list_codebook_versions()
    if versions:
        newest = max(versions, key=lambda v: v.id)
        view.set_codes([c.id for c in newest.codebook.codes()])
    view.seekRequested.connect(lambda sid, frame: _show(window, timeline, sid, frame, frame))
    view.instanceSelected.connect(
        lambda sid, start, end, _ids: _show(window, timeline, sid, start, end)
    )
    view.resize(1280, 640)
    view.show()
    return view


def add_analysis_action(window: WorkspaceHost, timeline: TimelineWidget, menu: QMenu) -> QAction:
    action = menu.addAction("&Analysis…")
    action.setToolTip("Per-phase statistics, contingencies, latencies, matching (PI only)")
    action.triggered.connect(lambda: open_analysis(window, timeline))
    menu.aboutToShow.connect(lambda: action.setEnabled(_is_pi(window)))
    action.setEnabled(_is_pi(window))
    return action
