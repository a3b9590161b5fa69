"""Time-window sequential analysis speed: 100 sessions × 20 min × 30 fps, 10 code pairs,
1,000 randomisations (the issue's target: at most 10 s on the project machine, whole
sessions and whole sessions plus three phases).

Measures, in the same run:

* ours: ``time_window_analysis``, whole sessions only and whole sessions plus three phases
  (play / still-face / reunion, each randomised on its own). Window bounds come from one
  ``searchsorted`` on the frame times per session, cut to each span once; a span's
  observed anchors and all its randomised draws are counted together
  (``analysis/window_counts.py``): draws sorted per row, laid out with the anchors down
  the columns in cache-sized blocks, merged windows and target frames from a few
  ``np.take`` lookups, the maximum of each window's start and the previous window's
  stop, and column sums; p-values of 64 rows at a time.
  With phases, about 40 % of the time is these counts, 15-20 % drawing and sorting the
  random anchors (fixed: the seeded stream must stay the same), 10-15 % the instances
  (Python objects, one per given event and span; a phase reuses the whole session's
  where the phase does not cut the window), 10 % the p-values and pooled rows, the
  rest masks, prefix sums and window lookups.
* baseline: the plain-Python per-frame reference used by the tests (a Python list per
  frame for the windows and the target, then four counters), timed on a subset
  (sessions × pairs × draws) and scaled linearly to the full job, which is exact for
  work that is the same for every table.

Measured on the project machine (2 cores shared with other work), the previous
implementation run alternately in the same session:

=================  ==========================  ===============================
load average       whole sessions              whole sessions + 3 phases
=================  ==========================  ===============================
about 3            1.5-1.6 s (before 1.5-2.0)  2.7 s (before 3.8-4.2)
5-6                2.2-2.4 s (before 2.4-2.5)  4.7-5.0 s (before 6.1)
=================  ==========================  ===============================

CPU time: 1.3 s and 2.6 s (before 1.5 s and 3.3-3.7 s). Reference / ours (whole
sessions): 1,100-2,400× (the reference's subset takes 0.05-0.10 s, hence the spread).

    .venv/bin/python benchmarks/bench_analysis.py [--quick]
"""

from __future__ import annotations

import argparse
import itertools
import os
import time
from collections.abc import Callable

import numpy as np

from interactioncoder.analysis.tables import TwoByTwo
from interactioncoder.analysis.timeline import SessionTimeline, build_timeline
from interactioncoder.analysis.window import WindowResult, WindowSpec, time_window_analysis
from interactioncoder.core.events import Event
from interactioncoder.core.project import Segment
from interactioncoder.core.timebase import Timebase

FPS = 30.0
MINUTES = 20
FRAMES = int(MINUTES * 60 * FPS)
PAIRS = 10
_ids = itertools.count()


def _event(code: str, onset: int, offset: int) -> Event:
    step = 1000.0 / FPS
    return Event(f"e{next(_ids)}", code, onset, onset * step, offset, offset * step)


def session(rng: np.random.Generator, index: int, timebase: Timebase) -> SessionTimeline:
    events = []
    for p in range(PAIRS):
        # ~3 bids a minute (points) and responses of 1-4 s, half of them 0.3-2 s after a bid
        bids = np.sort(rng.choice(FRAMES - 200, size=MINUTES * 3, replace=False))
        events += [_event(f"bid{p}", int(b), int(b)) for b in bids]
        for b in bids[::2]:
            start = int(b + rng.integers(10, 60))
            events.append(_event(f"resp{p}", start, start + int(rng.integers(30, 120))))
        for start in rng.choice(FRAMES - 200, size=MINUTES * 2, replace=False):
            events.append(_event(f"resp{p}", int(start), int(start) + 60))
    third = FRAMES // 3
    segments = [
        Segment(
            i,
            index,
            name,
            i * third,
            i * third * 1000 / FPS,
            (i + 1) * third,
            (i + 1) * third * 1000 / FPS,
        )
        for i, name in enumerate(("play", "still-face", "reunion"))
    ]
    return build_timeline(f"s{index}", timebase, events, segments, dyad=f"D{index // 2}")


