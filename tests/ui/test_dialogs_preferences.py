from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from interactioncoder.ui.dialogs.preferences_dialog import (
    DEFAULT_SETTINGS,
    PreferencesDialog,
    codebook_key_map,
)
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING, make_codebook

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


def _dialog(qtbot, settings=None) -> PreferencesDialog:  # type: ignore[no-untyped-def]
    dialog = PreferencesDialog(settings, codebook_key_map(make_codebook()))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _press(
    qtbot, dialog: PreferencesDialog, action: str, key, mods=Qt.KeyboardModifier.NoModifier
) -> None:  # type: ignore[no-untyped-def]
    edit = dialog.key_edits[action]
    edit.setFocus()
    qtbot.keyClick(edit, key, mods)


def test_defaults_round_trip(qtbot) -> None:
    dialog = _dialog(qtbot)
    assert dialog.settings() == DEFAULT_SETTINGS
    assert dialog.key_edits["redo"].keySequence().toString() == "Ctrl+Shift+Z"


def test_rebinding_to_a_free_key(qtbot) -> None:
    dialog = _dialog(qtbot)
    _press(qtbot, dialog, "play_pause", Qt.Key.Key_K)
    settings = dialog.settings()
    assert settings["shortcuts"]["play_pause"] == "K"
    assert dialog.message_text() == ""


def test_refuses_a_codebook_key(qtbot) -> None:
    dialog = _dialog(qtbot)
    _press(qtbot, dialog, "play_pause", Qt.Key.Key_S)
    assert dialog.message_text() == (
        "“S” is the key of the code “Sensitive” in this codebook. Kept Space for Play / pause."
    )
    assert dialog.settings()["shortcuts"]["play_pause"] == "Space"
    assert dialog.key_edits["play_pause"].keySequence().toString() == "Space"


def test_refuses_another_actions_key(qtbot) -> None:
    dialog = _dialog(qtbot)
    _press(qtbot, dialog, "redo", Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.message_text() == (
        "“Ctrl+Z” is already used by “Undo”. Kept Ctrl+Shift+Z for Redo."
    )
    assert dialog.settings()["shortcuts"]["redo"] == "Ctrl+Shift+Z"
    _press(qtbot, dialog, "redo", Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert dialog.message_text() == ""
    assert dialog.settings()["shortcuts"]["redo"] == "Ctrl+Y"


def test_other_settings_and_reset(qtbot) -> None:
    stored = {
        "shortcuts": {"play_pause": "K"},
        "step_seconds": 2.5,
        "frame_cache_mb": 1024,
        "follow_system_theme": False,
        "recent_projects": ["/data/a.icproj"],  # unknown keys survive
    }
    dialog = _dialog(qtbot, stored)
    assert dialog.step_spin.value() == 2.5
    dialog.step_spin.setValue(5.0)
    dialog.cache_spin.setValue(256)
    qtbot.mouseClick(dialog.theme_box, Qt.MouseButton.LeftButton)
    result = dialog.settings()
    assert result["step_seconds"] == 5.0
    assert result["frame_cache_mb"] == 256
    assert result["follow_system_theme"] is True
    assert result["recent_projects"] == ["/data/a.icproj"]
    assert result["shortcuts"]["play_pause"] == "K"
    assert result["shortcuts"]["undo"] == "Ctrl+Z"
    dialog.key_edits["go_end"].clear()  # the clear button: no key for this action
    assert dialog.settings()["shortcuts"]["go_end"] == ""
    _press(qtbot, dialog, "go_start", Qt.Key.Key_End)  # End is free now
    assert dialog.settings()["shortcuts"]["go_start"] == "End"
    dialog.restore_default_keys()
    assert dialog.settings()["shortcuts"] == DEFAULT_SETTINGS["shortcuts"]
    assert dialog.key_edits["play_pause"].keySequence().toString() == "Space"


def test_custom_action_list(qtbot) -> None:
    actions = [("play_pause", "Play / pause", "Space"), ("mark_segment", "Mark segment", "F5")]
    dialog = PreferencesDialog({}, {}, actions=actions)
    qtbot.addWidget(dialog)
    assert set(dialog.key_edits) == {"play_pause", "mark_segment"}
    assert dialog.settings()["shortcuts"] == {"play_pause": "Space", "mark_segment": "F5"}
