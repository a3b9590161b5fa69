"""The keyed burst of the kill-recovery test, run by pytest-qt in a subprocess.

Not collected by the normal test run (the file name does not start with ``test_``):
``test_kill_recovery`` starts ``python -m pytest -s tests/ui/kill_burst_driver.py`` with
the project and the plan in environment variables and SIGKILLs that process mid-burst. The
window is driven with qtbot/QTest like any other UI test; the production entry point runs
no test code.
"""

from __future__ import annotations

import json
import os

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from interactioncoder.ui.main_window import MainWindow

PROJECT_ENV = "KILL_BURST_PROJECT"
PLAN_ENV = "KILL_BURST_PLAN"  # JSON list of [Qt key name, expected frame]


def test_keyed_burst(qtbot: QtBot) -> None:
    plan = json.loads(os.environ[PLAN_ENV])
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    assert window.open_project(os.environ[PROJECT_ENV])
    # shortcuts need the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=10_000)
    window.video_grid.setFocus()
    c = window.controller

    def target() -> QWidget:
        return QApplication.focusWidget() or window

    def settled() -> bool:
        p = c.player
        return not hasattr(p, "requested_frame") or p.displayed_frame() == p.requested_frame()

    for n, (key, frame) in enumerate(plan, start=1):
        QTest.keyClick(target(), Qt.Key.Key_Right)
        qtbot.waitUntil(settled, timeout=10_000)
        assert c.frame() == frame, (c.frame(), frame)
        before = window.undo_stack.count()
        QTest.keyClick(target(), getattr(Qt.Key, key))
        assert window.undo_stack.count() == before + 1, window.status.currentMessage()
        print("READY", n, flush=True)
    print("DONE", flush=True)
