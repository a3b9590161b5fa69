"""Tidy tables of coded data (pandas DataFrames): events and per-code summaries.

Every table starts with the same identifying columns (:data:`META_COLUMNS`): project,
dyad, visit, infant_age_days (empty when unknown), session, session_code (the random code
blinded coders see; empty when the project is not blind to condition), coder, role,
codebook (id), codebook_version (the codebook's own version text). Exported files get
column names of letters, digits and underscores and booleans as 0/1 (:mod:`.names`).
Sessions appear in dyad/session order, codings in coder-name order.

Times come from the stored presentation times of the master video (ms), so they are
exact for variable-frame-rate video; seconds are rounded to the millisecond (3 decimals),
proportions and rates to 4 decimals, which keeps every number in plain positional
notation (no ``1e-05``) when written.

**events** - one row per coded event, sorted by session, coder, onset:
``subject, group, code, code_name, kind`` (``state``/``point``), ``onset_frame,
offset_frame`` (master-video frame indexes; a finished state's offset is the first frame
after it, a point's offset equals its onset), ``onset_s, offset_s, duration_s``
(a still-running state has these three empty), ``segment`` (name of the segment whose
frames contain the onset frame; the earliest-starting one if segments overlap; empty if
none), one column per modifier named ``mod_<code>__<modifier>`` (choice id, or number;
empty when the event's code has no such modifier or it was not given), ``comment``.

**summary** - one row per session x coder x code x window, long format. The window is
the whole session (``segment`` empty) or one segment (``segment`` = its name; one row
per segment of the session). Within a window each state is clipped to the window, so a
state crossing a segment boundary counts as a bout in both segments; a still-running
state runs to the session end. Columns: ``window_s`` (window length), ``count`` (bouts,
or points in the window), ``total_duration_s, mean_duration_s, sd_duration_s`` (sample
SD, ddof 1; empty with fewer than 2 bouts; all three empty for point codes),
``proportion_of_session`` (clipped time / session length), ``proportion_of_segment``
(clipped time / segment length, segment rows only), ``rate_per_min`` (count per minute
of the window), ``latency_s`` (first onset in the window minus the window start; empty
if the code does not occur there).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from interactioncoder.core.codebook import Code, Codebook, CodeKind
from interactioncoder.core.events import Event
from interactioncoder.core.project import Segment
from interactioncoder.exchange.project_data import CodingData, ProjectData, SessionData

META_COLUMNS = (
    "project",
    "dyad",
    "visit",
    "infant_age_days",
    "session",
    "session_code",
    "coder",
    "role",
    "codebook",
    "codebook_version",
)
MODIFIER_PREFIX = "mod_"
MODIFIER_SEPARATOR = "__"

EVENT_COLUMNS_BEFORE_MODIFIERS = (
    *META_COLUMNS,
    "subject",
    "group",
    "code",
    "code_name",
    "kind",
    "onset_frame",
    "offset_frame",
    "onset_s",
    "offset_s",
    "duration_s",
    "segment",
)

SUMMARY_COLUMNS = (
    *META_COLUMNS,
    "subject",
    "group",
    "code",
    "kind",
    "segment",
    "window_s",
    "count",
    "total_duration_s",
    "mean_duration_s",
    "sd_duration_s",
    "proportion_of_session",
    "proportion_of_segment",
    "rate_per_min",
    "latency_s",
)


def seconds(ms: float) -> float:
    """Milliseconds as seconds, rounded to the whole millisecond (half to even).

    Rounding the ms value itself (not ms / 1000 to 3 decimals) gives the same result as
    the vectorised ``np.rint(ms) / 1000`` used for large tables, to the last bit.
    """
    return round(ms) / 1000.0 + 0.0  # + 0.0 turns -0.0 into 0.0


def ratio(value: float) -> float:
    return round(value, 4) + 0.0


def typed_meta(table: pd.DataFrame) -> pd.DataFrame:
    """The age column as whole days with empty cells (not float, not object)."""
    if "infant_age_days" in table.columns:
        table["infant_age_days"] = table["infant_age_days"].astype("Int64")
    return table


def meta_values(project: ProjectData, session: SessionData, coding: CodingData) -> list[Any]:
    """The :data:`META_COLUMNS` values of one coding."""
    codebook = coding.codebook
    return [
        project.project_name,
        session.dyad.label,
        session.session.visit,
        session.session.infant_age_days,
        session.session.name,
        session.blind_code,
        coding.coder.name,
        coding.coding.role.value,
        codebook.id,
        codebook.version,
    ]


def modifier_column(code_id: str, modifier_id: str) -> str:
    return f"{MODIFIER_PREFIX}{code_id}{MODIFIER_SEPARATOR}{modifier_id}"


def modifier_columns(project: ProjectData) -> list[str]:
    """Modifier columns: codebook order first, then modifiers stored but not declared."""
    columns: dict[str, None] = {}
    for codebook in project.codebooks():
        for code in codebook.codes():
            for modifier in code.modifiers:
                columns[modifier_column(code.id, modifier.id)] = None
    extra: set[str] = set()
    for _, coding in project.codings():
        for event in coding.events:
            for key in event.modifiers:
                name = modifier_column(event.code_id, key)
                if name not in columns:
                    extra.add(name)
    return [*columns, *sorted(extra)]


def segment_at(segments: Sequence[Segment], frame: int) -> str:
    """Name of the earliest-starting segment whose frames contain *frame* ('' if none)."""
    for s in segments:  # sorted by onset frame
        if s.onset_frame <= frame < s.offset_frame:
            return s.name
    return ""


def _code_info(codebook: Codebook, event: Event) -> tuple[str, str, str, str]:
    """(subject, group, code name, kind) of an event's code, tolerating unknown codes."""
    if codebook.has_code(event.code_id):
        group = codebook.group_of(event.code_id)
        code = codebook.code(event.code_id)
        return group.subject, group.id, code.name, code.kind.value
    kind = CodeKind.POINT if event.is_point else CodeKind.STATE
    return "", "", event.code_id, kind.value


