"""Imported times -> frame-exact events, and mapping files (tier/value -> code id).

Overlap checks of imported events are in :mod:`.overlaps`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.events import Event
from interactioncoder.core.limits import MAX_FIELD_CHARS, MAX_MAPPING_BYTES, yaml_load_limited
from interactioncoder.core.timebase import Timebase
from interactioncoder.exchange.importers.common import (
    ImportedEvent,
    ImportFormatError,
    check_in_video,
    decode_text,
    format_ms,
    frame_time,
    is_point_code,
    nearest_frame,
    read_bytes,
)
from interactioncoder.exchange.importers.frame_table import FrameEvents

TIME_TO_FRAME_RULE = (
    "Times become frames by one rule for onsets and ends alike: a time maps to the frame "
    "on screen at that time (ELAN: the frame whose start is nearest, as ELAN stores frame "
    "starts rounded to whole ms). A state covers the frames from its onset's frame up to, "
    "not including, its end's frame, so when one state ends at the instant the next "
    "starts, even mid-frame, that frame belongs to the next state only. A state shorter "
    "than one frame keeps one frame (and the import says so)."
)


class FrameRounding(StrEnum):
    """How a time becomes a frame boundary (the same rule for onsets and ends).

    NEAREST: the frame whose start is nearest (times that were frame starts, rounded to
    whole ms, e.g. ELAN). ON_SCREEN: the frame shown at that time (times taken from a
    player's clock, e.g. BORIS, Datavyu, machine-made CSV). See :data:`TIME_TO_FRAME_RULE`.
    """

    NEAREST = "nearest"
    ON_SCREEN = "on_screen"


def _frame(timebase: Timebase, ms: float, rounding: FrameRounding, is_end: bool) -> int:
    if rounding is FrameRounding.NEAREST:
        return nearest_frame(timebase, ms)
    if is_end and ms >= timebase.duration_ms - 1e-6:
        return timebase.frame_count
    # Onset and end alike: the frame on screen at that time. A state ending mid-frame
    # leaves that frame to the state starting there (one frame, one owner).
    return timebase.ms_to_frame(ms)


def to_frame_events(
    source: str,
    events: Sequence[ImportedEvent],
    timebase: Timebase,
    codebook: Codebook,
    rounding: FrameRounding,
    notes: list[str],
) -> list[Event]:
    """Events on *timebase*'s frames (each with a new id); see :func:`to_frame_table`."""
    return list(to_frame_table(source, events, timebase, codebook, rounding, notes).events())


def to_frame_table(
    source: str,
    events: Sequence[ImportedEvent],
    timebase: Timebase,
    codebook: Codebook,
    rounding: FrameRounding,
    notes: list[str],
) -> FrameEvents:
    """Events on *timebase*'s frames; refuses times outside the video.

    A state shorter than one frame after rounding is lengthened to one frame and said
    so in *notes*. Event *i* of the table has source *i* (its place in *events*).
    """
    tolerance = max(timebase.max_step_ms(), 1.0)
    points: dict[str, bool] = {}  # per code, not per event
    out = FrameEvents()
    for i, ev in enumerate(events):
        point = points.get(ev.code_id)
        if point is None:
            point = points[ev.code_id] = is_point_code(codebook, ev.code_id)
        onset, offset = _event_frames(source, ev, timebase, rounding, tolerance, point)
        if offset is not None and offset <= onset and not point:
            notes.append(
                f"{ev.place}: state {ev.code_id!r} is shorter than one frame; "
                f"kept as one frame at {format_ms(frame_time(timebase, onset))}"
            )
            offset = onset + 1
        out.append(
            ev.code_id,
            onset,
            timebase.frame_to_ms(onset),
            offset,
            None if offset is None else frame_time(timebase, offset),
            ev.modifiers,
            ev.comment,
            i,
        )
    return out


def _event_frames(
    source: str,
    ev: ImportedEvent,
    timebase: Timebase,
    rounding: FrameRounding,
    tolerance: float,
    point: bool,
) -> tuple[int, int | None]:
    """The onset and offset frame of *ev* (offset None: a running state)."""
    if ev.onset_frame is not None:
        onset = ev.onset_frame
        if not 0 <= onset <= timebase.last_frame:
            raise ImportFormatError(
                source, ev.place, f"frame {onset} is outside the video (0..{timebase.last_frame})"
            )
    else:
        check_in_video(source, ev, timebase, tolerance)
        onset = min(_frame(timebase, ev.onset_ms, rounding, False), timebase.last_frame)
    if point:
        return onset, onset
    if ev.offset_frame is not None:
        if not onset <= ev.offset_frame <= timebase.frame_count:
            raise ImportFormatError(
                source,
                ev.place,
                f"offset frame {ev.offset_frame} is outside {onset}..{timebase.frame_count}",
            )
        return onset, ev.offset_frame
    if ev.offset_ms is None:
        return onset, None
    return onset, _frame(timebase, ev.offset_ms, rounding, True)


# -- mapping files ---------------------------------------------------------------------------

_SCOPE_KEYS = ("tier", "column", "scope")


def _entry(source: Path, place: str, row: Mapping[str, Any]) -> tuple[tuple[str, str], str]:
    scope = next((row[k] for k in _SCOPE_KEYS if row.get(k) not in (None, "")), "*")
    value = row.get("value")
    code = row.get("code")
    for field in (scope, value, code):
        _check_field(source, place, field)
    if value is None or str(value).strip() == "":
        raise ImportFormatError(source, place, "needs a 'value'")
    return (str(scope).strip(), str(value).strip()), "" if code is None else str(code).strip()


def _check_field(source: Path, place: str, value: object) -> None:
    """A mapping value must be plain text (or a number) of at most MAX_FIELD_CHARS."""
    if value is not None and not isinstance(value, str | int | float | bool):
        raise ImportFormatError(source, place, f"must be text, not {type(value).__name__}")
    if len(str(value)) > MAX_FIELD_CHARS:
        raise ImportFormatError(
            source, place, f"a value is longer than {MAX_FIELD_CHARS:,} characters"
        )


def load_mapping(path: str | Path) -> dict[tuple[str, str], str]:
    """Read a mapping file: which code each (tier or column, value) means.

    CSV: a header with ``value``, ``code`` and optionally ``tier`` (or ``column``/
    ``scope``); an empty tier means any tier. YAML: a list of such records, or
    ``{tier: {value: code}}`` with ``"*"`` for any tier. An empty code ignores the value;
    a value ``"*"`` maps every value of that tier.
    """
    source = Path(path)
    text = decode_text(source, read_bytes(source, MAX_MAPPING_BYTES))
    if source.suffix.lower() in (".yaml", ".yml"):
        return _yaml_mapping(source, text)
    return _csv_mapping(source, text)


def _yaml_mapping(source: Path, text: str) -> dict[tuple[str, str], str]:
    try:
        data = yaml_load_limited(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ImportFormatError(source, place, f"not valid YAML ({problem})") from None
    if isinstance(data, list):
        return _record_mapping(source, data)
    if isinstance(data, dict):
        return _tier_mapping(source, data)
    raise ImportFormatError(source, "", "must be a list or a mapping of tiers")


def _record_mapping(source: Path, data: list[object]) -> dict[tuple[str, str], str]:
    """YAML as a list of ``{tier, value, code}`` records."""
    mapping: dict[tuple[str, str], str] = {}
    for i, row in enumerate(data, start=1):
        if not isinstance(row, dict):
            raise ImportFormatError(source, f"entry {i}", "must be a mapping")
        key, code = _entry(source, f"entry {i}", row)
        mapping[key] = code
    return mapping


def _tier_mapping(source: Path, data: dict[object, object]) -> dict[tuple[str, str], str]:
    """YAML as ``{tier: {value: code}}``."""
    mapping: dict[tuple[str, str], str] = {}
    for scope, values in data.items():
        if not isinstance(values, dict):
            raise ImportFormatError(source, f"{scope!r}", "must map values to codes")
        for value, code in values.items():
            for field in (scope, value, code):
                _check_field(source, f"{scope!r}", field)
            mapping[(str(scope), str(value).strip())] = "" if code is None else str(code)
    return mapping


def _csv_mapping(source: Path, text: str) -> dict[tuple[str, str], str]:
    mapping: dict[tuple[str, str], str] = {}
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    for needed in ("value", "code"):
        if needed not in fields:
            raise ImportFormatError(source, "line 1", f"the header has no {needed!r} column")
    for row in reader:
        clean = {(k or "").strip().lower(): (v or "") for k, v in row.items() if k is not None}
        key, code = _entry(source, f"line {reader.line_num}", clean)
        mapping[key] = code
    return mapping
