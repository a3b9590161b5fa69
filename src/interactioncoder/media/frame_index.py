"""The frame index: the presentation timestamp of every frame, found by demuxing only.

Frame *n* is the *n*-th frame in presentation order, i.e. the *n*-th smallest packet PTS of
the video stream. Collecting packet PTS needs no decoding, so indexing an hour of 1080p
takes seconds (it reads the file once) and then frame <-> time is exact even for
variable-frame-rate phone video. The index also records which frames are keyframes, so a
seek can start decoding at the keyframe at or before a target.

The index is cached as JSON in the app cache folder, keyed by the file fingerprint, so
reopening a video is instant.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import tempfile
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import platformdirs

from interactioncoder.core.timebase import Timebase

INDEX_FORMAT_VERSION = 1
CACHE_ENV = "INTERACTIONCODER_CACHE_DIR"


def default_cache_dir() -> Path:
    """``$INTERACTIONCODER_CACHE_DIR`` or the platform's per-user cache folder."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir("interactioncoder"))


@dataclass(frozen=True)
class FrameIndex:
    """PTS (stream time base units) of each frame in presentation order, and keyframes."""

    time_base: Fraction
    pts: tuple[int, ...]
    keyframes: tuple[int, ...]  # frame numbers, ascending; always contains 0
    end_pts: int  # when the last frame stops being shown
    _pts_to_frame: dict[int, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.pts:
            raise ValueError("a frame index needs at least one frame")
        self._pts_to_frame.update({p: i for i, p in enumerate(self.pts)})

    @property
    def frame_count(self) -> int:
        return len(self.pts)

    @property
    def start_pts(self) -> int:
        return self.pts[0]

    def pts_to_ms(self, pts: int) -> float:
        """Milliseconds after the first frame (the first frame is at 0 ms)."""
        return float((pts - self.pts[0]) * self.time_base * 1000)

    def ms_to_pts(self, ms: float) -> int:
        return self.pts[0] + round(Fraction(ms) / 1000 / self.time_base)

    def times_ms(self) -> list[float]:
        return [self.pts_to_ms(p) for p in self.pts]

    def timebase(self) -> Timebase:
        return Timebase(tuple(self.times_ms()), self.pts_to_ms(self.end_pts))

    def frame_of_pts(self, pts: int | None) -> int | None:
        """The frame number of an exact PTS (None when the PTS is not a frame's)."""
        return None if pts is None else self._pts_to_frame.get(pts)

    def keyframe_at_or_before(self, frame: int) -> int:
        i = bisect_right(self.keyframes, frame) - 1
        return self.keyframes[max(i, 0)]

    def previous_keyframe(self, keyframe: int) -> int:
        """The keyframe before *keyframe* (0 if there is none)."""
        i = bisect_right(self.keyframes, keyframe - 1) - 1
        return self.keyframes[max(i, 0)]

    def to_json(self) -> dict[str, object]:
        return {
            "version": INDEX_FORMAT_VERSION,
            "time_base": [self.time_base.numerator, self.time_base.denominator],
            "pts": list(self.pts),
            "keyframes": list(self.keyframes),
            "end_pts": self.end_pts,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> FrameIndex:
        if data.get("version") != INDEX_FORMAT_VERSION:
            raise ValueError("frame index written by another version")
        time_base: list[int] = data["time_base"]  # type: ignore[assignment]
        return cls(
            time_base=Fraction(int(time_base[0]), int(time_base[1])),
            pts=tuple(int(p) for p in data["pts"]),  # type: ignore[attr-defined]
            keyframes=tuple(int(k) for k in data["keyframes"]),  # type: ignore[attr-defined]
            end_pts=int(data["end_pts"]),  # type: ignore[call-overload]
        )


def index_from_packets(
    packets: Iterable[tuple[int | None, int | None, bool, int]], time_base: Fraction
) -> FrameIndex:
    """Builds the index from (pts, dts, is_keyframe, duration) of each video packet.

    Packets without a PTS (some AVI/raw streams) use their DTS; packets with neither
    continue from the previous timestamp. Duplicate PTS (broken muxers) keep the first.
    """
    entries: dict[int, bool] = {}
    durations: list[int] = []
    last: int | None = None
    for pts, dts, is_key, duration in packets:
        stamp = pts if pts is not None else dts
        if stamp is None:
            stamp = (last + (durations[-1] if durations else 1)) if last is not None else 0
        if stamp not in entries:
            entries[stamp] = is_key
        last = stamp
        if duration > 0:
            durations.append(duration)
    if not entries:
        raise ValueError("no video packets")
    pts_sorted = sorted(entries)
    keyframes = [i for i, p in enumerate(pts_sorted) if entries[p]]
    if not keyframes or keyframes[0] != 0:
        # Decoding must start somewhere: frame 0 is where a seek to the start lands.
        keyframes.insert(0, 0)
    steps = [b - a for a, b in itertools.pairwise(pts_sorted)]
    last_step = durations[-1] if durations else (int(statistics.median(steps)) if steps else 1)
    return FrameIndex(time_base, tuple(pts_sorted), tuple(keyframes), pts_sorted[-1] + last_step)


def _cache_file(cache_dir: Path, fingerprint: str, stream_index: int) -> Path:
    safe = fingerprint.replace(":", "_")
    return cache_dir / "frame_index" / f"{safe}_s{stream_index}.json"


def load_cached_index(cache_dir: Path, fingerprint: str, stream_index: int) -> FrameIndex | None:
    path = _cache_file(cache_dir, fingerprint, stream_index)
    try:
        return FrameIndex.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # absent or unreadable: rebuild


def store_cached_index(
    cache_dir: Path, fingerprint: str, stream_index: int, index: FrameIndex
) -> None:
    """Writes atomically; a cache that cannot be written only costs time later."""
    path = _cache_file(cache_dir, fingerprint, stream_index)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(index.to_json(), fh, separators=(",", ":"))
        Path(tmp).replace(path)
    except OSError:
        pass
