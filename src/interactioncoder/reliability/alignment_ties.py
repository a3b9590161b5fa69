"""Least-cost alignment when events of one coder share an onset (tied onsets are unordered).

Two events that start at the same moment have no order between them, so an alignment
may pair them in either order. The recurrence of :func:`alignment._align_block` runs
over positions in each sequence; here it runs over *states*: a state is "all groups of
equal onset before group g are consumed, and the subset ``mask`` of group g". Moving to
a next state consumes one event of the group (left unmatched, or paired with one event of
the other coder's current group). With every group of size one the states are the
positions and the recurrence is Needleman-Wunsch again; with ties it explores every
order of the tied events at once, so the least cost does not depend on how tied events
are listed or what their codes are called.

Rows stay vectorised: within a row, "skip some of the other coder's events" is a
shortest path over the state order, computed with a prefix minimum over earlier groups
and a subset minimum (sum over subsets) within the group.

Groups larger than :data:`MAX_TIE` events are split into ordered runs (the state count
grows as 2^size); real codings rarely have more than a few codes starting on one frame.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from interactioncoder.core.events import Event

MAX_TIE = 8


@dataclass(frozen=True)
class _States:
    """The consumption states of one coder's sorted events."""

    level: NDArray[np.float64]  # events consumed in each state
    preds: list[list[tuple[int, int]]]  # (previous state, event consumed) per state
    pred_state: NDArray[np.intp]  # (K, n_states) padded with the dummy index n_states
    pred_elem: NDArray[np.intp]  # (K, n_states) padded with len(events)
    first: NDArray[np.intp]  # index of the first state of each state's group
    sos: list[tuple[NDArray[np.intp], NDArray[np.intp]]]  # (with bit, without bit)


def tie_groups(events: Sequence[Event]) -> list[tuple[int, int]]:
    """(start, size) of the runs of equal onset frame (events sorted by onset)."""
    groups: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(events) + 1):
        if i == len(events) or events[i].onset_frame != events[start].onset_frame:
            size = i - start
            while size > MAX_TIE:
                groups.append((start, MAX_TIE))
                start += MAX_TIE
                size -= MAX_TIE
            groups.append((start, size))
            start = i
    return groups


def has_ties(events: Sequence[Event]) -> bool:
    return any(events[i].onset_frame == events[i - 1].onset_frame for i in range(1, len(events)))


def _states(n_events: int, groups: list[tuple[int, int]]) -> _States:
    index: dict[tuple[int, int], int] = {}
    level: list[int] = []
    first: list[int] = []
    for g, (start, size) in enumerate(groups):
        g_first = len(level)
        for mask in range((1 << size) - 1):
            index[(g, mask)] = len(level)
            level.append(start + mask.bit_count())
            first.append(g_first)
    end = len(level)
    index[(len(groups), 0)] = end
    level.append(n_events)
    first.append(end)

    def state(g: int, mask: int) -> int:
        size = groups[g][1] if g < len(groups) else 0
        return (
            index[(g + 1, 0)] if g < len(groups) and mask == (1 << size) - 1 else index[(g, mask)]
        )

    preds: list[list[tuple[int, int]]] = [[] for _ in level]
    for g, (start, size) in enumerate(groups):
        for mask in range(1, 1 << size):
            here = state(g, mask)
            for x in range(size):
                if mask >> x & 1:
                    preds[here].append((state(g, mask ^ (1 << x)), start + x))
    pred_state, pred_elem = _pred_arrays(preds, n_events)
    sos = _subset_steps(index, groups)
    return _States(np.array(level, dtype=float), preds, pred_state, pred_elem, np.array(first), sos)


