"""The playback clock: which frame is due now. Pure logic with an injectable time source.

The clock maps wall time to media time of the master video (``position_ms``) and, through
the master's :class:`Timebase`, to the frame due now. A viewer ticks, asks for
:meth:`PlaybackClock.current_frame` and shows it when decoded; if decoding falls behind,
the frames in between are simply never asked for (dropped) so playback keeps time instead
of slowing down. Stepping pauses; looping wraps a frame range.

Playback runs forwards or backwards (:meth:`PlaybackClock.set_reverse`). Above 1x and in
reverse, exact decoding cannot keep up with a long-GOP camera file:
:attr:`PlaybackClock.wants_proxy` tells the viewer to show scrub-proxy frames instead
(``FrameServer.request(n, exact=False)``), and the exact frame once paused.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from interactioncoder.core.timebase import Timebase

MIN_SPEED = 0.1
MAX_SPEED = 4.0


class PlaybackClock:
    def __init__(self, timebase: Timebase, now: Callable[[], float] = time.monotonic) -> None:
        self._tb = timebase
        self._now = now
        self._playing = False
        self._speed = 1.0
        self._direction = 1  # -1: reverse play
        self._anchor_wall = now()
        self._anchor_ms = timebase.start_ms
        self._loop: tuple[int, int] | None = None
        self.ended = False  # set when playback stopped at the last frame

    # -- state ---------------------------------------------------------------------------

    @property
    def timebase(self) -> Timebase:
        return self._tb

    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def loop(self) -> tuple[int, int] | None:
        return self._loop

    @property
    def reverse(self) -> bool:
        return self._direction < 0

    @property
    def wants_proxy(self) -> bool:
        """Playing fast (above 1x) or backwards: show proxy frames, not exact ones."""
        return self._playing and (self._direction < 0 or self._speed > 1.0)

    def set_reverse(self, reverse: bool) -> None:
        """Plays backwards from now on (the position does not jump)."""
        self._reanchor(self.position_ms())
        self._direction = -1 if reverse else 1

    def position_ms(self) -> float:
        """Media time of the master now (wrapped into the loop, stopped at the end)."""
        if not self._playing:
            return self._anchor_ms
        now = self._now()
        pos = self._anchor_ms + (now - self._anchor_wall) * 1000.0 * self._speed * self._direction
        if self._loop is not None:
            start = self._tb.frame_to_ms(self._loop[0])
            end = self._tb.frame_end_ms(self._loop[1])
            if (pos >= end or pos < start) and end > start:
                pos = start + (pos - start) % (end - start)
                self._anchor_wall, self._anchor_ms = now, pos
        elif self._direction < 0 and pos < self._tb.start_ms:
            self._anchor_ms = self._tb.start_ms
            self._playing = False
            self.ended = True
            return self._anchor_ms
        elif pos >= self._tb.duration_ms:
            self._anchor_ms = self._tb.frame_to_ms(self._tb.last_frame)
            self._playing = False
            self.ended = True
            return self._anchor_ms
        return pos

    def current_frame(self) -> int:
        """The frame due on screen now."""
        return self._tb.ms_to_frame(self.position_ms())

    # -- transport -----------------------------------------------------------------------

    def _reanchor(self, media_ms: float) -> None:
        self._anchor_wall = self._now()
        self._anchor_ms = media_ms

    def play(self) -> None:
        if self._playing:
            return
        if self._loop is not None and not self._in_loop(self._anchor_ms):
            self._reanchor(self._tb.frame_to_ms(self._loop[0]))  # play the loop, not elsewhere
        elif self._direction < 0 and self.current_frame() <= 0 and self._loop is None:
            # reverse from the end after reaching the start
            self._reanchor(self._tb.frame_to_ms(self._tb.last_frame))
        elif self._direction > 0 and self.current_frame() >= self._tb.last_frame and not self._loop:
            self._reanchor(self._tb.start_ms)  # play again from the start after the end
        else:
            self._reanchor(self._anchor_ms)
        self.ended = False
        self._playing = True

    def pause(self) -> None:
        if self._playing:
            pos = self.position_ms()
            # Pause on the frame that was due, at its exact start: stepping is frame-aligned.
            self._reanchor(self._tb.frame_to_ms(self._tb.ms_to_frame(pos)))
            self._playing = False

    def toggle(self) -> bool:
        if self._playing:
            self.pause()
        else:
            self.play()
        return self._playing

    def set_speed(self, speed: float) -> float:
        """Clamps to 0.1x..4x; the position does not jump."""
        speed = min(max(float(speed), MIN_SPEED), MAX_SPEED)
        self._reanchor(self.position_ms())
        self._speed = speed
        return speed

    def seek_ms(self, ms: float) -> int:
        """Jumps to the frame on screen at *ms*; keeps playing if playing."""
        frame = self._tb.ms_to_frame(ms)
        self._reanchor(self._tb.frame_to_ms(frame))
        self.ended = False
        return frame

    def seek_frame(self, frame: int) -> int:
        frame = self._tb.clamp_frame(frame)
        self._reanchor(self._tb.frame_to_ms(frame))
        self.ended = False
        return frame

    def step(self, frames: int, from_frame: int | None = None) -> int:
        """Pauses and moves *frames* frames (negative = back) from *from_frame* (default:
        the current frame). Returns the new frame."""
        base = self.current_frame() if from_frame is None else from_frame
        self._playing = False
        return self.seek_frame(base + frames)

    def set_loop(self, first: int | None, last: int | None = None) -> None:
        """Loops frames first..last (inclusive) while playing; ``None`` stops looping."""
        if first is None or last is None:
            self._loop = None
            return
        first, last = sorted((self._tb.clamp_frame(first), self._tb.clamp_frame(last)))
        self._reanchor(self.position_ms())
        self._loop = (first, last)
        if not self._in_loop(self._anchor_ms):
            self._reanchor(self._tb.frame_to_ms(first))

    def _in_loop(self, ms: float) -> bool:
        if self._loop is None:
            return True
        first, last = self._loop
        return self._tb.frame_to_ms(first) <= ms < self._tb.frame_end_ms(last)
