"""Small builders for reliability tests: a codebook, events, sessions."""

from __future__ import annotations

from interactioncoder.core.codebook import Code, Codebook, CodeGroup, CodeKind, RatingScale
from interactioncoder.core.events import Event
from interactioncoder.core.timebase import Timebase

FPS = 25.0


def code(cid: str, kind: CodeKind = CodeKind.STATE) -> Code:
    return Code(id=cid, name=cid.title(), kind=kind, key="", color="#336699")


def codebook() -> Codebook:
    return Codebook(
        id="cb",
        name="Test codebook",
        version="1",
        groups=(
            CodeGroup("gaze", "Infant gaze", "infant", True, (code("mother"), code("away"))),
            CodeGroup(
                "touch",
                "Maternal touch",
                "mother",
                False,
                (code("stroke"), code("poke"), code("smile", CodeKind.POINT)),
            ),
        ),
        scales=(
            RatingScale("sens", "Sensitivity", "mother", 1, 9),
            RatingScale("withdrawal", "Withdrawal", "infant", 0, 4),
        ),
    )


_counter = iter(range(10**9))


def ev(code_id: str, onset: int, offset: int | None = None, fps: float = FPS) -> Event:
    """A state (offset given, exclusive end) or a point (offset None -> point)."""
    step = 1000.0 / fps
    off = onset if offset is None else offset
    return Event(f"e{next(_counter)}", code_id, onset, onset * step, off, off * step)


def running(code_id: str, onset: int, fps: float = FPS) -> Event:
    return Event(f"e{next(_counter)}", code_id, onset, onset * 1000.0 / fps)


def timebase(frames: int, fps: float = FPS) -> Timebase:
    return Timebase.constant(fps, frames)
