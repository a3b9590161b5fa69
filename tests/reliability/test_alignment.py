"""Event alignment: hand-worked cases with their expected pairs, and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interactioncoder.core.events import Event
from interactioncoder.reliability.alignment import (
    NIL,
    AlignedPair,
    AlignmentParams,
    _align_block,
    align_events,
    event_agreement,
    substitution_costs,
)
from interactioncoder.reliability.alignment_ties import align_tied_block, has_ties
from interactioncoder.reliability.disagreements import DisagreementKind, event_disagreements

from .helpers import ev

CODES = ["x", "y", "z"]
ONE_SECOND = AlignmentParams(onset_tolerance_s=1.0)  # 25 frames at 25 fps


def _pairs(
    a: list[Event], b: list[Event], params: AlignmentParams = ONE_SECOND
) -> list[tuple[str, str]]:
    names = {e.id: f"A{i}" for i, e in enumerate(a)} | {e.id: f"B{i}" for i, e in enumerate(b)}
    return [
        (names[p.event_a.id] if p.event_a else NIL, names[p.event_b.id] if p.event_b else NIL)
        for p in align_events(a, b, params)
    ]


def test_case_1_same_codes_pair_within_tolerance() -> None:
    # A: x@0-50, y@100-150 ; B: x@10-50 (0.4 s late), y@110-150 (0.4 s late)
    a = [ev("x", 0, 50), ev("y", 100, 150)]
    b = [ev("x", 10, 50), ev("y", 110, 150)]
    assert _pairs(a, b) == [("A0", "B0"), ("A1", "B1")]


def test_case_2_prefers_the_same_code_over_the_nearer_different_code() -> None:
    # A: x@100. B: y@100 (same onset) and x@120 (0.8 s later). Pairing A0-B1 (same code,
    # cost 0) plus B0 unmatched (1) beats A0-B0 (confusion, 1) plus B1 unmatched (1).
    a = [ev("x", 100, 130)]
    b = [ev("y", 100, 110), ev("x", 120, 140)]
    assert _pairs(a, b) == [(NIL, "B0"), ("A0", "B1")]


def test_case_3_confusion_beats_two_nils() -> None:
    # A: x@0, B: y@5 (0.2 s): a confusion costs 1, omission + commission cost 2.
    assert _pairs([ev("x", 0, 20)], [ev("y", 5, 20)]) == [("A0", "B0")]


def test_case_4_outside_tolerance_is_omission_plus_commission() -> None:
    # A: x@0, B: x@50 (2 s later, tolerance 1 s): not admissible.
    assert _pairs([ev("x", 0, 20)], [ev("x", 50, 70)]) == [("A0", NIL), (NIL, "B0")]


def test_case_5_order_is_kept_and_closest_partner_wins_ties() -> None:
    # A: x@0, x@30 ; B: x@20. B0 is admissible for both (0.8 s and 0.4 s); the equal-cost
    # alignments differ only in closeness, so B0 pairs with A1.
    a = [ev("x", 0, 10), ev("x", 30, 40)]
    b = [ev("x", 20, 28)]
    assert _pairs(a, b) == [("A0", NIL), ("A1", "B0")]


def test_case_6_overlap_criterion_and_combination() -> None:
    # Long states whose onsets differ by 3 s but which overlap 80 % of their union.
    a = [ev("x", 0, 500)]
    b = [ev("x", 75, 475)]  # inter 400, union 500 -> 0.8
    onset_only = AlignmentParams(onset_tolerance_s=1.0)
    overlap_or = AlignmentParams(onset_tolerance_s=1.0, min_overlap=0.75)
    overlap_and = AlignmentParams(onset_tolerance_s=1.0, min_overlap=0.75, require_both=True)
    overlap_only = AlignmentParams(onset_tolerance_s=None, min_overlap=0.75)
    assert _pairs(a, b, onset_only) == [("A0", NIL), (NIL, "B0")]
    assert _pairs(a, b, overlap_or) == [("A0", "B0")]
    assert _pairs(a, b, overlap_and) == [("A0", NIL), (NIL, "B0")]
    assert _pairs(a, b, overlap_only) == [("A0", "B0")]
    assert "OR" in overlap_or.rule and "AND" in overlap_and.rule


def test_case_7_points_use_onset_tolerance_only() -> None:
    a = [ev("x", 100)]
    b = [ev("x", 110), ev("x", 200)]  # 0.4 s: paired; 4 s: unmatched
    params = AlignmentParams(onset_tolerance_s=1.0, min_overlap=0.1)
    assert _pairs(a, b, params) == [("A0", "B0"), (NIL, "B1")]


def test_params_are_checked() -> None:
    with pytest.raises(ValueError, match="onset tolerance, a minimum overlap"):
        AlignmentParams(onset_tolerance_s=None)
    with pytest.raises(ValueError, match="minimum overlap"):
        AlignmentParams(min_overlap=1.5)


def test_event_kappa_table_and_kappa_max_note() -> None:
    a = [ev("x", 0, 10), ev("y", 50, 60), ev("x", 100, 110), ev("z", 300, 310)]
    b = [ev("x", 2, 10), ev("x", 51, 60), ev("x", 101, 110), ev("y", 200, 210)]
    r = event_agreement("g", CODES, a, b, ONE_SECOND)
    m = r.confusion
    assert m.labels == ("x", "y", "z", NIL)
    assert m.array.tolist() == [
        [2, 0, 0, 0],
        [1, 0, 0, 0],
        [0, 0, 0, 1],
        [0, 1, 0, 0],
    ]
    assert r.percent_agreement == pytest.approx(40.0)
    assert r.kappa.kappa_max < 1 and "nil-nil" in r.kappa_max_note
    kinds = [d.kind for d in event_disagreements("g", r.pairs, 1.0)]
    assert kinds == [DisagreementKind.CONFUSION, DisagreementKind.COMMISSION,
                     DisagreementKind.OMISSION]  # fmt: skip


def test_same_code_pair_with_far_offsets_is_a_timing_disagreement() -> None:
    pairs = align_events([ev("x", 0, 100)], [ev("x", 5, 40)], ONE_SECOND)
    found = event_disagreements("g", pairs, 1.0)
    assert [(d.kind, d.start_frame, d.end_frame) for d in found] == [
        (DisagreementKind.TIMING, 0, 100)
    ]


events_strategy = st.lists(
    st.tuples(st.sampled_from(CODES), st.integers(0, 3000), st.integers(1, 200)),
    min_size=0,
    max_size=25,
)


def _events(spec: list[tuple[str, int, int]], shift: int = 0) -> list[Event]:
    return [ev(c, on + shift, on + shift + d) for c, on, d in spec]


@settings(max_examples=60, deadline=None)
@given(events_strategy, st.integers(-24, 24))
def test_shift_below_tolerance_keeps_agreement_perfect(
    spec: list[tuple[str, int, int]], shift: int
) -> None:
    # Onsets at least 2 s apart, so a shift below 1 s cannot make another event closer.
    spaced = []
    for c, on, d in sorted(spec, key=lambda s: s[1]):
        if not spaced or on - spaced[-1][1] > 50:
            spaced.append((c, on + 30, d))
    r = event_agreement("g", CODES, _events(spaced), _events(spaced, shift), ONE_SECOND)
    assert all(p.kind == "agreement" for p in r.pairs)
    assert len(r.pairs) == len(spaced)
    if spaced and len({c for c, _, _ in spaced}) > 1:
        assert r.kappa.kappa == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(events_strategy, events_strategy)
def test_swapping_coders_transposes_the_event_table(
    spec_a: list[tuple[str, int, int]], spec_b: list[tuple[str, int, int]]
) -> None:
    a, b = _events(spec_a), _events(spec_b)
    ab = event_agreement("g", CODES, a, b, ONE_SECOND)
    ba = event_agreement("g", CODES, b, a, ONE_SECOND)
    # The optimal cost is symmetric; so are the number of pairs and agreements.
    agree_ab = sum(p.kind == "agreement" for p in ab.pairs)
    agree_ba = sum(p.kind == "agreement" for p in ba.pairs)
    assert agree_ab == agree_ba
    assert ab.kappa.observed_agreement == pytest.approx(ba.kappa.observed_agreement, nan_ok=True)
    assert ab.confusion.total == ba.confusion.total
    # The costs are symmetric and the traceback prefers the same (latest) pair on ties, so
    # the mirrored alignment comes out: the table transposes.
    assert np.array_equal(ab.confusion.array, ba.confusion.array.T)
    assert ab.kappa.kappa == pytest.approx(ba.kappa.kappa, nan_ok=True)


def test_identical_event_lists_agree_and_show_no_disagreement() -> None:
    a = [ev("x", 0, 10), ev("y", 20, 30), ev("z", 40), ev("x", 60, 90)]
    r = event_agreement("g", CODES, a, list(a), ONE_SECOND)
    assert r.kappa.kappa == pytest.approx(1.0)
    assert event_disagreements("g", r.pairs, 1.0) == []


def _cost(
    pairs: tuple[AlignedPair, ...] | list[AlignedPair],
    sub: np.ndarray,
    a: list[Event],
    b: list[Event],
) -> float:
    ia = {e.id: i for i, e in enumerate(a)}
    ib = {e.id: j for j, e in enumerate(b)}
    return sum(
        float(sub[ia[p.event_a.id], ib[p.event_b.id]]) if p.event_a and p.event_b else 1.0
        for p in pairs
    )


def _whole_alignment(
    a: list[Event], b: list[Event], params: AlignmentParams, eps: float
) -> list[AlignedPair]:
    """One DP over both whole sequences, tied onsets unordered as in align_events (the
    plain DP keeps ties in listing order and may cost more: hypothesis seed 60)."""
    if a and b and (has_ties(a) or has_ties(b)):
        sub = substitution_costs(a, b, params, eps)
        return [AlignedPair(x, y) for x, y in align_tied_block(a, b, sub)]
    return _align_block(a, b, params, eps)


@settings(max_examples=60, deadline=None)
@given(events_strategy, events_strategy, st.sampled_from([None, 0.5]))
def test_independent_blocks_keep_the_optimal_cost(
    spec_a: list[tuple[str, int, int]], spec_b: list[tuple[str, int, int]], overlap: float | None
) -> None:
    params = AlignmentParams(onset_tolerance_s=1.0, min_overlap=overlap)
    a = sorted(_events(spec_a), key=lambda e: (e.onset_frame, e.code_id))
    b = sorted(_events(spec_b), key=lambda e: (e.onset_frame, e.code_id))
    eps = 0.5 / (min(len(a), len(b)) + 1)
    whole = _whole_alignment(a, b, params, eps)  # one DP over everything
    blocks = align_events(a, b, params)
    if a and b:
        sub = substitution_costs(a, b, params, eps)
        assert _cost(blocks, sub, a, b) == pytest.approx(_cost(whole, sub, a, b), abs=1e-9)
    assert sorted(id(p.event_a) for p in blocks if p.event_a) == sorted(id(e) for e in a)
    assert sorted(id(p.event_b) for p in blocks if p.event_b) == sorted(id(e) for e in b)
