"""Core value types: events, change sets, timebase, keys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interactioncoder.core.events import Event, EventChangeSet, EventUpdate
from interactioncoder.core.keys import InvalidKeyError, is_reserved, normalize_key
from interactioncoder.core.timebase import Timebase


def make(eid: str, on: int, off: int | None) -> Event:
    return Event(eid, "c", on, on * 10.0, off, None if off is None else off * 10.0)


def test_event_validation() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        make("a", 10, 5)
    with pytest.raises(ValueError, match="both be set"):
        Event("a", "c", 1, 10.0, 2, None)
    e = make("a", 10, 20)
    assert e.covers_frame(10) and e.covers_frame(19) and not e.covers_frame(20)
    assert make("p", 5, 5).covers_frame(5) and make("r", 5, None).covers_frame(10**6)
    assert e.duration_ms == 100.0 and make("r", 5, None).duration_ms is None


def test_modifiers_are_frozen_and_compared_by_value() -> None:
    a = Event("a", "c", 1, 10.0, 1, 10.0, modifiers={"b": "2", "a": 1.0})
    b = Event("a", "c", 1, 10.0, 1, 10.0, modifiers={"a": 1.0, "b": "2"})
    assert a == b
    with pytest.raises(TypeError):
        a.modifiers["x"] = "y"  # type: ignore[index]


def test_change_set_inverse_and_merge() -> None:
    a, b = make("a", 0, 10), make("b", 20, 30)
    a2, a3 = (
        a.with_changes(offset_frame=12, offset_ms=120.0),
        a.with_changes(offset_frame=15, offset_ms=150.0),
    )
    start = {"a": a}
    first = EventChangeSet(updated=(EventUpdate(a, a2),), added=(b,))
    second = EventChangeSet(updated=(EventUpdate(a2, a3),), removed=(b,))
    merged = first.then(second)
    assert merged.apply_to(start) == second.apply_to(first.apply_to(start)) == {"a": a3}
    assert merged.inverse().apply_to(merged.apply_to(start)) == start
    assert first.then(first.inverse()).is_empty


@given(st.lists(st.floats(1.0, 100.0), min_size=2, max_size=60))
def test_timebase_maps_every_frame_back(steps: list[float]) -> None:
    times = [0.0]
    for s in steps[:-1]:
        times.append(times[-1] + s)
    tb = Timebase.from_times(times)
    for i, t in enumerate(times):
        assert tb.ms_to_frame(t) == i
        assert tb.ms_to_frame((t + tb.frame_end_ms(i)) / 2) == i
    assert tb.ms_to_frame(-5) == 0 and tb.ms_to_frame(1e12) == tb.last_frame


def test_timebase_vfr_detection_and_errors() -> None:
    vfr = Timebase.from_times([0, 33.3, 66.7, 100, 166.7, 233.3])
    assert vfr.is_variable() and not Timebase.constant(30, 10).is_variable()
    assert Timebase.constant(25, 10).nominal_fps() == pytest.approx(25)
    with pytest.raises(ValueError):
        Timebase.from_times([0, 10, 10])
    with pytest.raises(IndexError):
        Timebase.constant(25, 10).frame_to_ms(10)


@pytest.mark.parametrize(
    ("raw", "canon"),
    [
        ("s", "S"),
        ("shift+s", "Shift+S"),
        ("s+ctrl", None),
        ("Ctrl+Shift+z", "Ctrl+Shift+Z"),
        ("shift+ctrl+z", "Ctrl+Shift+Z"),
        ("f5", "F5"),
        ("space", "Space"),
        ("1", "1"),
        ("Ctrl++", "Ctrl++"),
    ],
)
def test_normalize_key(raw: str, canon: str | None) -> None:
    if canon is None:
        with pytest.raises(InvalidKeyError):
            normalize_key(raw)
    else:
        assert normalize_key(raw) == canon


def test_reserved_keys() -> None:
    assert is_reserved("space") and is_reserved("ctrl+z") and not is_reserved("s")
    with pytest.raises(InvalidKeyError):
        normalize_key("")
    with pytest.raises(InvalidKeyError):
        normalize_key("abc")
