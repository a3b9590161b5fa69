"""The drag preview never shows what the editing rules would refuse (property-based).

Whatever target a coder drags an edge or a body to, the clamped preview value, sent as
the request, is accepted by ``core.editing`` and gives exactly the previewed event. Pure:
no Qt needed.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from interactioncoder.core import editing
from interactioncoder.core.codebook import Code, Codebook, CodeGroup, CodeKind, Subject
from interactioncoder.core.events import Event
from interactioncoder.core.timebase import Timebase
from interactioncoder.ui.timeline.model.interaction import (
    blocking_neighbours,
    clamp_move,
    clamp_trim,
    moved,
)

FRAMES = 400
TB = Timebase.constant(25.0, FRAMES)
CB = Codebook(
    id="cb",
    name="cb",
    version="1",
    subjects=(Subject("m", "Mother"),),
    groups=(
        CodeGroup(
            "ex",
            "Exclusive",
            "m",
            True,
            (
                Code("a", "A", CodeKind.STATE, "A", "#ff0000"),
                Code("b", "B", CodeKind.STATE, "B", "#00ff00"),
            ),
        ),
        CodeGroup(
            "free",
            "Free",
            "m",
            False,
            (
                Code("c", "C", CodeKind.STATE, "C", "#0000ff"),
                Code("p", "P", CodeKind.POINT, "P", "#888888"),
            ),
        ),
    ),
)


def _event(eid: str, code: str, on: int, off: int | None) -> Event:
    return Event(
        eid, code, on, TB.frame_to_ms(on), off, None if off is None else TB.frame_end_ms(off - 1)
    )


@st.composite
def codings(draw: st.DrawFn) -> list[Event]:
    """Valid codings: tiled states per exclusive group / per free code, scattered points."""
    events: list[Event] = []
    for prefix, codes in (("x", ["a", "b"]), ("c", ["c"])):
        f = draw(st.integers(0, 20))
        n = 0
        while f < FRAMES - 1 and n < 12:
            length = draw(st.integers(1, 60))
            end = min(FRAMES, f + length)
            running = end < FRAMES and n >= 2 and draw(st.booleans()) and prefix == "x"
            code = draw(st.sampled_from(codes))
            events.append(_event(f"{prefix}{n}", code, f, None if running else end))
            n += 1
            if running:
                break  # nothing may follow a running state in its group
            f = end + draw(st.integers(0, 30))
    for i, f in enumerate(draw(st.lists(st.integers(0, FRAMES - 1), max_size=5))):
        events.append(_event(f"p{i}", "p", f, f))
    return events


@settings(max_examples=150, deadline=None)
@given(coding=codings(), pick=st.integers(0, 10_000), edge=st.sampled_from(["onset", "offset"]),
       target=st.integers(-50, FRAMES + 50))  # fmt: skip
def test_clamped_trim_is_accepted_by_the_rules(
    coding: list[Event], pick: int, edge: str, target: int
) -> None:
    states = [e for e in coding if not e.is_point and not (edge == "offset" and e.is_running)]
    if not states:
        return
    ev = states[pick % len(states)]
    frame = clamp_trim(ev, edge, target, blocking_neighbours(CB, coding, ev), FRAMES)
    changes = editing.trim(CB, coding, ev.id, edge, frame, TB)  # raises EditRejected if not
    if frame == (ev.onset_frame if edge == "onset" else ev.offset_frame):
        assert changes.is_empty
        return
    (update,) = changes.updated
    after = update.after
    assert (after.onset_frame if edge == "onset" else after.offset_frame) == frame


@settings(max_examples=150, deadline=None)
@given(coding=codings(), picks=st.lists(st.integers(0, 10_000), min_size=1, max_size=3),
       delta=st.integers(-FRAMES, FRAMES))  # fmt: skip
def test_clamped_move_is_accepted_by_the_rules(
    coding: list[Event], picks: list[int], delta: int
) -> None:
    chosen = list({coding[i % len(coding)].id: coding[i % len(coding)] for i in picks}.values())

    def neighbours(e: Event) -> list[Event]:
        return blocking_neighbours(CB, coding, e)

    clamped = clamp_move(chosen, delta, neighbours, FRAMES)
    changes = editing.move(CB, coding, [e.id for e in chosen], clamped, TB)
    if clamped == 0:
        assert changes.is_empty
        return
    after = {u.after.id: u.after for u in changes.updated}
    for e in chosen:
        assert (after[e.id].onset_frame, after[e.id].offset_frame) == moved(e, clamped)
