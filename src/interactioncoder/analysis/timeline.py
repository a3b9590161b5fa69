"""A session's coding as arrays: per-code frame intervals, phases and instance references.

Frames are the master video's frames (the time unit of every analysis here). A state
covers frames ``onset .. offset - 1``; a point event covers its one onset frame; a state
that is still running is closed at the session's end (stated in :data:`RUNNING_RULE`).
Times come from the frame presentation times, so durations are exact on
variable-frame-rate video: frame *f* lasts from ``times[f]`` to ``times[f + 1]`` (the
array has one entry more than there are frames: the end of the last frame).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from interactioncoder.core.events import Event
from interactioncoder.core.project import Segment
from interactioncoder.core.timebase import Timebase

IntArray = NDArray[np.signedinteger[Any]]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

RUNNING_RULE = "A state that is still running (no offset) is taken to last to the session end."
SESSION_PHASE = "(session)"


@dataclass(frozen=True)
class Instance:
    """Where a number comes from: a session and frames to seek to, and the events involved."""

    session_id: str
    start_frame: int
    end_frame: int  # exclusive
    event_ids: tuple[str, ...] = ()
    label: str = ""


@dataclass(frozen=True)
class CodeIntervals:
    """One code's events in one session, sorted by onset (frames; ``end`` exclusive)."""

    code_id: str
    onset: IntArray
    end: IntArray
    is_point: BoolArray
    event_ids: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.event_ids)

    @staticmethod
    def empty(code_id: str) -> CodeIntervals:
        none = np.zeros(0, dtype=np.int64)
        return CodeIntervals(code_id, none, none.copy(), np.zeros(0, dtype=bool), ())


@dataclass(frozen=True)
class Phase:
    """A part of a session analysed on its own (a segment), frames ``start .. end - 1``."""

    name: str
    start: int
    end: int
    segment_id: int | None = None


@dataclass(frozen=True)
class SessionTimeline:
    """Everything an analysis needs about one session (built by :func:`build_timeline`)."""

    session_id: str
    times_ms: FloatArray  # frame start times plus the end of the last frame
    codes: Mapping[str, CodeIntervals]
    phases: tuple[Phase, ...] = ()
    dyad: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def n_frames(self) -> int:
        return len(self.times_ms) - 1

    @property
    def whole(self) -> Phase:
        return Phase(SESSION_PHASE, 0, self.n_frames)

    def intervals(self, code_id: str) -> CodeIntervals:
        """The code's intervals; empty when the code does not occur in the session."""
        found = self.codes.get(code_id)
        return CodeIntervals.empty(code_id) if found is None else found

    def spans(self, by_phase: bool) -> tuple[Phase, ...]:
        return self.phases if by_phase else (self.whole,)

    def seconds(self, start: int, end: int) -> float:
        return float(self.times_ms[end] - self.times_ms[start]) / 1000.0

    def mask(self, code_id: str, onsets_only: bool = False) -> BoolArray:
        """Per frame: is the code on (or, with *onsets_only*, does one of its events start)."""
        iv = self.intervals(code_id)
        ends = iv.onset + 1 if onsets_only else iv.end
        return cover_mask(iv.onset, ends, self.n_frames)


def cover_mask(starts: IntArray, ends: IntArray, n: int) -> BoolArray:
    """Frames covered by the union of ``[start, end)`` intervals (clipped to ``0 .. n``)."""
    s = np.clip(starts, 0, n)
    e = np.clip(ends, 0, n)
    keep = e > s
    # One int32 array, updated in place: bincount's int64 arrays (four of them, above
    # glibc's mmap threshold for a long video) were page-faulted afresh on every call.
    depth = np.zeros(n + 1, dtype=np.int32)
    np.add.at(depth, s[keep], np.int32(1))
    np.add.at(depth, e[keep], np.int32(-1))
    np.cumsum(depth, out=depth)
    return depth[:-1] > 0


def _intervals(code_id: str, events: Sequence[Event], n_frames: int) -> CodeIntervals:
    events = sorted(events, key=lambda e: (e.onset_frame, e.id))
    onset = np.array([min(e.onset_frame, n_frames) for e in events], dtype=np.int64)
    end = np.array(
        [
            n_frames
            if e.offset_frame is None
            else onset[i] + 1
            if e.offset_frame == e.onset_frame
            else min(e.offset_frame, n_frames)
            for i, e in enumerate(events)
        ],
        dtype=np.int64,
    )
    is_point = np.array([e.is_point for e in events], dtype=bool)
    return CodeIntervals(
        code_id, onset, np.maximum(end, onset), is_point, tuple(e.id for e in events)
    )


def build_timeline(
    session_id: str | int,
    timebase: Timebase,
    events: Iterable[Event],
    segments: Sequence[Segment] = (),
    dyad: str = "",
    fields: Mapping[str, str] | None = None,
) -> SessionTimeline:
    """A session's events and segments as arrays on the master video's frames."""
    times = np.append(np.asarray(timebase.frame_times_ms, dtype=np.float64), timebase.duration_ms)
    n = len(times) - 1
    by_code: dict[str, list[Event]] = {}
    for e in events:
        by_code.setdefault(e.code_id, []).append(e)
    codes = {cid: _intervals(cid, evs, n) for cid, evs in by_code.items()}
    phases = tuple(
        Phase(s.name, max(0, s.onset_frame), min(n, s.offset_frame), s.id)
        for s in sorted(segments, key=lambda s: (s.onset_frame, s.id))
        if min(n, s.offset_frame) > max(0, s.onset_frame)
    )
    return SessionTimeline(
        str(session_id),
        times,
        MappingProxyType(codes),
        phases,
        dyad,
        MappingProxyType(dict(fields or {})),
    )


def pool_keys(
    timelines: Sequence[SessionTimeline],
    group_of: Callable[[SessionTimeline], str] | None = None,
) -> list[tuple[str, str, list[str]]]:
    """(level, key, session ids) to pool: each dyad, each group (*group_of*), all sessions."""
    levels: list[tuple[str, Callable[[SessionTimeline], str]]] = [("dyad", lambda t: t.dyad)]
    if group_of is not None:
        levels.append(("group", group_of))
    levels.append(("pooled", lambda _t: "all"))
    out: list[tuple[str, str, list[str]]] = []
    for level, key_of in levels:
        members: dict[str, list[str]] = {}  # keys in first-seen order
        for t in timelines:
            members.setdefault(key_of(t), []).append(t.session_id)
        out.extend((level, key, ids) for key, ids in members.items())
    return out


def phase_names(timelines: Sequence[SessionTimeline]) -> list[str]:
    """Phase names in first-seen order, the whole session first."""
    names = [SESSION_PHASE] if timelines else []
    for tl in timelines:
        for p in tl.phases:
            if p.name not in names:
                names.append(p.name)
    return names


def runs(values: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Run-length encoding: (starts, ends exclusive, value) of each run of equal values."""
    if len(values) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), empty.copy()
    change = np.flatnonzero(np.diff(values)) + 1
    starts = np.concatenate([[0], change]).astype(np.int64)
    ends = np.concatenate([change, [len(values)]]).astype(np.int64)
    return starts, ends, values[starts].astype(np.int64)
