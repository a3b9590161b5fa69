"""Where the two coders disagree: stretches the UI navigator lists and seeks to.

Kinds (coder A is the reference, usually the primary coder):
- ``confusion``: both coded something, but different codes;
- ``omission``: A coded it, B coded nothing (B missed it);
- ``commission``: B coded something A did not;
- ``timing``: the same codes on both sides, only shifted: in time units, a stretch whose
  neighbouring units agree on A's code on one side and on B's code on the other (an onset
  or offset placed differently); in event alignment, a same-code pair whose onsets or
  offsets differ by more than the onset tolerance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from interactioncoder.core.events import Event
from interactioncoder.reliability.alignment import AlignedPair
from interactioncoder.reliability.units import NONE, IntArray, UnitGrid


class DisagreementKind(StrEnum):
    CONFUSION = "confusion"
    OMISSION = "omission"
    COMMISSION = "commission"
    TIMING = "timing"


@dataclass(frozen=True)
class Disagreement:
    """One stretch of disagreement; frames are master-video frames, end exclusive."""

    variable_id: str  # the exclusive group, or the code of a non-exclusive group
    kind: DisagreementKind
    code_a: str | None  # None: coder A coded nothing here
    code_b: str | None
    start_frame: int
    end_frame: int
    start_ms: float
    end_ms: float
    within_tolerance: bool = False  # forgiven by the tolerance window / onset tolerance
    method: str = "time-unit"  # or "event"
    session_id: str = ""
    segment: str = ""


def _kind(code_a: str | None, code_b: str | None) -> DisagreementKind:
    if code_a is None:
        return DisagreementKind.COMMISSION
    if code_b is None:
        return DisagreementKind.OMISSION
    return DisagreementKind.CONFUSION


def unit_disagreements(
    variable_id: str,
    labels: Sequence[str],
    a: IntArray,
    b: IntArray,
    grid: UnitGrid,
    credited: NDArray[np.bool_],
    session_id: str = "",
    segment: str = "",
) -> list[Disagreement]:
    """Runs of consecutive units with the same (A code, B code) pair, A != B."""
    dis = a != b
    if not dis.any():
        return []
    n = len(a)
    pair = a * len(labels) + b
    change = np.ones(n, dtype=bool)
    change[1:] = (pair[1:] != pair[:-1]) | (dis[1:] != dis[:-1])
    run_starts = np.flatnonzero(change)
    run_ends = np.append(run_starts[1:], n)  # exclusive
    keep = dis[run_starts]
    s, e = run_starts[keep], run_ends[keep]
    ca, cb = a[s], b[s]
    # The agreed category just before and just after each run (-1: none agreed / edge).
    prev = np.where(s > 0, np.where(a[s - 1] == b[s - 1], a[s - 1], -1), -1)
    nxt_i = np.minimum(e, n - 1)
    nxt = np.where(e < n, np.where(a[nxt_i] == b[nxt_i], a[nxt_i], -1), -1)
    timing = ((prev == ca) & (nxt == cb)) | ((prev == cb) & (nxt == ca))
    cum = np.concatenate(([0], np.cumsum(credited, dtype=np.int64)))
    forgiven = (cum[e] - cum[s]) == (e - s)
    names: list[str | None] = [None if x == NONE else x for x in labels]
    out = []
    for x, y, f0, f1, t0, t1, tm, fg in zip(
        ca.tolist(),
        cb.tolist(),
        grid.unit_start_frame[s].tolist(),
        grid.unit_end_frame[e - 1].tolist(),
        grid.unit_start_ms[s].tolist(),
        grid.unit_end_ms[e - 1].tolist(),
        timing.tolist(),
        forgiven.tolist(),
        strict=True,
    ):
        code_a, code_b = names[x], names[y]
        kind = DisagreementKind.TIMING if tm else _kind(code_a, code_b)
        row = (variable_id, kind, code_a, code_b, f0, f1, t0, t1, fg, "time-unit")
        out.append(Disagreement(*row, session_id, segment))
    return out


def event_disagreements(
    variable_id: str,
    pairs: Sequence[AlignedPair],
    onset_tolerance_s: float | None,
    session_id: str = "",
    segment: str = "",
) -> list[Disagreement]:
    """Unmatched or confused events, and same-code pairs whose timing differs beyond t."""
    tol_ms = (onset_tolerance_s or 0.0) * 1000.0
    out = []
    for p in pairs:
        ea, eb = p.event_a, p.event_b
        code_a = ea.code_id if ea else None
        code_b = eb.code_id if eb else None
        kind = _event_pair_kind(ea, eb, code_a, code_b, tol_ms)
        if kind is None:
            continue
        start, end_frame, end_ms = _event_pair_span(ea, eb)
        out.append(
            Disagreement(
                variable_id=variable_id,
                kind=kind,
                code_a=code_a,
                code_b=code_b,
                start_frame=start.onset_frame,
                end_frame=int(end_frame),
                start_ms=start.onset_ms,
                end_ms=float(end_ms),
                method="event",
                session_id=session_id,
                segment=segment,
            )
        )
    return out


def _event_pair_kind(
    ea: Event | None, eb: Event | None, code_a: str | None, code_b: str | None, tol_ms: float
) -> DisagreementKind | None:
    """None when the pair agrees: the same code, onsets and offsets within *tol_ms*."""
    if ea is not None and eb is not None and code_a == code_b:
        d_on = abs(ea.onset_ms - eb.onset_ms)
        d_off = (
            abs(ea.offset_ms - eb.offset_ms)
            if ea.offset_ms is not None and eb.offset_ms is not None
            else 0.0
        )
        if max(d_on, d_off) <= tol_ms + 1e-6:
            return None
        return DisagreementKind.TIMING
    return _kind(code_a, code_b)


def _event_pair_span(ea: Event | None, eb: Event | None) -> tuple[Event, int, float]:
    """The earlier-starting event, and the frame (exclusive) and time the pair ends."""
    events = [e for e in (ea, eb) if e is not None]
    start = min(events, key=lambda e: e.onset_frame)
    ends = [
        (e.offset_frame, e.offset_ms)
        for e in events
        if e.offset_frame is not None and e.offset_ms is not None
    ]
    end_frame, end_ms = max(ends) if ends else (start.onset_frame + 1, start.onset_ms)
    if end_frame == start.onset_frame:
        end_frame += 1  # a point: one frame to seek to and show
    return start, end_frame, end_ms


# -- navigation helpers for the UI ------------------------------------------------------------
def filter_disagreements(
    items: Sequence[Disagreement],
    session_id: str | None = None,
    variable_ids: Sequence[str] | None = None,
    kinds: Sequence[DisagreementKind] | None = None,
    method: str | None = None,
    include_forgiven: bool = True,
) -> list[Disagreement]:
    """The stretches matching every given filter, in time order."""
    out = [
        d
        for d in items
        if (session_id is None or d.session_id == session_id)
        and (variable_ids is None or d.variable_id in variable_ids)
        and (kinds is None or d.kind in kinds)
        and (method is None or d.method == method)
        and (include_forgiven or not d.within_tolerance)
    ]
    out.sort(key=lambda d: (d.start_frame, d.end_frame, d.variable_id))
    return out


def next_disagreement(items: Sequence[Disagreement], frame: int) -> Disagreement | None:
    """The first stretch starting after *frame* (items sorted by start frame)."""
    return next((d for d in items if d.start_frame > frame), None)


def previous_disagreement(items: Sequence[Disagreement], frame: int) -> Disagreement | None:
    """The last stretch starting before *frame* (items sorted by start frame)."""
    return next((d for d in reversed(items) if d.start_frame < frame), None)
