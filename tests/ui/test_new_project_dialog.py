"""The New project dialog: problems shown in the dialog, then the stored project rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from interactioncoder.storage import open_project
from interactioncoder.ui.dialogs.new_project_dialog import OTHER_FILE, NewProjectDialog
from interactioncoder.workflow.project_setup import check_passphrase
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)
PASS = "blind and proud"


def _dialog(qtbot, tmp_path: Path) -> NewProjectDialog:  # type: ignore[no-untyped-def]
    dialog = NewProjectDialog(folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _ok(dialog: NewProjectDialog):  # type: ignore[no-untyped-def]
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_fill_in_and_create(qtbot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, tmp_path)
    assert not _ok(dialog).isEnabled()
    assert "add at least one coder" in dialog.problems_label.text()
    qtbot.keyClicks(dialog.location_edit, str(tmp_path / "trial"))
    qtbot.keyClicks(dialog.name_edit, "Trial")
    dialog.codebook_combo.setCurrentText("face-to-face-still-face")
    assert dialog.codebook_messages.toPlainText().startswith("OK:")
    dialog.add_coder_row("Pia", True)
    dialog.add_coder_row("Ria", False)
    assert "PI coder needs the PI passphrase" in dialog.problems_label.text()
    qtbot.keyClicks(dialog.passphrase_edit, PASS)
    assert "the two passphrases differ" in dialog.problems_label.text()
    qtbot.keyClicks(dialog.passphrase_repeat, PASS)
    dialog.blind_check.setChecked(True)
    assert dialog.problems_label.text() == ""
    assert _ok(dialog).isEnabled()
    _ok(dialog).click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10000)
    assert dialog.created_location == str(tmp_path / "trial.icproj")
    repo = open_project(tmp_path / "trial.icproj")
    try:
        assert repo.project_name == "Trial"
        assert [(c.name, c.is_pi) for c in repo.list_coders()] == [("Pia", True), ("Ria", False)]
        (version,) = repo.list_codebook_versions()
        assert version.codebook.id == "face-to-face-still-face" or version.codebook.segments
        assert check_passphrase(PASS, repo.pi_passphrase_hash())
        assert repo.blind_to_condition
    finally:
        repo.close()


def test_broken_codebook_file_is_shown_with_line_and_column(qtbot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, tmp_path)
    broken = tmp_path / "mine.yaml"
    broken.write_text("codebook:\n  id: mine\n  name: Mine\n  version: '1'\ngroups: 3\n")
    dialog.codebook_combo.setCurrentText(OTHER_FILE)
    qtbot.keyClicks(dialog.codebook_file_edit, str(broken))
    text = dialog.codebook_messages.toPlainText()
    assert f"{broken}:5:9: 'groups' of the codebook file must be a list" in text
    assert "choose a codebook" in dialog.problems_label.text()
    dialog.add_coder_row("Ria", False)
    qtbot.keyClicks(dialog.location_edit, str(tmp_path / "x.icproj"))
    assert not _ok(dialog).isEnabled()
    assert not (tmp_path / "x.icproj").exists()


def test_existing_file_is_named(qtbot, tmp_path: Path) -> None:
    (tmp_path / "old.icproj").write_text("keep")
    dialog = _dialog(qtbot, tmp_path)
    qtbot.keyClicks(dialog.location_edit, str(tmp_path / "old.icproj"))
    assert f"{tmp_path / 'old.icproj'}: a file with this name exists already" in (
        dialog.problems_label.text()
    )