def _event_sort_key(e: Event) -> tuple[int, int, str, str]:
    offset = e.offset_frame if e.offset_frame is not None else 2**62
    return (e.onset_frame, offset, e.code_id, e.id)


def _segment_names(segments: Sequence[Segment], frames: np.ndarray) -> list[str]:
    """:func:`segment_at` for many frames at once."""
    names = np.full(len(frames), "", dtype=object)
    # Latest-starting first, so the earliest-starting segment is painted last and wins.
    for s in reversed(segments):
        names[(frames >= s.onset_frame) & (frames < s.offset_frame)] = s.name
    return names.tolist()


def events_table(project: ProjectData) -> pd.DataFrame:
    """One row per coded event (see the module docstring for the columns)."""
    mod_columns = modifier_columns(project)
    # Built column by column: ~10x faster than a list of row lists for 100,000 events.
    columns: dict[str, list[Any]] = {
        name: [] for name in (*EVENT_COLUMNS_BEFORE_MODIFIERS, *mod_columns, "comment")
    }
    onset_ms: list[float] = []
    offset_ms: list[float] = []
    for session, coding in project.codings():
        events = sorted(coding.events, key=_event_sort_key)
        for name, value in zip(META_COLUMNS, meta_values(project, session, coding), strict=True):
            columns[name].extend([value] * len(events))
        _add_events(columns, session, coding.codebook, events)
        onset_ms.extend([e.onset_ms for e in events])
        offset_ms.extend([math.nan if e.offset_ms is None else e.offset_ms for e in events])
        _add_comments_and_modifiers(columns, mod_columns, events)
    table = _events_frame(columns, onset_ms, offset_ms)
    for name in mod_columns:
        table[name] = _tidy_modifier_column(table[name])
    return typed_meta(table)


def _add_events(
    columns: dict[str, list[Any]], session: SessionData, codebook: Codebook, events: list[Event]
) -> None:
    """Each event's code (as the codebook describes it), frames and segment."""
    info: dict[str, tuple[str, str, str, str]] = {}
    for e in events:
        if e.code_id not in info:
            info[e.code_id] = _code_info(codebook, e)
    for i, name in enumerate(("subject", "group", "code_name", "kind")):
        columns[name].extend([info[e.code_id][i] for e in events])
    columns["code"].extend([e.code_id for e in events])
    onsets = [e.onset_frame for e in events]
    columns["onset_frame"].extend(onsets)
    columns["offset_frame"].extend(
        [-1 if e.offset_frame is None else e.offset_frame for e in events]
    )
    columns["segment"].extend(_segment_names(session.segments, np.asarray(onsets, dtype=np.int64)))


def _add_comments_and_modifiers(
    columns: dict[str, list[Any]], mod_columns: Sequence[str], events: list[Event]
) -> None:
    """Each event's comment, and its modifiers in their columns (None where it has none)."""
    start = len(columns["comment"])
    columns["comment"].extend([e.comment for e in events])
    for name in mod_columns:
        columns[name].extend([None] * len(events))
    for i, e in enumerate(events):
        for key, value in e.modifiers.items():
            columns[modifier_column(e.code_id, key)][start + i] = value


