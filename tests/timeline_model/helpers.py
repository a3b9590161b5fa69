"""A timeline state with a known geometry: 5 px per frame, frame 0 at the events' left edge."""

from __future__ import annotations

from interactioncoder.core.codebook import SegmentType
from interactioncoder.core.events import Event
from interactioncoder.core.project import Segment
from interactioncoder.core.timebase import Timebase
from interactioncoder.ui.timeline.model.handler import InputHandler
from interactioncoder.ui.timeline.model.intents import Button, Intent, Mod
from interactioncoder.ui.timeline.model.state import TimelineState
from tests.factories import codebook, group, point, state

FPS = 25.0
FRAMES = 3000
TB = Timebase.constant(FPS, FRAMES)
WIDTH, HEIGHT, BAR = 1000, 400, 15  # events area: 1000 - 210 (header) - 15 = 775 px
PX = 5.0  # px per frame after zoom_to(0, 154): 775 / 155

CB = codebook(
    group("aff", state("pos", key="Q", name="Positive", color="#d03030"),
          state("neg", key="W", name="Negative", color="#2040c0"),
          subject="m", exclusive=True, name="Affect"),
    group("voc", point("cry", key="E", name="Cry", color="#20a040"), subject="i", name="Voc"),
    segments=[SegmentType("sf", "Still-face", "#90caf9")],
    name="cb",
)  # fmt: skip


def ev(eid: str, code: str, on: int, off: int | None) -> Event:
    off_ms = None if off is None else TB.frame_end_ms(off - 1) if off > on else TB.frame_to_ms(on)
    return Event(eid, code, on, TB.frame_to_ms(on), off, off_ms)


def coding() -> list[Event]:
    """A (pos 10..30) and B (neg 40..60) in an exclusive group, C (pos 80..100), P (cry @50)."""
    return [ev("A", "pos", 10, 30), ev("B", "neg", 40, 60), ev("C", "pos", 80, 100),
            ev("P", "cry", 50, 50)]  # fmt: skip


def make_state(events: list[Event] | None = None) -> TimelineState:
    s = TimelineState()
    s.resize(WIDTH, HEIGHT, BAR)
    s.set_codebook(CB)
    s.set_timebase(TB)
    s.set_events(coding() if events is None else events)
    s.set_segments([Segment(1, 1, "Still-face", 120, 120 / FPS * 1000, 140, 140 / FPS * 1000)])
    s.zoom_to(0, 154)
    assert s.view.px_per_frame == PX and s.view.first_frame == 0
    return s


def x(s: TimelineState, frame: float) -> float:
    return s.view.frame_to_x(frame)


def y(s: TimelineState, code: str, lane: int = -1) -> float:
    """The middle of a code's row on screen."""
    row = next(r for r in s.rows_for(code) if r.lane == lane)
    return s.row_screen_y(row) + row.height / 2


def drag(
    h: InputHandler, start: tuple[float, float], *path: tuple[float, float], mods: Mod = Mod.NONE
) -> list[Intent]:
    """Press at *start*, move along *path*, release at its end: every intent, in order."""
    out = list(h.press(*start, Button.LEFT, mods) or [])
    for p in path:
        out += h.move(*p)
    end = path[-1] if path else start
    out += h.release(*end, Button.LEFT) or []
    return out
