"""From empty settings to a session with template segments, without the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from interactioncoder.storage import open_project
from interactioncoder.ui.dialogs.add_sessions_dialog import AGE, VISIT, AddSessionsDialog
from interactioncoder.ui.dialogs.segment_template_dialog import SegmentTemplateDialog
from interactioncoder.ui.welcome import WelcomeDialog
from interactioncoder.workflow.blinding import session_views
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING
from tests.workflow.helpers import PASSPHRASE, tiny_video

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


def test_new_project_two_camera_session_and_template_segments(qtbot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    welcome = WelcomeDialog(settings, demo_dir=tmp_path / "demo")
    qtbot.addWidget(welcome)
    welcome.show()
    assert welcome.recent_list.count() == 0
    new = welcome.new_project()
    new.location_edit.setText(str(tmp_path / "trial.icproj"))
    new.name_edit.setText("Trial")
    new.codebook_combo.setCurrentText("face-to-face-still-face")
    new.add_coder_row("Pia", True)
    new.add_coder_row("Ria", False)
    new.passphrase_edit.setText(PASSPHRASE)
    new.passphrase_repeat.setText(PASSPHRASE)
    new.blind_check.setChecked(True)
    new.buttons.accepted.emit()
    qtbot.waitUntil(lambda: welcome.chosen_location is not None, timeout=10000)
    repo = open_project(welcome.chosen_location or "")
    try:
        assert [c.name for c in repo.list_coders()] == ["Pia", "Ria"]
        media = tmp_path / "media"
        media.mkdir()
        tiny_video(media, "D017_mother.mp4", 75)
        tiny_video(media, "D017_infant.mp4", 75)
        add = AddSessionsDialog(repo)
        qtbot.addWidget(add)
        add.add_paths([media])
        add.set_cell(0, VISIT, "pre")
        add.set_cell(0, AGE, "120")
        add.add_button.click()
        qtbot.waitUntil(lambda: add.report is not None, timeout=20000)
        (session,) = repo.list_sessions()
        assert (session.visit, session.infant_age_days, len(session.videos)) == ("pre", 120, 2)
        codebook = repo.list_codebook_versions()[0].codebook
        timebase = repo.session_timebase(session.id)
        assert timebase is not None
        template = SegmentTemplateDialog(codebook, timebase, 0)
        qtbot.addWidget(template)
        for row in range(3):
            template.table.item(row, 1).setText("1")
        template.apply(repo, session.id)
        segments = [(s.name, s.onset_frame, s.offset_frame) for s in repo.list_segments(session.id)]
        assert segments == [("Play", 0, 25), ("Still-face", 25, 50), ("Reunion", 50, 75)]
        pia, ria = repo.list_coders()
        code = repo.blind_codes()[session.id]
        assert session_views(repo, ria)[session.id].label == code
        assert session_views(repo, pia)[session.id].label == "D017 / D017"
    finally:
        repo.close()
