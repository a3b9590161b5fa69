"""Wiring the reliability view into the coding window (kept here: the window is wiring only).

``add_reliability_action(window, menu)`` adds "Reliability…" to a menu, enabled while the
window's coder is a PI. The view opens over all the project's sessions, shows the session
open in the window first, follows the window's player, and a disagreement selected in it
moves the player there (opening its session in the window first if another one is open).
A consensus coding made (or undone) in the view reloads the window's coding when it is
the one open. The view is placed beside or below the window's video, never over it, and
the window's transport keys (play/pause, frame and step keys) work in it too, so the PI
can replay a disputed moment without leaving the view.

The window is a :class:`~interactioncoder.ui.seams.WorkspaceHost` (its ``repo``, ``coder``,
``ctx``, ``controller.seek``/``frameChanged`` and ``open_session`` are used).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QRect, Qt
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


TRANSPORT = ("play_pause", "frame_back", "frame_forward", "step_back", "step_forward")
MIN_SIZE = (560, 380)
TITLE_BAR = 32  # room for the window manager's title bar above the placed view


def place_beside(screen: QRect, avoid: QRect, wanted: tuple[int, int]) -> QRect:
    """Where a window of (about) *wanted* size goes on *screen* without covering *avoid*:
    the largest free band right of, below, left of or above it; shrunk to fit the band."""
    bands = [
        QRect(avoid.right() + 1, screen.top(), screen.right() - avoid.right(), screen.height()),
        QRect(screen.left(), avoid.bottom() + 1, screen.width(), screen.bottom() - avoid.bottom()),
        QRect(screen.left(), screen.top(), avoid.left() - screen.left(), screen.height()),
        QRect(screen.left(), screen.top(), screen.width(), avoid.top() - screen.top()),
    ]
    bands = [b.adjusted(0, TITLE_BAR, 0, 0) for b in bands]
    fitting = [b for b in bands if b.width() >= MIN_SIZE[0] and b.height() >= MIN_SIZE[1]]
    band = max(fitting or bands, key=lambda b: max(0, b.width()) * max(0, b.height()))
    # no band big enough: smaller than usual rather than over the video
    width = max(1, min(wanted[0], band.width()))
    height = max(1, min(wanted[1], band.height()))
    return QRect(band.left(), band.top(), width, height)


def _place(view: QWidget, window: WorkspaceHost) -> None:
    video = getattr(window, "video_grid", None)
    screen = window.window().screen()
    if not isinstance(video, QWidget) or screen is None:
        return
    top_left = video.mapToGlobal(video.rect().topLeft())
    avoid = QRect(top_left, video.size())
    area = screen.availableGeometry()
    view.setGeometry(place_beside(area, avoid, (1280, 860)))
    # The view cannot shrink below its contents, which grow once the agreement is
    # computed: whenever it grows past the screen's bottom (lost behind the window) it
    # moves up, over the bottom of the video if it must.
    view.installEventFilter(_KeepOnScreen(view, area))
    view.raise_()
    view.activateWindow()


class _KeepOnScreen(QObject):
    def __init__(self, view: QWidget, area: QRect) -> None:
        super().__init__(view)
        self.view, self.area = view, area

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Resize:
            overflow = self.view.frameGeometry().bottom() - self.area.bottom()
            if overflow > 0:
                top = max(self.area.top() + TITLE_BAR, self.view.y() - overflow)
                self.view.move(self.view.x(), top)
        return False


def forward_transport(view: QWidget, window: WorkspaceHost) -> list[QAction]:
    """The window's transport keys, active in the view too (they drive the same player)."""
    made = []
    actions: dict[str, QAction] = getattr(window.controller, "actions", {})
    for name in TRANSPORT:
        source = actions.get(name)
        if source is None or source.shortcut().isEmpty():
            continue
        action = QAction(source.text(), view)
        action.setShortcut(source.shortcut())
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(source.trigger)
        view.addAction(action)
        made.append(action)
    return made


def open_from_window(window: WorkspaceHost) -> ReliabilityView | None:
    if not _is_pi(window) or window.repo is None:
        return None
    view = open_reliability_view(window.window(), window.repo, None, window.coder)
    _place(view, window)  # beside the video it seeks, not over it
    forward_transport(view, window)
    view.player_session = lambda: _open_session_id(window)
    view.seekRequested.connect(lambda sid, frame: _seek(window, sid, frame))
    view.codingChanged.connect(lambda cid: _reload_if_open(window, cid))  # made or undone
    view.computed.connect(lambda: _show_open_session(window, view))
    window.controller.frameChanged.connect(view.follow_player)
    return view