def _pred_arrays(
    preds: list[list[tuple[int, int]]], n_events: int
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """The predecessor lists as two padded arrays (slot x state): state and event."""
    k = max((len(p) for p in preds), default=0) or 1
    n = len(preds)
    pred_state = np.full((k, n), n, dtype=np.intp)
    pred_elem = np.full((k, n), n_events, dtype=np.intp)
    for s, plist in enumerate(preds):
        for slot, (p, x) in enumerate(plist):
            pred_state[slot, s] = p
            pred_elem[slot, s] = x
    return pred_state, pred_elem


def _subset_steps(
    index: dict[tuple[int, int], int], groups: list[tuple[int, int]]
) -> list[tuple[NDArray[np.intp], NDArray[np.intp]]]:
    """Per bit: the states whose mask has it, and the same states without it."""
    steps = []
    for bit in range(max((size for _, size in groups), default=0)):
        with_bit, without = [], []
        for (g, mask), s in index.items():
            if g < len(groups) and mask >> bit & 1:
                with_bit.append(s)
                without.append(index[(g, mask ^ (1 << bit))])
        steps.append((np.array(with_bit, dtype=np.intp), np.array(without, dtype=np.intp)))
    return steps


def _close_row(t: NDArray[np.float64], sb: _States) -> NDArray[np.float64]:
    """D[t'] = min over states t reaching t' of T[t] + (events skipped between them)."""
    v = t - sb.level
    within = v.copy()
    for with_bit, without in sb.sos:
        within[with_bit] = np.minimum(within[with_bit], within[without])
    prefix = np.minimum.accumulate(v)
    earlier = np.where(sb.first > 0, prefix[np.maximum(sb.first - 1, 0)], np.inf)
    return sb.level + np.minimum(within, earlier)


def align_tied_block(
    a: Sequence[Event], b: Sequence[Event], sub: NDArray[np.float64]
) -> list[tuple[Event | None, Event | None]]:
    """Least-cost pairs of *a* and *b* (sorted by onset), tied onsets unordered.

    *sub* holds the substitution costs (inf where not admissible); leaving an event
    unmatched costs 1.
    """
    sa = _states(len(a), tie_groups(a))
    sb = _states(len(b), tie_groups(b))
    na, nb = len(sa.level), len(sb.level)
    sub_x = np.full((len(a) + 1, len(b) + 1), np.inf)
    sub_x[: len(a), : len(b)] = sub
    d = np.full((na, nb + 1), np.inf)  # the last column is a dummy "no predecessor"
    start = np.full(nb, np.inf)
    start[0] = 0.0
    d[0, :nb] = _close_row(start, sb)
    for s in range(1, na):
        t = np.full(nb, np.inf)
        for p, x in sa.preds[s]:
            row = d[p]
            t = np.minimum(t, row[:nb] + 1.0)
            paired = row[sb.pred_state] + sub_x[x][sb.pred_elem]
            t = np.minimum(t, paired.min(axis=0))
        d[s, :nb] = _close_row(t, sb)
    return _traceback(a, b, sa, sb, d, sub)


def _traceback(
    a: Sequence[Event],
    b: Sequence[Event],
    sa: _States,
    sb: _States,
    d: NDArray[np.float64],
    sub: NDArray[np.float64],
) -> list[tuple[Event | None, Event | None]]:
    pairs: list[tuple[Event | None, Event | None]] = []
    s, t = len(sa.level) - 1, len(sb.level) - 1
    while s > 0 or t > 0:
        pair, (s, t) = _step_back(a, b, sa, sb, d, sub, s, t)
        pairs.append(pair)
    pairs.reverse()
    return pairs


def _step_back(
    a: Sequence[Event],
    b: Sequence[Event],
    sa: _States,
    sb: _States,
    d: NDArray[np.float64],
    sub: NDArray[np.float64],
    s: int,
    t: int,
) -> tuple[tuple[Event | None, Event | None], tuple[int, int]]:
    """One move of the traceback: the pair it made and the state before it."""
    here = float(d[s, t])
    for p, x in sa.preds[s]:
        for q, y in sb.preds[t]:
            if math.isclose(here, float(d[p, q]) + float(sub[x, y]), abs_tol=1e-9):
                return (a[x], b[y]), (p, q)
    for p, x in sa.preds[s]:
        if math.isclose(here, float(d[p, t]) + 1.0, abs_tol=1e-9):
            return (a[x], None), (p, t)
    for q, y in sb.preds[t]:
        if math.isclose(here, float(d[s, q]) + 1.0, abs_tol=1e-9):
            return (None, b[y]), (s, q)
    raise AssertionError("alignment traceback lost its path")  # pragma: no cover
