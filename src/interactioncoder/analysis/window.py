"""Time-window sequential analysis (Bakeman & Quera 2011, ch. 11; Yoder & Tapp 2004).

For a *given* code (e.g. an infant bid), every onset (or offset) opens a window from
``start_s`` to ``end_s`` seconds after it (e.g. 0 to +3 s). Each frame of the analysed
span (a session, or one phase of it) is then one time unit, tallied in a 2×2 table: in a
window or not × the *target* on (or, in ``onset`` mode, a target onset) or not. The
table gives Yule's Q, the odds ratio with CI, and the adjusted residual
(:mod:`.tables`). :data:`WINDOW_RULE` states the conventions and goes into every output:

- a window covers frames whose start time lies in ``[anchor + start_s, anchor + end_s)``;
  a window running past the phase or session end (or before its start) is truncated
  there, and only frames of the analysed span are counted;
- windows that overlap (a given event inside another's window) are merged: a frame is in
  a window once, however many windows cover it;
- a given event belongs to the phase in which its anchor (onset or offset) lies;
- pooled tables (all sessions, per phase, per dyad) are the sums of the session tables.

The randomisation test (seeded): each session's given anchors are put at random frames of
the same span (uniformly, independently, as many as observed); the target stream stays as
coded. Pooled tables sum the sessions' randomised tables of the same draw. The p-values
are ``(1 + #{draws as extreme}) / (1 + draws)`` for |Q| (two-sided) and for Q (greater).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from interactioncoder.analysis.tables import EMPTY, HALDANE_RULE, TwoByTwo, yules_q_array
from interactioncoder.analysis.timeline import (
    FloatArray,
    Instance,
    IntArray,
    Phase,
    SessionTimeline,
    phase_names,
    pool_keys,
)
from interactioncoder.analysis.window_counts import (
    SpanLookup,
    random_anchors,
    span_lookups,
    target_prefix,
    union_counts,
)

WINDOW_RULE = (
    "Time unit: one video frame. A window covers the frames whose start lies in "
    "[anchor + start, anchor + end); it is truncated at the phase or session end (and "
    "start), and only frames of the analysed span are counted. Overlapping windows are "
    "merged (a frame counts once). A given event belongs to the phase of its anchor. "
    "Pooled tables are sums of session tables. Randomisation: each session's anchors are "
    "placed at random frames of the same span (as many as observed), target as coded; "
    "p = (1 + draws at least as extreme) / (1 + draws). " + HALDANE_RULE
)


_P_BATCH = 64  # rows per batch of p-values: (64, 4, draws) float64


class Anchor(StrEnum):
    ONSET = "onset"
    OFFSET = "offset"


class TargetMode(StrEnum):
    ON = "on"  # a frame counts when a target event covers it
    ONSET = "onset"  # a frame counts when a target event starts in it


@dataclass(frozen=True)
class WindowSpec:
    given: str
    target: str
    start_s: float = 0.0
    end_s: float = 3.0
    anchor: Anchor = Anchor.ONSET
    target_mode: TargetMode = TargetMode.ON

    def __post_init__(self) -> None:
        if not (math.isfinite(self.start_s) and math.isfinite(self.end_s)):
            raise ValueError("the window needs finite start and end seconds")
        if self.end_s <= self.start_s:
            raise ValueError(
                f"the window ends ({self.end_s} s) before or where it starts ({self.start_s} s)"
            )

    @property
    def label(self) -> str:
        return (
            f"{self.given} ({self.anchor.value} {self.start_s:+g} to {self.end_s:+g} s) "
            f"-> {self.target} ({self.target_mode.value})"
        )


@dataclass(frozen=True)
class WindowRow:
    """One 2×2 table: a session, a dyad, a group or all sessions; whole or one phase."""

    spec: WindowSpec
    level: str  # "session", "dyad", "group" or "pooled"
    key: str  # session id, dyad label, group label, or "all"
    phase: str  # SESSION_PHASE for the whole session
    table: TwoByTwo
    n_given: int
    p_two_sided: float
    p_greater: float
    instances: tuple[Instance, ...] = ()


@dataclass(frozen=True)
class WindowResult:
    specs: tuple[WindowSpec, ...]
    rows: tuple[WindowRow, ...]
    permutations: int
    seed: int
    by_phase: bool
    rule: str = WINDOW_RULE


# A session's instances by (given event, window start, window stop), across its spans
_Seen = dict[tuple[int, int, int], Instance]


@dataclass(frozen=True)
class _SpanTables:
    table: TwoByTwo
    perm: FloatArray  # (4, draws): a, b, c, d of every randomised table
    instances: tuple[Instance, ...]
    n_given: int


def _anchors(tl: SessionTimeline, spec: WindowSpec, span: Phase) -> tuple[IntArray, list[int]]:
    iv = tl.intervals(spec.given)
    frames = iv.onset if spec.anchor is Anchor.ONSET else np.where(iv.is_point, iv.onset, iv.end)
    inside = np.flatnonzero((frames >= span.start) & (frames < span.end))
    order = inside[np.argsort(frames[inside], kind="stable")]
    return frames[order], [int(i) for i in order]


def _table(window: IntArray, hits: IntArray, n: int, targets: int) -> FloatArray:
    """Rows a, b, c, d of the tables with these window and hit counts (float64: integers
    far below 2**53, so exact)."""
    out = np.empty((4, len(window)), dtype=np.float64)
    a, b, c, d = out
    a[:] = hits
    np.subtract(window, a, out=b)
    np.subtract(targets, a, out=c)
    np.subtract(n - c, window, out=d)
    return out


def _instances(
    tl: SessionTimeline, spec: WindowSpec, idx: list[int], s: IntArray, e: IntArray, known: _Seen
) -> tuple[Instance, ...]:
    """Each given event's window and the target events in it.

    A window already seen in the session keeps its instance (a phase's window that the
    phase does not cut is the whole session's), so only new windows are searched.
    """
    keys = list(zip(idx, s.tolist(), e.tolist(), strict=True))
    new = [key for key in keys if key not in known]
    if new:
        known.update(zip(new, _new_instances(tl, spec, new), strict=True))
    return tuple(known[key] for key in keys)


def _new_instances(
    tl: SessionTimeline, spec: WindowSpec, keys: list[tuple[int, int, int]]
) -> list[Instance]:
    """The instances of (given event, window start, window stop), all windows at once."""
    given = tl.intervals(spec.given)
    target = tl.intervals(spec.target)
    t_end = target.onset + 1 if spec.target_mode is TargetMode.ONSET else target.end
    _, s, e = np.array(keys, dtype=np.int64).T
    hits = (target.onset[None, :] < e[:, None]) & (t_end[None, :] > s[:, None]) & (e > s)[:, None]
    rows, cols = np.nonzero(hits)
    bounds = np.searchsorted(rows, np.arange(len(keys) + 1)).tolist()
    found = [target.event_ids[j] for j in cols.tolist()]  # row by row, as bounds cut it
    sid, gids = tl.session_id, given.event_ids
    return [
        Instance(
            sid,
            lo,
            hi,
            (gids[i], *found[first:last]),
            "target in window" if last > first else "no target in window",
        )
        for (i, lo, hi), first, last in zip(keys, bounds[:-1], bounds[1:], strict=True)
    ]


def _span_tables(
    tl: SessionTimeline,
    spec: WindowSpec,
    look: SpanLookup,
    prefix: IntArray,
    draws: int,
    rng: np.random.Generator,
    seen: _Seen,
) -> _SpanTables:
    span = look.span
    anchors, idx = _anchors(tl, spec, span)
    n = span.end - span.start
    targets = int(prefix[span.end] - prefix[span.start])
    local = anchors - span.start
    drawn = random_anchors(n, len(local), draws, rng)
    tables = _table(*union_counts(local, drawn, look, prefix), n, targets)
    # no anchors (or no draws): nothing drawn, every randomised table is the observed one
    perm = tables[:, 1:] if len(drawn) else np.repeat(tables[:, :1], draws, axis=1)
    a, b, c, d = (float(x) for x in tables[:, 0])
    s, e = look.first[local], look.stop[local]
    return _SpanTables(TwoByTwo(a, b, c, d), perm, _instances(tl, spec, idx, s, e, seen), len(idx))


def _p_values(tables: Sequence[TwoByTwo], perms: Sequence[FloatArray]) -> list[tuple[float, float]]:
    """Both p-values of each table against its randomised tables (4, draws), rows batched:
    one set of array operations for many rows instead of a dozen small ones per row."""
    out: list[tuple[float, float]] = []
    for lo in range(0, len(tables), _P_BATCH):
        out += _p_batch(tables[lo : lo + _P_BATCH], perms[lo : lo + _P_BATCH])
    return out


def _p_batch(tables: Sequence[TwoByTwo], perms: Sequence[FloatArray]) -> list[tuple[float, float]]:
    q = np.array([t.yules_q for t in tables], dtype=np.float64)[:, None]
    cells = np.stack(perms)  # (rows, 4, draws)
    draws = cells.shape[2]
    qp = yules_q_array(cells[:, 0], cells[:, 1], cells[:, 2], cells[:, 3])
    qp[np.isnan(qp)] = 0.0  # an undefined randomised Q counts as 0
    two = (1 + np.sum(np.abs(qp) >= np.abs(q) - 1e-12, axis=1)) / (1 + draws)
    greater = (1 + np.sum(qp >= q - 1e-12, axis=1)) / (1 + draws)
    undefined = np.isnan(q[:, 0]) | (draws == 0)
    two[undefined] = greater[undefined] = math.nan
    return list(zip(two.tolist(), greater.tolist(), strict=True))


def _pooled(parts: Sequence[_SpanTables], draws: int) -> _SpanTables:
    """The sum of sessions' tables (and of their randomised tables, draw by draw)."""
    if len(parts) == 1:
        return parts[0]
    perm = np.zeros((4, draws))
    for p in parts:  # in place: no (sessions, 4, draws) stack
        perm += p.perm
    table = sum((p.table for p in parts), EMPTY)
    instances = tuple(itertools.chain.from_iterable(p.instances for p in parts))
    return _SpanTables(table, perm, instances, sum(p.n_given for p in parts))


def time_window_analysis(
    timelines: Sequence[SessionTimeline],
    specs: Sequence[WindowSpec],
    *,
    by_phase: bool = True,
    permutations: int = 1000,
    seed: int = 0,
    group_of: Callable[[SessionTimeline], str] | None = None,
) -> WindowResult:
    """Tables per session, dyad, group (*group_of*) and pooled; whole sessions and phases.

    Codes absent from a session give a table without given windows (or target frames):
    b or a/c are then zero and the statistics follow the zero-cell rules.
    """
    if permutations < 0:
        raise ValueError("the number of randomisations cannot be negative")
    rng = np.random.default_rng(seed)
    rows: list[WindowRow] = []
    lookups: dict[tuple[str, float, float], tuple[SpanLookup, ...]] = {}
    for spec in specs:
        parts: dict[tuple[str, str], _SpanTables] = {}
        for tl in timelines:
            target = tl.mask(spec.target, onsets_only=spec.target_mode is TargetMode.ONSET)
            prefix = target_prefix(target)
            key = (tl.session_id, spec.start_s, spec.end_s)
            if key not in lookups:
                spans = (tl.whole, *tl.phases) if by_phase else (tl.whole,)
                lookups[key] = span_lookups(tl, spec.start_s, spec.end_s, spans)
            seen: _Seen = {}
            # the generator is spent per spec, session and span, the whole session first
            for look in lookups[key]:
                parts[(tl.session_id, look.span.name)] = _span_tables(
                    tl, spec, look, prefix, permutations, rng, seen
                )
        rows.extend(_rows_for(spec, timelines, parts, permutations, group_of))
    return WindowResult(tuple(specs), tuple(rows), permutations, seed, by_phase)


def _rows_for(
    spec: WindowSpec,
    timelines: Sequence[SessionTimeline],
    parts: dict[tuple[str, str], _SpanTables],
    draws: int,
    group_of: Callable[[SessionTimeline], str] | None,
) -> list[WindowRow]:
    keyed = [(("session", sid, phase), p) for (sid, phase), p in parts.items()]
    phases = phase_names(timelines)
    for level, key, members in pool_keys(timelines, group_of):
        for phase in phases:
            chosen = [parts[(m, phase)] for m in members if (m, phase) in parts]
            if chosen:
                keyed.append(((level, key, phase), _pooled(chosen, draws)))
    p_values = _p_values([p.table for _, p in keyed], [p.perm for _, p in keyed])
    return [
        WindowRow(spec, *where, p.table, p.n_given, two, greater, p.instances)
        for (where, p), (two, greater) in zip(keyed, p_values, strict=True)
    ]
