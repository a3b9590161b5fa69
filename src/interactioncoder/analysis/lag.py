"""Event lag-k sequential analysis (Bakeman & Quera 2011, ch. 9-10).

The chosen codes' events of one span form a sequence ordered by onset (ties in the order
the codes were given); each event whose onset lies in the span takes part. Every pair
(event *t*, event *t + k*) in the same session and span is one transition, tallied in a
K×K table of counts (given = row, target = column). From the table
(:func:`~.tables.contingency`): expected counts under independence of rows and columns,
Haberman's adjusted residuals, transition probabilities (row proportions) and Yule's Q of
each cell's collapsed 2×2 table. Pooled tables are sums. :data:`LAG_RULE` states it.

Expected counts assume no structural zeros: when repeats are impossible (consecutive
states of one exclusive group), the diagonal's expected counts are not those of
quasi-independence; read its residuals with care.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from interactioncoder.analysis.tables import ContingencyStats, contingency
from interactioncoder.analysis.timeline import (
    Instance,
    Phase,
    SessionTimeline,
    phase_names,
    pool_keys,
)

LAG_RULE = (
    "Events of the chosen codes with their onset in the span, ordered by onset (ties: code "
    "order); each (event t, event t + lag) pair within one session and span is a "
    "transition. Expected counts assume independence (no structural zeros); pooled "
    "tables are sums of session tables."
)


@dataclass(frozen=True)
class LagSpec:
    codes: tuple[str, ...]
    lag: int = 1

    def __post_init__(self) -> None:
        if self.lag < 1:
            raise ValueError(f"the lag must be 1 or more, not {self.lag}")
        if len(self.codes) < 2:
            raise ValueError("a lag analysis needs at least two codes")
        if len(set(self.codes)) != len(self.codes):
            raise ValueError("each code may be named once in a lag analysis")


@dataclass(frozen=True)
class LagRow:
    spec: LagSpec
    level: str
    key: str
    phase: str
    stats: ContingencyStats
    # instances[i][j]: the transitions from codes[i] to codes[j]
    instances: tuple[tuple[tuple[Instance, ...], ...], ...]

    @property
    def counts(self) -> NDArray[np.float64]:
        return self.stats.counts


@dataclass(frozen=True)
class LagResult:
    spec: LagSpec
    rows: tuple[LagRow, ...]
    rule: str = LAG_RULE


def event_sequence(
    tl: SessionTimeline, codes: Sequence[str], span: Phase
) -> list[tuple[int, int, str]]:
    """(onset frame, code index, event id) of the span's events, in sequence order."""
    seq = []
    for ci, code_id in enumerate(codes):
        iv = tl.intervals(code_id)
        for i in np.flatnonzero((iv.onset >= span.start) & (iv.onset < span.end)):
            seq.append((int(iv.onset[i]), ci, iv.event_ids[i]))
    seq.sort()
    return seq


def _transitions(
    tl: SessionTimeline, spec: LagSpec, span: Phase
) -> tuple[NDArray[np.float64], list[list[list[Instance]]]]:
    k = len(spec.codes)
    counts = np.zeros((k, k))
    inst: list[list[list[Instance]]] = [[[] for _ in range(k)] for _ in range(k)]
    seq = event_sequence(tl, spec.codes, span)
    for (f0, c0, id0), (f1, c1, id1) in zip(seq, seq[spec.lag :], strict=False):
        counts[c0, c1] += 1
        inst[c0][c1].append(
            Instance(tl.session_id, f0, f1 + 1, (id0, id1), f"{spec.codes[c0]} -> {spec.codes[c1]}")
        )
    return counts, inst


def _row(
    spec: LagSpec,
    level: str,
    key: str,
    phase: str,
    parts: list[tuple[NDArray[np.float64], list[list[list[Instance]]]]],
) -> LagRow:
    k = len(spec.codes)
    counts = np.sum([p[0] for p in parts], axis=0)
    instances = tuple(
        tuple(tuple(x for p in parts for x in p[1][i][j]) for j in range(k)) for i in range(k)
    )
    return LagRow(spec, level, key, phase, contingency(counts), instances)


def lag_analysis(
    timelines: Sequence[SessionTimeline],
    spec: LagSpec,
    *,
    by_phase: bool = True,
    group_of: Callable[[SessionTimeline], str] | None = None,
) -> LagResult:
    per: dict[tuple[str, str], tuple[NDArray[np.float64], list[list[list[Instance]]]]] = {}
    for tl in timelines:
        for span in [tl.whole, *tl.phases] if by_phase else [tl.whole]:
            per[(tl.session_id, span.name)] = _transitions(tl, spec, span)
    rows = [_row(spec, "session", sid, phase, [p]) for (sid, phase), p in per.items()]
    for level, key, members in pool_keys(timelines, group_of):
        for phase in phase_names(timelines):
            parts = [per[(m, phase)] for m in members if (m, phase) in per]
            if parts:
                rows.append(_row(spec, level, key, phase, parts))
    return LagResult(spec, tuple(rows))
