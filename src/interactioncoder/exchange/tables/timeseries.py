"""Time-series tables: what is coded at each frame, or in each fixed interval.

One block of rows per session x coder, after the shared identifying columns
(:data:`~interactioncoder.exchange.tables.events.META_COLUMNS`). A block ends where its session
ends: sessions of different lengths are never padded.

**Per frame** (``interval_s=None``): ``frame`` (master-video frame index) and ``time_s``
(that frame's presentation time, exact for variable-frame-rate video), then

* ``code_<code>``: 1 while the code is on screen at the frame (a finished state covers
  its onset frame up to, not including, its offset frame; a still-running state covers
  every frame from its onset to the session end; a point covers its own frame), else 0;
* ``state_<group>`` for each exclusive group: the id of the state in effect, or
  ``none``. If a coder overlapped states in an exclusive group, the later-starting one
  is reported.

**Per interval** (``interval_s=S``): intervals ``[start + k*S, start + (k+1)*S)`` from
the session start, the last one cut at the session end; columns ``interval_start_s,
interval_end_s``, then

* ``code_<code>``: 1 if the code occurs in the interval (a state overlapping it for a
  positive time, a point inside it), else 0;
* with ``proportions=True`` (the default): ``prop_<code>`` for state codes, the fraction
  of the interval the state covers (4 decimals), and ``n_<code>`` for point codes, the
  number of points in the interval;
* ``state_<group>``: the state covering the largest part of the interval (ties go to the
  state listed first in the codebook), or ``none``.

A code that is not in a coding's codebook (several codebook versions in one export) is
empty, not 0, in that coding's rows.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from interactioncoder.core.codebook import Codebook, CodeKind
from interactioncoder.core.events import Event
from interactioncoder.exchange.project_data import CodingData, ProjectData, SessionData
from interactioncoder.exchange.tables.events import META_COLUMNS, meta_values, typed_meta

NO_STATE = "none"


def _all_codes(project: ProjectData) -> tuple[list[tuple[str, CodeKind]], list[str]]:
    """Codes (id, kind) and exclusive group ids over every codebook, first use first."""
    codes: dict[str, CodeKind] = {}
    groups: dict[str, None] = {}
    for codebook in project.codebooks():
        for group in codebook.groups:
            if group.exclusive:
                groups[group.id] = None
            for code in group.codes:
                codes.setdefault(code.id, code.kind)
    return list(codes.items()), list(groups)


def _events_by_code(coding: CodingData) -> dict[str, list[Event]]:
    by_code: dict[str, list[Event]] = {}
    for e in sorted(coding.events, key=lambda e: (e.onset_frame, e.id)):
        by_code.setdefault(e.code_id, []).append(e)
    return by_code


def _frame_block(
    session: SessionData,
    coding: CodingData,
    codes: list[tuple[str, CodeKind]],
    groups: list[str],
) -> dict[str, Any]:
    timebase = session.timebase
    if timebase is None:
        raise ValueError(
            f"session {session.dyad.label}/{session.session.name} has no master video, so it "
            "has no frames; export it per interval instead"
        )
    n = timebase.frame_count
    codebook = coding.codebook
    by_code = _events_by_code(coding)
    block: dict[str, Any] = {
        "frame": np.arange(n, dtype=np.int64),
        "time_s": np.round(np.asarray(timebase.frame_times_ms, dtype=np.float64) / 1000.0, 3),
    }
    for code_id, _ in codes:
        if not codebook.has_code(code_id):
            block[f"code_{code_id}"] = pd.array([pd.NA] * n, dtype="Int8")
            continue
        on = np.zeros(n, dtype=np.int8)
        for e in by_code.get(code_id, []):
            if e.is_point:
                if e.onset_frame < n:
                    on[e.onset_frame] = 1
            else:
                end = n if e.offset_frame is None else min(e.offset_frame, n)
                on[e.onset_frame : end] = 1
        block[f"code_{code_id}"] = pd.array(on, dtype="Int8")
    for group_id in groups:
        block[f"state_{group_id}"] = _frame_labels(codebook, group_id, by_code, n)
    return block


def _frame_labels(
    codebook: Codebook, group_id: str, by_code: dict[str, list[Event]], n: int
) -> np.ndarray | list[None]:
    if not _has_group(codebook, group_id):
        return [None] * n
    labels = np.full(n, NO_STATE, dtype=object)
    states = [
        e
        for code in codebook.group(group_id).codes
        if code.kind is CodeKind.STATE
        for e in by_code.get(code.id, [])
    ]
    # Later onsets are painted last, so they win where a coder overlapped states.
    for e in sorted(states, key=lambda e: (e.onset_frame, e.onset_ms)):
        end = n if e.offset_frame is None else min(e.offset_frame, n)
        labels[e.onset_frame : end] = e.code_id
    return labels


def _has_group(codebook: Codebook, group_id: str) -> bool:
    return any(g.id == group_id and g.exclusive for g in codebook.groups)


def _interval_block(
    session: SessionData,
    coding: CodingData,
    codes: list[tuple[str, CodeKind]],
    groups: list[str],
    interval_ms: float,
    proportions: bool,
) -> dict[str, Any]:
    start, end = session.start_ms, session.end_ms
    count = max(1, math.ceil((end - start) / interval_ms - 1e-9)) if end > start else 0
    starts = start + np.arange(count, dtype=np.float64) * interval_ms
    ends = np.minimum(starts + interval_ms, end)
    lengths = ends - starts
    codebook = coding.codebook
    by_code = _events_by_code(coding)
    block: dict[str, Any] = {
        # Same rounding as tables.seconds: to the whole ms, half to even.
        "interval_start_s": np.rint(starts) / 1000.0 + 0.0,
        "interval_end_s": np.rint(ends) / 1000.0 + 0.0,
    }
    covered: dict[str, np.ndarray] = {}
    for code_id, kind in codes:
        present = codebook.has_code(code_id)
        if kind is CodeKind.POINT:
            hits = np.zeros(count, dtype=np.int64)
            for e in by_code.get(code_id, []):
                k = _interval_of(e.onset_ms, start, end, interval_ms, count)
                if k is not None:
                    hits[k] += 1
            block[f"code_{code_id}"] = _int_column(hits > 0, present)
            if proportions:
                block[f"n_{code_id}"] = _int_column(hits, present)
        else:
            bounds = np.append(starts, ends[-1]) if count else np.zeros(1)
            cover = _cover_per_interval(by_code.get(code_id, []), start, end, bounds)
            covered[code_id] = cover
            block[f"code_{code_id}"] = _int_column(cover > 0, present)
            if proportions:
                share = np.divide(cover, lengths, out=np.zeros(count), where=lengths > 0)
                block[f"prop_{code_id}"] = (
                    np.round(share, 4) + 0.0 if present else np.full(count, math.nan)
                )
    for group_id in groups:
        if not _has_group(codebook, group_id):
            block[f"state_{group_id}"] = [None] * count
            continue
        state_ids = [c.id for c in codebook.group(group_id).codes if c.kind is CodeKind.STATE]
        labels = np.full(count, NO_STATE, dtype=object)
        if state_ids and count:
            cover_matrix = np.vstack([covered[code_id] for code_id in state_ids])
            # argmax takes the first maximum: ties go to the state listed first.
            best = np.argmax(cover_matrix, axis=0)
            names = np.asarray(state_ids, dtype=object)[best]
            labels = np.where(cover_matrix.max(axis=0) > 0, names, labels)
        block[f"state_{group_id}"] = labels
    return block


def _int_column(values: np.ndarray, present: bool) -> pd.api.extensions.ExtensionArray:
    if not present:
        return pd.array([pd.NA] * len(values), dtype="Int64")
    return pd.array(values.astype(np.int64), dtype="Int64")


def _interval_of(t: float, start: float, end: float, step: float, count: int) -> int | None:
    if t < start or t > end or count == 0:
        return None
    return min(int((t - start) // step), count - 1)


# Coverage below this many ms is floating-point noise from the cumulative sums below.
_COVER_NOISE_MS = 1e-4


def _cover_per_interval(
    events: list[Event], start: float, end: float, bounds: np.ndarray
) -> np.ndarray:
    """ms covered by the states in each interval ``[bounds[k], bounds[k+1])``.

    With F(t) = total time the states cover before t, interval k holds
    F(bounds[k+1]) - F(bounds[k]); F is evaluated for all bounds at once from the sorted
    onsets and offsets (F(t) = sum over onsets < t of (t - onset) minus the same over
    offsets), so a state spanning the whole session costs no more than a short one.
    """
    spans = []
    for e in events:
        on = max(e.onset_ms, start)
        off = min(e.offset_ms if e.offset_ms is not None else end, end)
        if off > on:
            spans.append((on, off))
    if not spans or len(bounds) < 2:
        return np.zeros(max(len(bounds) - 1, 0))
    ons = np.sort(np.array([on for on, _ in spans]))
    offs = np.sort(np.array([off for _, off in spans]))
    before = np.concatenate(([0.0], np.cumsum(ons)))
    ended = np.concatenate(([0.0], np.cumsum(offs)))
    i = np.searchsorted(ons, bounds, side="left")
    j = np.searchsorted(offs, bounds, side="left")
    covered_before = (i * bounds - before[i]) - (j * bounds - ended[j])
    cover: np.ndarray = np.diff(covered_before)
    cover[cover < _COVER_NOISE_MS] = 0.0
    return cover


def timeseries_table(
    project: ProjectData, interval_s: float | None = None, proportions: bool = True
) -> pd.DataFrame:
    """Per-frame (``interval_s=None``) or per-interval time series (module docstring)."""
    if interval_s is not None and not (interval_s > 0 and math.isfinite(interval_s)):
        raise ValueError(f"the interval must be a positive number of seconds, not {interval_s}")
    codes, groups = _all_codes(project)
    blocks: list[pd.DataFrame] = []
    for session, coding in project.codings():
        if interval_s is None:
            block = _frame_block(session, coding, codes, groups)
        else:
            block = _interval_block(
                session, coding, codes, groups, interval_s * 1000.0, proportions
            )
        frame = pd.DataFrame(block)
        meta = meta_values(project, session, coding)
        for i, name in enumerate(META_COLUMNS):
            frame.insert(i, name, meta[i])
        blocks.append(frame)
    if blocks:
        return typed_meta(pd.concat(blocks, ignore_index=True))
    return pd.DataFrame(columns=_empty_columns(codes, groups, interval_s, proportions))


def _empty_columns(
    codes: list[tuple[str, CodeKind]],
    groups: list[str],
    interval_s: float | None,
    proportions: bool,
) -> list[str]:
    columns = [*META_COLUMNS]
    columns += ["frame", "time_s"] if interval_s is None else ["interval_start_s", "interval_end_s"]
    for code_id, kind in codes:
        columns.append(f"code_{code_id}")
        if interval_s is not None and proportions:
            columns.append(f"n_{code_id}" if kind is CodeKind.POINT else f"prop_{code_id}")
    columns += [f"state_{g}" for g in groups]
    return columns
