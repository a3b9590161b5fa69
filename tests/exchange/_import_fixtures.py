"""Shared test material for the importers: a small codebook with states, points, modifiers."""

from __future__ import annotations

from interactioncoder.core.codebook import (
    Code,
    Codebook,
    CodeGroup,
    CodeKind,
    Modifier,
    ModifierChoice,
    ModifierKind,
    Subject,
)
from interactioncoder.core.events import Event
from interactioncoder.core.timebase import Timebase

INTENSITY = Modifier(
    id="intensity",
    name="Intensity",
    kind=ModifierKind.CHOICE,
    choices=(ModifierChoice("low", "Low"), ModifierChoice("high", "High")),
)
DISTANCE = Modifier(id="distance", name="Distance", kind=ModifierKind.NUMBER, minimum=0, maximum=10)


def codebook() -> Codebook:
    return Codebook(
        id="test",
        name="Test codebook",
        version="1",
        subjects=(Subject("mother", "Mother"), Subject("infant", "Infant")),
        groups=(
            CodeGroup(
                id="m_affect",
                name="Maternal affect",
                subject="mother",
                exclusive=True,
                codes=(
                    Code("m_pos", "Positive", CodeKind.STATE, "1", "#00aa00", "warm, smiling"),
                    Code(
                        "m_neg", "Negative", CodeKind.STATE, "2", "#aa0000", modifiers=(INTENSITY,)
                    ),
                ),
            ),
            CodeGroup(
                id="i_events",
                name="Infant events",
                subject="infant",
                exclusive=False,
                codes=(
                    Code(
                        "i_look",
                        "Looks away",
                        CodeKind.POINT,
                        "q",
                        "#0000aa",
                        modifiers=(DISTANCE,),
                    ),
                    Code("i_cry", "Cry", CodeKind.STATE, "w", "#aa00aa"),
                ),
            ),
        ),
    )


def vfr_timebase() -> Timebase:
    """A phone-like VFR clip: 30 fps, then 15 fps, then 30 fps (fractional ms times)."""
    times: list[float] = []
    t = 0.0
    for i in range(120):
        times.append(t)
        t += 1000 / 15 if 40 <= i < 70 else 1000 / 30.0
    return Timebase(tuple(times), t)


def sample_events(tb: Timebase) -> list[Event]:
    def ev(code: str, on: int, off: int | None, **kw: object) -> Event:
        return Event(
            id=f"e{code}{on}",
            code_id=code,
            onset_frame=on,
            onset_ms=tb.frame_to_ms(on),
            offset_frame=off,
            offset_ms=None
            if off is None
            else (tb.duration_ms if off == tb.frame_count else tb.frame_to_ms(off)),
            **kw,  # type: ignore[arg-type]
        )

    return [
        ev("m_pos", 0, 41),
        ev("m_neg", 41, 75, modifiers={"intensity": "high"}, comment="turns; away = upset"),
        ev("m_pos", 75, 120),  # runs to the very end of the video
        ev("i_look", 45, 45, modifiers={"distance": 2.5}),
        ev("i_look", 119, 119),
        ev("i_cry", 50, 51),  # one frame long
        ev("i_cry", 100, None),  # still running
    ]
