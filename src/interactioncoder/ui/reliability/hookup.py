"""Wiring the reliability view into the coding window (kept here: the window is wiring only).

``add_reliability_action(window, menu)`` adds "Reliability…" to a menu, enabled while the
window's coder is a PI. The view opens over all the project's sessions, shows the session
open in the window first, follows the window's player, and a disagreement selected in it
moves the player there (opening its session in the window first if another one is open).
A consensus coding made (or undone) in the view reloads the window's coding when it is
the one open.

The window is a :class:`~interactioncoder.ui.seams.WorkspaceHost` (its ``repo``, ``coder``,
``ctx``, ``controller.seek``/``frameChanged`` and ``open_session`` are used).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from interactioncoder.core.project import Coder
from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.reliability.view import ReliabilityView
from interactioncoder.ui.seams import WorkspaceHost


def open_reliability_view(
    parent: QWidget | None,
    repo: ProjectRepository,
    session_ids: Sequence[int] | None,
    current_coder: Coder | None,
) -> ReliabilityView:
    """Open the reliability view as its own window and start computing at once."""
    view = ReliabilityView(repo, session_ids, current_coder, parent)
    view.setWindowFlag(Qt.WindowType.Window, True)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    view.show()
    view.start()
    return view


def _is_pi(window: WorkspaceHost) -> bool:
    return window.repo is not None and window.coder is not None and bool(window.coder.is_pi)


def _open_session_id(window: WorkspaceHost) -> int | None:
    ctx = window.ctx
    return int(ctx.session.id) if ctx is not None else None


def add_reliability_action(window: WorkspaceHost, menu: QMenu) -> QAction:
    action = menu.addAction("&Reliability…")
    action.setToolTip("Inter-rater agreement and where the coders disagree (PI only)")
    action.triggered.connect(lambda: open_from_window(window))
    menu.aboutToShow.connect(lambda: action.setEnabled(_is_pi(window)))
    action.setEnabled(_is_pi(window))
    return action


def _seek(window: WorkspaceHost, session_id: int, frame: int) -> None:
    if _open_session_id(window) != session_id and not window.open_session(session_id):
        return
    window.controller.seek(frame)


def _reload_if_open(window: WorkspaceHost, coding_id: int) -> None:
    ctx = window.ctx
    if ctx is not None and ctx.coding.id == coding_id:
        window.open_session(ctx.session.id)  # the window shows the new consensus events


def _show_open_session(window: WorkspaceHost, view: ReliabilityView) -> None:
    sid = _open_session_id(window)
    if view.result is None or sid is None:
        return
    # An open session that is not double-coded: the view keeps its first session.
    with contextlib.suppress(KeyError):
        view.show_session(view.result.data.session(sid))


def open_from_window(window: WorkspaceHost) -> ReliabilityView | None:
    if not _is_pi(window) or window.repo is None:
        return None
    view = open_reliability_view(window.window(), window.repo, None, window.coder)
    view.player_session = lambda: _open_session_id(window)
    view.seekRequested.connect(lambda sid, frame: _seek(window, sid, frame))
    view.codingChanged.connect(lambda cid: _reload_if_open(window, cid))  # made or undone
    view.computed.connect(lambda: _show_open_session(window, view))
    window.controller.frameChanged.connect(view.follow_player)
    return view
