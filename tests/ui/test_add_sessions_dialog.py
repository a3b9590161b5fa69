"""The Add sessions dialog: drop files, regroup by pattern, edit cells, add; bad file named."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.dialogs.add_sessions_dialog import (
    AGE,
    CAMERA,
    DYAD,
    MASTER,
    OFFSET,
    SESSION,
    VISIT,
    AddSessionsDialog,
)
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING
from tests.workflow.helpers import study_project, tiny_video

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


@pytest.fixture
def repo(tmp_path: Path):  # type: ignore[no-untyped-def]
    repo = study_project(tmp_path)
    yield repo
    repo.close()


def _dialog(qtbot, repo: ProjectRepository) -> AddSessionsDialog:  # type: ignore[no-untyped-def]
    dialog = AddSessionsDialog(repo)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _drop(dialog: AddSessionsDialog, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    dialog.dropEvent(event)


def test_drop_edit_and_add_with_a_bad_file_skipped(qtbot, repo, tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    mother = tiny_video(media, "D017_mother.mp4")
    infant = tiny_video(media, "D017_infant.mp4", 10)
    broken = media / "D018_wide.mp4"
    broken.write_bytes(b"this is no video")
    dialog = _dialog(qtbot, repo)
    assert not dialog.add_button.isEnabled()
    _drop(dialog, [mother, infant, broken])
    assert dialog.table.rowCount() == 3
    assert [dialog.cell(r, DYAD) for r in range(3)] == ["D017", "D017", "D018"]
    assert [dialog.cell(r, CAMERA) for r in range(3)] == ["infant", "mother", "wide"]
    # edit: visit and age of D017, mother camera is the master, offset for the infant camera
    dialog.set_cell(0, SESSION, "3 months")
    dialog.set_cell(1, SESSION, "3 months")
    dialog.set_cell(0, VISIT, "t1")
    dialog.set_cell(0, AGE, "abc")
    assert "the age must be whole days" in dialog.problems_label.text()
    assert not dialog.add_button.isEnabled()
    dialog.set_cell(0, AGE, "92")
    dialog.set_cell(0, OFFSET, "1500")
    dialog.table.item(0, MASTER).setCheckState(Qt.CheckState.Unchecked)
    assert "exactly one master" in dialog.problems_label.text()
    dialog.table.item(1, MASTER).setCheckState(Qt.CheckState.Checked)
    assert dialog.problems_label.text() == ""
    dialog.add_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
    report_text = dialog.report_view.toPlainText()
    assert "added 1 session(s)" in report_text
    assert "skipped D018_wide.mp4" in report_text
    (session,) = repo.list_sessions()
    assert (session.name, session.visit, session.infant_age_days) == ("3 months", "t1", 92)
    assert [(v.camera, v.offset_ms, v.is_master) for v in session.videos] == [
        ("infant", 1500.0, False),
        ("mother", 0.0, True),
    ]
    assert repo.find_dyad("D018") is None
    # the skipped file stays in the table to fix or remove; the added ones are gone
    assert dialog.table.rowCount() == 1 and dialog.cell(0, DYAD) == "D018"


def test_pattern_regroups_and_a_bad_pattern_is_named(qtbot, repo, tmp_path: Path) -> None:
    for name in ("D1_t1_a.mp4", "D1_t1_b.mp4", "D1_t2_a.mp4"):
        (tmp_path / name).write_bytes(b"")
    dialog = _dialog(qtbot, repo)
    dialog.add_paths([tmp_path])
    assert {dialog.cell(r, CAMERA) for r in range(3)} == {"t1_a", "t1_b", "t2_a"}
    dialog.pattern_edit.setText("{dyad}_{visit}_{camera}")
    assert [dialog.cell(r, VISIT) for r in range(3)] == ["t1", "t1", "t2"]
    plans, problems = dialog.plans()
    assert problems == [] and [len(p.cameras) for p in plans] == [2, 1]
    dialog.pattern_edit.setText("{camera}")
    assert "needs {dyad}" in dialog.problems_label.text()
    assert not dialog.add_button.isEnabled()
