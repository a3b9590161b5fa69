"""Event-based agreement: two coders' event sequences aligned by dynamic programming.

The alignment is the Needleman-Wunsch/Levenshtein scheme of Bakeman, Quera & Gnisci (2009,
Psychological Assessment 21:137-150): events (sorted by onset) are paired so that the total
cost is least, where pairing two events with the same code costs 0, with different codes
1, and leaving an event unmatched (paired with "nil") 1. Same-code pairs are therefore
preferred over different-code pairs, and a different-code pair over two nils. Only
*admissible* pairs may be formed (onsets close and/or states overlapping, see
:class:`AlignmentParams`). Among equal-cost alignments the one with more same-code pairs
wins, then the one with closer pairs (tie-breaks far smaller than one unit of cost). The
first tie-break makes kappa a function of the events alone: with the cost fixed, the
number of agreements fixes the pairs, the nils and so every margin and the diagonal of
the table, however tied events are listed, codes are named or coders are ordered.

The DP is vectorised per row: with ``T[j]`` the best cost reaching cell (i, j) from the
row above, ``D[i, j] = min_k<=j T[k] + (j - k) = j + cummin(T - k)``, so each row is a
handful of numpy operations.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from interactioncoder.core.events import Event
from interactioncoder.reliability.alignment_ties import align_tied_block, has_ties
from interactioncoder.reliability.kappa import (
    BinaryAgreement,
    ConfusionMatrix,
    KappaStats,
    kappa_from_matrix,
    one_vs_rest,
)

NIL = "(nil)"
KAPPA_MAX_NOTE = (
    "Event-based kappa max is below 1 whenever a coder has unmatched events: the nil-nil "
    "cell (both coders coding nothing) is structurally empty, since an alignment never pairs "
    "nil with nil, so kappa max is computed with that cell left out."
)


@dataclass(frozen=True)
class AlignmentParams:
    """When two events may be paired.

    ``onset_tolerance_s``: onsets at most this far apart. ``min_overlap``: for two states,
    overlap / union of their time spans at least this (the "overlap percentage" of Holle &
    Rein 2015, EasyDIAg). With both given, ``require_both`` says whether both criteria must
    hold (AND) or either one suffices (OR, the default). Point events use the onset
    tolerance only (0 if none is given: same moment).
    """

    onset_tolerance_s: float | None = 2.0
    min_overlap: float | None = None
    require_both: bool = False

    def __post_init__(self) -> None:
        if self.onset_tolerance_s is None and self.min_overlap is None:
            raise ValueError("give an onset tolerance, a minimum overlap, or both")
        if self.onset_tolerance_s is not None and self.onset_tolerance_s < 0:
            raise ValueError(f"onset tolerance {self.onset_tolerance_s} s is negative")
        if self.min_overlap is not None and not 0 < self.min_overlap <= 1:
            raise ValueError(f"minimum overlap {self.min_overlap} must be in (0, 1]")

    @property
    def rule(self) -> str:
        parts = []
        if self.onset_tolerance_s is not None:
            parts.append(f"onsets within ±{self.onset_tolerance_s:g} s")
        if self.min_overlap is not None:
            parts.append(f"overlap/union >= {self.min_overlap:g}")
        joiner = " AND " if self.require_both else " OR "
        tol = self.onset_tolerance_s or 0.0
        return (
            "Two states may be paired when " + joiner.join(parts) + f"; point events when "
            f"onsets are within ±{tol:g} s. Costs: same code 0, different code 1, "
            "unmatched (nil) 1; the least-cost alignment is used (at equal cost, the one with "
            "more agreements, then closer pairs)."
        )


@dataclass(frozen=True)
class AlignedPair:
    event_a: Event | None
    event_b: Event | None

    @property
    def code_a(self) -> str:
        return self.event_a.code_id if self.event_a else NIL

    @property
    def code_b(self) -> str:
        return self.event_b.code_id if self.event_b else NIL

    @property
    def kind(self) -> str:
        """agreement, confusion, omission (B lacks A's event) or commission (B's extra)."""
        if self.event_b is None:
            return "omission"
        if self.event_a is None:
            return "commission"
        return "agreement" if self.code_a == self.code_b else "confusion"


@dataclass(frozen=True)
class EventAgreement:
    group_id: str
    confusion: ConfusionMatrix  # last row/column is NIL
    kappa: KappaStats
    per_code: tuple[BinaryAgreement, ...]
    rule: str
    kappa_max_note: str = KAPPA_MAX_NOTE
    pairs: tuple[AlignedPair, ...] = ()  # empty for pooled results

    @property
    def percent_agreement(self) -> float:
        return self.kappa.percent_agreement


def _times(events: Sequence[Event]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    on = np.array([e.onset_ms for e in events], dtype=float)
    off = np.array(
        [e.offset_ms if e.offset_ms is not None else math.inf for e in events], dtype=float
    )
    return on, off


def substitution_costs(
    a: Sequence[Event], b: Sequence[Event], params: AlignmentParams, eps: float | None = None
) -> NDArray[np.float64]:
    """Cost of pairing a[i] with b[j] (inf when not admissible), tie-breaks included.

    A different-code pair costs ``1 + eps`` (fewer confusions, so more agreements, at
    equal cost) and every pair ``eps**2 * closeness`` on top. *eps* must stay below
    1 / (2 * number of pairs): the confusion tie-breaks of a whole alignment then stay
    below half a unit of cost, and its closeness tie-breaks below half of one *eps*.
    """
    on_a, off_a = _times(a)
    on_b, off_b = _times(b)
    d_on = np.abs(on_a[:, None] - on_b[None, :])
    point = np.array([e.is_point for e in a])[:, None] | np.array([e.is_point for e in b])[None, :]
    tol_ms = (params.onset_tolerance_s or 0.0) * 1000.0
    by_onset = d_on <= tol_ms + 1e-6
    closeness = np.minimum(d_on / tol_ms, 1.0) if tol_ms > 0 else (d_on > 1e-6).astype(float)
    if params.min_overlap is not None:
        inter = np.minimum(off_a[:, None], off_b[None, :]) - np.maximum(
            on_a[:, None], on_b[None, :]
        )
        union = np.maximum(off_a[:, None], off_b[None, :]) - np.minimum(
            on_a[:, None], on_b[None, :]
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            iou = np.where(union > 0, np.maximum(inter, 0.0) / union, 0.0)
        iou = np.nan_to_num(iou, nan=1.0)  # two running states starting together
        by_overlap = iou >= params.min_overlap - 1e-9
        if params.onset_tolerance_s is None:
            state_ok = by_overlap
            closeness = 1.0 - iou
        elif params.require_both:
            state_ok = by_onset & by_overlap
        else:
            state_ok = by_onset | by_overlap
    else:
        state_ok = by_onset
    admissible = np.where(point, by_onset, state_ok)
    index: dict[str, int] = {}
    codes_a = np.array([index.setdefault(e.code_id, len(index)) for e in a])
    codes_b = np.array([index.setdefault(e.code_id, len(index)) for e in b])
    differ = (codes_a[:, None] != codes_b[None, :]).astype(float)
    if eps is None:
        eps = 0.5 / (min(len(a), len(b)) + 1)
    cost = differ * (1.0 + eps) + eps * eps * np.clip(closeness, 0.0, 1.0)
    return np.where(admissible, cost, np.inf)


def align_events(
    a: Sequence[Event], b: Sequence[Event], params: AlignmentParams
) -> tuple[AlignedPair, ...]:
    """Least-cost alignment of two event sequences (each sorted here by onset)."""
    a = sorted(a, key=lambda e: (e.onset_frame, e.code_id))
    b = sorted(b, key=lambda e: (e.onset_frame, e.code_id))
    eps = 0.5 / (min(len(a), len(b)) + 1)
    pairs: list[AlignedPair] = []
    # Stretches of time no admissible pair crosses are aligned independently: the optimal
    # alignment is the concatenation of theirs, and memory stays small for long sessions.
    for (a0, a1), (b0, b1) in _independent_blocks(a, b, params):
        block_a, block_b = a[a0:a1], b[b0:b1]
        if block_a and block_b and (has_ties(block_a) or has_ties(block_b)):
            sub = substitution_costs(block_a, block_b, params, eps)
            pairs.extend(AlignedPair(x, y) for x, y in align_tied_block(block_a, block_b, sub))
        else:
            pairs.extend(_align_block(block_a, block_b, params, eps))
    # Present in time order (gaps at the same place come out of the traceback either way).
    pairs.sort(key=_pair_onset)
    return tuple(pairs)


def _reach_ms(e: Event, params: AlignmentParams) -> float:
    """The latest onset an event starting after *e* may have and still pair with it."""
    reach = e.onset_ms + (params.onset_tolerance_s or 0.0) * 1000.0
    if params.min_overlap is not None and not e.is_point:
        reach = max(reach, e.offset_ms if e.offset_ms is not None else math.inf)
    return reach


def _independent_blocks(
    a: Sequence[Event], b: Sequence[Event], params: AlignmentParams
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Index ranges of a and b (both sorted by onset) that can be aligned separately."""
    merged = sorted(
        [(e.onset_ms, 0, i) for i, e in enumerate(a)]
        + [(e.onset_ms, 1, j) for j, e in enumerate(b)]
    )
    events = (a, b)
    blocks = []
    start = [0, 0]
    count = [0, 0]
    reach = -math.inf
    for onset, side, idx in merged:
        if onset > reach + 1e-6 and count != start:
            blocks.append(((start[0], count[0]), (start[1], count[1])))
            start = list(count)
        reach = max(reach, _reach_ms(events[side][idx], params))
        count[side] += 1
    blocks.append(((start[0], count[0]), (start[1], count[1])))
    return blocks


