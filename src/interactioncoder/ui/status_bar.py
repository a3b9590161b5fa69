"""Status bar: current frame and time, the states running now, and the coding's status."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.events import Event
from interactioncoder.core.project import CodingStatus
from interactioncoder.core.timebase import Timebase
from interactioncoder.core.timefmt import format_timecode

MESSAGE_MS = 6000
STATUS_TEXT = {
    CodingStatus.NOT_STARTED: "not started",
    CodingStatus.IN_PROGRESS: "in progress",
    CodingStatus.DONE: "done ✓",
}


class CodingStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.position_label = QLabel("", self)
        self.running_label = QLabel("", self)
        self.status_label = QLabel("", self)
        self.addPermanentWidget(self.running_label, 1)
        self.addPermanentWidget(self.status_label)
        self.addPermanentWidget(self.position_label)
        self._timebase: Timebase | None = None

    def set_timebase(self, timebase: Timebase | None) -> None:
        self._timebase = timebase

    def set_frame(self, frame: int) -> None:
        if self._timebase is None:
            self.position_label.clear()
            return
        ms = self._timebase.frame_to_ms(self._timebase.clamp_frame(frame))
        self.position_label.setText(f"frame {frame}  {format_timecode(ms)}")

    def set_running(self, codebook: Codebook | None, running: Sequence[Event]) -> None:
        if not running:
            self.running_label.setText("no state running")
            return
        names = []
        for e in sorted(running, key=lambda e: e.onset_frame):
            name = (
                codebook.code(e.code_id).name
                if codebook and codebook.has_code(e.code_id)
                else e.code_id
            )
            names.append(f"{name} (since {e.onset_frame})")
        self.running_label.setText("running: " + ", ".join(names))

    def set_coding_status(self, status: CodingStatus) -> None:
        self.status_label.setText(STATUS_TEXT[CodingStatus(status)])

    def show_message(self, text: str) -> None:
        self.showMessage(text, MESSAGE_MS)
