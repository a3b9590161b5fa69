"""Consensus coding from two codings and one choice per disagreement (hand-worked cases).

Codebook: ``gaze`` is exclusive with states ``mother``/``away`` and a point ``blink``;
``touch`` is not exclusive: states ``stroke``/``poke`` and a point ``smile``. Timebase:
20 frames at 25 fps (40 ms each) unless said otherwise. States are written onset-offset
with the offset exclusive (``mother 0-10`` covers frames 0..9).
"""

from __future__ import annotations

import random

import pytest

from interactioncoder.core.codebook import Code, Codebook, CodeGroup, CodeKind
from interactioncoder.core.editing import check_changes
from interactioncoder.core.events import Event, EventChangeSet
from interactioncoder.core.timebase import Timebase
from interactioncoder.reliability.consensus import (
    ConsensusChoice,
    ConsensusError,
    _check_rules,
    both_allowed,
    build_consensus,
    consensus_items,
)
from interactioncoder.reliability.disagreements import DisagreementKind

A, B, BOTH, NEITHER = (
    ConsensusChoice.A,
    ConsensusChoice.B,
    ConsensusChoice.BOTH,
    ConsensusChoice.NEITHER,
)


def _code(cid: str, kind: CodeKind = CodeKind.STATE) -> Code:
    return Code(id=cid, name=cid.title(), kind=kind, key="", color="#336699")


CODEBOOK = Codebook(
    id="cb",
    name="Consensus test",
    version="1",
    groups=(
        CodeGroup(
            "gaze",
            "Gaze",
            "infant",
            True,
            (_code("mother"), _code("away"), _code("blink", CodeKind.POINT)),
        ),
        CodeGroup(
            "touch",
            "Touch",
            "mother",
            False,
            (_code("stroke"), _code("poke"), _code("smile", CodeKind.POINT)),
        ),
    ),
)
TB = Timebase.constant(25.0, 20)
_ids = iter(range(10**9))


def ev(code_id: str, onset: int, offset: int | None = None, **extra: object) -> Event:
    off = onset if offset is None else offset
    return Event(f"e{next(_ids)}", code_id, onset, onset * 40.0, off, off * 40.0, **extra)  # type: ignore[arg-type]


def shape(events: list[Event]) -> list[tuple[str, int, int | None]]:
    return sorted((e.code_id, e.onset_frame, e.offset_frame) for e in events)


def full(events: list[Event]) -> list[tuple[object, ...]]:
    return sorted(
        (
            e.code_id,
            e.onset_frame,
            e.onset_ms,
            e.offset_frame,
            e.offset_ms,
            dict(e.modifiers),
            e.comment,
        )
        for e in events
    )


def test_shifted_boundary_is_one_timing_item() -> None:
    a = [ev("mother", 0, 10), ev("away", 10, 20)]
    b = [ev("mother", 0, 12), ev("away", 12, 20)]
    items = consensus_items(CODEBOOK, TB, a, b)
    assert [(d.variable_id, d.start_frame, d.end_frame, d.code_a, d.code_b) for d in items] == [
        ("gaze", 10, 12, "away", "mother")
    ]
    assert items[0].kind is DisagreementKind.TIMING
    assert not both_allowed(items[0])
    assert shape(build_consensus(CODEBOOK, TB, a, b, [A])) == [
        ("away", 10, 20),
        ("mother", 0, 10),
    ]
    assert shape(build_consensus(CODEBOOK, TB, a, b, [B])) == [
        ("away", 12, 20),
        ("mother", 0, 12),
    ]
    # Neither: frames 10 and 11 get no gaze code at all.
    assert shape(build_consensus(CODEBOOK, TB, a, b, ["neither"])) == [
        ("away", 12, 20),
        ("mother", 0, 10),
    ]