def _align_block(
    a: Sequence[Event], b: Sequence[Event], params: AlignmentParams, eps: float
) -> list[AlignedPair]:
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return [AlignedPair(e, None) for e in a] + [AlignedPair(None, e) for e in b]
    sub = substitution_costs(a, b, params, eps)
    d = np.empty((n + 1, m + 1), dtype=float)
    d[0] = np.arange(m + 1, dtype=float)
    ks = np.arange(m + 1, dtype=float)
    for i in range(1, n + 1):
        t = np.empty(m + 1)
        t[0] = i
        t[1:] = np.minimum(d[i - 1, :-1] + sub[i - 1], d[i - 1, 1:] + 1.0)
        d[i] = ks + np.minimum.accumulate(t - ks)
    pairs: list[AlignedPair] = []
    i, j = n, m
    while i > 0 or j > 0:
        here = d[i, j]
        if (
            i > 0
            and j > 0
            and math.isclose(here, d[i - 1, j - 1] + sub[i - 1, j - 1], abs_tol=1e-9)
        ):
            pairs.append(AlignedPair(a[i - 1], b[j - 1]))
            i, j = i - 1, j - 1
        elif i > 0 and math.isclose(here, d[i - 1, j] + 1.0, abs_tol=1e-9):
            pairs.append(AlignedPair(a[i - 1], None))
            i -= 1
        else:
            pairs.append(AlignedPair(None, b[j - 1]))
            j -= 1
    pairs.reverse()
    return pairs


