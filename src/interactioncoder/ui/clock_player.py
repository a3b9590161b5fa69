"""A player without pictures: frame position and playback clock from the stored timebase.

Used when a session's video file is missing or moved (the session still opens and can be
coded and edited on the timeline until it is relinked). It has the interface of
``ui.player.SessionPlayer`` (signals ``frameChanged(int)``, ``playingChanged(bool)``;
play/pause/step/seek), and no views.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from interactioncoder.core.timebase import Timebase
from interactioncoder.media.clock import PlaybackClock

TICK_MS = 15


class ClockPlayer(QObject):
    frameChanged = Signal(int)  # noqa: N815 (Qt naming)
    playingChanged = Signal(bool)  # noqa: N815 (Qt naming)

    def __init__(self, timebase: Timebase, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = PlaybackClock(timebase)  # the same clock the video player keeps
        self._frame = 0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    # -- the SessionPlayer interface ----------------------------------------------------
    def timebase(self) -> Timebase:
        return self._clock.timebase

    def views(self) -> list[QWidget]:
        return []

    def displayed_frame(self) -> int:
        return self._frame

    def is_playing(self) -> bool:
        return self._clock.playing

    def play(self) -> None:
        if self._clock.playing:
            return
        self._clock.play()
        self._show(self._clock.current_frame())
        self._timer.start()
        self.playingChanged.emit(True)

    def pause(self) -> None:
        if not self._clock.playing:
            return
        self._clock.pause()
        self._finish_playing()

    def toggle_play(self) -> None:
        if self._clock.playing:
            self.pause()
        else:
            self.play()

    def step(self, frames: int) -> None:
        self.pause()
        self._show(self._clock.step(frames, from_frame=self._frame))

    def seek_frame(self, frame: int) -> None:
        self._show(self._clock.seek_frame(frame))

    def seek_ms(self, ms: float) -> None:
        self._show(self._clock.seek_ms(ms))

    def set_speed(self, speed: float) -> None:
        self._clock.set_speed(speed)

    def set_reverse(self, reverse: bool) -> None:
        self._clock.set_reverse(reverse)

    def scrub_to(self, frame: int) -> None:
        """Live scrubbing: without pictures the same as a seek."""
        self.seek_frame(frame)

    def set_offset(self, video_id: int, offset_ms: float) -> None:
        """No pictures, so camera offsets change nothing here."""

    def close(self) -> None:
        self._timer.stop()
        self._clock.pause()

    # -- internals ----------------------------------------------------------------------
    def _show(self, frame: int) -> None:
        if frame != self._frame:
            self._frame = frame
            self.frameChanged.emit(frame)

    def _finish_playing(self) -> None:
        self._timer.stop()
        self.playingChanged.emit(False)

    def _tick(self) -> None:
        self._show(self._clock.current_frame())
        if not self._clock.playing:  # the clock stopped at the last frame
            self._finish_playing()