def test_both_is_refused_for_two_codes_of_an_exclusive_group() -> None:
    a = [ev("mother", 0, 10)]
    b = [ev("away", 0, 10)]
    (item,) = consensus_items(CODEBOOK, TB, a, b)
    assert item.kind is DisagreementKind.CONFUSION
    with pytest.raises(ConsensusError, match="exclusive group"):
        build_consensus(CODEBOOK, TB, a, b, [BOTH])
    with pytest.raises(ConsensusError, match="1 disagreements need a choice each, but 0"):
        build_consensus(CODEBOOK, TB, a, b, [])
    with pytest.raises(ConsensusError, match="unknown choice 'C'"):
        build_consensus(CODEBOOK, TB, a, b, ["C"])


def test_non_exclusive_union_makes_one_event_with_the_chosen_sides_modifiers() -> None:
    # A: stroke 2-8 (comment "A's"). B: stroke 5-12, poke 0-4.
    # Items in frame order: poke 0-4 (B only), stroke 2-5 (A only), stroke 8-12 (B only).
    a = [ev("stroke", 2, 8, comment="A's")]
    b = [ev("stroke", 5, 12, comment="B's"), ev("poke", 0, 4)]
    items = consensus_items(CODEBOOK, TB, a, b)
    assert [(d.variable_id, d.start_frame, d.end_frame, d.code_a, d.code_b) for d in items] == [
        ("poke", 0, 4, None, "poke"),
        ("stroke", 2, 5, "stroke", None),
        ("stroke", 8, 12, None, "stroke"),
    ]
    assert items[0].kind is DisagreementKind.COMMISSION
    # stroke 2-5 sits between agreed "none" (frame 1) and agreed "stroke" (frame 5): timing.
    assert items[1].kind is DisagreementKind.TIMING
    # Both strokes kept: frames 2..11 form ONE stroke (2-5 from A, 5-8 agreed, 8-12 from B);
    # its comment comes from the first frame decided by a choice (frame 2, coder A).
    out = build_consensus(CODEBOOK, TB, a, b, [NEITHER, BOTH, BOTH])
    assert shape(out) == [("stroke", 2, 12)]
    assert out[0].comment == "A's"
    assert out[0].onset_ms == 80.0 and out[0].offset_ms == 480.0
    # Only the agreed part plus B's end: attributes from B (the chosen side).
    out = build_consensus(CODEBOOK, TB, a, b, [B, NEITHER, B])
    assert shape(out) == [("poke", 0, 4), ("stroke", 5, 12)]
    assert next(e for e in out if e.code_id == "stroke").comment == "B's"


def test_points_are_their_own_items_even_inside_an_exclusive_group() -> None:
    a = [ev("mother", 0, 10), ev("blink", 4), ev("smile", 5)]
    b = [ev("mother", 0, 10), ev("smile", 7)]
    items = consensus_items(CODEBOOK, TB, a, b)
    assert [(d.variable_id, d.start_frame, d.end_frame, d.kind) for d in items] == [
        ("blink", 4, 5, DisagreementKind.OMISSION),
        ("smile", 5, 6, DisagreementKind.OMISSION),
        ("smile", 7, 8, DisagreementKind.COMMISSION),
    ]
    # The point does not split the state around it.
    assert shape(build_consensus(CODEBOOK, TB, a, b, [NEITHER, A, B])) == [
        ("mother", 0, 10),
        ("smile", 5, 5),
        ("smile", 7, 7),
    ]
    assert shape(build_consensus(CODEBOOK, TB, a, b, [A, BOTH, NEITHER])) == [
        ("blink", 4, 4),
        ("mother", 0, 10),
        ("smile", 5, 5),
    ]


def test_running_states_end_at_the_video_end_and_unknown_codes_are_left_out() -> None:
    a = [Event("r", "away", 15, 600.0), ev("unknown-code", 1, 3)]
    b = [ev("away", 15, 20)]
    assert consensus_items(CODEBOOK, TB, a, b) == []
    assert shape(build_consensus(CODEBOOK, TB, a, b, [])) == [("away", 15, 20)]


