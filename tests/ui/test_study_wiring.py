"""The set-up dialogs in the coding window: PI-only actions, segments from a template as
one undo step, the edit-session and add-sessions dialogs refreshing the window, Help."""

from __future__ import annotations

from pathlib import Path

import pytest

from interactioncoder.core.project import CodingRole
from interactioncoder.storage import open_project
from interactioncoder.ui import study_menu
from interactioncoder.ui.help import keyboard_rows, show_keyboard_reference, show_user_guide
from interactioncoder.ui.main_window import CODER_ENV
from interactioncoder.workflow.user_guide import bundled_user_guide, extract_user_guide
from tests.ui.study_helpers import blinded_study, open_as
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)
ROOT = Path(__file__).resolve().parents[2]


def _pi_texts(window) -> dict[str, bool]:
    for menu in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu())):
        menu.aboutToShow.emit()
    return {a.text().replace("&", ""): a.isEnabled() for a in window.pi_actions}


def test_pi_actions_are_for_the_pi_only(qtbot, tmp_path: Path, monkeypatch) -> None:
    study = blinded_study(tmp_path)
    ria = open_as(qtbot, monkeypatch, tmp_path, study.path, "Ria", passphrase=None)
    texts = _pi_texts(ria)
    assert set(texts) == {
        "Add sessions…",
        "Edit session…",
        "Codebook editor…",
        "Segments from template…",
        "Study board…",
    }
    assert not any(texts.values())
    assert study_menu.study_board(ria) is None and study_menu.add_sessions(ria) is None
    ria.close()
    pia = open_as(qtbot, monkeypatch, tmp_path, study.path, "Pia")
    assert all(_pi_texts(pia).values())


def test_a_pi_with_the_wrong_passphrase_does_not_open(qtbot, tmp_path, monkeypatch) -> None:
    study = blinded_study(tmp_path)
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    with pytest.raises(AssertionError):
        open_as(qtbot, monkeypatch, tmp_path, study.path, "Pia", passphrase="not it")


def test_segments_from_a_template_are_one_undo_step(qtbot, tmp_path, monkeypatch) -> None:
    study = blinded_study(tmp_path, frames=50)
    window = open_as(qtbot, monkeypatch, tmp_path, study.path, "Pia", session_id=study.session_id)
    dialog = study_menu.segment_template(window)
    assert dialog is not None
    for row in range(2):
        dialog.table.item(row, 1).setText("1")
    dialog.accept()

    def stored() -> list[tuple[str, int, int]]:
        repo = open_project(study.path)
        try:
            return [(s.name, s.onset_frame, s.offset_frame) for s in repo.list_segments(1)]
        finally:
            repo.close()

    assert stored() == [("Play", 0, 25), ("Still-face", 25, 50)]
    assert [s.name for s in window.timeline.state.segments] == ["Play", "Still-face"]
    window.undo_stack.undo()
    assert stored() == []
    assert window.timeline.state.segments == []
    window.undo_stack.redo()
    assert stored() == [("Play", 0, 25), ("Still-face", 25, 50)]


def test_edit_session_renames_and_the_window_follows(qtbot, tmp_path, monkeypatch) -> None:
    study = blinded_study(tmp_path)
    window = open_as(qtbot, monkeypatch, tmp_path, study.path, "Pia", session_id=study.session_id)
    dialog = study_menu.edit_session(window)
    assert dialog is not None
    dialog.name_edit.setText("K4471-post")
    dialog.save()
    assert "K4471-post" in window.windowTitle()
    assert window.repo is not None
    assert window.repo.get_session(study.session_id).name == "K4471-post"


def test_add_sessions_refreshes_the_browser(qtbot, tmp_path, monkeypatch) -> None:
    study = blinded_study(tmp_path)
    window = open_as(qtbot, monkeypatch, tmp_path, study.path, "Pia")
    dialog = study_menu.add_sessions(window)
    assert dialog is not None
    from tests.workflow.helpers import tiny_video

    folder = tmp_path / "more"
    folder.mkdir()
    tiny_video(folder, "D018_mother.mp4")
    dialog.add_paths([folder])
    dialog.add_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
    assert window.browser.select_session(2)  # listed while the dialog is still open
    dialog.reject()


def test_help_guide_is_bundled_and_current(qtbot) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert bundled_user_guide() == extract_user_guide(readme), (
        "run scripts/bundle-user-guide.py after editing the README's user guide"
    )
    guide = show_user_guide(None)
    qtbot.addWidget(guide)
    assert "Reliability (PIs)" in guide.browser.toPlainText()


def test_keyboard_reference_shows_the_keys_in_force(qtbot, tmp_path, monkeypatch) -> None:
    study = blinded_study(tmp_path)
    window = open_as(qtbot, monkeypatch, tmp_path, study.path, "Ria", passphrase=None)
    window.bindings.rebind("play_pause", "F9")
    rows = keyboard_rows(window.bindings, window.ctx.codebook if window.ctx else None)
    assert ("Playback and editing", "F9", "Play / pause") in rows
    assert any(r[0].startswith("Codes") and r[1:] == ("S", "Sensitive") for r in rows)
    dialog = show_keyboard_reference(window, window.bindings, None)
    assert "Go to frame or time" in dialog.browser.toPlainText()


def test_a_pi_opening_a_project_makes_no_coding(qtbot, tmp_path, monkeypatch) -> None:
    """Opening the project (or switching to the PI) opens no uncoded session: the PI
    would become its primary coder. The coder gets the first session; back as PI, the
    coded session opens to review."""
    study = blinded_study(tmp_path)
    window = open_as(qtbot, monkeypatch, tmp_path, study.path, "Pia")
    assert window.ctx is None
    assert window.repo is not None and window.repo.list_codings() == []
    monkeypatch.setenv(CODER_ENV, "Ria")
    window.switch_coder()
    assert window.ctx is not None and window.ctx.coding.role is CodingRole.PRIMARY
    monkeypatch.setenv(CODER_ENV, "Pia")
    window.switch_coder()
    assert window.ctx is not None and window.ctx.coding.role is CodingRole.CONSENSUS


def test_codebook_editor_from_the_window_keeps_a_long_description(
    qtbot, tmp_path, monkeypatch
) -> None:
    study = blinded_study(tmp_path)
    window = open_as(qtbot, monkeypatch, tmp_path, study.path, "Pia")
    editor = study_menu.codebook_editor(window)
    assert editor is not None
    editor.description_edit.setPlainText("First line of the description.\nAnd a second one.")
    assert editor.codebook().description == "First line of the description.\nAnd a second one."
    editor.save()
    assert window.repo is not None and len(window.repo.list_codebook_versions()) == 2


def test_a_pi_is_asked_before_coding_an_uncoded_session(qtbot, tmp_path, monkeypatch) -> None:
    study = blinded_study(tmp_path)
    window = open_as(qtbot, monkeypatch, tmp_path, study.path, "Pia")
    asked: list[str] = []
    window.confirm_pi_coding = lambda text: asked.append(text) or False
    window.browser.sessionActivated.emit(study.session_id)
    assert window.ctx is None and "primary coder" in asked[0]
    assert window.repo is not None and window.repo.list_codings() == []
    window.confirm_pi_coding = lambda _text: True
    window.browser.sessionActivated.emit(study.session_id)
    assert window.ctx is not None and window.ctx.coding.role is CodingRole.PRIMARY
