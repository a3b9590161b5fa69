"""Per-phase statistics of every code: frequency, rate, bout durations, proportion, latency.

For one code in one span (a phase, or the whole session) — :data:`PHASE_RULE`:

- frequency: events whose onset lies in the span; rate = frequency per minute of span;
- bouts: the code's states overlapping the span, cut at its edges; total duration = their
  summed time in the span, mean bout duration = total / bouts (states only; NaN for point
  codes and when there is no bout); proportion = total / span duration;
- latency: from the span start to the first onset in the span (NaN when none).

Pooled rows (per dyad, per group, all sessions) sum frequencies, durations, bouts and span
time, so rate and proportion are ratios of sums; their latency is the mean of the
sessions' latencies (sessions without an onset left out; ``n_latency`` says how many).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from interactioncoder.analysis.timeline import (
    SESSION_PHASE,
    Instance,
    Phase,
    SessionTimeline,
    phase_names,
    pool_keys,
)

PHASE_RULE = (
    "Frequency counts onsets in the phase; bouts are states overlapping the phase, cut at "
    "its edges; rate per minute and proportion of phase time are ratios of sums when "
    "pooled; latency runs from the phase start to the first onset in it (pooled: mean of "
    "sessions with an onset)."
)


@dataclass(frozen=True)
class PhaseStats:
    level: str  # "session", "dyad", "group", "pooled"
    key: str
    phase: str
    code_id: str
    span_s: float
    frequency: int
    bouts: int
    total_s: float
    latency_s: float
    n_latency: int
    is_point: bool
    instances: tuple[Instance, ...] = ()

    @property
    def rate_per_min(self) -> float:
        return self.frequency / (self.span_s / 60) if self.span_s > 0 else math.nan

    @property
    def mean_bout_s(self) -> float:
        return self.total_s / self.bouts if self.bouts and not self.is_point else math.nan

    @property
    def proportion(self) -> float:
        return self.total_s / self.span_s if self.span_s > 0 else math.nan


@dataclass(frozen=True)
class PhaseResult:
    codes: tuple[str, ...]
    rows: tuple[PhaseStats, ...]
    rule: str = PHASE_RULE


def _span_stats(tl: SessionTimeline, span: Phase, code_id: str, is_point: bool) -> PhaseStats:
    iv = tl.intervals(code_id)
    starts_in = (iv.onset >= span.start) & (iv.onset < span.end)
    frequency = int(starts_in.sum())
    lo = np.maximum(iv.onset, span.start)
    hi = np.minimum(iv.end, span.end)
    overlap = (hi > lo) & ~iv.is_point
    t = tl.times_ms
    total_ms = float((t[hi[overlap]] - t[lo[overlap]]).sum())
    first = iv.onset[starts_in]
    latency = tl.seconds(span.start, int(first.min())) if frequency else math.nan
    instances = tuple(
        Instance(tl.session_id, int(lo[i]), int(max(hi[i], lo[i] + 1)), (iv.event_ids[i],), code_id)
        for i in np.flatnonzero(starts_in | overlap)
    )
    return PhaseStats(
        "session",
        tl.session_id,
        span.name,
        code_id,
        tl.seconds(span.start, span.end),
        frequency,
        int(overlap.sum()),
        total_ms / 1000.0,
        latency,
        int(frequency > 0),
        is_point,
        instances,
    )


def _pool(level: str, key: str, parts: Sequence[PhaseStats]) -> PhaseStats:
    latencies = [p.latency_s for p in parts if not math.isnan(p.latency_s)]
    first = parts[0]
    return PhaseStats(
        level,
        key,
        first.phase,
        first.code_id,
        sum(p.span_s for p in parts),
        sum(p.frequency for p in parts),
        sum(p.bouts for p in parts),
        sum(p.total_s for p in parts),
        float(np.mean(latencies)) if latencies else math.nan,
        len(latencies),
        first.is_point,
        tuple(i for p in parts for i in p.instances),
    )


def phase_statistics(
    timelines: Sequence[SessionTimeline],
    codes: Sequence[str],
    *,
    point_codes: Sequence[str] = (),
    by_phase: bool = True,
    group_of: Callable[[SessionTimeline], str] | None = None,
) -> PhaseResult:
    """One row per session × span × code, then pooled per dyad, group and all sessions.

    *point_codes* are the codes that are points (no durations); a code absent from a
    session has frequency 0, total 0 and latency NaN there.
    """
    points = set(point_codes)
    rows: list[PhaseStats] = []
    by_key: dict[tuple[str, str, str], PhaseStats] = {}
    for tl in timelines:
        for span in [tl.whole, *tl.phases] if by_phase else [tl.whole]:
            for code_id in codes:
                stats = _span_stats(tl, span, code_id, code_id in points)
                rows.append(stats)
                by_key[(tl.session_id, span.name, code_id)] = stats
    phases = phase_names(timelines) if by_phase else [SESSION_PHASE]
    for level, key, members in pool_keys(timelines, group_of):
        for phase in phases:
            for code_id in codes:
                parts = [by_key[k] for m in members if (k := (m, phase, code_id)) in by_key]
                if parts:
                    rows.append(_pool(level, key, parts))
    return PhaseResult(tuple(codes), tuple(rows))
