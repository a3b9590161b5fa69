"""Per-phase statistics and response latencies on hand-worked timelines (10 fps)."""

from __future__ import annotations

import math

import pytest

from interactioncoder.analysis.latency import LatencySpec, response_latencies
from interactioncoder.analysis.phases import phase_statistics
from interactioncoder.analysis.timeline import SESSION_PHASE
from interactioncoder.core.events import Event
from interactioncoder.core.timebase import Timebase
from tests.analysis.helpers import ev, seg, timeline

SEGMENTS = (seg("play", 0, 100), seg("still", 100, 200))


def test_phase_statistics_hand_worked() -> None:
    # smile: 10-30 (play), 90-120 (crosses into still), 150-160 (still); bid points at 5, 105
    events = [ev("smile", 10, 30), ev("smile", 90, 120), ev("smile", 150, 160)]
    events += [ev("bid", 5), ev("bid", 105)]
    tl = timeline(events, 200, SEGMENTS)
    result = phase_statistics([tl], ["smile", "bid", "absent"], point_codes=["bid"])
    rows = {(r.level, r.phase, r.code_id): r for r in result.rows}
    play = rows[("session", "play", "smile")]
    assert (play.frequency, play.bouts) == (2, 2)
    assert play.total_s == pytest.approx(3.0)  # 2 s + 1 s (cut at the phase end)
    assert play.mean_bout_s == pytest.approx(1.5)
    assert play.proportion == pytest.approx(0.3)
    assert play.rate_per_min == pytest.approx(2 / (10 / 60))
    assert play.latency_s == pytest.approx(1.0)
    still = rows[("session", "still", "smile")]
    assert (still.frequency, still.bouts) == (1, 2)  # the crossing bout counts in both
    assert still.total_s == pytest.approx(3.0)
    assert still.latency_s == pytest.approx(5.0)  # from 10 s to the onset at 15 s
    bid = rows[("session", "still", "bid")]
    assert bid.frequency == 1 and math.isnan(bid.mean_bout_s) and bid.total_s == 0
    absent = rows[("session", SESSION_PHASE, "absent")]
    assert absent.frequency == 0 and math.isnan(absent.latency_s) and absent.total_s == 0
    pooled = rows[("pooled", "play", "smile")]
    assert pooled.total_s == play.total_s and pooled.n_latency == 1
    assert {i.event_ids[0] for i in play.instances} == {events[0].id, events[1].id}


def test_durations_use_presentation_times_on_variable_frame_rate() -> None:
    # frames at 0, 100, 300, 600, 1000 ms; the state covers frames 1..2 = 100..600 ms
    tb = Timebase.from_times([0, 100, 300, 600, 1000], 1100)
    from interactioncoder.analysis.timeline import build_timeline

    event = Event("x", "s", 1, 100.0, 3, 600.0)
    tl = build_timeline("v", tb, [event])
    (row,) = [r for r in phase_statistics([tl], ["s"]).rows if r.level == "session"]
    assert row.total_s == pytest.approx(0.5)
    assert row.span_s == pytest.approx(1.1)
    assert row.latency_s == pytest.approx(0.1)


def test_latencies_censoring_and_summaries() -> None:
    # bids at 0, 20, 40, 150 (still); responses at 5 (0.5 s), 45 (0.5 s), 60 (2.0 s after 40)
    bids = [ev("bid", f) for f in (0, 20, 40, 150)]
    resp = [ev("resp", 5, 8), ev("resp", 45, 50), ev("resp", 60, 62)]
    tl = timeline([*bids, *resp], 200, SEGMENTS)
    spec = LatencySpec("bid", "resp", max_s=3.0, within_s=1.0)
    result = response_latencies([tl], [spec])
    rows = {(r.level, r.phase): r for r in result.rows}
    play = rows[("session", "play")]
    assert [x.latency_s for x in play.latencies if not x.censored] == pytest.approx([0.5, 2.5, 0.5])
    # the bid at 20 is answered by the onset at 45: 2.5 s, within the 3 s maximum
    assert play.n == 3 and play.answered == 3
    assert play.share_within == pytest.approx(2 / 3)
    assert play.median_s == pytest.approx(0.5)
    still = rows[("session", "still")]
    assert still.n == 1 and still.latencies[0].censored
    assert math.isnan(still.median_s)  # not reached
    whole = rows[("session", SESSION_PHASE)]
    assert whole.n == 4 and whole.answered == 3
    assert whole.median_s == pytest.approx(1.5)  # 0.5, 0.5, 2.5, inf -> (0.5 + 2.5) / 2
    inst = play.latencies[0].instance()
    assert inst.start_frame == 0 and inst.end_frame == 6 and len(inst.event_ids) == 2


def test_latency_response_at_the_same_frame_is_zero_and_session_end_censors() -> None:
    tl = timeline([ev("bid", 10), ev("resp", 10, 12), ev("bid", 195)], 200)
    spec = LatencySpec("bid", "resp", max_s=3.0, within_s=3.0)
    (row,) = [r for r in response_latencies([tl], [spec]).rows if r.level == "session"]
    assert row.latencies[0].latency_s == 0.0
    assert row.latencies[1].censored


def test_latency_spec_checks() -> None:
    with pytest.raises(ValueError, match="at most"):
        LatencySpec("a", "b", max_s=2.0, within_s=3.0)
