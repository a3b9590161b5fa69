"""Time-window sequential analysis against a brute-force per-frame reference."""

from __future__ import annotations

import math

import numpy as np
import pytest

from interactioncoder.analysis.tables import TwoByTwo
from interactioncoder.analysis.timeline import SESSION_PHASE, SessionTimeline
from interactioncoder.analysis.window import (
    Anchor,
    TargetMode,
    WindowRow,
    WindowSpec,
    time_window_analysis,
)
from tests.analysis.helpers import FPS, ev, random_events, seg, timeline


def brute_force(tl: SessionTimeline, spec: WindowSpec, start: int, end: int) -> TwoByTwo:
    """One frame at a time, in plain Python: the rules of the module text, literally."""
    times = tl.times_ms
    given = tl.intervals(spec.given)
    target = tl.intervals(spec.target)
    in_window = [False] * tl.n_frames
    for i in range(len(given)):
        anchor = int(given.onset[i])
        if spec.anchor is Anchor.OFFSET and not given.is_point[i]:
            anchor = int(given.end[i])
        if not start <= anchor < end:
            continue
        t0 = times[anchor]
        for f in range(start, end):
            if t0 + spec.start_s * 1000 - 1e-3 <= times[f] < t0 + spec.end_s * 1000 - 1e-3:
                in_window[f] = True
    on = [False] * tl.n_frames
    for j in range(len(target)):
        last = (
            int(target.onset[j]) + 1 if spec.target_mode is TargetMode.ONSET else int(target.end[j])
        )
        for f in range(int(target.onset[j]), last):
            on[f] = True
    a = b = c = d = 0
    for f in range(start, end):
        if in_window[f] and on[f]:
            a += 1
        elif in_window[f]:
            b += 1
        elif on[f]:
            c += 1
        else:
            d += 1
    return TwoByTwo(a, b, c, d)


def _row(rows: tuple[WindowRow, ...], level: str, key: str, phase: str) -> WindowRow:
    (row,) = [r for r in rows if (r.level, r.key, r.phase) == (level, key, phase)]
    return row


@pytest.mark.parametrize("seed", range(12))
def test_tables_match_brute_force_per_frame(seed: int) -> None:
    rng = np.random.default_rng(seed)
    frames = 300
    events = [
        *random_events(rng, "bid", frames, int(rng.integers(0, 12)), 20, point=seed % 2 == 0),
        *random_events(rng, "resp", frames, int(rng.integers(0, 12)), 30, point=False),
    ]
    segments = (seg("play", 0, 120), seg("still", 120, 200), seg("reunion", 200, 290))
    tl = timeline(events, frames, segments)
    spec = WindowSpec(
        "bid",
        "resp",
        start_s=float(rng.choice([0.0, -1.0, 0.5])),
        end_s=float(rng.choice([1.0, 3.0, 5.5])),
        anchor=Anchor.OFFSET if seed % 3 == 0 else Anchor.ONSET,
        target_mode=TargetMode.ONSET if seed % 4 == 1 else TargetMode.ON,
    )
    result = time_window_analysis([tl], [spec], permutations=0)
    whole = _row(result.rows, "session", "s1", SESSION_PHASE)
    assert whole.table == brute_force(tl, spec, 0, frames)
    for s in segments:
        row = _row(result.rows, "session", "s1", s.name)
        assert row.table == brute_force(tl, spec, s.onset_frame, s.offset_frame)
        assert row.table.n == s.offset_frame - s.onset_frame


def test_window_truncated_at_phase_and_session_end() -> None:
    # A bid 1 s before the end of play: the 3 s window keeps only play's last 10 frames.
    tl = timeline([ev("bid", 110), ev("resp", 125, 130)], 150, (seg("play", 0, 120),))
    spec = WindowSpec("bid", "resp", 0.0, 3.0)
    rows = time_window_analysis([tl], [spec], permutations=0).rows
    play = _row(rows, "session", "s1", "play")
    assert (play.table.a, play.table.b, play.table.c, play.table.d) == (0, 10, 0, 110)
    whole = _row(rows, "session", "s1", SESSION_PHASE)
    assert (whole.table.a, whole.table.b) == (5, 25)
    # at the session end: 30 frames asked, 10 left
    tl = timeline([ev("bid", 140)], 150)
    whole = _row(
        time_window_analysis([tl], [spec], permutations=0).rows, "session", "s1", SESSION_PHASE
    )
    assert whole.table.b == 10 and whole.table.n == 150


