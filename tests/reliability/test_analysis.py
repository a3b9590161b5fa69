"""The project-level analysis: pairs, sessions, segments, pooling, ratings."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from interactioncoder.core.project import Rating, Segment
from interactioncoder.reliability.alignment import AlignmentParams
from interactioncoder.reliability.analysis import (
    AnalysisParams,
    SessionCodings,
    analyse_codings,
)
from interactioncoder.reliability.kappa import kappa_from_matrix
from interactioncoder.reliability.rating_analysis import SessionRatings, analyse_ratings

from .helpers import codebook, ev, running, timebase


def _gaze(result_list, session_id, segment=None):  # type: ignore[no-untyped-def]
    for r in result_list:
        if r.group_id == "gaze" and r.scope.session_id == session_id and r.scope.segment == segment:
            return r
    raise AssertionError("no such result")


def _sessions() -> list[SessionCodings]:
    s1 = SessionCodings(
        "s1",
        timebase(100),
        {
            "ann": [ev("mother", 0, 50), ev("away", 50, 100), ev("stroke", 10, 40)],
            "bob": [ev("mother", 0, 60), ev("away", 60, 100), ev("stroke", 12, 40)],
        },
        [Segment(1, 1, "still-face", 40, 1600.0, 80, 3200.0)],
    )
    s2 = SessionCodings(
        "s2",
        timebase(200),
        {
            "ann": [ev("mother", 0, 20), ev("away", 100, 180), running("poke", 150)],
            "bob": [ev("mother", 0, 40), ev("away", 90, 200), ev("poke", 150, 200)],
        },
        [Segment(2, 2, "still-face", 100, 4000.0, 150, 6000.0)],
    )
    return [s1, s2]


def test_pooling_sums_counts_instead_of_averaging_kappas() -> None:
    report = analyse_codings(codebook(), _sessions(), AnalysisParams())
    v1 = _gaze(report.results, "s1").time_unit[0]
    v2 = _gaze(report.results, "s2").time_unit[0]
    pooled = _gaze(report.results, None).time_unit[0]
    summed = v1.confusion.array + v2.confusion.array
    assert np.array_equal(pooled.confusion.array, summed)
    assert pooled.kappa.kappa == pytest.approx(kappa_from_matrix(summed).kappa)
    assert pooled.kappa.kappa != pytest.approx((v1.kappa.kappa + v2.kappa.kappa) / 2)
    assert pooled.units == 300
    assert _gaze(report.results, None).sessions == 2


def test_time_unit_kappa_equals_sklearn_on_the_frame_sequences() -> None:
    report = analyse_codings(codebook(), _sessions()[:1], AnalysisParams(event=None))
    a = np.array([1] * 50 + [2] * 50)
    b = np.array([1] * 60 + [2] * 40)
    assert _gaze(report.results, "s1").time_unit[0].kappa.kappa == pytest.approx(
        cohen_kappa_score(a, b)
    )
    assert _gaze(report.results, "s1").event is None


def test_segments_restrict_units_and_pool_by_name() -> None:
    report = analyse_codings(codebook(), _sessions(), AnalysisParams())
    seg1 = _gaze(report.results, "s1", "still-face").time_unit[0]
    seg2 = _gaze(report.results, "s2", "still-face").time_unit[0]
    assert seg1.units == 40 and seg2.units == 50
    pooled = _gaze(report.results, None, "still-face").time_unit[0]
    assert pooled.units == 90
    # frames 40..79 of s1: A mother to 49 then away; B mother to 59
    assert seg1.confusion.array[1, 1] == 10 and seg1.confusion.array[2, 1] == 10


def test_running_state_is_closed_at_the_end_for_both_methods() -> None:
    report = analyse_codings(codebook(), _sessions()[1:], AnalysisParams())
    poke = next(
        v
        for r in report.results
        if r.group_id == "touch" and r.scope.session_id == "s2" and r.scope.segment is None
        for v in r.time_unit
        if v.variable_id == "poke"
    )
    assert poke.kappa.kappa == pytest.approx(1.0)


def test_identical_codings_give_kappa_one_and_no_disagreements() -> None:
    s = _sessions()[0]
    same = SessionCodings(
        "s1", s.timebase, {"ann": s.events_by_coder["ann"], "eve": s.events_by_coder["ann"]}
    )
    report = analyse_codings(codebook(), [same], AnalysisParams(tolerance_s=0.5))
    assert report.disagreements == ()
    gaze = _gaze(report.results, "s1")
    assert gaze.time_unit[0].kappa.kappa == pytest.approx(1.0)
    assert gaze.event is not None and gaze.event.kappa.kappa == pytest.approx(1.0)


def test_every_pair_of_coders_and_explicit_pairs() -> None:
    s = _sessions()[0]
    three = SessionCodings("s1", s.timebase, {**s.events_by_coder, "cat": s.events_by_coder["ann"]})
    report = analyse_codings(codebook(), [three], AnalysisParams(segments=False))
    pairs = {(r.scope.coder_a, r.scope.coder_b) for r in report.results}
    assert pairs == {("ann", "bob"), ("ann", "cat"), ("bob", "cat")}
    only = analyse_codings(codebook(), [three], AnalysisParams(coder_pairs=(("cat", "zed"),)))
    assert "no session was coded by both cat and zed" in only.warnings


def test_disagreements_are_listed_for_the_navigator() -> None:
    report = analyse_codings(codebook(), _sessions()[:1], AnalysisParams(tolerance_s=0.2))
    gaze = [d for d in report.disagreements if d.variable_id == "gaze" and d.method == "time-unit"]
    assert [(d.start_frame, d.end_frame, d.code_a, d.code_b, d.kind.value) for d in gaze] == [
        (50, 60, "away", "mother", "timing")
    ]
    assert gaze[0].session_id == "s1" and not gaze[0].within_tolerance  # 10 frames > 0.2 s


def test_unknown_group_and_bad_params_are_refused() -> None:
    with pytest.raises(ValueError, match="no code group nope"):
        analyse_codings(codebook(), _sessions(), AnalysisParams(groups=("nope",)))
    with pytest.raises(ValueError, match="tolerance"):
        AnalysisParams(tolerance_s=-1)
    report = analyse_codings(
        codebook(), _sessions(), AnalysisParams(groups=("gaze",), event=AlignmentParams(0.5))
    )
    assert {r.group_id for r in report.results} == {"gaze"}
    assert "0.5 s" in report.event_rule


def _rating(coding: int, scale: str, value: int) -> Rating:
    return Rating(coding, scale, value)


def test_ratings_two_coders() -> None:
    rng = np.random.default_rng(5)
    a = rng.integers(1, 10, 30)
    b = np.clip(a + rng.integers(-1, 2, 30), 1, 9)
    sessions = [
        SessionRatings(
            f"s{i}", {"ann": [_rating(1, "sens", int(x))], "bob": [_rating(2, "sens", int(y))]}
        )
        for i, (x, y) in enumerate(zip(a, b, strict=True))
    ]
    results, warnings = analyse_ratings(codebook(), sessions)
    assert warnings == ()
    (sens,) = results
    assert sens.targets == 30 and sens.coders == ("ann", "bob")
    assert sens.kappa_quadratic is not None
    assert sens.kappa_quadratic.kappa == pytest.approx(
        cohen_kappa_score(a, b, labels=list(range(1, 10)), weights="quadratic")
    )
    assert {i.form for i in sens.icc} >= {"ICC(2,1)", "ICC(3,1)"}
    assert 0 < sens.exact_agreement < sens.within_one <= 1


def test_ratings_three_coders_missing_and_off_scale() -> None:
    values = {"s1": (2, 2, 3), "s2": (0, 1, 0), "s3": (4, 4, 7)}  # a, b, c
    sessions = [
        SessionRatings(
            sid,
            {
                c: [_rating(i, "withdrawal", v)]
                for i, (c, v) in enumerate(zip("abc", vs, strict=True))
            },
        )
        for sid, vs in values.items()
    ]
    results, warnings = analyse_ratings(codebook(), sessions)
    (w,) = results
    assert w.targets == 2  # s3 lacks c's (off-scale) rating
    assert w.fleiss is not None and w.kappa_quadratic is None
    assert w.alpha_interval.units == 3  # alpha keeps the incomplete target
    assert any("outside 0..4" in m for m in warnings)


def test_navigator_filters_and_steps_through_disagreements() -> None:
    from interactioncoder.reliability.disagreements import (
        DisagreementKind,
        filter_disagreements,
        next_disagreement,
        previous_disagreement,
    )

    report = analyse_codings(codebook(), _sessions(), AnalysisParams(tolerance_s=0.2))
    s2 = filter_disagreements(report.disagreements, session_id="s2", method="time-unit")
    assert s2 and all(d.session_id == "s2" for d in s2)
    assert [d.start_frame for d in s2] == sorted(d.start_frame for d in s2)
    gaze = filter_disagreements(
        report.disagreements, "s2", variable_ids=["gaze"], kinds=[DisagreementKind.TIMING]
    )
    assert {d.variable_id for d in gaze} == {"gaze"}
    first = next_disagreement(s2, -1)
    assert first is s2[0]
    assert next_disagreement(s2, s2[-1].start_frame) is None
    assert previous_disagreement(s2, s2[0].start_frame) is None
    assert previous_disagreement(s2, 10**9) is s2[-1]
