"""Status bar: current frame and time, the states running now, and the coding's status.

Messages always have room: the running states get at most a third of the bar (elided, the
full list in the tooltip), so the message shown on the left is never pushed out. A refusal
the coder must see (a refused key or go-to) is also shown by :func:`show_toast` over the
video, where the coder looks.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QStatusBar,
    QToolButton,
    QWidget,
)

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.events import Event
from interactioncoder.core.project import CodingStatus
from interactioncoder.core.timebase import Timebase
from interactioncoder.core.timefmt import format_timecode

MESSAGE_MS = 6000
TOAST_MS = 5000
RUNNING_SHARE = 1 / 3  # of the bar's width, at most
STATUS_TEXT = {
    CodingStatus.NOT_STARTED: "not started",
    CodingStatus.IN_PROGRESS: "in progress",
    CodingStatus.DONE: "done ✓",
}


class MessageToast(QLabel):
    """A short message strip at the top of *host*, gone after a few seconds or a click."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("message_toast")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet(
            "QLabel#message_toast { background: rgba(40, 40, 40, 225); color: #fff3c4;"
            " border: 1px solid #e0a800; border-radius: 6px; padding: 6px 12px;"
            " font-weight: bold; }"
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        host.installEventFilter(self)

    def show_text(self, text: str, ms: int = TOAST_MS) -> None:
        self.setText(text)
        self._place()
        self.show()
        self.raise_()
        self._timer.start(ms)

    def _place(self) -> None:
        host = self.parentWidget()
        if host is None:
            return
        width = max(200, min(host.width() - 24, 720))
        self.setFixedWidth(width)
        self.adjustSize()
        self.move((host.width() - width) // 2, 12)

    def mousePressEvent(self, event: object) -> None:
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False


def show_toast(host: QWidget, text: str, ms: int = TOAST_MS) -> MessageToast:
    """Show *text* over *host* (one strip per host, reused)."""
    toast = host.findChild(MessageToast, "message_toast", Qt.FindChildOption.FindDirectChildrenOnly)
    if toast is None:
        toast = MessageToast(host)
    toast.show_text(text, ms)
    return toast


class JobProgress(QWidget):
    """A small permanent progress indicator with a cancel button (background jobs such as
    scrub proxies): it sits among the permanent widgets, so no message covers it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("job_progress")
        self.label = QLabel("", self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 100)
        self.bar.setFixedWidth(110)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setText("✕")
        self.cancel_button.setToolTip("Cancel")
        self.cancel_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def set_progress(self, text: str, fraction: float, tooltip: str = "") -> None:
        self.label.setText(text)
        self.bar.setValue(round(max(0.0, min(1.0, fraction)) * 100))
        self.setToolTip(tooltip or text)
        self.show()

    def finish(self) -> None:
        self.hide()


class CodingStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.position_label = QLabel("", self)
        self.running_label = QLabel("", self)
        self.status_label = QLabel("", self)
        self.job_progress = JobProgress(self)
        self.addPermanentWidget(self.job_progress)
        self.addPermanentWidget(self.running_label)
        self.addPermanentWidget(self.status_label)
        self.addPermanentWidget(self.position_label)
        self._timebase: Timebase | None = None
        self._running_text = ""

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
            self._show_running("no state running")
            return
        names = []
        for e in sorted(running, key=lambda e: e.onset_frame):
            name = (
                codebook.code(e.code_id).name
                if codebook and codebook.has_code(e.code_id)
                else e.code_id
            )
            names.append(f"{name} (since {e.onset_frame})")
        self._show_running("running: " + ", ".join(names))

    def _show_running(self, text: str) -> None:
        self._running_text = text
        room = max(120, int(self.width() * RUNNING_SHARE))
        self.running_label.setMaximumWidth(room)
        metrics = self.running_label.fontMetrics()
        self.running_label.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, room))
        self.running_label.setToolTip(text)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self._running_text:
            self._show_running(self._running_text)

    def set_coding_status(self, status: CodingStatus) -> None:
        self.status_label.setText(STATUS_TEXT[CodingStatus(status)])

    def show_message(self, text: str) -> None:
        self.showMessage(text, MESSAGE_MS)
