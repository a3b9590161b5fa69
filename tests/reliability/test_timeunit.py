"""Time-unit agreement: sequences from events, kappa, tolerance window, disagreements."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from interactioncoder.core.codebook import CodeGroup, CodeKind
from interactioncoder.core.timebase import Timebase
from interactioncoder.reliability.disagreements import DisagreementKind, unit_disagreements
from interactioncoder.reliability.timeunit import (
    TOLERANCE_RULE,
    sequence_agreement,
    tolerance_credit,
)
from interactioncoder.reliability.units import NONE, UnitGrid, group_variables, variable_units

from .helpers import code, codebook, ev, running, timebase


def _seq(values: str) -> np.ndarray:
    return np.array([int(c) for c in values], dtype=np.int64)


def test_exclusive_group_is_one_variable_with_none() -> None:
    cb = codebook()
    gaze = cb.group("gaze")
    grid = UnitGrid(timebase(10))
    units = variable_units(grid, gaze, [ev("mother", 0, 4), ev("away", 6, 8)])
    assert group_variables(gaze) == [("gaze", (NONE, "mother", "away"), True)]
    assert units["gaze"].tolist() == [1, 1, 1, 1, 0, 0, 2, 2, 0, 0]


def test_points_of_an_exclusive_group_are_their_own_variables() -> None:
    group = CodeGroup(
        "cry", "Crying", "infant", True, (code("fuss"), code("cry"), code("sob", CodeKind.POINT))
    )
    assert group_variables(group) == [
        ("cry", (NONE, "fuss", "cry"), True),
        ("sob", (NONE, "sob"), False),
    ]
    units = variable_units(UnitGrid(timebase(6)), group, [ev("cry", 0, 4), ev("sob", 2)])
    assert units["cry"].tolist() == [2, 2, 2, 2, 0, 0]  # the point does not punch a hole
    assert units["sob"].tolist() == [0, 0, 1, 0, 0, 0]


def test_non_exclusive_codes_are_present_absent_and_points_mark_their_frame() -> None:
    touch = codebook().group("touch")
    grid = UnitGrid(timebase(8))
    units = variable_units(
        grid, touch, [ev("stroke", 1, 3), ev("poke", 2, 5), ev("smile", 6), running("stroke", 5)]
    )
    assert units["stroke"].tolist() == [0, 1, 1, 0, 0, 1, 1, 1]
    assert units["poke"].tolist() == [0, 0, 1, 1, 1, 0, 0, 0]
    assert units["smile"].tolist() == [0, 0, 0, 0, 0, 0, 1, 0]


def test_second_units_take_the_longest_category_and_points_win() -> None:
    gaze = codebook().group("gaze")
    grid = UnitGrid(timebase(100), unit_seconds=1.0)  # 25 frames per unit
    assert grid.n_units == 4 and grid.unit_label == "1 s"
    units = variable_units(
        grid, gaze, [ev("mother", 0, 13), ev("away", 13, 25), ev("away", 60, 70)]
    )
    # unit 0: 13 frames mother vs 12 away; unit 2: 10 of 25 frames away -> none
    assert units["gaze"].tolist() == [1, 0, 0, 0]
    touch = codebook().group("touch")
    t = variable_units(grid, touch, [ev("stroke", 25, 38), ev("smile", 99)])
    assert t["stroke"].tolist() == [0, 1, 0, 0]  # 13 of 25 frames: at least half
    assert t["smile"].tolist() == [0, 0, 0, 1]


def test_variable_frame_rate_units_follow_time_not_frames() -> None:
    # 10 frames at 100 ms, then 10 at 50 ms: one-second units hold 10 and 10 frames.
    times = [i * 100.0 for i in range(10)] + [1000.0 + i * 50.0 for i in range(10)]
    grid = UnitGrid(Timebase.from_times(times), unit_seconds=0.5)
    # 0-400 ms: frames 0-4; 500-900: frames 5-9; 1000-1450: frames 10-19
    assert grid.n_units == 3
    assert grid.unit_start_frame.tolist() == [0, 5, 10]
    assert grid.unit_end_frame.tolist() == [5, 10, 20]
    # a one-frame unit grid counts frames, not time
    assert UnitGrid(Timebase.from_times(times)).n_units == 20


def test_kappa_matches_sklearn_on_random_sequences() -> None:
    rng = np.random.default_rng(7)
    a = rng.integers(0, 4, 5000)
    b = np.where(rng.random(5000) < 0.7, a, rng.integers(0, 4, 5000))
    labels = (NONE, "x", "y", "z")
    r = sequence_agreement("g", "g", True, labels, a, b, np.arange(5000) * 40.0)
    assert r.kappa.kappa == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    assert r.confusion.labels == labels
    assert r.confusion.total == 5000
    assert r.tolerance_rule == TOLERANCE_RULE


def test_tolerance_forgives_a_shifted_boundary_symmetrically() -> None:
    a = _seq("0001111100")
    b = _seq("0000111110")  # B starts and stops one unit later
    t = np.arange(10) * 40.0
    none = sequence_agreement("v", "g", False, (NONE, "x"), a, b, t, tolerance_ms=0)
    assert none.kappa.kappa < 1
    assert none.kappa_tolerant.kappa == none.kappa.kappa
    tol = sequence_agreement("v", "g", False, (NONE, "x"), a, b, t, tolerance_ms=40)
    assert tol.kappa_tolerant.kappa == pytest.approx(1.0)
    # half to each diagonal cell: 2 credited units -> +1 each side
    assert tol.confusion_tolerant.array.tolist() == [[5.0, 0.0], [0.0, 5.0]]
    swapped = sequence_agreement("v", "g", False, (NONE, "x"), b, a, t, tolerance_ms=40)
    assert np.array_equal(swapped.confusion_tolerant.array, tol.confusion_tolerant.array.T)


def test_tolerance_needs_both_directions() -> None:
    # B's one-unit blip of x inside A's none: x is not in A's window -> not forgiven.
    a = _seq("0000000")
    b = _seq("0001000")
    assert not tolerance_credit(a, b, np.arange(7) * 40.0, 80).any()
    # Too far: a boundary shifted by 3 units is not a ±1-unit timing offset.
    a = _seq("0000011111")
    b = _seq("0011111111")
    assert not tolerance_credit(a, b, np.arange(10) * 40.0, 40).any()
    # ... but it is one within ±3 units (120 ms), all three units forgiven.
    credited = tolerance_credit(a, b, np.arange(10) * 40.0, 120)
    assert credited.tolist() == [False, False, True, True, True] + [False] * 5


sequences = st.lists(st.integers(0, 3), min_size=2, max_size=60)


@settings(max_examples=60, deadline=None)
@given(sequences, st.data())
def test_swapping_coders_transposes_and_keeps_kappa(a_list: list[int], data: st.DataObject) -> None:
    b_list = data.draw(st.lists(st.integers(0, 3), min_size=len(a_list), max_size=len(a_list)))
    tol = data.draw(st.sampled_from([0.0, 40.0, 120.0]))
    a, b = np.array(a_list), np.array(b_list)
    labels = (NONE, "x", "y", "z")
    t = np.arange(len(a)) * 40.0
    ab = sequence_agreement("v", "g", True, labels, a, b, t, tol)
    ba = sequence_agreement("v", "g", True, labels, b, a, t, tol)
    assert np.array_equal(ab.confusion.array, ba.confusion.array.T)
    assert np.array_equal(ab.confusion_tolerant.array, ba.confusion_tolerant.array.T)
    for x, y in [(ab.kappa, ba.kappa), (ab.kappa_tolerant, ba.kappa_tolerant)]:
        assert x.observed_agreement == pytest.approx(y.observed_agreement)
        assert (np.isnan(x.kappa) and np.isnan(y.kappa)) or x.kappa == pytest.approx(y.kappa)
    assert ab.kappa_tolerant.observed_agreement >= ab.kappa.observed_agreement - 1e-12


@settings(max_examples=40, deadline=None)
@given(sequences)
def test_identical_codings_agree_perfectly(a_list: list[int]) -> None:
    a = np.array(a_list)
    r = sequence_agreement(
        "v", "g", True, (NONE, "x", "y", "z"), a, a.copy(), np.arange(len(a)) * 40.0
    )
    assert r.kappa.observed_agreement == 1.0
    assert np.isnan(r.kappa.kappa) or r.kappa.kappa == pytest.approx(1.0)
    grid = UnitGrid(timebase(len(a)))
    assert unit_disagreements("v", (NONE, "x", "y", "z"), a, a, grid, np.zeros(len(a), bool)) == []


def test_disagreement_stretches_and_kinds() -> None:
    labels = (NONE, "x", "y")
    a = _seq("0111122200110" + "00200" + "0110")
    b = _seq("0011222201100" + "00000" + "0120")
    grid = UnitGrid(timebase(len(a)))
    credited = tolerance_credit(a, b, grid.unit_start_ms, 40.0)
    found = unit_disagreements("g", labels, a, b, grid, credited)
    got = [
        (d.start_frame, d.end_frame, d.code_a, d.code_b, d.kind, d.within_tolerance) for d in found
    ]
    assert got == [
        (1, 2, "x", None, DisagreementKind.TIMING, True),  # B's x starts one frame late
        (4, 5, "x", "y", DisagreementKind.TIMING, True),  # x->y switch one frame early in B
        (9, 10, None, "x", DisagreementKind.TIMING, True),
        (11, 12, "x", None, DisagreementKind.TIMING, True),
        (15, 16, "y", None, DisagreementKind.OMISSION, False),  # B missed A's y
        (20, 21, "x", "y", DisagreementKind.CONFUSION, False),
    ]
    assert found[0].start_ms == 40.0 and found[0].end_ms == 80.0


def _brute_force_credit(a: list[int], b: list[int], window: int) -> list[bool]:
    out = []
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        lo, hi = max(0, i - window), min(len(a), i + window + 1)
        out.append(x != y and x in b[lo:hi] and y in a[lo:hi])
    return out


@settings(max_examples=80, deadline=None)
@given(st.data(), st.integers(1, 3), st.integers(0, 4))
def test_tolerance_credit_matches_brute_force(data: st.DataObject, top: int, window: int) -> None:
    # top == 1 exercises the present/absent shortcut, larger values the per-code counts
    n = data.draw(st.integers(1, 40))
    a = data.draw(st.lists(st.integers(0, top), min_size=n, max_size=n))
    b = data.draw(st.lists(st.integers(0, top), min_size=n, max_size=n))
    got = tolerance_credit(np.array(a), np.array(b), np.arange(n) * 40.0, window * 40.0)
    assert got.tolist() == _brute_force_credit(a, b, window if window else -1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=1, max_size=50), st.integers(-3, 3), st.integers(0, 3))
def test_shift_within_tolerance_is_fully_forgiven(core: list[int], shift: int, extra: int) -> None:
    window = abs(shift) + extra  # tolerance >= shift, in units
    pad = [0] * (abs(shift) + 1)
    a = np.array(pad + core + pad)
    b = np.roll(a, shift)  # coder B codes everything |shift| units later (or earlier)
    t = np.arange(len(a)) * 40.0
    r = sequence_agreement("v", "g", True, (NONE, "x", "y", "z"), a, b, t, window * 40.0)
    assert r.kappa_tolerant.observed_agreement == pytest.approx(1.0)
