"""Lag sequential analysis, co-occurrence and affect matching on hand-worked data."""

from __future__ import annotations

import math

import numpy as np
import pytest
from statsmodels.stats.contingency_tables import Table

from interactioncoder.analysis.cooccurrence import cooccurrence
from interactioncoder.analysis.lag import LagSpec, lag_analysis
from interactioncoder.analysis.matching import MatchSpec, match_analysis
from interactioncoder.analysis.timeline import SESSION_PHASE
from tests.analysis.helpers import ev, seg, timeline


def test_lag_one_counts_hand_worked() -> None:
    # Sequence A B A B B A (onsets 0, 10, ..., 50): lag-1 transitions
    # A->B 2, B->A 2, B->B 1, A->A 0 (worked by hand, Bakeman & Quera 2011, ch. 9 notation)
    codes = ["A", "B", "A", "B", "B", "A"]
    tl = timeline([ev(c, 10 * i) for i, c in enumerate(codes)], 100)
    result = lag_analysis([tl], LagSpec(("A", "B")), by_phase=False)
    row = next(r for r in result.rows if r.level == "session")
    np.testing.assert_array_equal(row.counts, [[0, 2], [2, 1]])
    np.testing.assert_allclose(row.stats.row_probabilities, [[0, 1], [2 / 3, 1 / 3]])
    assert len(row.instances[0][1]) == 2
    assert row.instances[0][1][0].event_ids[1] == tl.intervals("B").event_ids[0]
    lag2 = lag_analysis([tl], LagSpec(("A", "B"), lag=2), by_phase=False)
    row2 = next(r for r in lag2.rows if r.level == "session")
    # lag 2: A-A, B-B, A-B, B-A
    np.testing.assert_array_equal(row2.counts, [[1, 1], [1, 1]])


def test_lag_pooled_residuals_match_statsmodels() -> None:
    rng = np.random.default_rng(4)
    tls = []
    for s in range(3):
        codes = rng.choice(["A", "B", "C"], size=60)
        tls.append(timeline([ev(str(c), 5 * i) for i, c in enumerate(codes)], 400, session=f"s{s}"))
    result = lag_analysis(tls, LagSpec(("A", "B", "C")), by_phase=False)
    pooled = next(r for r in result.rows if r.level == "pooled")
    sessions = [r.counts for r in result.rows if r.level == "session"]
    np.testing.assert_array_equal(pooled.counts, np.sum(sessions, axis=0))
    assert pooled.counts.sum() == 3 * 59
    np.testing.assert_allclose(
        pooled.stats.adjusted_residuals, Table(pooled.counts).standardized_resids
    )


def test_lag_respects_phases() -> None:
    tl = timeline(
        [ev("A", 10), ev("B", 20), ev("A", 110)], 200, (seg("p1", 0, 100), seg("p2", 100, 200))
    )
    result = lag_analysis([tl], LagSpec(("A", "B")))
    rows = {(r.level, r.phase): r for r in result.rows}
    assert rows[("session", SESSION_PHASE)].counts.sum() == 2
    assert rows[("session", "p1")].counts.sum() == 1
    assert rows[("session", "p2")].counts.sum() == 0


def test_cooccurrence_hand_worked() -> None:
    tl = timeline([ev("A", 0, 50), ev("B", 30, 80), ev("B", 90, 95)], 100)
    result = cooccurrence([tl], [("A", "B")], by_phase=False)
    row = next(r for r in result.rows if r.level == "session")
    assert (row.a_s, row.b_s, row.both_s) == pytest.approx((5.0, 5.5, 2.0))
    assert row.p_b_given_a == pytest.approx(0.4)
    assert row.p_a_given_b == pytest.approx(2.0 / 5.5)
    assert [(i.start_frame, i.end_frame) for i in row.instances] == [(30, 50)]
    absent = cooccurrence([tl], [("A", "Z")], by_phase=False).rows[0]
    assert math.isnan(absent.p_a_given_b) and absent.p_b_given_a == 0


def test_match_mismatch_repair_hand_worked() -> None:
    # mother: warm 0-40, harsh 40-70, warm 70-100; infant: smile 0-50, cry 50-90, gap, smile 95-100
    events = [ev("warm", 0, 40), ev("harsh", 40, 70), ev("warm", 70, 100)]
    events += [ev("smile", 0, 50), ev("cry", 50, 90), ev("smile", 95, 100)]
    tl = timeline(events, 100)
    spec = MatchSpec(
        ("warm", "harsh"),
        ("smile", "cry"),
        {"warm": "positive", "smile": "positive", "harsh": "negative", "cry": "negative"},
    )
    row = next(r for r in match_analysis([tl], spec, by_phase=False).rows if r.level == "session")
    # frames 0-39 matched, 40-49 mismatch, 50-69 matched, 70-89 mismatch, 90-94 left out,
    # 95-99 matched
    assert row.matched_s == pytest.approx(6.5)
    assert row.mismatched_s == pytest.approx(3.0)
    assert row.proportion_matched == pytest.approx(6.5 / 9.5)
    assert row.episodes == 2
    assert row.repair_latencies_s == pytest.approx((1.0,))  # the second is cut by the gap
    assert [(i.start_frame, i.end_frame) for i in row.instances] == [(40, 51)]
