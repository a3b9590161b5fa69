"""The reliability analysis of a project's codings: scopes, pairs, pooling.

:func:`analyse_codings` takes plain core data (no database): for each session its master
timebase, its segments and each coder's events. For every coder pair it computes, per code
group, time-unit agreement (each variable) and event-based agreement, per session, per
segment, and pooled over sessions. Pooling sums the COUNTS (confusion matrices) and computes
the statistics once from the sums; it never averages kappas. Segments pool by name (e.g. all
"still-face" phases).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from interactioncoder.core.codebook import Codebook, CodeGroup
from interactioncoder.core.events import Event
from interactioncoder.core.project import Segment
from interactioncoder.core.timebase import Timebase
from interactioncoder.reliability.alignment import (
    AlignmentParams,
    EventAgreement,
    event_agreement,
    event_agreement_from_matrix,
)
from interactioncoder.reliability.disagreements import (
    Disagreement,
    event_disagreements,
    unit_disagreements,
)
from interactioncoder.reliability.kappa import ConfusionMatrix
from interactioncoder.reliability.rating_analysis import ScaleAgreement
from interactioncoder.reliability.timeunit import (
    TOLERANCE_RULE,
    VariableAgreement,
    agreement_from_matrices,
    confusion_counts,
    tolerance_credit,
    tolerant_counts,
)
from interactioncoder.reliability.units import UnitGrid, group_variables, variable_units


@dataclass(frozen=True)
class AnalysisParams:
    unit_seconds: float | None = None  # None: one unit per video frame
    tolerance_s: float = 0.0  # time-unit tolerance window, ± seconds
    event: AlignmentParams | None = field(default_factory=AlignmentParams)  # None: skip
    coder_pairs: tuple[tuple[str, str], ...] | None = None  # None: every pair present
    groups: tuple[str, ...] | None = None  # None: every code group
    segments: bool = True  # also per segment (pooled by segment name)
    list_disagreements: bool = True  # the stretches for the navigator (whole sessions)

    def __post_init__(self) -> None:
        if self.unit_seconds is not None and self.unit_seconds <= 0:
            raise ValueError(f"the time unit must be positive, not {self.unit_seconds} s")
        if self.tolerance_s < 0:
            raise ValueError(f"the tolerance must not be negative ({self.tolerance_s} s)")

    @property
    def unit_label(self) -> str:
        return "frame" if self.unit_seconds is None else f"{self.unit_seconds:g} s"


@dataclass(frozen=True)
class SessionCodings:
    session_id: str
    timebase: Timebase
    events_by_coder: Mapping[str, Sequence[Event]]
    segments: Sequence[Segment] = ()


@dataclass(frozen=True)
class Scope:
    coder_a: str
    coder_b: str
    session_id: str | None  # None: pooled over sessions
    segment: str | None  # None: the whole session

    @property
    def label(self) -> str:
        where = "pooled" if self.session_id is None else f"session {self.session_id}"
        part = "" if self.segment is None else f", segment {self.segment}"
        return f"{self.coder_a} vs {self.coder_b}, {where}{part}"


@dataclass(frozen=True)
class GroupResult:
    scope: Scope
    group_id: str
    group_name: str
    exclusive: bool
    time_unit: tuple[VariableAgreement, ...]
    event: EventAgreement | None
    sessions: int = 1  # how many sessions the counts come from


@dataclass(frozen=True)
class ReliabilityReport:
    codebook_id: str
    codebook_name: str
    codebook_version: str
    params: AnalysisParams
    tolerance_rule: str
    event_rule: str
    results: tuple[GroupResult, ...]
    disagreements: tuple[Disagreement, ...] = ()
    ratings: tuple[ScaleAgreement, ...] = ()
    warnings: tuple[str, ...] = ()

    def pooled(self) -> tuple[GroupResult, ...]:
        return tuple(r for r in self.results if r.scope.session_id is None)


def close_running(events: Sequence[Event], timebase: Timebase) -> list[Event]:
    """Running states end where the video ends (for alignment)."""
    end_f, end_ms = timebase.frame_count, timebase.duration_ms
    return [
        e.with_changes(offset_frame=max(end_f, e.onset_frame), offset_ms=max(end_ms, e.onset_ms))
        if e.offset_frame is None
        else e
        for e in events
    ]


def clip_events(events: Sequence[Event], segment: Segment) -> list[Event]:
    """The parts of (closed) events that fall inside a segment's frames."""
    lo, hi = segment.onset_frame, segment.offset_frame
    out = []
    for e in events:
        if e.offset_frame is None:  # not closed: close_running() first
            raise ValueError(f"event {e.id} is still running; close it before clipping")
        if e.is_point:
            if lo <= e.onset_frame < hi:
                out.append(e)
        elif e.offset_frame > lo and e.onset_frame < hi:
            changes: dict[str, object] = {}
            if e.onset_frame < lo:
                changes.update(onset_frame=lo, onset_ms=segment.onset_ms)
            if e.offset_frame > hi:
                changes.update(offset_frame=hi, offset_ms=segment.offset_ms)
            out.append(e.with_changes(**changes))
    return out


