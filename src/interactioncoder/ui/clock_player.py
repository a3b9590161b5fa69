"""A player without pictures: frame position and playback clock from the stored timebase.

Used when a session's video file is missing or moved (the session still opens and can be
coded and edited on the timeline until it is relinked). It has the interface of
``ui.player.SessionPlayer`` (signals ``frameChanged(int)``, ``playingChanged(bool)``;
play/pause/step/seek), and no views.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from interactioncoder.core.timebase import Timebase

TICK_MS = 15


class ClockPlayer(QObject):
    frameChanged = Signal(int)  # noqa: N815 (Qt naming)
    playingChanged = Signal(bool)  # noqa: N815 (Qt naming)

    def __init__(self, timebase: Timebase, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timebase = timebase
        self._frame = 0
        self._speed = 1.0
        self._playing = False
        self._start_wall = 0.0
        self._start_ms = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    # -- the SessionPlayer interface ----------------------------------------------------
    def timebase(self) -> Timebase:
        return self._timebase

    def views(self) -> list[QWidget]:
        return []

    def displayed_frame(self) -> int:
        return self._frame

    def is_playing(self) -> bool:
        return self._playing

    def play(self) -> None:
        if self._playing:
            return
        if self._frame >= self._timebase.last_frame:
            self._show(0)
        self._playing = True
        self._start_wall = time.monotonic()
        self._start_ms = self._timebase.frame_to_ms(self._frame)
        self._timer.start()
        self.playingChanged.emit(True)

    def pause(self) -> None:
        if not self._playing:
            return
        self._playing = False
        self._timer.stop()
        self.playingChanged.emit(False)

    def toggle_play(self) -> None:
        if self._playing:
            self.pause()
        else:
            self.play()

    def step(self, frames: int) -> None:
        self.pause()
        self.seek_frame(self._frame + frames)

    def seek_frame(self, frame: int) -> None:
        self._show(self._timebase.clamp_frame(frame))
        if self._playing:
            self._start_wall = time.monotonic()
            self._start_ms = self._timebase.frame_to_ms(self._frame)

    def seek_ms(self, ms: float) -> None:
        self.seek_frame(self._timebase.ms_to_frame(ms))

    def set_speed(self, speed: float) -> None:
        if self._playing:
            self._start_ms = self._timebase.frame_to_ms(self._frame)
            self._start_wall = time.monotonic()
        self._speed = max(0.01, float(speed))

    def set_offset(self, video_id: int, offset_ms: float) -> None:
        """No pictures, so camera offsets change nothing here."""

    def close(self) -> None:
        self._timer.stop()
        self._playing = False

    # -- internals ----------------------------------------------------------------------
    def _show(self, frame: int) -> None:
        if frame != self._frame:
            self._frame = frame
            self.frameChanged.emit(frame)

    def _tick(self) -> None:
        ms = self._start_ms + (time.monotonic() - self._start_wall) * 1000.0 * self._speed
        if ms >= self._timebase.duration_ms:
            self._show(self._timebase.last_frame)
            self.pause()
            return
        self._show(self._timebase.ms_to_frame(ms))
