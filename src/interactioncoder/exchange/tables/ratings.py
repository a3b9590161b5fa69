"""Rating tables: global ratings long, wide, and scale totals with their clinical cut-off.

**ratings** (long) - one row per given rating: the identifying columns, then ``scale,
scale_name, subject, segment`` (segment name for segment-scoped scales, empty for
session ratings), ``value``, ``anchor`` (the anchor label of that value, empty if the
scale has none for it).

**ratings_wide** - one row per session x coder: one column per scale of the coding's
codebook (``<scale>`` for session scales, ``<scale>__<segment>`` for segment scales,
one per segment of the session), empty where not rated; then per scale total
``total_<total>`` (the sum of the rated items), ``total_<total>_complete`` and
``total_<total>_at_or_above_cutoff`` (a total of segment-scoped scales gets
``__<segment>`` before the suffix, per segment).

**rating_totals** (long) - one row per session x coder x total (x segment for totals of
segment-scoped scales): ``total, total_name, segment, n_items, n_rated, complete,
value`` (the sum of the rated items: partial when ``complete`` is False), ``cutoff``,
``at_or_above_cutoff`` (True/False; empty when incomplete or the total has no cut-off).

Totals follow :mod:`interactioncoder.core.rating_totals`: a partial total is exported as
partial (``complete`` False, ``n_rated`` of ``n_items``), never as if complete, and the
cut-off is judged on complete totals only.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from interactioncoder.core.codebook import Codebook, ScaleScope, ScaleTotal
from interactioncoder.core.rating_totals import compute_total
from interactioncoder.exchange.project_data import CodingData, ProjectData, SessionData
from interactioncoder.exchange.tables.events import META_COLUMNS, meta_values

RATING_COLUMNS = (*META_COLUMNS, "scale", "scale_name", "subject", "segment", "value", "anchor")
TOTAL_COLUMNS = (
    *META_COLUMNS,
    "total",
    "total_name",
    "segment",
    "n_items",
    "n_rated",
    "complete",
    "value",
    "cutoff",
    "at_or_above_cutoff",
)
SEGMENT_SEPARATOR = "__"


def _ratings_by_key(coding: CodingData) -> dict[tuple[str, int | None], int]:
    return {(r.scale_id, r.segment_id): r.value for r in coding.ratings}


def ratings_long_table(project: ProjectData) -> pd.DataFrame:
    rows: list[list[Any]] = []
    for session, coding in project.codings():
        meta = meta_values(project, session, coding)
        codebook = coding.codebook
        order = {s.id: i for i, s in enumerate(codebook.scales)}
        segment_order = {s.id: i for i, s in enumerate(session.segments)}
        ratings = sorted(
            coding.ratings,
            key=lambda r: (
                order.get(r.scale_id, len(order)),
                r.scale_id,
                -1 if r.segment_id is None else segment_order.get(r.segment_id, r.segment_id),
            ),
        )
        for r in ratings:
            try:
                scale = codebook.scale(r.scale_id)
                name, subject, anchor = scale.name, scale.subject, scale.anchor_label(r.value)
            except KeyError:
                name, subject, anchor = r.scale_id, "", ""
            segment = session.segment_name(r.segment_id)
            rows.append([*meta, r.scale_id, name, subject, segment, r.value, anchor])
    table = pd.DataFrame(rows, columns=list(RATING_COLUMNS))
    return table.astype({"value": "int64"})


def _total_windows(codebook: Codebook, total: ScaleTotal, session: SessionData) -> list[int | None]:
    """Segment ids (None = session) a total is computed for."""
    scopes = set()
    for scale_id in total.scales:
        try:
            scopes.add(codebook.scale(scale_id).scope)
        except KeyError:
            scopes.add(ScaleScope.SESSION)
    windows: list[int | None] = []
    if ScaleScope.SESSION in scopes:
        windows.append(None)
    if ScaleScope.SEGMENT in scopes:
        windows.extend(s.id for s in session.segments)
    return windows


def _total_rows(session: SessionData, coding: CodingData) -> list[list[Any]]:
    """[total id, name, segment id, n_items, n_rated, complete, value, cutoff, at_or_above]."""
    codebook = coding.codebook
    given = _ratings_by_key(coding)
    rows = []
    for total in codebook.totals:
        for segment_id in _total_windows(codebook, total, session):
            r = compute_total(total, given, segment_id)
            rows.append(
                [
                    total.id,
                    total.name,
                    segment_id,
                    r.n_items,
                    r.rated,
                    r.complete,
                    r.value,
                    total.cutoff,
                    r.at_or_above_cutoff,
                ]
            )
    return rows


def rating_totals_table(project: ProjectData) -> pd.DataFrame:
    rows: list[list[Any]] = []
    for session, coding in project.codings():
        meta = meta_values(project, session, coding)
        for total_id, name, segment_id, *rest in _total_rows(session, coding):
            rows.append([*meta, total_id, name, session.segment_name(segment_id), *rest])
    table = pd.DataFrame(rows, columns=list(TOTAL_COLUMNS))
    return table.astype(
        {
            "n_items": "int64",
            "n_rated": "int64",
            "complete": "bool",
            "value": "Int64",
            "cutoff": "Int64",
            "at_or_above_cutoff": "boolean",
        }
    )


def _wide_name(base: str, session: SessionData, segment_id: int | None) -> str:
    if segment_id is None:
        return base
    return f"{base}{SEGMENT_SEPARATOR}{session.segment_name(segment_id)}"


def ratings_wide_table(project: ProjectData) -> pd.DataFrame:
    records: list[dict[str, Any]] = []
    columns: dict[str, str] = dict.fromkeys(META_COLUMNS, "object")
    for session, coding in project.codings():
        codebook = coding.codebook
        record: dict[str, Any] = dict(
            zip(META_COLUMNS, meta_values(project, session, coding), strict=True)
        )
        given = _ratings_by_key(coding)
        for scale in codebook.scales:
            windows: list[int | None] = (
                [None] if scale.scope is ScaleScope.SESSION else [s.id for s in session.segments]
            )
            for segment_id in windows:
                name = _wide_name(scale.id, session, segment_id)
                columns.setdefault(name, "Int64")
                record[name] = given.get((scale.id, segment_id))
        for total_id, _, segment_id, _, _, complete, value, _, above in _total_rows(
            session, coding
        ):
            name = _wide_name(f"total_{total_id}", session, segment_id)
            columns.setdefault(name, "Int64")
            columns.setdefault(f"{name}_complete", "boolean")
            columns.setdefault(f"{name}_at_or_above_cutoff", "boolean")
            record[name] = value
            record[f"{name}_complete"] = complete
            record[f"{name}_at_or_above_cutoff"] = above
        records.append(record)
    table = pd.DataFrame(records, columns=list(columns))
    return table.astype({k: v for k, v in columns.items() if v != "object"})
