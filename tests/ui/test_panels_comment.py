from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from interactioncoder.ui.panels.comment_panel import CommentPanel
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


def _window(qtbot) -> tuple[QWidget, CommentPanel, QLineEdit]:  # type: ignore[no-untyped-def]
    window = QWidget()
    panel = CommentPanel(window)
    other = QLineEdit(window)
    layout = QVBoxLayout(window)
    layout.addWidget(panel)
    layout.addWidget(other)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    return window, panel, other


def test_typing_emits_nothing_ctrl_enter_commits_once(qtbot) -> None:
    _win, panel, _other = _window(qtbot)
    panel.set_comment("Camera 2 froze at 03:10.")
    panel.editor.setFocus()
    panel.editor.moveCursor(panel.editor.textCursor().MoveOperation.End)
    with qtbot.assertNotEmitted(panel.commentCommitted):
        qtbot.keyClicks(panel.editor, " Mother left the room.")
    assert panel.has_uncommitted_changes()
    with qtbot.waitSignal(panel.commentCommitted) as blocker:
        qtbot.keyClick(panel.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == ["Camera 2 froze at 03:10. Mother left the room."]
    assert panel.comment() == "Camera 2 froze at 03:10. Mother left the room."  # no newline
    with qtbot.assertNotEmitted(panel.commentCommitted):
        qtbot.keyClick(panel.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_focus_out_commits_only_changes(qtbot) -> None:
    _win, panel, other = _window(qtbot)
    panel.editor.setFocus()
    qtbot.waitUntil(panel.editor.hasFocus)
    with qtbot.assertNotEmitted(panel.commentCommitted):
        other.setFocus()  # unchanged: nothing to commit
        qtbot.waitUntil(other.hasFocus)
    panel.editor.setFocus()
    qtbot.waitUntil(panel.editor.hasFocus)
    qtbot.keyClicks(panel.editor, "Doubt at 5:20")
    with qtbot.waitSignal(panel.commentCommitted) as blocker:
        other.setFocus()
    assert blocker.args == ["Doubt at 5:20"]
    with qtbot.assertNotEmitted(panel.commentCommitted):
        panel.set_comment("from the store")
    assert panel.comment() == "from the store"
    assert not panel.has_uncommitted_changes()
