from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from interactioncoder.core.project import Coder
from interactioncoder.ui.dialogs.coder_dialog import CoderDialog
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)

CODERS = [Coder(1, "Ana Silva"), Coder(2, "Ben Okafor"), Coder(3, "Prof. Cole", is_pi=True)]


def _dialog(qtbot, coders=CODERS, current=None) -> CoderDialog:  # type: ignore[no-untyped-def]
    dialog = CoderDialog(coders, current_coder_id=current)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_type_to_filter_and_enter_chooses(qtbot) -> None:
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.filter_edit, "ok")
    visible = [
        dialog.list.item(r).text()
        for r in range(dialog.list.count())
        if not dialog.list.item(r).isHidden()
    ]
    assert visible == ["Ben Okafor"]
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen_coder_id() == 2
    assert dialog.new_coder_request() is None


def test_arrow_keys_move_in_the_list(qtbot) -> None:
    dialog = _dialog(qtbot, current=1)
    assert dialog.list.currentItem().text() == "Ana Silva"
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    assert dialog.list.currentItem().text() == "Prof. Cole  (PI)"
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Up)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    assert dialog.chosen_coder_id() == 2


def test_new_coder_request_from_unknown_name(qtbot) -> None:
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.filter_edit, "Dana")
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)  # nobody matches: offer a new coder
    assert dialog.new_box.isVisible()
    assert dialog.new_name.text() == "Dana"
    qtbot.keyClicks(dialog.new_name, " Reyes")
    qtbot.mouseClick(dialog.new_pi, Qt.MouseButton.LeftButton)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled() and ok.text() == "Create coder"
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.new_coder_request() == ("Dana Reyes", True)
    assert dialog.chosen_coder_id() is None


def test_new_coder_refuses_existing_or_empty_name(qtbot) -> None:
    dialog = _dialog(qtbot)
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    assert dialog.new_message.text() == "Enter a name."
    qtbot.keyClicks(dialog.new_name, "ana  silva")
    assert not ok.isEnabled()
    assert "already exists" in dialog.new_message.text()
    with qtbot.assertNotEmitted(dialog.accepted):
        qtbot.keyClick(dialog.new_name, Qt.Key.Key_Return)
    assert dialog.new_coder_request() is None


def test_first_run_without_coders_opens_the_form(qtbot) -> None:
    dialog = _dialog(qtbot, coders=[])
    assert dialog.new_box.isVisible()
    qtbot.keyClicks(dialog.new_name, "Ana")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.new_name, Qt.Key.Key_Return)
    assert dialog.new_coder_request() == ("Ana", False)


def test_a_requested_coder_is_stored_through_the_runner(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox, QWidget

    from interactioncoder.storage import create_project
    from interactioncoder.ui.dialogs.coder_dialog import create_requested_coder

    repo = create_project(tmp_path / "study.icproj", name="Study")
    parent = QWidget()
    qtbot.addWidget(parent)
    try:
        coder = create_requested_coder(parent, repo, ("Dr. Rivera", True))
        assert coder is not None and coder.is_pi
        assert [c.name for c in repo.list_coders()] == ["Dr. Rivera"]
        # the store refuses a second coder of that name: said in a box, nothing added
        assert create_requested_coder(parent, repo, ("Dr. Rivera", False)) is None
        (box,) = [b for b in parent.findChildren(QMessageBox) if b.isVisible()]
        assert box.windowTitle() == "Adding coder failed"
        assert box.text() == "a coder named 'Dr. Rivera' already exists"
        assert len(repo.list_coders()) == 1
    finally:
        repo.close()
