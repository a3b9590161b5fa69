"""Affect match, mismatch and repair (Tronick & Gianino 1986; Tronick 1989).

Two exclusive groups (e.g. maternal behaviour and infant affect) and the codebook's affect
categories (:class:`~interactioncoder.core.codebook.AffectCategory`) give each partner a
category per frame (or none: no state, or a state without a category). A frame is
*matched* when both partners' categories are equal, *mismatched* when both have one and
they differ, and left out otherwise. :data:`MATCH_RULE`:

- proportion matched = matched time / (matched + mismatched time);
- a mismatch episode is a run of mismatched frames; it is *repaired* when the next frame
  is matched (a gap without categories, or the span's end, leaves it unrepaired);
- repair latency = the episode's duration (from the mismatch's start to the match).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from interactioncoder.analysis.timeline import (
    Instance,
    IntArray,
    Phase,
    SessionTimeline,
    phase_names,
    pool_keys,
    runs,
)
from interactioncoder.core.codebook import Codebook

MATCH_RULE = (
    "Matched: both partners' current states map to the same affect category; mismatched: "
    "both map, to different categories; other frames are left out. A mismatch episode is "
    "repaired when the very next frame is matched; repair latency is the episode's duration."
)
_NONE, _MATCH, _MISMATCH = 0, 1, 2


@dataclass(frozen=True)
class MatchSpec:
    codes_a: tuple[str, ...]  # the states of partner A's group
    codes_b: tuple[str, ...]
    category_of: Mapping[str, str]  # state -> affect category
    groups: tuple[str, str] = ("a", "b")  # the two groups' ids, for reports


def affect_partners(codebook: Codebook) -> tuple[str, str]:
    """The first two exclusive groups (of different subjects) with affect-mapped states."""
    groups = [
        g
        for g in codebook.groups
        if g.exclusive and any(codebook.affect_of(c.id) is not None for c in g.codes)
    ]
    for i, a in enumerate(groups):
        for b in groups[i + 1 :]:
            if a.subject != b.subject:
                return a.id, b.id
    raise ValueError(
        f"codebook {codebook.id} maps no states of two partners' exclusive groups to affect "
        "categories; add an 'affect:' section to the codebook (docs/analysis.md)"
    )


def match_spec(codebook: Codebook, groups: tuple[str, str] | None = None) -> MatchSpec:
    """The two partners' groups (default: :func:`affect_partners`) and the codebook's mapping.

    Raises ``ValueError`` naming a group the codebook does not have (or not exclusive).
    """
    if not codebook.affect:
        raise ValueError(f"codebook {codebook.id} has no affect categories (an 'affect:' section)")
    a, b = groups if groups is not None else affect_partners(codebook)
    exclusive = [g.id for g in codebook.groups if g.exclusive]
    for g in (a, b):
        if g not in exclusive:
            raise ValueError(
                f"no exclusive group {g!r} in codebook {codebook.id} "
                f"(known: {', '.join(exclusive)})"
            )
    mapping = {c: cat.id for cat in codebook.affect for c in cat.codes}
    return MatchSpec(
        tuple(c.id for c in codebook.group(a).codes),
        tuple(c.id for c in codebook.group(b).codes),
        mapping,
        (a, b),
    )


@dataclass(frozen=True)
class MatchRow:
    level: str
    key: str
    phase: str
    matched_s: float
    mismatched_s: float
    episodes: int
    repair_latencies_s: tuple[float, ...]
    instances: tuple[Instance, ...] = ()  # one per repair: from the mismatch to the match

    @property
    def proportion_matched(self) -> float:
        total = self.matched_s + self.mismatched_s
        return self.matched_s / total if total > 0 else math.nan

    @property
    def repairs(self) -> int:
        return len(self.repair_latencies_s)

    @property
    def median_repair_s(self) -> float:
        values = self.repair_latencies_s
        return float(np.median(values)) if values else math.nan


@dataclass(frozen=True)
class MatchResult:
    spec: MatchSpec
    rows: tuple[MatchRow, ...]
    rule: str = MATCH_RULE


def _categories(tl: SessionTimeline, codes: Sequence[str], ids: Mapping[str, int]) -> IntArray:
    cat = np.full(tl.n_frames, -1, dtype=np.int64)
    for code_id in codes:
        if code_id not in ids:
            continue
        iv = tl.intervals(code_id)
        for s, e in zip(iv.onset.tolist(), iv.end.tolist(), strict=True):
            cat[s:e] = ids[code_id]
    return cat


def frame_states(tl: SessionTimeline, spec: MatchSpec) -> IntArray:
    """Per frame: 0 left out, 1 matched, 2 mismatched."""
    names = sorted(set(spec.category_of.values()))
    ids = {code: names.index(cat) for code, cat in spec.category_of.items()}
    a = _categories(tl, spec.codes_a, ids)
    b = _categories(tl, spec.codes_b, ids)
    both = (a >= 0) & (b >= 0)
    return np.where(both, np.where(a == b, _MATCH, _MISMATCH), _NONE).astype(np.int64)


def _span_row(tl: SessionTimeline, state: IntArray, span: Phase) -> MatchRow:
    sl = slice(span.start, span.end)
    dur = np.diff(tl.times_ms)[sl] / 1000.0
    st = state[sl]
    starts, ends, values = runs(st)
    latencies: list[float] = []
    instances: list[Instance] = []
    episodes = int(np.sum(values == _MISMATCH))
    for i in np.flatnonzero(values[:-1] == _MISMATCH):
        if values[i + 1] == _MATCH:
            s, e = int(starts[i]), int(ends[i])
            latencies.append(float(dur[s:e].sum()))
            instances.append(
                Instance(tl.session_id, span.start + s, span.start + e + 1, (), "repair")
            )
    return MatchRow(
        "session",
        tl.session_id,
        span.name,
        float(dur[st == _MATCH].sum()),
        float(dur[st == _MISMATCH].sum()),
        episodes,
        tuple(latencies),
        tuple(instances),
    )


def match_analysis(
    timelines: Sequence[SessionTimeline],
    spec: MatchSpec,
    *,
    by_phase: bool = True,
    group_of: Callable[[SessionTimeline], str] | None = None,
) -> MatchResult:
    per: dict[tuple[str, str], MatchRow] = {}
    for tl in timelines:
        state = frame_states(tl, spec)
        for span in [tl.whole, *tl.phases] if by_phase else [tl.whole]:
            per[(tl.session_id, span.name)] = _span_row(tl, state, span)
    rows = list(per.values())
    for level, key, members in pool_keys(timelines, group_of):
        for phase in phase_names(timelines):
            parts = [per[(m, phase)] for m in members if (m, phase) in per]
            if parts:
                rows.append(
                    MatchRow(
                        level,
                        key,
                        phase,
                        sum(p.matched_s for p in parts),
                        sum(p.mismatched_s for p in parts),
                        sum(p.episodes for p in parts),
                        tuple(x for p in parts for x in p.repair_latencies_s),
                        tuple(i for p in parts for i in p.instances),
                    )
                )
    return MatchResult(spec, tuple(rows))