def test_two_abutting_events_of_one_coder_stay_two() -> None:
    a = [ev("stroke", 0, 5), ev("stroke", 5, 10)]
    b = [ev("stroke", 0, 5)]
    assert shape(build_consensus(CODEBOOK, TB, a, b, [A])) == [
        ("stroke", 0, 5),
        ("stroke", 5, 10),
    ]


def test_variable_frame_rate_times_come_from_the_timebase() -> None:
    tb = Timebase.from_times([0.0, 33.0, 70.0, 100.0, 140.0, 171.0], 205.0)
    a = [Event("x", "mother", 1, 33.0, 6, 205.0)]
    b = [Event("y", "mother", 3, 100.0, 6, 205.0)]
    (item,) = consensus_items(CODEBOOK, tb, a, b)
    assert (item.start_frame, item.end_frame, item.start_ms, item.end_ms) == (1, 3, 33.0, 100.0)
    (out,) = build_consensus(CODEBOOK, tb, a, b, [B])
    assert (out.onset_frame, out.onset_ms, out.offset_frame, out.offset_ms) == (3, 100.0, 6, 205.0)


def _random_coding(rng: random.Random, n: int) -> list[Event]:
    """A valid coding: no same-code abutting events (agreement could not show their split)."""
    out: list[Event] = []
    for codes in (("mother", "away"), ("stroke",), ("poke",)):
        f = 0
        previous = None
        while f < n:
            length = rng.randint(1, 6)
            code = rng.choice([None, *codes])
            if code == previous:
                code = None if code is not None else codes[0]
            if code is not None:
                out.append(ev(code, f, min(n, f + length)))
            previous = code
            f += length
    for point in ("blink", "smile"):
        out.extend(ev(point, f) for f in sorted(rng.sample(range(n), 4)))
    return out


@pytest.mark.parametrize("seed", range(12))
def test_all_a_gives_a_and_all_b_gives_b(seed: int) -> None:
    rng = random.Random(seed)
    tb = Timebase.constant(25.0, 60)
    a, b = _random_coding(rng, 60), _random_coding(rng, 60)
    items = consensus_items(CODEBOOK, tb, a, b)
    assert items, "two random codings must disagree somewhere"
    only_a = build_consensus(CODEBOOK, tb, a, b, [A] * len(items))
    only_b = build_consensus(CODEBOOK, tb, a, b, [B] * len(items))
    assert full(only_a) == full(a)
    assert full(only_b) == full(b)
    # A mix of choices still keeps the editing rules (checked by core.editing itself).
    mixed = build_consensus(CODEBOOK, tb, a, b, [rng.choice([A, B, NEITHER]) for _ in items])
    check_changes(CODEBOOK, [], EventChangeSet(added=tuple(mixed)), tb)
    assert len({e.id for e in only_a} | {e.id for e in a}) == len(a) * 2  # new ids
    # Agreement of a coding with itself: nothing to decide, the coding comes back.
    assert consensus_items(CODEBOOK, tb, a, a) == []
    assert full(build_consensus(CODEBOOK, tb, a, a, [])) == full(a)


def test_the_safety_net_refuses_overlaps_in_an_exclusive_group_and_outside_frames() -> None:
    with pytest.raises(ConsensusError, match="would overlap"):
        _check_rules(CODEBOOK, [ev("mother", 0, 10), ev("away", 9, 12)], TB)
    with pytest.raises(ConsensusError, match="would overlap"):
        _check_rules(CODEBOOK, [ev("stroke", 0, 10), ev("stroke", 5, 12)], TB)
    with pytest.raises(ConsensusError, match="outside the video"):
        _check_rules(CODEBOOK, [ev("stroke", 15, 21)], TB)
    # Abutting states, a point inside a state and two different non-exclusive codes are fine.
    _check_rules(
        CODEBOOK,
        [
            ev("mother", 0, 10),
            ev("away", 10, 12),
            ev("blink", 5),
            ev("stroke", 0, 9),
            ev("poke", 3, 7),
        ],
        TB,
    )