class _Pool:
    """Sums of count matrices per (pair, segment, group[, variable])."""

    def __init__(self) -> None:
        self.units: dict[tuple[object, ...], tuple[ConfusionMatrix, ConfusionMatrix]] = {}
        self.events: dict[tuple[object, ...], ConfusionMatrix] = {}
        self.sessions: dict[tuple[object, ...], set[str]] = {}

    def add(self, key: tuple[object, ...], result: GroupResult) -> None:
        self.sessions.setdefault(key, set()).add(str(result.scope.session_id))
        for v in result.time_unit:
            k = (*key, v.variable_id)
            if k in self.units:
                raw, tol = self.units[k]
                self.units[k] = (raw + v.confusion, tol + v.confusion_tolerant)
            else:
                self.units[k] = (v.confusion, v.confusion_tolerant)
        if result.event is not None:
            m = result.event.confusion
            self.events[key] = self.events[key] + m if key in self.events else m


def _group_result(
    scope: Scope,
    group: CodeGroup,
    grid: UnitGrid,
    events_a: Sequence[Event],
    events_b: Sequence[Event],
    params: AnalysisParams,
    session_id: str,
) -> tuple[GroupResult, list[Disagreement]]:
    seq_a = variable_units(grid, group, events_a)
    seq_b = variable_units(grid, group, events_b)
    tol_ms = params.tolerance_s * 1000.0
    bounds = grid.window_bounds(tol_ms) if tol_ms > 0 else None
    segment = scope.segment or ""
    # Segments would list the same stretches again.
    listed = scope.segment is None and params.list_disagreements
    variables = []
    found: list[Disagreement] = []
    for var_id, labels, exclusive in group_variables(group):
        a, b = seq_a[var_id], seq_b[var_id]
        k = len(labels)
        credited = tolerance_credit(a, b, grid.unit_start_ms, tol_ms, bounds)
        variables.append(
            agreement_from_matrices(
                var_id,
                group.id,
                exclusive,
                grid.unit_label,
                ConfusionMatrix.from_array(labels, confusion_counts(a, b, k)),
                ConfusionMatrix.from_array(labels, tolerant_counts(a, b, k, credited)),
                tol_ms,
            )
        )
        if listed:
            found.extend(
                unit_disagreements(var_id, labels, a, b, grid, credited, session_id, segment)
            )
    event = None
    if params.event is not None:
        code_ids = [c.id for c in group.codes]
        event = event_agreement(group.id, code_ids, events_a, events_b, params.event)
        if listed:
            found.extend(
                event_disagreements(
                    group.id, event.pairs, params.event.onset_tolerance_s, session_id, segment
                )
            )
    result = GroupResult(scope, group.id, group.name, group.exclusive, tuple(variables), event)
    return result, found


def _pairs(sessions: Sequence[SessionCodings], params: AnalysisParams) -> list[tuple[str, str]]:
    if params.coder_pairs is not None:
        return list(params.coder_pairs)
    coders: list[str] = []
    for s in sessions:
        coders.extend(c for c in s.events_by_coder if c not in coders)
    return list(combinations(coders, 2))


def _chosen_groups(codebook: Codebook, params: AnalysisParams) -> list[CodeGroup]:
    """The code groups to analyse (ValueError naming any the codebook does not have)."""
    groups = [g for g in codebook.groups if params.groups is None or g.id in params.groups]
    if params.groups is not None:
        unknown = sorted(set(params.groups) - {g.id for g in codebook.groups})
        if unknown:
            raise ValueError(f"codebook {codebook.id!r} has no code group {', '.join(unknown)}")
    return groups


