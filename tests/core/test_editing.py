"""The coder's editing rules: key coding, trims, moves, splits, and the no-overlap invariant."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interactioncoder.core import editing, event_details
from interactioncoder.core.codebook import (
    CodeKind,
    Modifier,
    ModifierChoice,
    ModifierKind,
)
from interactioncoder.core.editing import EditRejected
from interactioncoder.core.events import Event
from interactioncoder.core.timebase import Timebase
from tests.factories import codebook, group, point, state

TB = Timebase.constant(25, 100)  # frames 0..99, 40 ms each, duration 4000 ms

INTENSITY = Modifier(
    "intensity",
    "Intensity",
    ModifierKind.CHOICE,
    (ModifierChoice("low", "low", "1"), ModifierChoice("high", "high", "2")),
)
LATENCY = Modifier("latency", "Latency", ModifierKind.NUMBER, minimum=0, maximum=10)

CODEBOOK = codebook(
    group("mother",
          state("sens", key="S", name="Sensitive", modifiers=[INTENSITY]),
          state("intr", key="I", name="Intrusive"),
          state("with", key="W", name="Withdrawn"),
          subject="m", exclusive=True, name="Mother"),
    group("infant",
          state("gaze", key="G", name="Gaze"),
          point("cry", key="C", name="Cry", modifiers=[LATENCY]),
          state("smile", key="M", name="Smile"),
          subject="i", name="Infant"),
    name="Test",
)  # fmt: skip


def press(events: list[Event], code: str, frame: int, **kw: object) -> list[Event]:
    changes = editing.press_code_key(
        CODEBOOK, events, code, frame, TB.frame_to_ms(frame), timebase=TB, **kw
    )
    return sorted(changes.apply_to({e.id: e for e in events}).values(), key=lambda e: e.id)


def only(events: list[Event], code: str) -> list[Event]:
    return sorted((e for e in events if e.code_id == code), key=lambda e: e.onset_frame)


def test_point_is_added_at_the_frame_with_its_time() -> None:
    evs = press([], "cry", 7)
    (e,) = evs
    assert (e.onset_frame, e.offset_frame, e.onset_ms, e.offset_ms) == (7, 7, 280.0, 280.0)


def test_same_point_twice_on_one_frame_is_refused() -> None:
    evs = press([], "cry", 7)
    with pytest.raises(EditRejected, match="already marked at frame 7"):
        press(evs, "cry", 7)


def test_state_starts_then_ends_with_offset_first_frame_after() -> None:
    evs = press([], "gaze", 10)
    assert only(evs, "gaze")[0].is_running
    evs = press(evs, "gaze", 20)
    (e,) = evs
    assert (e.onset_frame, e.offset_frame, e.offset_ms) == (10, 20, 800.0)
    assert e.covers_frame(19) and not e.covers_frame(20)


def test_ending_at_the_onset_frame_covers_one_frame() -> None:
    evs = press(press([], "gaze", 10), "gaze", 10)
    (e,) = evs
    assert (e.onset_frame, e.offset_frame, e.offset_ms) == (10, 11, 440.0)


def test_ending_on_the_last_frame_ends_at_the_video_duration() -> None:
    evs = press(press([], "gaze", 99), "gaze", 99)
    (e,) = evs
    assert (e.offset_frame, e.offset_ms) == (100, 4000.0)


def test_ending_before_the_onset_is_refused() -> None:
    evs = press([], "gaze", 10)
    with pytest.raises(EditRejected, match="before it starts"):
        press(evs, "gaze", 5)


def test_exclusive_group_switch_ends_running_state_in_same_change_set() -> None:
    evs = press([], "sens", 10)
    changes = editing.press_code_key(CODEBOOK, evs, "intr", 30, TB.frame_to_ms(30), timebase=TB)
    assert len(changes.added) == 1 and len(changes.updated) == 1
    evs = press(evs, "intr", 30)
    sens, intr = only(evs, "sens")[0], only(evs, "intr")[0]
    assert (sens.onset_frame, sens.offset_frame) == (10, 30)
    assert intr.onset_frame == 30 and intr.is_running


def test_exclusive_switch_on_the_onset_frame_replaces_the_state() -> None:
    evs = press([], "sens", 10)
    evs = press(evs, "intr", 10)
    assert [e.code_id for e in evs] == ["intr"]


def test_non_exclusive_group_states_run_together() -> None:
    evs = press(press([], "gaze", 5), "smile", 8)
    assert all(e.is_running for e in evs) and len(evs) == 2


def test_a_state_started_in_a_gap_ends_where_the_next_event_of_its_group_starts() -> None:
    """Issue 12 item 2: a code key fills a gap before a later event of the same group."""
    evs = press(press([], "sens", 50), "sens", 60)
    evs = press(evs, "intr", 20)
    (intr,) = only(evs, "intr")
    assert (intr.onset_frame, intr.offset_frame) == (20, 50)
    assert intr.offset_ms == TB.frame_to_ms(50)
    # the same code: a gap before its own later state
    evs = press(press([], "gaze", 40), "gaze", 45)
    evs = press(evs, "gaze", 10)
    assert [(e.onset_frame, e.offset_frame) for e in only(evs, "gaze")] == [(10, 40), (40, 45)]


def test_a_state_started_in_a_gap_also_ends_a_running_state_of_its_group() -> None:
    evs = press([], "sens", 10)  # running from 10
    evs = [*evs, finished("with", 70, 80)]
    evs = press(evs, "intr", 30)
    sens, intr = only(evs, "sens")[0], only(evs, "intr")[0]
    assert (sens.onset_frame, sens.offset_frame) == (10, 30)
    assert (intr.onset_frame, intr.offset_frame) == (30, 70)


def test_starting_inside_a_later_state_of_an_exclusive_group_is_still_refused() -> None:
    evs = press(press([], "sens", 50), "sens", 60)
    with pytest.raises(EditRejected, match="exclusive"):
        press(evs, "intr", 55)


def test_starting_inside_a_finished_state_of_the_same_code_is_refused() -> None:
    evs = press(press([], "gaze", 10), "gaze", 20)
    with pytest.raises(EditRejected, match="overlap itself"):
        press(evs, "gaze", 15)


def test_modifiers_are_validated() -> None:
    evs = press([], "sens", 1, modifiers={"intensity": "high"})
    assert dict(evs[0].modifiers) == {"intensity": "high"}
    with pytest.raises(EditRejected, match="not a choice"):
        press([], "sens", 1, modifiers={"intensity": "medium"})
    with pytest.raises(EditRejected, match="outside"):
        press([], "cry", 1, modifiers={"latency": 11.0})
    with pytest.raises(EditRejected, match="no modifier"):
        press([], "cry", 1, modifiers={"colour": "x"})


def test_set_modifiers_and_comment_and_their_inverse() -> None:
    evs = press([], "cry", 3)
    ch = event_details.set_modifiers(CODEBOOK, evs, evs[0].id, {"latency": 2.5})
    after = ch.apply_to({e.id: e for e in evs})
    assert dict(after[evs[0].id].modifiers) == {"latency": 2.5}
    assert ch.inverse().apply_to(after)[evs[0].id] == evs[0]
    ch = event_details.set_comment(evs, evs[0].id, "loud")
    assert ch.updated[0].after.comment == "loud"
    assert event_details.set_comment(evs, evs[0].id, "").is_empty


def finished(code: str, on: int, off: int) -> Event:
    return Event(f"{code}{on}", code, on, TB.frame_to_ms(on), off, editing.frame_ms(TB, off))


def test_trim_edges_and_limits() -> None:
    a, b = finished("sens", 10, 20), finished("intr", 30, 40)
    ch = editing.trim(CODEBOOK, [a, b], a.id, "offset", 25, TB)
    assert ch.updated[0].after.offset_frame == 25 and ch.updated[0].after.offset_ms == 1000.0
    ch = editing.trim(CODEBOOK, [a, b], a.id, "onset", 0, TB)
    assert ch.updated[0].after.onset_frame == 0
    with pytest.raises(EditRejected, match="exclusive"):
        editing.trim(CODEBOOK, [a, b], a.id, "offset", 31, TB)
    # exactly touching is fine: a covers ..29, b starts at 30
    assert (
        editing.trim(CODEBOOK, [a, b], a.id, "offset", 30, TB).updated[0].after.offset_frame == 30
    )
    # a state keeps one frame; offsets clamp to the video
    with pytest.raises(EditRejected, match="at least one frame"):
        editing.trim(CODEBOOK, [a], a.id, "onset", 20, TB)
    assert editing.trim(CODEBOOK, [a], a.id, "offset", 3, TB).updated[0].after.offset_frame == 11
    assert editing.trim(CODEBOOK, [a], a.id, "offset", 500, TB).updated[0].after.offset_ms == 4000.0
    with pytest.raises(ValueError, match="edge"):
        editing.trim(CODEBOOK, [a], a.id, "middle", 3, TB)


def test_trim_of_running_offset_is_refused() -> None:
    evs = press([], "gaze", 10)
    with pytest.raises(EditRejected, match="still running"):
        editing.trim(CODEBOOK, evs, evs[0].id, "offset", 30, TB)


def test_move_clamps_to_the_video_and_refuses_overlap() -> None:
    a, b = finished("sens", 10, 20), finished("intr", 30, 40)
    ch = editing.move(CODEBOOK, [a, b], [a.id], -50, TB)
    moved = ch.updated[0].after
    assert (moved.onset_frame, moved.offset_frame, moved.onset_ms) == (0, 10, 0.0)
    ch = editing.move(CODEBOOK, [a, b], [a.id, b.id], 500, TB)
    assert {u.after.offset_frame for u in ch.updated} == {80, 100}
    with pytest.raises(EditRejected, match="overlap"):
        editing.move(CODEBOOK, [a, b], [a.id], 15, TB)
    p = Event("p", "cry", 98, TB.frame_to_ms(98), 98, TB.frame_to_ms(98))
    assert editing.move(CODEBOOK, [p], ["p"], 10, TB).updated[0].after.onset_frame == 99
    assert editing.move(CODEBOOK, [a], [a.id], 0, TB).is_empty


def test_delete_and_split() -> None:
    a = finished("gaze", 10, 20)
    assert editing.delete([a], [a.id]).removed == (a,)
    ch = editing.split(CODEBOOK, [a], a.id, 14, TB)
    after = sorted(ch.apply_to({a.id: a}).values(), key=lambda e: e.onset_frame)
    assert [(e.onset_frame, e.offset_frame) for e in after] == [(10, 14), (14, 20)]
    with pytest.raises(EditRejected, match="not inside"):
        editing.split(CODEBOOK, [a], a.id, 10, TB)
    with pytest.raises(EditRejected, match="no longer"):
        editing.delete([a], ["missing"])


def test_close_running_states() -> None:
    evs = press(press(press([], "gaze", 10), "sens", 12), "cry", 13)
    ch = editing.close_running_states(evs, 40, TB)
    assert {(u.after.code_id, u.after.offset_frame) for u in ch.updated} == {
        ("gaze", 40),
        ("sens", 40),
    }
    assert editing.close_running_states(evs, 40, TB, code_ids=["gaze"]).updated[
        0
    ].after.code_id == ("gaze")


# -- the invariant under random editing -------------------------------------------------

STATE_CODES = [c.id for c in CODEBOOK.codes() if c.kind is CodeKind.STATE]
ALL_CODES = [c.id for c in CODEBOOK.codes()]

operations = st.lists(
    st.one_of(
        st.tuples(st.just("press"), st.sampled_from(ALL_CODES), st.integers(0, 99)),
        st.tuples(
            st.just("trim"),
            st.integers(0, 20),
            st.sampled_from(["onset", "offset"]),
            st.integers(-5, 110),
        ),
        st.tuples(st.just("move"), st.integers(0, 20), st.integers(-40, 40)),
        st.tuples(st.just("split"), st.integers(0, 20), st.integers(0, 99)),
        st.tuples(st.just("delete"), st.integers(0, 20)),
        st.tuples(st.just("undo")),
    ),
    max_size=40,
)


def assert_invariant(events: dict[str, Event]) -> None:
    evs = list(events.values())
    for e in evs:
        assert 0 <= e.onset_frame <= TB.last_frame
        if e.offset_frame is not None:
            assert e.offset_frame <= TB.frame_count
            if not e.is_point:
                assert e.offset_frame > e.onset_frame
                assert e.offset_ms == editing.frame_ms(TB, e.offset_frame)
        assert e.onset_ms == TB.frame_to_ms(e.onset_frame)
    exclusive = {c.id for g in CODEBOOK.groups if g.exclusive for c in g.codes}
    states = [e for e in evs if not e.is_point]
    for i, a in enumerate(states):
        for b in states[i + 1 :]:
            if a.code_id == b.code_id or (a.code_id in exclusive and b.code_id in exclusive):
                a_stop = a.offset_frame if a.offset_frame is not None else 10**9
                b_stop = b.offset_frame if b.offset_frame is not None else 10**9
                assert not (a.onset_frame < b_stop and b.onset_frame < a_stop), (a, b)


@settings(max_examples=300, deadline=None)
@given(operations)
def test_random_edits_never_overlap_in_exclusive_groups(ops: list[tuple]) -> None:
    events: dict[str, Event] = {}
    history = []
    for op in ops:
        ordered = sorted(events.values(), key=lambda e: (e.onset_frame, e.id))
        pick = (lambda i, o=ordered: o[i % len(o)].id) if ordered else None
        try:
            if op[0] == "press":
                ch = editing.press_code_key(
                    CODEBOOK, ordered, op[1], op[2], TB.frame_to_ms(op[2]), timebase=TB
                )
            elif op[0] == "undo":
                if not history:
                    continue
                ch = history.pop().inverse()
            elif pick is None:
                continue
            elif op[0] == "trim":
                ch = editing.trim(CODEBOOK, ordered, pick(op[1]), op[2], op[3], TB)
            elif op[0] == "move":
                ch = editing.move(CODEBOOK, ordered, [pick(op[1])], op[2], TB)
            elif op[0] == "split":
                ch = editing.split(CODEBOOK, ordered, pick(op[1]), op[2], TB)
            else:
                ch = editing.delete(ordered, [pick(op[1])])
        except EditRejected:
            continue
        events = ch.apply_to(events)
        if op[0] != "undo":
            history.append(ch)
        assert_invariant(events)
