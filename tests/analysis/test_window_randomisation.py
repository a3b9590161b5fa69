"""The randomisation test of the time-window analysis, draw by draw, against a reference.

The reference spends the seeded generator exactly as the module text says (per spec, per
session, the whole session and then each phase: one ``(draws, k)`` int32 draw of anchor
frames in the span, none when the span has no anchors) and counts every randomised table
frame by frame. Every row's table, n_given and both p-values must be equal, not close:
this pins the results of a seed, whatever the implementation does to be fast.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from interactioncoder.analysis import window_counts
from interactioncoder.analysis.tables import TwoByTwo, yules_q_array
from interactioncoder.analysis.timeline import (
    SESSION_PHASE,
    Phase,
    SessionTimeline,
    build_timeline,
    phase_names,
    pool_keys,
)
from interactioncoder.analysis.window import (
    Anchor,
    TargetMode,
    WindowRow,
    WindowSpec,
    time_window_analysis,
)
from interactioncoder.core.timebase import Timebase
from tests.analysis.helpers import random_events, seg

DRAWS = 40
FRAMES = 400


def _anchor_frames(tl: SessionTimeline, spec: WindowSpec, span: Phase) -> list[int]:
    iv = tl.intervals(spec.given)
    out = []
    for i in range(len(iv)):
        point = bool(iv.is_point[i])
        frame = int(iv.end[i]) if spec.anchor is Anchor.OFFSET and not point else int(iv.onset[i])
        if span.start <= frame < span.end:
            out.append(frame)
    return out


def _table(tl: SessionTimeline, spec: WindowSpec, span: Phase, anchors: list[int]) -> TwoByTwo:
    """Frame by frame: in a window of any anchor (start times) × target on, within the span."""
    times = tl.times_ms
    frames = times[span.start : span.end]
    in_window = np.zeros(len(frames), dtype=bool)
    for a in anchors:
        lo = times[a] + spec.start_s * 1000 - 1e-3
        hi = times[a] + spec.end_s * 1000 - 1e-3
        in_window |= (frames >= lo) & (frames < hi)
    on = tl.mask(spec.target, onsets_only=spec.target_mode is TargetMode.ONSET)
    on = on[span.start : span.end]
    a, b = int(np.sum(in_window & on)), int(np.sum(in_window & ~on))
    c, d = int(np.sum(~in_window & on)), int(np.sum(~in_window & ~on))
    return TwoByTwo(a, b, c, d)


def _randomised(
    tl: SessionTimeline, spec: WindowSpec, span: Phase, rng: np.random.Generator
) -> tuple[TwoByTwo, list[TwoByTwo], int]:
    anchors = _anchor_frames(tl, spec, span)
    observed = _table(tl, spec, span, anchors)
    n, k = span.end - span.start, len(anchors)
    if not k:
        return observed, [observed] * DRAWS, 0
    draws = np.sort(rng.integers(0, n, size=(DRAWS, k), dtype=np.int32), axis=1)
    perm = [_table(tl, spec, span, [span.start + int(x) for x in row]) for row in draws]
    return observed, perm, k


def _p_values(table: TwoByTwo, perm: list[TwoByTwo]) -> tuple[float, float]:
    q = table.yules_q
    if math.isnan(q):
        return math.nan, math.nan
    cells = np.array([(t.a, t.b, t.c, t.d) for t in perm], dtype=np.float64)
    qp = np.nan_to_num(yules_q_array(*cells.T), nan=0.0)
    two = (1 + int(np.sum(np.abs(qp) >= abs(q) - 1e-12))) / (1 + len(perm))
    return two, (1 + int(np.sum(qp >= q - 1e-12))) / (1 + len(perm))


Expected = dict[tuple[str, str, str], tuple[TwoByTwo, int, float, float]]


def _reference(tls: list[SessionTimeline], spec: WindowSpec, rng: np.random.Generator) -> Expected:
    parts: dict[tuple[str, str], tuple[TwoByTwo, list[TwoByTwo], int]] = {}
    for tl in tls:
        for span in [tl.whole, *tl.phases]:
            parts[(tl.session_id, span.name)] = _randomised(tl, spec, span, rng)
    out: Expected = {}
    for (sid, phase), (table, perm, k) in parts.items():
        out[("session", sid, phase)] = (table, k, *_p_values(table, perm))
    for level, key, members in pool_keys(tls):
        for phase in phase_names(tls):
            chosen = [parts[(m, phase)] for m in members if (m, phase) in parts]
            table = sum((c[0] for c in chosen), TwoByTwo(0, 0, 0, 0))
            draws = zip(*(c[1] for c in chosen), strict=True)
            perm = [sum(ts, TwoByTwo(0, 0, 0, 0)) for ts in draws]
            k = sum(c[2] for c in chosen)
            out[(level, key, phase)] = (table, k, *_p_values(table, perm))
    return out


def _sessions(seed: int) -> list[SessionTimeline]:
    rng = np.random.default_rng(seed)
    # variable frame rate: frames of 90-110 ms, so window bounds are not a fixed frame count
    times = np.cumsum(np.r_[0.0, rng.uniform(90, 110, FRAMES - 1)]).tolist()
    timebase = Timebase.from_times(times)
    phases = (seg("play", 0, 150), seg("still-face", 150, 260), seg("reunion", 270, 390))
    tls = []
    for i in range(4):
        events = [
            *random_events(rng, "bid", FRAMES, int(rng.integers(4, 14)), 1, point=True),
            *random_events(rng, "look", FRAMES, int(rng.integers(3, 10)), 40, point=False),
            *random_events(rng, "resp", FRAMES, int(rng.integers(5, 15)), 30, point=False),
        ]
        if i == 2:  # a session without bids: no draws spent on it
            events = [e for e in events if e.code_id != "bid"]
        tls.append(build_timeline(f"s{i}", timebase, events, phases, dyad=f"D{i // 2}"))
    return tls


def _same(row: WindowRow, expected: tuple[TwoByTwo, int, float, float]) -> bool:
    table, k, two, greater = expected
    same_p = all(
        (math.isnan(x) and math.isnan(y)) or x == y
        for x, y in ((row.p_two_sided, two), (row.p_greater, greater))
    )
    return row.table == table and row.n_given == k and same_p


@pytest.mark.parametrize("block", [None, 7])
@pytest.mark.parametrize("seed", range(3))
def test_every_row_equals_the_draw_by_draw_reference(
    seed: int, block: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if block is not None:  # many small blocks: the block edges are where it could go wrong
        monkeypatch.setattr(window_counts, "_BLOCK", block)
    tls = _sessions(seed)
    specs = [
        WindowSpec("bid", "resp", 0.0, 3.0),
        WindowSpec("look", "resp", -1.0, 2.0, Anchor.OFFSET, TargetMode.ONSET),
        WindowSpec("resp", "look", 0.5, 4.0),
        WindowSpec("absent", "resp"),
    ]
    result = time_window_analysis(tls, specs, permutations=DRAWS, seed=seed)
    rng = np.random.default_rng(seed)
    for spec in specs:
        expected = _reference(tls, spec, rng)
        rows = [r for r in result.rows if r.spec == spec]
        assert {(r.level, r.key, r.phase) for r in rows} == set(expected)
        for row in rows:
            assert _same(row, expected[(row.level, row.key, row.phase)]), (spec, row)
    assert SESSION_PHASE in {r.phase for r in result.rows}
