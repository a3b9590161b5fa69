"""Co-occurrence: how much of code A's time code B is on too, and the reverse.

For codes A and B in a span: the time A is on, B is on, and both are on (frame durations
summed, exact on variable-frame-rate video); P(B | A) = both / A, P(A | B) = both / B
(NaN when the code never occurs) and the share of the span with both on. A point event
is on for its one frame. Pooled rows sum the times. :data:`COOCCURRENCE_RULE`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from interactioncoder.analysis.timeline import (
    Instance,
    Phase,
    SessionTimeline,
    phase_names,
    pool_keys,
    runs,
)

COOCCURRENCE_RULE = (
    "Times are summed frame durations in the span; a point event lasts its one frame; "
    "P(B|A) = time both on / time A on. Pooled rows sum the times."
)


@dataclass(frozen=True)
class CooccurrenceRow:
    a: str
    b: str
    level: str
    key: str
    phase: str
    span_s: float
    a_s: float
    b_s: float
    both_s: float
    instances: tuple[Instance, ...] = ()

    @property
    def p_b_given_a(self) -> float:
        return self.both_s / self.a_s if self.a_s > 0 else math.nan

    @property
    def p_a_given_b(self) -> float:
        return self.both_s / self.b_s if self.b_s > 0 else math.nan

    @property
    def share_of_span(self) -> float:
        return self.both_s / self.span_s if self.span_s > 0 else math.nan


@dataclass(frozen=True)
class CooccurrenceResult:
    pairs: tuple[tuple[str, str], ...]
    rows: tuple[CooccurrenceRow, ...]
    rule: str = COOCCURRENCE_RULE


def _span_row(tl: SessionTimeline, a: str, b: str, span: Phase) -> CooccurrenceRow:
    sl = slice(span.start, span.end)
    dur = np.diff(tl.times_ms)[sl] / 1000.0
    ma, mb = tl.mask(a)[sl], tl.mask(b)[sl]
    both = ma & mb
    starts, ends, values = runs(both.astype(np.int64))
    instances = tuple(
        Instance(tl.session_id, span.start + int(s), span.start + int(e), (), f"{a} & {b}")
        for s, e, v in zip(starts, ends, values, strict=True)
        if v
    )
    return CooccurrenceRow(
        a,
        b,
        "session",
        tl.session_id,
        span.name,
        float(dur.sum()),
        float(dur[ma].sum()),
        float(dur[mb].sum()),
        float(dur[both].sum()),
        instances,
    )


def _pool(level: str, key: str, parts: Sequence[CooccurrenceRow]) -> CooccurrenceRow:
    p = parts[0]
    return CooccurrenceRow(
        p.a,
        p.b,
        level,
        key,
        p.phase,
        sum(x.span_s for x in parts),
        sum(x.a_s for x in parts),
        sum(x.b_s for x in parts),
        sum(x.both_s for x in parts),
        tuple(i for x in parts for i in x.instances),
    )


def cooccurrence(
    timelines: Sequence[SessionTimeline],
    pairs: Sequence[tuple[str, str]],
    *,
    by_phase: bool = True,
    group_of: Callable[[SessionTimeline], str] | None = None,
) -> CooccurrenceResult:
    rows: list[CooccurrenceRow] = []
    for a, b in pairs:
        per: dict[tuple[str, str], CooccurrenceRow] = {}
        for tl in timelines:
            for span in [tl.whole, *tl.phases] if by_phase else [tl.whole]:
                per[(tl.session_id, span.name)] = _span_row(tl, a, b, span)
        rows.extend(per.values())
        for level, key, members in pool_keys(timelines, group_of):
            for phase in phase_names(timelines):
                parts = [per[(m, phase)] for m in members if (m, phase) in per]
                if parts:
                    rows.append(_pool(level, key, parts))
    return CooccurrenceResult(tuple(pairs), tuple(rows))