def _pair_onset(p: AlignedPair) -> int:
    return min(e.onset_frame for e in (p.event_a, p.event_b) if e is not None)


def pairs_confusion(pairs: Sequence[AlignedPair], code_ids: Sequence[str]) -> ConfusionMatrix:
    labels = (*code_ids, NIL)
    index = {c: i for i, c in enumerate(labels)}
    m = np.zeros((len(labels), len(labels)))
    for p in pairs:
        m[index[p.code_a], index[p.code_b]] += 1
    return ConfusionMatrix.from_array(labels, m)


def event_agreement_from_matrix(
    group_id: str, confusion: ConfusionMatrix, rule: str, pairs: tuple[AlignedPair, ...] = ()
) -> EventAgreement:
    return EventAgreement(
        group_id=group_id,
        confusion=confusion,
        kappa=kappa_from_matrix(confusion.array, structural_zero_last=True),
        per_code=one_vs_rest(confusion, skip=(NIL,)),
        rule=rule,
        pairs=pairs,
    )


def event_agreement(
    group_id: str,
    code_ids: Sequence[str],
    events_a: Sequence[Event],
    events_b: Sequence[Event],
    params: AlignmentParams,
) -> EventAgreement:
    """Align the two coders' events of one group and tabulate the pairs."""
    wanted = set(code_ids)
    pairs = align_events(
        [e for e in events_a if e.code_id in wanted],
        [e for e in events_b if e.code_id in wanted],
        params,
    )
    return event_agreement_from_matrix(
        group_id, pairs_confusion(pairs, code_ids), params.rule, pairs
    )
