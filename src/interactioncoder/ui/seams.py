"""Typed seams: what the workspace window and a player must offer to the modules around them.

These are structural types (``typing.Protocol``): ``MainWindow`` is a :class:`WorkspaceHost`
and both ``SessionPlayer`` and ``ClockPlayer`` are a :class:`Player` without inheriting
from anything here; mypy checks that they fit wherever one is passed.

* :class:`Player` - what the coding controller (and through it the reliability view, which
  follows ``controller.frameChanged``) needs of the thing that shows frames.
* :class:`WorkspaceController` - what the menus and the reliability hookup use of the
  window's coding controller.
* :class:`WorkspaceHost` - what ``export_menu``, ``import_menu``, ``player_factory`` and
  ``reliability.hookup`` need of the window. ``window()`` (every ``QWidget`` has it) gives
  the widget to parent dialogs on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from interactioncoder.core.project import Coder
from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.session_context import SessionContext


class Player(Protocol):
    """Shows the session's frames and keeps the time (``SessionPlayer``, ``ClockPlayer``)."""

    @property
    def frameChanged(self) -> SignalInstance: ...  # Qt signal name

    @property
    def playingChanged(self) -> SignalInstance: ...  # Qt signal name

    def views(self) -> Sequence[QWidget]: ...

    def displayed_frame(self) -> int: ...

    def toggle_play(self) -> None: ...

    def step(self, frames: int) -> None: ...

    def seek_frame(self, frame: int) -> None: ...

    def set_speed(self, speed: float) -> None: ...

    def close(self) -> None: ...


@runtime_checkable
class SyncPlayer(Player, Protocol):
    """A player whose cameras can be moved in time (``SessionPlayer``): what the sync
    dialog needs. Positional parameters, so each player may name them its own way."""

    def set_offset(self, camera: int, offset_ms: float, /) -> object: ...

    def camera_frame(self, camera: int, /) -> int | None: ...


class WorkspaceController(Protocol):
    """The window's coding controller, as the menus and the reliability view use it."""

    @property
    def frameChanged(self) -> SignalInstance: ...  # Qt signal name

    @property
    def player(self) -> Player | None: ...

    @property
    def report_error(self) -> Callable[[str], object]: ...

    def seek(self, frame: int) -> None: ...

    def reload(self) -> None: ...


class WorkspaceHost(Protocol):
    """The coding window as seen by the menus, dialogs and views it hosts."""

    @property
    def repo(self) -> ProjectRepository | None: ...

    @property
    def coder(self) -> Coder | None: ...

    @property
    def ctx(self) -> SessionContext | None: ...

    @property
    def controller(self) -> WorkspaceController: ...

    @property
    def undo_stack(self) -> QUndoStack: ...

    def window(self) -> QWidget: ...

    def open_session(self, session_id: int) -> bool: ...

    def refresh_browser(self) -> None: ...
