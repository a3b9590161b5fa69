"""Consensus coding speed: a 30-minute session at 30 fps, two coders, ~2,000 events each.

Measures, in the same run:

* ours: ``consensus_items`` (list the frame-exact disagreements) and ``build_consensus``
  (apply one choice per item, rebuild events, check the editing rules by sorting);
* baseline: the same result checked with ``core.editing.check_changes`` (the editor's
  rule check, which compares every pair of events), i.e. what building + checking
  would cost with the generic check.

    .venv/bin/python benchmarks/bench_consensus.py
"""

from __future__ import annotations

import random
import time

from interactioncoder.core.codebook import Code, Codebook, CodeGroup, CodeKind
from interactioncoder.core.editing import check_changes
from interactioncoder.core.events import Event, EventChangeSet
from interactioncoder.core.timebase import Timebase
from interactioncoder.reliability.consensus import build_consensus, consensus_items

FPS = 30.0
FRAMES = int(30 * 60 * FPS)


def _code(cid: str, kind: CodeKind = CodeKind.STATE) -> Code:
    return Code(id=cid, name=cid, kind=kind, key="", color="#336699")


CODEBOOK = Codebook(
    id="bench",
    name="bench",
    version="1",
    groups=(
        CodeGroup("gaze", "Gaze", "infant", True,
                  (_code("mother"), _code("away"), _code("blink", CodeKind.POINT))),
        CodeGroup("touch", "Touch", "mother", False,
                  (_code("stroke"), _code("poke"), _code("smile", CodeKind.POINT))),
    ),
)  # fmt: skip


def coding(rng: random.Random, prefix: str) -> list[Event]:
    step = 1000.0 / FPS
    out: list[Event] = []
    for codes in (("mother", "away"), ("stroke",), ("poke",)):
        f, prev = 0, None
        while f < FRAMES:
            length = rng.randint(10, 100)
            code = rng.choice([None, *codes])
            if code == prev:
                code = None if code is not None else codes[0]
            if code is not None:
                end = min(FRAMES, f + length)
                out.append(Event(f"{prefix}{len(out)}", code, f, f * step, end, end * step))
            prev = code
            f += length
    for point in ("blink", "smile"):
        for f in sorted(rng.sample(range(FRAMES), 200)):
            out.append(Event(f"{prefix}{len(out)}", point, f, f * step, f, f * step))
    return out


def best_of(runs: int, fn: object) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    rng = random.Random(7)
    tb = Timebase.constant(FPS, FRAMES)
    a, b = coding(rng, "a"), coding(rng, "b")
    items = consensus_items(CODEBOOK, tb, a, b)
    choices = [rng.choice(["A", "B", "neither"]) for _ in items]
    print(f"{len(a)} + {len(b)} events over {FRAMES} frames; {len(items)} disagreements")
    t_items = best_of(3, lambda: consensus_items(CODEBOOK, tb, a, b))
    t_build = best_of(3, lambda: build_consensus(CODEBOOK, tb, a, b, choices))
    result = build_consensus(CODEBOOK, tb, a, b, choices)
    t_check = best_of(
        1, lambda: check_changes(CODEBOOK, [], EventChangeSet(added=tuple(result)), tb)
    )
    print(f"consensus_items:  {t_items * 1000:8.1f} ms")
    print(f"build_consensus:  {t_build * 1000:8.1f} ms  ({len(result)} events, rules checked)")
    print(f"baseline check_changes on the result alone: {t_check * 1000:8.1f} ms")
    print(f"ratio baseline check / our whole build: {t_check / t_build:.1f}x")


if __name__ == "__main__":
    main()