def test_given_inside_another_window_counts_frames_once() -> None:
    # Windows 10..40 and 20..50 merge into 10..50: 40 window frames, not 60.
    tl = timeline([ev("bid", 10), ev("bid", 20), ev("resp", 45, 60)], 100)
    row = _row(
        time_window_analysis([tl], [WindowSpec("bid", "resp")], permutations=0).rows,
        "session",
        "s1",
        SESSION_PHASE,
    )
    assert (row.table.a, row.table.b, row.table.c, row.table.d) == (5, 35, 10, 50)
    assert row.n_given == 2
    labels = [i.label for i in row.instances]
    assert labels == ["no target in window", "target in window"]
    assert row.instances[1].start_frame == 20 and row.instances[1].end_frame == 50


def test_absent_codes_give_zero_cells_and_defined_answers() -> None:
    tl = timeline([ev("resp", 5, 10)], 100)
    row = _row(
        time_window_analysis([tl], [WindowSpec("bid", "resp")], permutations=50).rows,
        "session",
        "s1",
        SESSION_PHASE,
    )
    assert (row.table.a, row.table.b, row.table.c, row.table.d) == (0, 0, 5, 95)
    assert row.n_given == 0
    assert math.isnan(row.table.yules_q)  # ad = bc = 0
    assert row.table.haldane and math.isfinite(row.table.odds_ratio)
    assert math.isnan(row.p_two_sided)


def test_pooled_is_sum_of_sessions_and_dyads_group() -> None:
    rng = np.random.default_rng(5)
    tls = []
    for i in range(4):
        events = [
            *random_events(rng, "bid", 200, 6, 1, point=True),
            *random_events(rng, "resp", 200, 6, 15, point=False),
        ]
        tls.append(timeline(events, 200, session=f"s{i}", dyad=f"D{i // 2}"))
    spec = WindowSpec("bid", "resp", 0, 2)
    rows = time_window_analysis(tls, [spec], permutations=20, by_phase=False).rows
    sessions = [_row(rows, "session", f"s{i}", SESSION_PHASE).table for i in range(4)]
    pooled = _row(rows, "pooled", "all", SESSION_PHASE).table
    assert pooled == sessions[0] + sessions[1] + sessions[2] + sessions[3]
    assert _row(rows, "dyad", "D1", SESSION_PHASE).table == sessions[2] + sessions[3]


def test_randomisation_is_seeded_and_detects_contingency() -> None:
    rng = np.random.default_rng(1)
    frames = 3000
    bids = sorted(int(x) for x in rng.choice(frames - 40, size=30, replace=False))
    # the response starts 0.5-1.5 s after every bid: a strong contingency
    events = [ev("bid", b) for b in bids]
    events += [ev("resp", b + int(rng.integers(5, 15)), b + 25) for b in bids]
    tl = timeline(events, frames)
    spec = WindowSpec("bid", "resp", 0, 2)
    first = time_window_analysis([tl], [spec], permutations=200, seed=3, by_phase=False)
    again = time_window_analysis([tl], [spec], permutations=200, seed=3, by_phase=False)
    row = _row(first.rows, "session", "s1", SESSION_PHASE)
    assert row == _row(again.rows, "session", "s1", SESSION_PHASE)
    assert row.table.yules_q > 0.8
    assert row.p_greater == pytest.approx(1 / 201)
    # no contingency: responses placed independently of the bids
    events = [ev("bid", b) for b in bids]
    events += random_events(rng, "resp", frames, 30, 20, point=False)
    null = time_window_analysis([timeline(events, frames)], [spec], permutations=200, seed=3)
    assert _row(null.rows, "session", "s1", SESSION_PHASE).p_two_sided > 0.01


def test_window_spec_checks_its_bounds() -> None:
    with pytest.raises(ValueError, match="before or where it starts"):
        WindowSpec("a", "b", 3.0, 3.0)
    assert FPS == 10.0