def _events_frame(
    columns: dict[str, list[Any]], onset_ms: list[float], offset_ms: list[float]
) -> pd.DataFrame:
    # Times are rounded to whole ms first, so offset_s - onset_s == duration_s exactly.
    on = np.rint(np.asarray(onset_ms, dtype=np.float64))
    off = np.rint(np.asarray(offset_ms, dtype=np.float64))
    offsets = np.asarray(columns["offset_frame"], dtype=np.int64)  # -1: still running
    return pd.DataFrame(
        {
            **{k: v for k, v in columns.items() if k not in ("onset_frame", "offset_frame")},
            "onset_frame": pd.array(np.asarray(columns["onset_frame"], dtype=np.int64)),
            "offset_frame": pd.arrays.IntegerArray(offsets, offsets < 0),
            "onset_s": on / 1000.0 + 0.0,
            "offset_s": off / 1000.0 + 0.0,
            "duration_s": (off - on) / 1000.0 + 0.0,
        },
        columns=list(columns),
    )


def _tidy_modifier_column(column: pd.Series) -> pd.Series:
    """Numbers stay numeric (float); choices stay text; missing is empty."""
    present = column.dropna()
    if len(present) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in present
    ):
        return column.astype("float64")
    return column.astype("object").where(column.notna(), None)


# -- summary -------------------------------------------------------------------------------


def _bouts(
    events: Iterable[Event], window_start: float, window_end: float, session_end: float
) -> list[tuple[float, float]]:
    """(start, duration) in ms of each state clipped to the window (positive length)."""
    bouts = []
    for e in events:
        offset = e.offset_ms if e.offset_ms is not None else session_end
        start = max(e.onset_ms, window_start)
        end = min(offset, window_end)
        if end > start:
            bouts.append((start, end - start))
    return sorted(bouts)


def _points(
    events: Iterable[Event], window_start: float, window_end: float, closed: bool
) -> list[float]:
    times = []
    for e in events:
        t = e.onset_ms
        if window_start <= t < window_end or (closed and t == window_end):
            times.append(t)
    return sorted(times)


def _summary_row(
    code: Code,
    events: list[Event],
    session: SessionData,
    window: tuple[float, float] | None,
) -> list[Any]:
    """Statistics of one code in the session (window None) or a segment window."""
    session_start, session_end = session.start_ms, session.end_ms
    start, end = window if window is not None else (session_start, session_end)
    length = end - start
    minutes = length / 60000.0
    session_length = session_end - session_start
    total: float | None = None
    mean: float | None = None
    sd: float | None = None
    prop_session: float | None = None
    prop_segment: float | None = None
    if code.kind is CodeKind.POINT:
        times = _points(events, start, end, closed=window is None)
        count = len(times)
        first = times[0] if times else None
    else:
        bouts = _bouts(events, start, end, session_end)
        count = len(bouts)
        first = bouts[0][0] if bouts else None
        durations = [d / 1000.0 for _, d in bouts]
        total_s = sum(durations)
        total = round(total_s, 3) + 0.0
        mean = round(total_s / count, 3) + 0.0 if count else None
        sd = round(statistics.stdev(durations), 3) + 0.0 if count >= 2 else None
        prop_session = ratio(total_s * 1000.0 / session_length) if session_length > 0 else None
        if window is not None and length > 0:
            prop_segment = ratio(total_s * 1000.0 / length)
    rate = ratio(count / minutes) if minutes > 0 else None
    latency = seconds(first - start) if first is not None else None
    return [
        seconds(length),
        count,
        total,
        mean,
        sd,
        prop_session,
        prop_segment,
        rate,
        latency,
    ]


def summary_table(project: ProjectData) -> pd.DataFrame:
    """Per session x coder x code x window statistics (see the module docstring)."""
    rows: list[list[Any]] = []
    for session, coding in project.codings():
        meta = meta_values(project, session, coding)
        codebook = coding.codebook
        by_code: dict[str, list[Event]] = {}
        for e in coding.events:
            by_code.setdefault(e.code_id, []).append(e)
        for group in codebook.groups:
            for code in group.codes:
                events = by_code.get(code.id, [])
                head = [*meta, group.subject, group.id, code.id, code.kind.value]
                rows.append([*head, "", *_summary_row(code, events, session, None)])
                for segment in session.segments:
                    window = (segment.onset_ms, segment.offset_ms)
                    stats = _summary_row(code, events, session, window)
                    rows.append([*head, segment.name, *stats])
    table = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
    floats = [
        "window_s",
        "total_duration_s",
        "mean_duration_s",
        "sd_duration_s",
        "proportion_of_session",
        "proportion_of_segment",
        "rate_per_min",
        "latency_s",
    ]
    return typed_meta(table.astype({"count": "int64", **dict.fromkeys(floats, "float64")}))
