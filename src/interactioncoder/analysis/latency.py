"""Response latency: from each given event to the first target onset, censored at a maximum.

For each given event whose anchor (onset or offset) lies in the span, the latency is the
time from the anchor frame's start to the first target onset at or after it, looked for
in the whole session (a response may fall in the next phase). When none comes within
``max_s``, or the session ends first, the event is *censored*: :data:`LATENCY_RULE`.

Summaries per span: the number of given events, how many were answered within ``max_s``
and within ``within_s`` (share of all given events), the median latency with censored
events counted as longer than any answer (NaN, "not reached", when half or more are
censored), and the mean of the answered latencies.
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
)
from interactioncoder.analysis.window import Anchor

LATENCY_RULE = (
    "Latency: from the given event's anchor frame to the first target onset at or after it "
    "(searched across phase boundaries, within the session); censored when none comes "
    "within the maximum or before the session ends. Median: censored events count as longer "
    "than every answer; NaN (not reached) when half or more are censored."
)


@dataclass(frozen=True)
class LatencySpec:
    given: str
    target: str
    max_s: float = 3.0
    within_s: float = 2.0
    anchor: Anchor = Anchor.ONSET

    def __post_init__(self) -> None:
        if not self.max_s > 0:
            raise ValueError(f"the maximum latency must be positive, not {self.max_s}")
        if not 0 < self.within_s <= self.max_s:
            raise ValueError(
                f"'answered within' ({self.within_s} s) must be positive and at most "
                f"the maximum ({self.max_s} s)"
            )


@dataclass(frozen=True)
class Latency:
    """One given event and its answer (``latency_s`` NaN and censored when none)."""

    session_id: str
    phase: str
    given_event_id: str
    given_frame: int
    target_event_id: str
    target_frame: int  # -1 when censored
    latency_s: float
    censored: bool

    def instance(self) -> Instance:
        end = self.target_frame + 1 if not self.censored else self.given_frame + 1
        ids = (self.given_event_id,) + (() if self.censored else (self.target_event_id,))
        label = "censored" if self.censored else f"{self.latency_s:.2f} s"
        return Instance(self.session_id, self.given_frame, end, ids, label)


@dataclass(frozen=True)
class LatencySummary:
    spec: LatencySpec
    level: str
    key: str
    phase: str
    latencies: tuple[Latency, ...]

    @property
    def n(self) -> int:
        return len(self.latencies)

    @property
    def answered(self) -> int:
        return sum(not x.censored for x in self.latencies)

    @property
    def share_within(self) -> float:
        """Share of given events answered within ``spec.within_s``."""
        if not self.latencies:
            return math.nan
        hits = sum(
            x.latency_s <= self.spec.within_s + 1e-9 for x in self.latencies if not x.censored
        )
        return hits / self.n

    @property
    def share_answered(self) -> float:
        return self.answered / self.n if self.n else math.nan

    @property
    def median_s(self) -> float:
        if not self.latencies:
            return math.nan
        values = np.array([math.inf if x.censored else x.latency_s for x in self.latencies])
        median = float(np.median(values))
        return median if math.isfinite(median) else math.nan

    @property
    def mean_answered_s(self) -> float:
        values = [x.latency_s for x in self.latencies if not x.censored]
        return float(np.mean(values)) if values else math.nan


@dataclass(frozen=True)
class LatencyResult:
    specs: tuple[LatencySpec, ...]
    rows: tuple[LatencySummary, ...]
    rule: str = LATENCY_RULE


def session_latencies(tl: SessionTimeline, spec: LatencySpec, span: Phase) -> list[Latency]:
    given = tl.intervals(spec.given)
    target = tl.intervals(spec.target)
    anchors = (
        given.onset
        if spec.anchor is Anchor.ONSET
        else np.where(given.is_point, given.onset, given.end)
    )
    t = tl.times_ms
    out = []
    order = np.argsort(target.onset, kind="stable")
    onsets = target.onset[order]
    for i in np.flatnonzero((anchors >= span.start) & (anchors < span.end)):
        f = int(anchors[i])
        j = int(np.searchsorted(onsets, f, side="left"))
        if j < len(onsets):
            k = int(order[j])
            latency = float(t[onsets[j]] - t[f]) / 1000.0
            if latency <= spec.max_s + 1e-9:
                out.append(
                    Latency(
                        tl.session_id,
                        span.name,
                        given.event_ids[i],
                        f,
                        target.event_ids[k],
                        int(onsets[j]),
                        latency,
                        False,
                    )
                )
                continue
        out.append(Latency(tl.session_id, span.name, given.event_ids[i], f, "", -1, math.nan, True))
    return out


def response_latencies(
    timelines: Sequence[SessionTimeline],
    specs: Sequence[LatencySpec],
    *,
    by_phase: bool = True,
    group_of: Callable[[SessionTimeline], str] | None = None,
) -> LatencyResult:
    rows: list[LatencySummary] = []
    for spec in specs:
        per: dict[tuple[str, str], list[Latency]] = {}
        for tl in timelines:
            for span in [tl.whole, *tl.phases] if by_phase else [tl.whole]:
                per[(tl.session_id, span.name)] = session_latencies(tl, spec, span)
        for (sid, phase), values in per.items():
            rows.append(LatencySummary(spec, "session", sid, phase, tuple(values)))
        for level, key, members in pool_keys(timelines, group_of):
            for phase in phase_names(timelines):
                parts = [per[(m, phase)] for m in members if (m, phase) in per]
                if parts:
                    merged = tuple(x for p in parts for x in p)
                    rows.append(LatencySummary(spec, level, key, phase, merged))
    return LatencyResult(tuple(specs), tuple(rows))
