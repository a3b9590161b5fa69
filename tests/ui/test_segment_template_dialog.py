"""Segments from a template: preview, mistakes named, stored rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from interactioncoder.core.timebase import Timebase
from interactioncoder.ui.dialogs.segment_template_dialog import SegmentTemplateDialog
from interactioncoder.workflow.session_setup import add_sessions, group_files
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING
from tests.workflow.helpers import small_codebook, study_project, tiny_video

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


def test_preview_and_mistakes(qtbot) -> None:
    dialog = SegmentTemplateDialog(small_codebook(), Timebase.constant(25, 25 * 300), 50)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert "Play: frames 50–3049 (2.00–122.00 s)" in dialog.preview.text()
    dialog.table.item(1, 1).setText("60")
    assert "Still-face: frames 3050–4549" in dialog.preview.text()
    dialog.table.item(0, 1).setText("abc")
    assert "play: the length must be seconds" in dialog.preview.text()
    assert not ok.isEnabled()
    dialog.table.item(0, 1).setText("120")
    dialog.order_edit.setText("play, reunion")
    assert "no segment type 'reunion'" in dialog.preview.text()
    dialog.order_edit.setText("play, still-face, play, still-face")
    assert "Left out (after the video's end): still-face" in dialog.preview.text()
    assert ok.isEnabled()


def test_apply_stores_the_segments(qtbot, tmp_path: Path) -> None:
    tiny_video(tmp_path, "D1_a.mp4", 50)
    repo = study_project(tmp_path)
    try:
        add_sessions(repo, group_files([tmp_path / "D1_a.mp4"]).sessions)
        (session,) = repo.list_sessions()
        tb = repo.session_timebase(session.id)
        assert tb is not None
        dialog = SegmentTemplateDialog(small_codebook(), tb, 0)
        qtbot.addWidget(dialog)
        dialog.table.item(0, 1).setText("1")
        dialog.apply(repo, session.id)
        stored = [(s.name, s.onset_frame, s.offset_frame) for s in repo.list_segments(session.id)]
        assert stored == [("Play", 0, 25), ("Still-face", 25, 50)]
    finally:
        repo.close()
