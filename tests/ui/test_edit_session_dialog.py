"""Edit or remove a session; removal with codings only after an explicit confirmation."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from interactioncoder.core.project import CodingRole
from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.dialogs.edit_session_dialog import MASTER, OFFSET, EditSessionDialog
from interactioncoder.workflow.session_setup import add_sessions, group_files, video_files
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING
from tests.workflow.helpers import study_project, tiny_video

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


@pytest.fixture
def repo(tmp_path: Path):  # type: ignore[no-untyped-def]
    tiny_video(tmp_path, "D1_a.mp4")
    tiny_video(tmp_path, "D1_b.mp4")
    repo = study_project(tmp_path)
    add_sessions(repo, group_files(video_files([tmp_path])).sessions)
    yield repo
    repo.close()


def _dialog(qtbot, repo: ProjectRepository) -> EditSessionDialog:  # type: ignore[no-untyped-def]
    (session,) = repo.list_sessions()
    dialog = EditSessionDialog(repo, session.id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_edit_fields_cameras_and_study_fields(qtbot, repo) -> None:
    dialog = _dialog(qtbot, repo)
    dialog.name_edit.setText("3 months")
    dialog.visit_edit.setText("t1")
    dialog.age_edit.setText("9x")
    dialog.save()
    assert "whole days" in dialog.message.text() and dialog.result() == 0
    dialog.age_edit.setText("92")
    dialog.cameras.item(0, MASTER).setCheckState(Qt.CheckState.Unchecked)
    dialog.cameras.item(1, MASTER).setCheckState(Qt.CheckState.Checked)
    dialog.cameras.item(0, OFFSET).setText("250")
    dialog.field_edits["arm"].setText("treatment")
    dialog.add_study_field("site")
    dialog.field_edits["site"].setText("Leipzig")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    (session,) = repo.list_sessions()
    assert (session.name, session.visit, session.infant_age_days) == ("3 months", "t1", 92)
    assert [(v.offset_ms, v.is_master) for v in session.videos] == [(250.0, False), (0.0, True)]
    assert repo.dyad_fields()[session.dyad_id] == {"arm": "treatment", "site": "Leipzig"}


def test_remove_with_codings_needs_the_explicit_confirmation(qtbot, repo) -> None:
    (session,) = repo.list_sessions()
    version = repo.list_codebook_versions()[0]
    repo.create_coding(session.id, repo.list_coders()[1].id, version.id, CodingRole.PRIMARY)
    dialog = _dialog(qtbot, repo)
    asked: list[str] = []
    dialog.confirm = lambda text: asked.append(text) or False
    dialog.remove_button.click()
    assert "has 1 coding(s)" in asked[0] and "cannot be undone" in asked[0]
    assert len(repo.list_sessions()) == 1 and len(repo.list_codings()) == 1
    dialog.confirm = lambda text: True
    dialog.remove_button.click()
    assert dialog.removed and repo.list_sessions() == [] and repo.list_codings() == []
