"""Frames <-> presentation time, exact for variable-frame-rate video.

Frame *n* is the *n*-th frame in presentation order. Its time is its presentation
timestamp (PTS) in milliseconds, taken from the media engine's frame index, so a
phone video that drops from 30 to 15 fps maps every frame to the time it is shown.
A frame is on screen from its own PTS until the next frame's PTS.

A constant-rate timebase (a missing video, a session without video, ``--fps``) holds
no list of times: :class:`ConstantTimes` computes frame *i*'s time when asked, so a
long hypothetical video costs no memory. Frame counts are capped
(:data:`interactioncoder.core.limits.MAX_FRAMES`).
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from interactioncoder.core.limits import MAX_FRAMES


class ConstantTimes(Sequence[float]):
    """Frame times ``start + i * step`` for i in 0..count-1, computed on demand."""

    __slots__ = ("size", "start_ms", "step_ms")

    def __init__(self, start_ms: float, step_ms: float, count: int) -> None:
        self.start_ms = float(start_ms)
        self.step_ms = float(step_ms)
        self.size = int(count)

    def __len__(self) -> int:
        return self.size

    @overload
    def __getitem__(self, index: int) -> float: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[float]: ...
    def __getitem__(self, index: int | slice) -> float | Sequence[float]:
        if isinstance(index, slice):
            start, stop, stride = index.indices(self.size)
            if stride == 1:
                return ConstantTimes(
                    self.start_ms + start * self.step_ms, self.step_ms, max(stop - start, 0)
                )
            return tuple(self[i] for i in range(start, stop, stride))
        i = index + self.size if index < 0 else index
        if not 0 <= i < self.size:
            raise IndexError(f"frame {index} is outside 0..{self.size - 1}")
        return self.start_ms + i * self.step_ms

    def __array__(self, dtype: Any = None, copy: Any = None) -> Any:
        """numpy's view of the times (same float arithmetic as __getitem__), made at once."""
        import numpy as np  # only when numpy code asks for an array

        times = self.start_ms + np.arange(self.size, dtype=np.float64) * self.step_ms
        return times if dtype is None else times.astype(dtype)

    def __iter__(self) -> Iterator[float]:
        return (self.start_ms + i * self.step_ms for i in range(self.size))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ConstantTimes):
            return (self.start_ms, self.step_ms, self.size) == (
                other.start_ms,
                other.step_ms,
                other.size,
            )
        if isinstance(other, Sequence) and len(other) == self.size:
            return all(a == b for a, b in zip(self, other, strict=True))
        return False

    def __hash__(self) -> int:
        return hash((self.start_ms, self.step_ms, self.size))

    def __repr__(self) -> str:
        return f"ConstantTimes({self.start_ms!r}, {self.step_ms!r}, {self.size})"


@dataclass(frozen=True)
class Timebase:
    """Presentation times (ms, ascending) of every frame of the master video."""

    frame_times_ms: Sequence[float]
    duration_ms: float

    def __post_init__(self) -> None:
        times = self.frame_times_ms
        if not times:
            raise ValueError("a timebase needs at least one frame")
        if len(times) > MAX_FRAMES:
            raise ValueError(f"{len(times):,} frames is more than the limit of {MAX_FRAMES:,}")
        if not math.isfinite(self.duration_ms):
            raise ValueError(f"duration {self.duration_ms!r} ms is not a finite time")
        if isinstance(times, ConstantTimes):
            if not (times.step_ms > 0 and math.isfinite(times.start_ms)):
                raise ValueError("frame times must be strictly increasing")
        elif any(b <= a for a, b in itertools.pairwise(times)):
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
        if not (math.isfinite(fps) and fps > 0) or frame_count <= 0:
            raise ValueError("fps and frame count must be positive")
        if frame_count > MAX_FRAMES:
            raise ValueError(f"{frame_count:,} frames is more than the limit of {MAX_FRAMES:,}")
        step = 1000.0 / fps
        return cls(ConstantTimes(start_ms, step, frame_count), start_ms + frame_count * step)

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
        times = self.frame_times_ms
        if isinstance(times, ConstantTimes) and 0 <= frame < times.size:
            return times.start_ms + frame * times.step_ms
        if not 0 <= frame < len(self.frame_times_ms):
            raise IndexError(f"frame {frame} is outside 0..{self.last_frame}")
        return self.frame_times_ms[frame]

    def frame_end_ms(self, frame: int) -> float:
        """When the frame stops being shown (the next frame's time, or the duration)."""
        if frame + 1 < len(self.frame_times_ms):
            return self.frame_times_ms[frame + 1]
        return self.duration_ms

    def max_step_ms(self) -> float:
        """The longest frame duration (0 for one frame)."""
        times = self.frame_times_ms
        if isinstance(times, ConstantTimes):
            return times.step_ms if times.size > 1 else 0.0
        return max((b - a for a, b in itertools.pairwise(times)), default=0.0)

    def ms_to_frame(self, ms: float) -> int:
        """The frame on screen at time *ms* (clamped to the first and last frame)."""
        times = self.frame_times_ms
        if isinstance(times, ConstantTimes):
            return _constant_frame_at(times, ms)
        i = bisect_right(self.frame_times_ms, ms + 1e-6) - 1
        return min(max(i, 0), self.last_frame)

    def clamp_frame(self, frame: int) -> int:
        return min(max(frame, 0), self.last_frame)

    def is_variable(self, tolerance: float = 0.02) -> bool:
        """True when frame durations differ by more than *tolerance* of the median."""
        t = self.frame_times_ms
        if isinstance(t, ConstantTimes) or len(t) < 3:
            return False
        steps = sorted(b - a for a, b in itertools.pairwise(t))
        median = steps[len(steps) // 2]
        return (steps[-1] - steps[0]) > tolerance * median

    def nominal_fps(self) -> float:
        t = self.frame_times_ms
        if len(t) < 2:
            return 0.0
        if isinstance(t, ConstantTimes):
            return 1000.0 / t.step_ms
        steps = sorted(b - a for a, b in itertools.pairwise(t))
        return 1000.0 / steps[len(steps) // 2]


def _constant_frame_at(times: ConstantTimes, ms: float) -> int:
    """The frame on screen at *ms* on a constant-rate clock, clamped (as bisect would give)."""
    if not math.isfinite(ms):
        return 0 if ms < 0 else times.size - 1
    start, step = times.start_ms, times.step_ms
    target = ms + 1e-6
    i = math.floor((target - start) / step)
    # the division can be off by one next to a frame start: check against the exact times
    if i + 1 < times.size and start + (i + 1) * step <= target:
        i += 1
    elif 0 < i < times.size and start + i * step > target:
        i -= 1
    return min(max(i, 0), times.size - 1)
