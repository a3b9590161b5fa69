"""Relink a missing video: say what is missing, let the user pick the file, check it.

Usage::

    from interactioncoder.media import fingerprint
    dialog = RelinkDialog(video, fingerprint_fn=fingerprint, parent=window)
    if dialog.exec() and dialog.chosen_path():
        repo.relink_video(video.id, dialog.chosen_path(), dialog.chosen_size(),
                          dialog.chosen_fingerprint())

The fingerprint function is passed in (the UI does not import media just for it);
``file_chooser(parent, caption, start_dir) -> path | ""`` can be injected for tests
(default: ``QFileDialog.getOpenFileName``). A file whose fingerprint differs from the
recorded one can still be used, but only after ticking an explicit confirmation, because
codes are frame positions in the original recording.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.project import Video
from interactioncoder.ui.panels.event_list import format_ms
from interactioncoder.ui.theme import ALERT_COLOR, OK_COLOR, badge_style
from interactioncoder.workflow.relink import check_candidate, human_size

FileChooser = Callable[[QWidget, str, str], str]
VIDEO_FILTER = "Videos (*.mp4 *.mov *.m4v *.avi *.mkv *.mts *.webm);;All files (*)"


def _default_chooser(parent: QWidget, caption: str, start_dir: str) -> str:
    path, _filter = QFileDialog.getOpenFileName(parent, caption, start_dir, VIDEO_FILTER)
    return path


class RelinkDialog(QDialog):
    """Find a moved or renamed video again and check it is the same recording.

    Results: ``chosen_path()``, ``chosen_size()``, ``chosen_fingerprint()`` and
    ``fingerprint_matches()``; OK is only enabled for a usable choice.
    """

    def __init__(
        self,
        video: Video,
        fingerprint_fn: Callable[[str], str],
        parent: QWidget | None = None,
        file_chooser: FileChooser | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Video not found")
        self.video = video
        self._fingerprint_fn = fingerprint_fn
        self._choose = file_chooser or _default_chooser
        self._path = ""
        self._size = 0
        self._fingerprint = ""
        self._matches = False

        intro = QLabel(
            "This video is no longer where the project expects it (moved, renamed, or on "
            "a drive that is not connected). Choose the file to continue coding.",
            self,
        )
        intro.setWordWrap(True)
        details = QFormLayout()
        path_label = QLabel(video.path, self)
        path_label.setWordWrap(True)
        path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details.addRow("Missing file:", path_label)
        details.addRow("Size:", QLabel(human_size(video.size_bytes), self))
        fps = f", {video.nominal_fps:.3g} fps" + (" (variable)" if video.is_vfr else "")
        details.addRow(
            "Duration:",
            QLabel(f"{format_ms(video.duration_ms)} ({video.frame_count} frames{fps})", self),
        )

        self.choose_button = QPushButton("Choose file…", self)
        self.choose_button.clicked.connect(self.choose_file)
        self.chosen_label = QLabel("No file chosen.", self)
        self.chosen_label.setWordWrap(True)
        chooser_row = QHBoxLayout()
        chooser_row.addWidget(self.choose_button)
        chooser_row.addWidget(self.chosen_label, 1)

        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setVisible(False)
        self.confirm_box = QCheckBox(
            "Use this file anyway (I am sure it is the same recording)", self
        )
        self.confirm_box.setVisible(False)
        self.confirm_box.toggled.connect(lambda _on: self._update_ok())

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Relink")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(details)
        layout.addLayout(chooser_row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.confirm_box)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._update_ok()

    # -- results -----------------------------------------------------------------------
    def chosen_path(self) -> str:
        return self._path

    def chosen_size(self) -> int:
        return self._size

    def chosen_fingerprint(self) -> str:
        return self._fingerprint

    def fingerprint_matches(self) -> bool:
        return self._matches

    # -- choosing ----------------------------------------------------------------------
    def choose_file(self) -> None:
        start = str(Path(self.video.path).parent)
        if not Path(start).is_dir():
            start = str(Path.home())
        path = self._choose(self, f"Find {Path(self.video.path).name}", start)
        if path:
            self.check_file(path)

    def check_file(self, path: str) -> None:
        """Fingerprint *path* and show whether it is the recorded video."""
        self._path = ""
        self.confirm_box.setChecked(False)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            check = check_candidate(self.video, path, self._fingerprint_fn)  # workflow.relink
        except OSError as exc:
            self._show_result(f"Cannot read {path}: {exc.strerror or exc}", ok=False)
            self.confirm_box.setVisible(False)
            self._update_ok()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._path, self._size, self._fingerprint = check.path, check.size, check.fingerprint
        self._matches = check.matches
        self.chosen_label.setText(path)
        self._show_result(check.verdict(), ok=check.matches)
        self.confirm_box.setVisible(check.needs_confirmation)
        self._update_ok()

    def _show_result(self, text: str, ok: bool) -> None:
        self.result_label.setText(text)
        self.result_label.setStyleSheet(badge_style(OK_COLOR if ok else ALERT_COLOR))
        self.result_label.setVisible(True)

    def _update_ok(self) -> None:
        usable = bool(self._path) and (self._matches or self.confirm_box.isChecked())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(usable)
