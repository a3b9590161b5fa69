"""Frame counts of merged windows, for the observed anchors and every randomised draw at once.

The arithmetic behind :mod:`.window` (whose module text states the rules). A span's
observed anchors and its draws (one sorted row of span-local anchor frames each) are
counted together: block by block, the rows become the columns of a ``(k, rows)`` array,
window bounds are only looked up (``np.take``), and the union of a column's windows and
the target frames in it are sums down the columns. So everything is a few passes over
contiguous, cache-resident memory whatever the number of draws (no Python loop over
draws or anchors), and the seeded generator is spent as it always was.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from interactioncoder.analysis.timeline import BoolArray, IntArray, Phase, SessionTimeline

_EPS_MS = 1e-3
# Anchors × draws per block in union_counts: each of a block's arrays (at most 8 bytes an
# element) stays under 128 KiB, glibc's mmap threshold, and all of them in the CPU's L2
# cache. Measured: 10-12 K is best; at 16 K and more the arrays are mmapped and
# page-faulted afresh for every block, and the randomisation takes twice as long.
_BLOCK = 12_000


@dataclass(frozen=True)
class SpanLookup:
    """For anchor frame ``span.start + i``: its window's first frame and the frame after
    its last, truncated to the span (``first[i]``, ``stop[i]``; int32)."""

    span: Phase
    first: IntArray
    stop: IntArray


def window_lookup(tl: SessionTimeline, start_s: float, end_s: float) -> tuple[IntArray, IntArray]:
    """For every anchor frame 0 .. n: its window's first frame and the frame after its last.

    One sorted ``searchsorted`` per session and window; randomised anchors then only index.
    Both arrays are non-decreasing, so sorted anchors give sorted windows.
    """
    starts_of = tl.times_ms[:-1]
    t = tl.times_ms
    s = np.searchsorted(starts_of, t + start_s * 1000 - _EPS_MS, side="left")
    e = np.searchsorted(starts_of, t + end_s * 1000 - _EPS_MS, side="left")
    return s.astype(np.int32), e.astype(np.int32)


def span_lookups(
    tl: SessionTimeline, start_s: float, end_s: float, spans: tuple[Phase, ...]
) -> tuple[SpanLookup, ...]:
    """The session's lookup cut to each span (clipping keeps it non-decreasing)."""
    first, stop = window_lookup(tl, start_s, end_s)
    return tuple(
        SpanLookup(
            span,
            np.clip(first[span.start : span.end], span.start, span.end),
            np.clip(stop[span.start : span.end], span.start, span.end),
        )
        for span in spans
    )


def target_prefix(target: BoolArray) -> IntArray:
    """``prefix[f]``: target frames before frame *f* (int32, one entry more than frames)."""
    prefix = np.zeros(len(target) + 1, dtype=np.int32)
    np.cumsum(target, dtype=np.int32, out=prefix[1:])
    return prefix


def random_anchors(n: int, k: int, draws: int, rng: np.random.Generator) -> IntArray:
    """*draws* rows of *k* span-local anchor frames, uniform in ``0 .. n - 1``, each sorted.

    One ``(draws, k)`` int32 draw, as the randomisation test has always spent the seeded
    generator; nothing is drawn (and no row returned) when there are no draws or anchors.
    """
    if not (draws and k):
        return np.zeros((0, k), dtype=np.int32)
    offsets = rng.integers(0, n, size=(draws, k), dtype=np.int32)
    offsets.sort(axis=1)
    return offsets


def union_counts(
    observed: IntArray, drawn: IntArray, look: SpanLookup, prefix: IntArray
) -> tuple[IntArray, IntArray]:
    """Frames in the union of the windows of sorted span-local anchors, and the target
    frames among them (int32): element 0 for the *observed* anchors, then one per row of
    *drawn* (``(draws, k)``, each row sorted).

    Done in blocks of rows (see ``_BLOCK``), each turned into columns (anchors down, rows
    across) so that the sums below add whole contiguous rows.
    """
    k, width = len(observed), 1 + len(drawn)
    window = np.zeros(width, dtype=np.int32)
    hits = np.zeros(width, dtype=np.int32)
    step = max(1, _BLOCK // max(k, 1))
    for lo in range(0, width if k else 0, step):
        hi = min(lo + step, width)
        # intp: np.take would otherwise convert the indices once per lookup
        cols = np.empty((k, hi - lo), dtype=np.intp)
        if lo == 0:
            cols[:, 0] = observed
            cols[:, 1:] = drawn[: hi - 1].T
        else:
            cols[:] = drawn[lo - 1 : hi - 1].T
        window[lo:hi], hits[lo:hi] = _block_counts(cols, look, prefix)
    return window, hits


def _block_counts(cols: IntArray, look: SpanLookup, prefix: IntArray) -> tuple[IntArray, IntArray]:
    """:func:`union_counts` of a block of columns (at least one anchor).

    In a sorted column the windows' starts and stops are non-decreasing, so the part of
    window *i* not already covered runs from ``max(start_i, stop_{i-1})`` to ``stop_i``.
    The counts are sums of these parts, which are disjoint and within the span, so int32
    cannot overflow.
    """
    s = np.take(look.first, cols)
    e = np.take(look.stop, cols)
    later = np.maximum(s[1:], e[:-1])  # where the later windows' uncovered parts start
    hit_later = np.take(prefix, later)
    hit_stop = np.take(prefix, e)
    window = (e[0] - s[0]) + np.subtract(e[1:], later, out=later).sum(axis=0, dtype=np.int32)
    hit_parts = np.subtract(hit_stop[1:], hit_later, out=hit_later)
    hits = (hit_stop[0] - np.take(prefix, s[0])) + hit_parts.sum(axis=0, dtype=np.int32)
    return window, hits
