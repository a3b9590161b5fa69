"""The codebook editor: live problems and key conflicts, save as a new version, move codings."""

from __future__ import annotations

from pathlib import Path

import pytest

from interactioncoder.core.events import Event, new_event_id
from interactioncoder.core.project import CodingRole
from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.codebook_editor import CodebookEditorDialog
from interactioncoder.workflow.session_setup import add_sessions, group_files
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING
from tests.workflow.helpers import small_codebook, study_project, tiny_video

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


@pytest.fixture
def repo(tmp_path: Path):  # type: ignore[no-untyped-def]
    tiny_video(tmp_path, "D1_a.mp4")
    repo = study_project(tmp_path)
    add_sessions(repo, group_files([tmp_path / "D1_a.mp4"]).sessions)
    yield repo
    repo.close()


def _coding(repo: ProjectRepository) -> int:
    (session,) = repo.list_sessions()
    (version,) = repo.list_codebook_versions()
    coding = repo.create_coding(
        session.id, repo.list_coders()[1].id, version.id, CodingRole.PRIMARY
    )
    repo.add_events(coding.id, [Event(new_event_id(), "sensitive", 0, 0.0, 5, 200.0)])
    return coding.id


def _editor(qtbot, repo: ProjectRepository) -> CodebookEditorDialog:  # type: ignore[no-untyped-def]
    dialog = CodebookEditorDialog(repo, repo.list_codebook_versions()[0].codebook)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_add_a_code_with_a_clashing_key_then_fix_and_save(qtbot, repo) -> None:
    coding_id = _coding(repo)
    dialog = _editor(qtbot, repo)
    assert dialog.version_edit.text() == "2"  # saving makes a new version
    assert dialog.save_button.isEnabled()
    page = dialog.codes_page
    page.select(0)
    page.add_code()
    page.code_id.setText("withdrawn")
    page.code_id.textEdited.emit("withdrawn")
    page.code_name.setText("Withdrawn")
    page.code_name.textEdited.emit("Withdrawn")
    page.code_key.setText("s")
    page.code_key.textEdited.emit("s")
    assert page.key_conflict.text() == "Key S is also taken by: sensitive"
    assert any("already used by code 'sensitive'" in p for p in dialog.problems)
    assert not dialog.save_button.isEnabled()
    assert page.tree.topLevelItem(0).child(0).text(1).endswith("⚠")
    page.code_key.setText("W")
    page.code_key.textEdited.emit("W")
    page.code_color.setText("#777777")
    page.code_color.textEdited.emit("#777777")
    assert dialog.problems == [] and page.key_conflict.text() == ""
    dialog.save_button.click()
    versions = repo.list_codebook_versions()
    assert [v.codebook.version for v in versions] == ["1", "2"]
    new = versions[1].codebook
    assert new.code("withdrawn").key == "W" and new.code("withdrawn").color == "#777777"
    assert repo.get_coding(coding_id).codebook_version_id == versions[0].id  # kept its own
    assert "Existing codings keep their version" in dialog.status_label.text()
    dialog.move_button.click()
    assert repo.get_coding(coding_id).codebook_version_id == versions[1].id
    assert dialog.status_label.text().startswith("Moved 1 coding(s)")


def test_removing_a_used_code_keeps_the_coding_on_its_version(qtbot, repo) -> None:
    coding_id = _coding(repo)
    dialog = _editor(qtbot, repo)
    page = dialog.codes_page
    page.select(0, 0)  # "sensitive", used by the coding
    page.remove_current()
    assert dialog.problems == []
    dialog.save_button.click()
    dialog.move_button.click()
    old = repo.list_codebook_versions()[0]
    assert repo.get_coding(coding_id).codebook_version_id == old.id
    assert "1 kept their version" in dialog.status_label.text()


def test_scales_totals_and_segments_are_checked_live(qtbot, repo) -> None:
    dialog = _editor(qtbot, repo)
    scales = dialog.scales_page
    row = scales.add_row({"id": "warmth", "name": "Warmth", "subject": "mother", "min": 1})
    scales.set_cell(row, "max", "x")
    assert any("warmth" in p or "max" in p for p in dialog.problems)
    scales.set_cell(row, "max", "5")
    scales.set_cell(row, "anchors", "1=cold; 5=warm")
    totals = dialog.totals_page
    t = totals.add_row({"id": "total", "name": "Total"})
    totals.set_cell(t, "scales", "sens_global, warmth")
    totals.set_cell(t, "cutoff", "8")
    totals.set_cell(t, "cutoff_label", "at risk")
    segments = dialog.segments_page
    s = segments.add_row({"id": "reunion", "name": "Reunion", "color": "#3b7dd8"})
    assert s == 2
    assert dialog.problems == []
    dialog.save_button.click()
    cb = repo.list_codebook_versions()[-1].codebook
    assert [a.label for a in cb.scale("warmth").anchors] == ["cold", "warm"]
    assert cb.totals[0].scales == ("sens_global", "warmth") and cb.totals[0].cutoff == 8
    assert [seg.id for seg in cb.segments] == ["play", "still-face", "reunion"]


def test_group_exclusivity_and_same_version_refused(qtbot, repo) -> None:
    dialog = _editor(qtbot, repo)
    page = dialog.codes_page
    page.add_group()
    page.add_code()
    page.code_kind.setCurrentText("point")
    page.code_key.setText("P")
    page.code_key.textEdited.emit("P")
    page.select(1)
    page.group_exclusive.setChecked(True)
    assert any("exclusive" in p for p in dialog.problems)
    page.group_exclusive.setChecked(False)
    assert dialog.problems == []
    dialog.version_edit.setText("1")
    dialog.version_edit.textEdited.emit("1")
    dialog.save_button.click()
    assert "call this one '2'" in dialog.status_label.text()
    assert len(repo.list_codebook_versions()) == 1
    assert small_codebook() == repo.list_codebook_versions()[0].codebook
