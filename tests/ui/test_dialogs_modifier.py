from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from interactioncoder.ui.dialogs.modifier_popup import ModifierPopup, choice_keys
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING, TOUCH_KIND, make_codebook

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


def _popup(qtbot, code_id: str) -> tuple[QWidget, ModifierPopup]:  # type: ignore[no-untyped-def]
    host = QWidget()
    host.resize(500, 400)
    qtbot.addWidget(host)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    popup = ModifierPopup(make_codebook().code(code_id), parent=host)
    popup.present(QPoint(20, 20))
    return host, popup


def test_choice_keys_default_to_digits() -> None:
    intensity = make_codebook().code("m_sensitive").modifiers[0]
    assert choice_keys(intensity) == {"1": "low", "2": "high"}
    assert choice_keys(TOUCH_KIND) == {"S": "stroke", "P": "pat", "K": "kiss"}


def test_pick_by_digit_accepts(qtbot) -> None:
    _host, popup = _popup(qtbot, "m_sensitive")
    texts = [w.text() for w in popup.findChildren(type(popup.message))]
    assert "[1] low" in texts and "[2] high" in texts
    assert popup.hasFocus()
    with qtbot.waitSignal(popup.accepted) as blocker:
        qtbot.keyClick(popup, Qt.Key.Key_2)
    assert blocker.args == [{"intensity": "high"}]
    assert not popup.isVisible()


def test_escape_skips_optional_modifiers(qtbot) -> None:
    _host, popup = _popup(qtbot, "m_sensitive")
    with qtbot.waitSignal(popup.skipped), qtbot.assertNotEmitted(popup.accepted):
        qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert not popup.isVisible()


def test_letter_choice_then_number_then_enter(qtbot) -> None:
    _host, popup = _popup(qtbot, "m_touch")
    # "Kind of touch" is required: Esc cannot skip it.
    with qtbot.assertNotEmitted(popup.skipped):
        qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert "Esc cannot skip" in popup.message.text()
    qtbot.keyClick(popup, Qt.Key.Key_P)  # pat; moves on to the count
    edit = popup._edits["count"]
    assert edit.hasFocus()
    qtbot.keyClicks(edit, "25")  # above the maximum 20
    with qtbot.assertNotEmitted(popup.accepted):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "Count: enter a number from 1 to 20" in popup.message.text()
    edit.clear()
    qtbot.keyClicks(edit, "3")
    with qtbot.waitSignal(popup.accepted) as blocker:
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert blocker.args == [{"touch_kind": "pat", "count": 3.0}]


def test_enter_without_required_choice_is_refused(qtbot) -> None:
    _host, popup = _popup(qtbot, "m_touch")
    with qtbot.assertNotEmitted(popup.accepted):
        qtbot.keyClick(popup, Qt.Key.Key_Return)  # moves to "count"
        qtbot.keyClick(popup._edits["count"], Qt.Key.Key_Return)
    assert popup.message.text() == "Required: Kind of touch"
    assert popup.isVisible()


def test_popup_keys_win_over_window_shortcuts(qtbot) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    host, popup = _popup(qtbot, "m_sensitive")
    fired: list[str] = []
    for key in ("1", "Space"):
        action = QAction(host)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _=False, k=key: fired.append(k))
        host.addAction(action)
    qtbot.keyClick(popup, Qt.Key.Key_Space)  # not the popup's: playback keeps working
    assert fired == ["Space"]
    with qtbot.waitSignal(popup.accepted) as blocker:
        qtbot.keyClick(popup, Qt.Key.Key_1)
    assert blocker.args == [{"intensity": "low"}]
    assert fired == ["Space"]


def test_editing_marks_the_current_values_and_enter_keeps_them(qtbot) -> None:
    """Issue 12 item 10: the popup shows the event's values when editing."""
    host = QWidget()
    host.resize(500, 400)
    qtbot.addWidget(host)
    host.show()
    popup = ModifierPopup(
        make_codebook().code("m_touch"), parent=host, current={"touch_kind": "kiss", "count": 4.0}
    )
    popup.present(QPoint(20, 20))
    texts = [w.text() for w in popup.findChildren(type(popup.message))]
    assert any(t.startswith("✓") and "Kiss" in t.title() for t in texts), texts
    assert popup._edits["count"].text() == "4"
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # keep the kind
    with qtbot.waitSignal(popup.accepted) as blocker:
        qtbot.keyClick(popup._edits["count"], Qt.Key.Key_Return)  # keep the count
    assert blocker.args == [{"touch_kind": "kiss", "count": 4.0}]


def test_the_key_hint_is_readable(qtbot) -> None:
    _host, popup = _popup(qtbot, "m_sensitive")
    hint = popup.hint
    assert hint.isEnabled() and "Enter" in hint.text() and "Esc" in hint.text()