def python_table(tl: SessionTimeline, spec: WindowSpec, anchors: list[int]) -> TwoByTwo:
    """The per-frame reference (tests/analysis/test_window.py), whole session."""
    times = tl.times_ms.tolist()
    n = tl.n_frames
    in_window = [False] * n
    for anchor in anchors:
        lo = times[anchor] + spec.start_s * 1000 - 1e-3
        hi = times[anchor] + spec.end_s * 1000 - 1e-3
        f = anchor
        while f > 0 and times[f - 1] >= lo:
            f -= 1
        while f < n and times[f] < hi:
            if times[f] >= lo:
                in_window[f] = True
            f += 1
    on = [False] * n
    target = tl.intervals(spec.target)
    for s, e in zip(target.onset.tolist(), target.end.tolist(), strict=True):
        for f in range(s, e):
            on[f] = True
    a = b = c = d = 0
    for w, t in zip(in_window, on, strict=True):
        if w and t:
            a += 1
        elif w:
            b += 1
        elif t:
            c += 1
        else:
            d += 1
    return TwoByTwo(a, b, c, d)


def python_reference(tls: list[SessionTimeline], specs: list[WindowSpec], draws: int) -> float:
    rng = np.random.default_rng(1)
    start = time.perf_counter()
    for tl in tls:
        for spec in specs:
            anchors = tl.intervals(spec.given).onset.tolist()
            python_table(tl, spec, anchors)
            for _ in range(draws):
                python_table(tl, spec, sorted(rng.integers(0, tl.n_frames, len(anchors)).tolist()))
    return time.perf_counter() - start


def _timed(run: Callable[[], WindowResult]) -> tuple[WindowResult, float, float]:
    """The result, wall seconds and CPU seconds (CPU time: the machine is shared)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _ours(tls: list[SessionTimeline], specs: list[WindowSpec], draws: int) -> float:
    def run(by_phase: bool, permutations: int = draws) -> Callable[[], WindowResult]:
        return lambda: time_window_analysis(
            tls, specs, permutations=permutations, seed=1, by_phase=by_phase
        )

    whole, whole_s, whole_cpu = _timed(run(False))
    print(
        f"ours, whole sessions:            {whole_s:6.2f} s, CPU {whole_cpu:.2f} s "
        f"({len(whole.rows)} tables)"
    )
    _, observed, _ = _timed(run(False, 0))
    print(
        f"  of which observed tables, masks and instances {observed:.2f} s; the "
        f"randomisation (draw, sort, lookups and counts) {whole_s - observed:.2f} s"
    )
    phased, phased_s, phased_cpu = _timed(run(True))
    print(
        f"ours, whole sessions + 3 phases: {phased_s:6.2f} s, CPU {phased_cpu:.2f} s "
        f"({len(phased.rows)} tables)"
    )
    print(f"  both runs together {whole_s + phased_s:.2f} s (target: each at most 10 s)")
    return whole_s


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="10 sessions, 100 draws")
    args = parser.parse_args()
    n_sessions, draws = (10, 100) if args.quick else (100, 1000)
    rng = np.random.default_rng(0)
    timebase = Timebase.constant(FPS, FRAMES)
    t0 = time.perf_counter()
    tls = [session(rng, i, timebase) for i in range(n_sessions)]
    build_s = time.perf_counter() - t0
    specs = [WindowSpec(f"bid{p}", f"resp{p}", 0.0, 3.0) for p in range(PAIRS)]
    print(
        f"{n_sessions} sessions × {MINUTES} min × {FPS:g} fps ({FRAMES} frames), "
        f"{PAIRS} code pairs, {draws} randomisations; building timelines {build_s:.2f} s"
    )
    ours_whole = _ours(tls, specs, draws)

    sub_sessions, sub_pairs, sub_draws = 2, 2, 4
    measured = python_reference(tls[:sub_sessions], specs[:sub_pairs], sub_draws)
    scale = (n_sessions / sub_sessions) * (PAIRS / sub_pairs) * ((1 + draws) / (1 + sub_draws))
    reference = measured * scale
    print(
        f"plain-Python per-frame reference:  {measured:7.2f} s for {sub_sessions} sessions × "
        f"{sub_pairs} pairs × {1 + sub_draws} tables, scaled ×{scale:.0f} to "
        f"{reference:,.0f} s (whole sessions)"
    )
    print(f"ratio reference / ours (whole sessions): {reference / ours_whole:,.0f}×")
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
