"""Transport bar: play/pause, frame steps, speed, current frame and time, and a jump field.

It only emits requests; the coding controller drives the player. The jump field takes a
frame number ("1234"), a timecode ("00:01:02.500", "1:02.5") or seconds ("62.5s").
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QToolButton,
    QWidget,
)

from interactioncoder.core.limits import is_digits
from interactioncoder.core.timebase import Timebase
from interactioncoder.core.timefmt import format_timecode
from interactioncoder.ui.status_bar import show_toast

SPEEDS = (0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 4.0)
_TIMECODE = re.compile(r"^(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d*)?)$")


def parse_jump(text: str, timebase: Timebase) -> int:
    """The frame a jump-field entry means; raises ValueError with a readable message."""
    raw = text.strip().lower().replace(",", ".")
    if not raw:
        raise ValueError("type a frame number or a time")
    if raw.isascii() and raw.isdecimal():
        # More than 18 digits is past any last frame (and int() refuses 4,300+ digits).
        frame = int(raw) if is_digits(raw) else timebase.last_frame + 1
        if frame > timebase.last_frame:
            raise ValueError(f"frame {raw} is past the last frame ({timebase.last_frame})")
        return frame
    if raw.endswith("s") and is_digits(raw[:-1].replace(".", "", 1)):
        ms = float(raw[:-1]) * 1000.0
    else:
        match = _TIMECODE.match(raw)
        if match is None or ":" not in raw:
            raise ValueError(
                f"{text!r} is neither a frame number nor a time (hh:mm:ss.mmm, mm:ss or 12.5s)"
            )
        parts = [float(p) for p in raw.split(":")]
        ms = 0.0
        for p in parts:
            ms = ms * 60.0 + p
        ms *= 1000.0
    if ms > timebase.duration_ms:
        raise ValueError(
            f"{format_timecode(ms)} is past the end ({format_timecode(timebase.duration_ms)})"
        )
    return timebase.ms_to_frame(ms)


class TransportBar(QWidget):
    """Signals: playToggled(), stepRequested(int frames), speedChanged(float),
    jumpRequested(int frame), jumpFailed(str message)."""

    playToggled = Signal()  # noqa: N815 (Qt naming)
    stepRequested = Signal(int)  # noqa: N815 (Qt naming)
    speedChanged = Signal(float)  # noqa: N815 (Qt naming)
    jumpRequested = Signal(int)  # noqa: N815 (Qt naming)
    jumpFailed = Signal(str)  # noqa: N815 (Qt naming)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timebase: Timebase | None = None
        style = self.style()
        self.back_button = self._button(
            QStyle.StandardPixmap.SP_MediaSeekBackward, "One frame back"
        )
        self.play_button = self._button(QStyle.StandardPixmap.SP_MediaPlay, "Play / pause")
        self.forward_button = self._button(
            QStyle.StandardPixmap.SP_MediaSeekForward, "One frame forward"
        )
        self.back_button.clicked.connect(lambda: self.stepRequested.emit(-1))
        self.forward_button.clicked.connect(lambda: self.stepRequested.emit(1))
        self.play_button.clicked.connect(self.playToggled.emit)
        self._play_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
        self._pause_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPause)

        self.speed_box = QComboBox(self)
        self.speed_box.setToolTip("Playback speed")
        self.speed_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the coding
        for speed in SPEEDS:
            self.speed_box.addItem(f"{speed:g}×", speed)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_box.currentIndexChanged.connect(
            lambda i: self.speedChanged.emit(float(self.speed_box.itemData(i)))
        )

        self.frame_label = QLabel("", self)  # empty until a session is open (no "--:--")
        self.time_label = QLabel("", self)
        for label in (self.frame_label, self.time_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            font = label.font()
            font.setFamily("monospace")
            font.setStyleHint(font.StyleHint.Monospace)
            label.setFont(font)
        self.jump_edit = QLineEdit(self)
        self.jump_edit.setPlaceholderText("go to frame or time")
        self.jump_edit.setClearButtonEnabled(True)
        self.jump_edit.setMaximumWidth(180)
        self.jump_edit.returnPressed.connect(self._jump)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        for w in (self.back_button, self.play_button, self.forward_button, self.speed_box):
            layout.addWidget(w)
        layout.addSpacing(12)
        layout.addWidget(self.frame_label)
        layout.addWidget(self.time_label)
        layout.addStretch(1)
        layout.addWidget(self.jump_edit)
        self.jump_edit.setEnabled(False)  # until a session is open

    def _button(self, icon: QStyle.StandardPixmap, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(self.style().standardIcon(icon))
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoRaise(True)
        return button

    def set_timebase(self, timebase: Timebase | None) -> None:
        self._timebase = timebase
        self.jump_edit.setEnabled(timebase is not None)
        if timebase is None:
            self.frame_label.clear()
            self.time_label.clear()
        width = len(str(timebase.last_frame)) if timebase is not None else 5
        self.frame_label.setMinimumWidth(
            self.fontMetrics().horizontalAdvance("frame " + "0" * (2 * width + 1))
        )

    def set_frame(self, frame: int) -> None:
        tb = self._timebase
        if tb is None:
            return
        frame = tb.clamp_frame(frame)
        self.frame_label.setText(f"frame {frame} / {tb.last_frame}")
        self.time_label.setText(format_timecode(tb.frame_to_ms(frame)))

    def set_playing(self, playing: bool) -> None:
        self.play_button.setIcon(self._pause_icon if playing else self._play_icon)

    def set_speed(self, speed: float) -> None:
        index = self.speed_box.findData(speed)
        if index >= 0:
            self.speed_box.setCurrentIndex(index)

    def speed(self) -> float:
        return float(self.speed_box.currentData())

    def focus_jump(self) -> None:
        self.jump_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.jump_edit.selectAll()

    def _jump(self) -> None:
        if self._timebase is None:
            return
        try:
            frame = parse_jump(self.jump_edit.text(), self._timebase)
        except ValueError as exc:
            # said where the coder looks, and the keys go back to the coding: the next
            # code key must code, not type into this box
            self.jumpFailed.emit(str(exc))
            host = self.parentWidget() or self.window()
            show_toast(host, f"Go to: {exc}")
            self.jump_edit.clear()
            host.setFocus()
            return
        self.jump_edit.clear()
        self.jump_edit.clearFocus()
        self.jumpRequested.emit(frame)
