"""Which disagreements the reliability view lists, and the context shown around one."""

from __future__ import annotations

from interactioncoder.core.timebase import Timebase
from interactioncoder.reliability.disagreements import Disagreement, DisagreementKind
from interactioncoder.workflow.disagreements import filter_disagreements, stretch_view
from tests.reliability.helpers import codebook

TB = Timebase.constant(25.0, 1000)  # 40 s


def _d(
    var: str, start: int, *, method: str = "time-unit", forgiven: bool = False, s: str = "1"
) -> Disagreement:
    return Disagreement(
        var, DisagreementKind.CONFUSION, "a", "b", start, start + 5, start * 40.0,
        (start + 5) * 40.0, forgiven, method, s,
    )  # fmt: skip


ITEMS = [
    _d("gaze", 50, s="2"),
    _d("gaze", 10, method="event"),
    _d("stroke", 30, forgiven=True),
    _d("smile", 20),
]


def test_filters_by_method_tolerance_and_group_in_session_then_frame_order() -> None:
    cb = codebook()
    labels = {"1": "D01/a", "2": "D00/b"}
    every = filter_disagreements(ITEMS, cb, session_labels=labels)
    assert [(d.session_id, d.start_frame) for d in every] == [
        ("2", 50),
        ("1", 10),
        ("1", 20),
        ("1", 30),
    ]
    units = filter_disagreements(ITEMS, cb, method="time-unit", hide_within_tolerance=True)
    assert [d.variable_id for d in units] == ["smile", "gaze"]
    touch = filter_disagreements(ITEMS, cb, group_id="touch")  # its codes are the variables
    assert {d.variable_id for d in touch} == {"stroke", "smile"}
    assert [d.start_frame for d in filter_disagreements(ITEMS, cb, group_id="gaze")] == [10, 50]


def test_stretch_view_shows_three_seconds_or_twice_the_length_around() -> None:
    short = _d("gaze", 200)  # 5 frames: ±3 s = 75 frames of context
    assert stretch_view(TB, short) == (125, 279, 204)
    long = Disagreement("gaze", DisagreementKind.CONFUSION, "a", "b", 100, 300, 4000.0, 12000.0)
    assert stretch_view(TB, long) == (0, 699, 299)  # 2 x 200 frames each side, clamped at 0
    end = _d("gaze", 990)
    assert stretch_view(TB, end)[1] == TB.last_frame
