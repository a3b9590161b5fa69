"""Helpers for the workspace tests: open the real main window on a project as a coder,
press real keys where the focus is, and read back what the project file holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from interactioncoder.core.events import Event
from interactioncoder.storage import open_project
from interactioncoder.ui import player_factory
from interactioncoder.ui.main_window import CODER_ENV, MainWindow
from tests.ui.workspace_project import WorkspaceProject


def open_window(
    qtbot: QtBot,
    project: WorkspaceProject,
    coder: str,
    monkeypatch: pytest.MonkeyPatch,
    settings_dir: Path,
) -> MainWindow:
    monkeypatch.setattr(player_factory, "ASK_RELINK", False)
    monkeypatch.setenv(CODER_ENV, coder)
    settings = QSettings(str(settings_dir / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    assert window.open_project(str(project.path))
    assert window.coder is not None and window.coder.name == coder
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return window


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A real key press where the keyboard focus is (as a coder's key would go)."""
    target: QWidget | None = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)
    settle(qtbot, target.window())


def settle(qtbot: QtBot, window: QWidget) -> None:
    """Wait until the frame the player heads for is on screen (decoding is asynchronous)."""
    player = getattr(getattr(window, "controller", None), "player", None)
    if player is not None and hasattr(player, "requested_frame"):
        qtbot.waitUntil(lambda: player.displayed_frame() == player.requested_frame(), timeout=5000)


def stored_events(project: WorkspaceProject, coder: str) -> list[Event]:
    """The coder's events as the project FILE holds them (a fresh connection)."""
    repo = open_project(project.path)
    try:
        codings = repo.list_codings(session_id=project.session_id, coder_id=project.coders[coder])
        assert len(codings) == 1
        return repo.list_events(codings[0].id)
    finally:
        repo.close()


def spans(events: list[Event]) -> list[tuple[str, int, int | None]]:
    return sorted((e.code_id, e.onset_frame, e.offset_frame) for e in events)


def shown_frame_number(window: MainWindow) -> int:
    """The number painted into the picture on screen (the synthetic video's code bar)."""
    import numpy as np
    from PySide6.QtGui import QImage

    from interactioncoder.media.synthetic import read_frame_number

    view = window.controller.player.views()[0]
    image = view.image().convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes())
    return read_frame_number(raw.reshape(h, stride)[:, : w * 3].reshape(h, w, 3))
