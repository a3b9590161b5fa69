from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from interactioncoder.core.project import Video
from interactioncoder.ui.dialogs.relink_dialog import RelinkDialog, human_size
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


def _fingerprint(path: str) -> str:
    """Stands in for media.fingerprint: any content hash will do for the dialog."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _video(tmp_path: Path, content: bytes) -> Video:
    return Video(
        id=7,
        path=str(tmp_path / "old" / "D001_T1_cam1.mp4"),
        size_bytes=len(content),
        fingerprint=hashlib.sha256(content).hexdigest(),
        duration_ms=312_480.0,
        frame_count=7812,
        nominal_fps=25.0,
        is_vfr=True,
    )


def test_explains_the_missing_video(qtbot, tmp_path: Path) -> None:
    dialog = RelinkDialog(_video(tmp_path, b"x" * 3000), _fingerprint, file_chooser=lambda *a: "")
    qtbot.addWidget(dialog)
    texts = " | ".join(w.text() for w in dialog.findChildren(type(dialog.chosen_label)))
    assert "D001_T1_cam1.mp4" in texts
    assert "2.9 KB" in texts
    assert "00:05:12.480 (7812 frames, 25 fps (variable))" in texts
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)  # chooser cancelled
    assert dialog.chosen_path() == ""
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_matching_file_is_accepted(qtbot, tmp_path: Path) -> None:
    content = b"frames" * 100
    moved = tmp_path / "new" / "cam1.mp4"
    moved.parent.mkdir()
    moved.write_bytes(content)
    asked: list[str] = []

    def chooser(_parent, caption: str, _start: str) -> str:  # type: ignore[no-untyped-def]
        asked.append(caption)
        return str(moved)

    dialog = RelinkDialog(_video(tmp_path, content), _fingerprint, file_chooser=chooser)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert asked == ["Find D001_T1_cam1.mp4"]
    assert dialog.fingerprint_matches()
    assert "Same recording" in dialog.result_label.text()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert (dialog.chosen_path(), dialog.chosen_size()) == (str(moved), len(content))
    assert dialog.chosen_fingerprint() == hashlib.sha256(content).hexdigest()


def test_mismatch_warns_and_needs_confirmation(qtbot, tmp_path: Path) -> None:
    other = tmp_path / "reencoded.mp4"
    other.write_bytes(b"different" * 10)
    dialog = RelinkDialog(
        _video(tmp_path, b"frames" * 100), _fingerprint, file_chooser=lambda *a: str(other)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert not dialog.fingerprint_matches()
    assert "not the same file" in dialog.result_label.text()
    assert "Its size is 90 bytes, the original was 600 bytes." in dialog.result_label.text()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.confirm_box.isVisible() and not ok.isEnabled()
    qtbot.mouseClick(dialog.confirm_box, Qt.MouseButton.LeftButton)
    assert ok.isEnabled()


def test_unreadable_file_is_reported(qtbot, tmp_path: Path) -> None:
    dialog = RelinkDialog(_video(tmp_path, b"abc"), _fingerprint)
    qtbot.addWidget(dialog)
    dialog.check_file(str(tmp_path / "gone.mp4"))
    assert dialog.result_label.text().startswith("Cannot read")
    assert dialog.chosen_path() == ""
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_human_size() -> None:
    assert human_size(512) == "512 bytes"
    assert human_size(1536) == "1.5 KB"
    assert human_size(3 * 1024**3) == "3.0 GB"
