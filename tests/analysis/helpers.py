"""Small builders for analysis tests: events in frames, timelines, random codings."""

from __future__ import annotations

import itertools

import numpy as np

from interactioncoder.analysis.timeline import SessionTimeline, build_timeline
from interactioncoder.core.events import Event
from interactioncoder.core.project import Segment
from interactioncoder.core.timebase import Timebase

FPS = 10.0
_ids = itertools.count()


def ev(code_id: str, onset: int, offset: int | None = None, fps: float = FPS) -> Event:
    """A state ``onset .. offset - 1`` or, without offset, a point event."""
    step = 1000.0 / fps
    off = onset if offset is None else offset
    return Event(f"e{next(_ids)}", code_id, onset, onset * step, off, off * step)


def seg(name: str, onset: int, offset: int, sid: int = 1, fps: float = FPS) -> Segment:
    step = 1000.0 / fps
    return Segment(next(_ids), sid, name, onset, onset * step, offset, offset * step)


def timeline(
    events: list[Event],
    frames: int,
    segments: tuple[Segment, ...] = (),
    session: str = "s1",
    dyad: str = "D1",
    fps: float = FPS,
) -> SessionTimeline:
    return build_timeline(session, Timebase.constant(fps, frames), events, segments, dyad)


def random_events(
    rng: np.random.Generator, code: str, frames: int, count: int, max_len: int, point: bool
) -> list[Event]:
    out = []
    for _ in range(count):
        onset = int(rng.integers(0, frames))
        if point:
            out.append(ev(code, onset))
        else:
            out.append(ev(code, onset, min(frames, onset + int(rng.integers(1, max_len + 1)))))
    return out