def _scopes(
    s: SessionCodings, coder_a: str, coder_b: str, params: AnalysisParams, warnings: list[str]
) -> list[tuple[Scope, UnitGrid, list[Event], list[Event]]]:
    """The whole session and (when asked) each of its segments, with both coders' events
    in it; a segment without frames in the video is left out with a warning."""
    ev_a = close_running(s.events_by_coder[coder_a], s.timebase)
    ev_b = close_running(s.events_by_coder[coder_b], s.timebase)
    scopes: list[tuple[str | None, UnitGrid, list[Event], list[Event]]] = [
        (None, UnitGrid(s.timebase, params.unit_seconds), ev_a, ev_b)
    ]
    if params.segments:
        for seg in s.segments:
            try:
                grid = UnitGrid(s.timebase, params.unit_seconds, seg.onset_frame, seg.offset_frame)
            except ValueError:
                warnings.append(
                    f"session {s.session_id}: segment {seg.name!r} has no frames "
                    "in the video; left out"
                )
                continue
            scopes.append((seg.name, grid, clip_events(ev_a, seg), clip_events(ev_b, seg)))
    return [
        (Scope(coder_a, coder_b, s.session_id, seg_name), grid, a, b)
        for seg_name, grid, a, b in scopes
    ]


def analyse_codings(
    codebook: Codebook,
    sessions: Sequence[SessionCodings],
    params: AnalysisParams | None = None,
    ratings: Sequence[ScaleAgreement] = (),
) -> ReliabilityReport:
    """Agreement of every coder pair on every code group, per session/segment and pooled."""
    params = params or AnalysisParams()
    groups = _chosen_groups(codebook, params)
    warnings: list[str] = []
    results: list[GroupResult] = []
    disagreements: list[Disagreement] = []
    pool = _Pool()
    for coder_a, coder_b in _pairs(sessions, params):
        used = 0
        for s in sessions:
            if coder_a not in s.events_by_coder or coder_b not in s.events_by_coder:
                continue
            used += 1
            for scope, grid, a, b in _scopes(s, coder_a, coder_b, params, warnings):
                for group in groups:
                    result, found = _group_result(scope, group, grid, a, b, params, s.session_id)
                    results.append(result)
                    disagreements.extend(found)
                    pool.add((coder_a, coder_b, scope.segment, group.id), result)
        if used == 0:
            warnings.append(f"no session was coded by both {coder_a} and {coder_b}")
    results.extend(_pooled_results(pool, groups, params))
    event_rule = params.event.rule if params.event is not None else "no event-based analysis"
    return ReliabilityReport(
        codebook_id=codebook.id,
        codebook_name=codebook.name,
        codebook_version=codebook.version,
        params=params,
        tolerance_rule=TOLERANCE_RULE,
        event_rule=event_rule,
        results=tuple(results),
        disagreements=tuple(disagreements),
        ratings=tuple(ratings),
        warnings=tuple(warnings),
    )


def _pooled_results(
    pool: _Pool, groups: Sequence[CodeGroup], params: AnalysisParams
) -> list[GroupResult]:
    by_id = {g.id: g for g in groups}
    out = []
    for key, sessions in pool.sessions.items():
        coder_a, coder_b, seg_name, group_id = key
        group = by_id[str(group_id)]
        variables = []
        for var_id, _labels, exclusive in group_variables(group):
            raw, tol = pool.units[(*key, var_id)]
            variables.append(
                agreement_from_matrices(
                    var_id,
                    group.id,
                    exclusive,
                    params.unit_label,
                    raw,
                    tol,
                    params.tolerance_s * 1000.0,
                )
            )
        event = None
        if key in pool.events and params.event is not None:
            event = event_agreement_from_matrix(group.id, pool.events[key], params.event.rule)
        scope = Scope(str(coder_a), str(coder_b), None, None if seg_name is None else str(seg_name))
        out.append(
            GroupResult(
                scope,
                group.id,
                group.name,
                group.exclusive,
                tuple(variables),
                event,
                sessions=len(sessions),
            )
        )
    return out
