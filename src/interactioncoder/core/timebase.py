"""Frames <-> presentation time, exact for variable-frame-rate video.

Frame *n* is the *n*-th frame in presentation order. Its time is its presentation
timestamp (PTS) in milliseconds, taken from the media engine's frame index, so a
phone video that drops from 30 to 15 fps maps every frame to the time it is shown.
A frame is on screen from its own PTS until the next frame's PTS.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Timebase:
    """Presentation times (ms, ascending) of every frame of the master video."""

    frame_times_ms: tuple[float, ...]
    duration_ms: float

    def __post_init__(self) -> None:
        times = self.frame_times_ms
        if not times:
            raise ValueError("a timebase needs at least one frame")
        if any(b <= a for a, b in itertools.pairwise(times)):
            raise ValueError("frame times must be strictly increasing")
        if self.duration_ms < times[-1]:
            raise ValueError("duration ends before the last frame is shown")

    @classmethod
    def from_times(cls, times_ms: Sequence[float], duration_ms: float | None = None) -> Timebase:
        times = tuple(float(t) for t in times_ms)
        if duration_ms is None:
            # The last frame is shown for as long as the one before it.
            last_step = times[-1] - times[-2] if len(times) > 1 else 0.0
            duration_ms = times[-1] + last_step
        return cls(times, float(duration_ms))

    @classmethod
    def constant(cls, fps: float, frame_count: int, start_ms: float = 0.0) -> Timebase:
        if fps <= 0 or frame_count <= 0:
            raise ValueError("fps and frame count must be positive")
        step = 1000.0 / fps
        times = tuple(start_ms + i * step for i in range(frame_count))
        return cls(times, start_ms + frame_count * step)

    @property
    def frame_count(self) -> int:
        return len(self.frame_times_ms)

    @property
    def start_ms(self) -> float:
        return self.frame_times_ms[0]

    @property
    def last_frame(self) -> int:
        return len(self.frame_times_ms) - 1

    def frame_to_ms(self, frame: int) -> float:
        if not 0 <= frame < len(self.frame_times_ms):
            raise IndexError(f"frame {frame} is outside 0..{self.last_frame}")
        return self.frame_times_ms[frame]

    def frame_end_ms(self, frame: int) -> float:
        """When the frame stops being shown (the next frame's time, or the duration)."""
        if frame + 1 < len(self.frame_times_ms):
            return self.frame_times_ms[frame + 1]
        return self.duration_ms

    def ms_to_frame(self, ms: float) -> int:
        """The frame on screen at time *ms* (clamped to the first and last frame)."""
        i = bisect_right(self.frame_times_ms, ms + 1e-6) - 1
        return min(max(i, 0), self.last_frame)

    def clamp_frame(self, frame: int) -> int:
        return min(max(frame, 0), self.last_frame)

    def is_variable(self, tolerance: float = 0.02) -> bool:
        """True when frame durations differ by more than *tolerance* of the median."""
        t = self.frame_times_ms
        if len(t) < 3:
            return False
        steps = sorted(b - a for a, b in itertools.pairwise(t))
        median = steps[len(steps) // 2]
        return (steps[-1] - steps[0]) > tolerance * median

    def nominal_fps(self) -> float:
        t = self.frame_times_ms
        if len(t) < 2:
            return 0.0
        steps = sorted(b - a for a, b in itertools.pairwise(t))
        return 1000.0 / steps[len(steps) // 2]
