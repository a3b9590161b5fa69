"""Reliability speed: the two targets of the reliability engine.

1. Time-unit agreement: 2 coders x 1 h x 30 fps (108,000 frames) x 30 codes (three
   exclusive groups of 5 codes, 15 present/absent codes), with a ±1 s tolerance window.
   Target: at most 1 s. Measured end to end (events -> unit sequences -> confusion
   matrices -> kappa, tolerance, per-code tables, disagreement stretches).
   Baselines in the same run: a pure-Python per-frame loop doing the same counting (frame
   codes by walking events, confusion matrix, kappa; no tolerance), and scikit-learn's
   ``cohen_kappa_score`` on our ready-made sequences (the kappa step alone).
2. Event alignment: 2 x 2,000 events in one group (target at most 1 s), against the same
   Needleman-Wunsch recurrence written as plain Python loops (checked to give the same
   optimal cost).

    .venv/bin/python benchmarks/bench_reliability.py
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

import numpy as np
from sklearn.metrics import cohen_kappa_score

from interactioncoder.core.codebook import Code, Codebook, CodeGroup, CodeKind
from interactioncoder.core.events import Event
from interactioncoder.core.timebase import Timebase
from interactioncoder.reliability.alignment import (
    AlignmentParams,
    align_events,
    substitution_costs,
)
from interactioncoder.reliability.analysis import AnalysisParams, SessionCodings, analyse_codings
from interactioncoder.reliability.units import UnitGrid, variable_units

FPS = 30.0
FRAMES = int(3600 * FPS)


def _codebook() -> Codebook:
    def code(cid: str) -> Code:
        return Code(cid, cid, CodeKind.STATE, "", "#000000")

    groups = [
        CodeGroup(f"ex{g}", f"ex{g}", "s", True, tuple(code(f"ex{g}_{i}") for i in range(5)))
        for g in range(3)
    ]
    groups.append(CodeGroup("free", "free", "s", False, tuple(code(f"f{i}") for i in range(15))))
    return Codebook("bench", "bench", "1", groups=tuple(groups))


def _coding(cb: Codebook, rng: random.Random, jitter: int) -> list[Event]:
    """States of 1-10 s; coder B is coder A with onsets jittered and 10 % codes changed."""
    events: list[Event] = []
    step = 1000.0 / FPS
    for g in cb.groups:
        codes = [c.id for c in g.codes]
        if g.exclusive:
            f = 0
            while f < FRAMES:
                length = rng.randint(30, 300)
                code_id = rng.choice(codes)
                start = min(FRAMES - 1, max(0, f + rng.randint(-jitter, jitter)))
                end = min(FRAMES, f + length)
                if end > start:
                    events.append(
                        Event(f"{g.id}{f}", code_id, start, start * step, end, end * step)
                    )
                f += length + rng.randint(0, 60)
        else:
            for code_id in codes:
                f = rng.randint(0, 600)
                while f < FRAMES:
                    length = rng.randint(30, 300)
                    end = min(FRAMES, f + length)
                    events.append(Event(f"{code_id}{f}", code_id, f, f * step, end, end * step))
                    f = end + rng.randint(300, 3000)
    return events


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def _naive_time_unit(cb: Codebook, a: list[Event], b: list[Event]) -> list[float]:
    """Per frame in pure Python: the category of each variable, then counts and kappa."""
    kappas = []
    for g in cb.groups:
        variables = [[c.id for c in g.codes]] if g.exclusive else [[c.id] for c in g.codes]
        for codes in variables:
            seqs = []
            for events in (a, b):
                seq = [0] * FRAMES
                for e in events:
                    if e.code_id in codes and e.offset_frame is not None:
                        value = codes.index(e.code_id) + 1
                        for f in range(e.onset_frame, e.offset_frame):
                            seq[f] = value
                seqs.append(seq)
            k = len(codes) + 1
            m = [[0] * k for _ in range(k)]
            for x, y in zip(seqs[0], seqs[1], strict=True):
                m[x][y] += 1
            n = FRAMES
            po = sum(m[i][i] for i in range(k)) / n
            rows = [sum(r) / n for r in m]
            cols = [sum(m[i][j] for i in range(k)) / n for j in range(k)]
            pe = sum(r * c for r, c in zip(rows, cols, strict=True))
            kappas.append((po - pe) / (1 - pe) if pe < 1 else math.nan)
    return kappas


def bench_time_unit() -> None:
    cb = _codebook()
    rng = random.Random(1)
    a = _coding(cb, rng, 0)
    rng_b = random.Random(1)
    b = _coding(cb, rng_b, 15)
    tb = Timebase.constant(FPS, FRAMES)
    session = SessionCodings("s", tb, {"a": a, "b": b})
    params = AnalysisParams(tolerance_s=1.0, event=None, segments=False)
    ours = _best(lambda: analyse_codings(cb, [session], params))
    # the same work as the naive loop: sequences, confusion matrices, kappa (and per code)
    core = AnalysisParams(event=None, segments=False, list_disagreements=False)
    ours_core = _best(lambda: analyse_codings(cb, [session], core))
    report = analyse_codings(cb, [session], core)
    naive = _best(lambda: _naive_time_unit(cb, a, b), repeat=1)
    naive_kappas = _naive_time_unit(cb, a, b)
    our_kappas = [v.kappa.kappa for r in report.results if r.scope.session_id for v in r.time_unit]
    assert np.allclose(naive_kappas, our_kappas, equal_nan=True), "baseline disagrees"
    grid = UnitGrid(tb)
    seqs = [(variable_units(grid, g, a), variable_units(grid, g, b)) for g in cb.groups]
    pairs = [(sa[k], sb[k]) for sa, sb in seqs for k in sa]
    sk = _best(lambda: [cohen_kappa_score(x, y) for x, y in pairs])
    print(f"time-unit: {len(a) + len(b)} events, {FRAMES} frames x 30 codes, ±1 s tolerance")
    print(f"  ours (end to end, incl. tolerance and disagreements): {ours:.3f} s (target <= 1 s)")
    print(f"  ours, same work as the baseline (no tolerance/list): {ours_core:.3f} s")
    print(f"  baseline pure-Python loop (no tolerance):            {naive:.3f} s "
          f"-> ours is {naive / ours_core:.1f}x faster")  # fmt: skip
    print(f"  baseline sklearn cohen_kappa_score, kappa step only: {sk:.3f} s "
          f"({len(pairs)} variables) -> ours end to end is {sk / ours:.1f}x faster")  # fmt: skip


def _naive_alignment_cost(sub: list[list[float]]) -> float:
    n, m = len(sub), len(sub[0])
    prev = [float(j) for j in range(m + 1)]
    for i in range(1, n + 1):
        cur = [float(i)] + [0.0] * m
        row = sub[i - 1]
        for j in range(1, m + 1):
            cur[j] = min(prev[j - 1] + row[j - 1], prev[j] + 1.0, cur[j - 1] + 1.0)
        prev = cur
    return prev[m]


def bench_alignment() -> None:
    rng = random.Random(2)
    step = 1000.0 / FPS
    codes = ["a", "b", "c", "d", "e"]
    a, b = [], []
    f = 0
    for i in range(2000):
        f += rng.randint(20, 100)
        length = rng.randint(10, 90)
        a.append(Event(f"a{i}", rng.choice(codes), f, f * step, f + length, (f + length) * step))
        g = max(0, f + rng.randint(-20, 20))
        code = a[-1].code_id if rng.random() < 0.85 else rng.choice(codes)
        b.append(Event(f"b{i}", code, g, g * step, g + length, (g + length) * step))
    params = AlignmentParams(onset_tolerance_s=1.0)
    ours = _best(lambda: align_events(a, b, params))
    pairs = align_events(a, b, params)
    sa = sorted(a, key=lambda e: (e.onset_frame, e.code_id))
    sb = sorted(b, key=lambda e: (e.onset_frame, e.code_id))
    sub = substitution_costs(sa, sb, params).tolist()
    t = time.perf_counter()
    naive_cost = _naive_alignment_cost(sub)
    naive = time.perf_counter() - t
    ix = {e.id: i for i, e in enumerate(sa)}
    jx = {e.id: j for j, e in enumerate(sb)}
    our_cost = sum(
        sub[ix[p.event_a.id]][jx[p.event_b.id]] if p.event_a and p.event_b else 1.0 for p in pairs
    )
    assert math.isclose(our_cost, naive_cost, abs_tol=1e-6), (our_cost, naive_cost)
    agree = sum(p.kind == "agreement" for p in pairs)
    print(f"event alignment: 2 x {len(a)} events -> {len(pairs)} pairs, {agree} agreements")
    print(f"  ours (vectorised rows):       {ours:.3f} s (target <= 1 s)")
    print(f"  baseline plain-Python DP:     {naive:.3f} s (same optimal cost {naive_cost:.2f}) "
          f"-> ours is {naive / ours:.1f}x faster")  # fmt: skip


if __name__ == "__main__":
    print("best of 3 runs each (baselines: one run)")
    bench_time_unit()
    bench_alignment()
