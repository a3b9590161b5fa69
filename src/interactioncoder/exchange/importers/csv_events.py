"""Import events from a CSV table (e.g. machine-made events to be corrected by a coder).

Columns are found by name: ``onset``, ``offset``, ``code`` (required), ``subject``,
``modifiers`` and ``comment`` (optional); ``columns`` maps these fields to other header
names (``{"onset": "start_time"}``). Times are in seconds (default), milliseconds or
master-video frames (``time_unit``). A point code needs no offset; a state does. A code
is named by id or name (or through a mapping whose scope is the subject); when a subject
column is given, the code's group must be about that subject. ``modifiers`` holds
``modifier=value; modifier=value``. The delimiter (``,`` ``;`` or tab) is detected; with
``;`` or tab a decimal comma is accepted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from interactioncoder.core.codebook import Codebook, CodeKind
from interactioncoder.core.events import NO_MODIFIERS, ModifierValue
from interactioncoder.exchange.eaf_format import split_modifiers
from interactioncoder.exchange.importers.common import (
    CodeResolver,
    ImportBundle,
    ImportedCoding,
    ImportedSession,
    ImportFormatError,
    UnknownValuesError,
    add_modifier,
    decode_text,
    finite_number,
    format_ms,
    read_bytes,
)
from interactioncoder.exchange.importers.event_table import ImportedEventTable

FIELDS = ("onset", "offset", "code", "subject", "modifiers", "comment")
REQUIRED = ("onset", "code")
TIME_UNITS = {"s": 1000.0, "ms": 1.0, "frames": None}
# Header names recognised without --columns (lower case), in order of preference.
ALIASES: dict[str, tuple[str, ...]] = {
    "onset": ("onset", "start", "onset_s", "onset_ms", "onset_frame", "start_time"),
    "offset": ("offset", "end", "stop", "offset_s", "offset_ms", "offset_frame", "end_time"),
    "code": ("code", "code_id", "behavior", "behaviour", "label"),
    "subject": ("subject",),
    "modifiers": ("modifiers", "modifier"),
    "comment": ("comment", "comments", "note"),
}


def _dialect(source: Path, text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = text[:8192]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _header_map(
    source: Path, header: list[str], columns: Mapping[str, str] | None
) -> dict[str, int]:
    normalised = [h.strip().lower() for h in header]
    found: dict[str, int] = {}
    for field_name, wanted in (columns or {}).items():
        if field_name not in FIELDS:
            raise ImportFormatError(
                source, "--columns", f"unknown field {field_name!r} (fields: {', '.join(FIELDS)})"
            )
        if wanted.strip().lower() not in normalised:
            raise ImportFormatError(
                source,
                "line 1",
                f"no column {wanted!r} (for {field_name}); the header has: {', '.join(header)}",
            )
        found[field_name] = normalised.index(wanted.strip().lower())
    for field_name in FIELDS:
        if field_name in found:
            continue
        for alias in ALIASES[field_name]:
            if alias in normalised:
                found[field_name] = normalised.index(alias)
                break
    for field_name in REQUIRED:
        if field_name not in found:
            raise ImportFormatError(
                source,
                "line 1",
                f"no {field_name!r} column (map one with --columns {field_name}=NAME); "
                f"the header has: {', '.join(header)}",
            )
    return found


def read_csv_events(
    path: str | Path,
    codebook: Codebook,
    columns: Mapping[str, str] | None = None,
    time_unit: str = "s",
    mapping: Mapping[tuple[str, str], str] | None = None,
    skip_unknown: bool = False,
    coder: str | None = None,
) -> ImportBundle:
    source = Path(path)
    if time_unit not in TIME_UNITS:
        raise ImportFormatError(
            source, "--time-unit", f"unknown unit {time_unit!r} (s, ms, frames)"
        )
    text = decode_text(source, read_bytes(source))
    dialect = _dialect(source, text)
    rows = _rows(source, text, dialect)  # streamed: no list of every row is kept
    header = next(rows, None)
    if header is None:
        raise ImportFormatError(source, "", "the file is empty")
    reader = _RowReader(
        source,
        codebook,
        _header_map(source, header, columns),
        time_unit,
        getattr(dialect, "delimiter", ",") != ",",
        CodeResolver(codebook, mapping),
    )
    reader.resolver.check_mapping(source)
    for number, row in enumerate(rows, start=2):
        reader.read(number, row)
    del text  # the table is all that is kept of the file
    unknown = reader.unknown
    if unknown and not skip_unknown:
        raise UnknownValuesError(source, unknown)
    notes = (
        [f"skipped {len(unknown)} row(s) naming no code:", *(f"  {u}" for u in unknown)]
        if unknown
        else []
    )
    session = ImportedSession(source.stem, (ImportedCoding(coder, reader.events),))
    return ImportBundle(str(source), "csv", (session,), notes=tuple(notes))


class _RowReader:
    """Reads the rows of one table into an :class:`ImportedEventTable` (a few dozen bytes a
    row, not an object each: a table may hold a million events)."""

    def __init__(
        self,
        source: Path,
        codebook: Codebook,
        where: dict[str, int],
        time_unit: str,
        decimal_comma: bool,
        resolver: CodeResolver,
    ) -> None:
        self.source = source
        self.codebook = codebook
        self.where = where
        self.unit = time_unit
        self.decimal_comma = decimal_comma
        self.resolver = resolver
        self.events = ImportedEventTable(frames=time_unit == "frames")
        self.unknown: list[str] = []
        self._points: dict[str, bool] = {}  # per code, not per row

    def cell(self, row: list[str], field_name: str) -> str:
        index = self.where.get(field_name)
        return row[index].strip() if index is not None and index < len(row) else ""

    def time(self, place: str, field_name: str, row: list[str]) -> float | None:
        where = f"{place}, column {field_name!r}"
        return _time(self.source, where, self.cell(row, field_name), self.unit, self.decimal_comma)

    def read(self, number: int, row: list[str]) -> None:
        place = f"row {number}"
        code_text = self.cell(row, "code")
        if not code_text:
            raise ImportFormatError(self.source, f"{place}, column 'code'", "empty code")
        onset = self.time(place, "onset", row)
        if onset is None:
            raise ImportFormatError(self.source, f"{place}, column 'onset'", "empty onset")
        place_t = f"{place} at {_show(onset, self.unit)}"
        subject = self.cell(row, "subject")
        code_id = self.resolver.resolve(subject or "*", code_text)
        if code_id is None:
            self.unknown.append(f"{place_t}: {code_text!r}")
            return
        if code_id == CodeResolver.IGNORE:
            return
        self.check_subject(place_t, code_id, subject)
        offset = self.offset(place, place_t, code_id, onset, row)
        modifiers = _modifiers(
            self.source, place_t, self.codebook, code_id, self.cell(row, "modifiers")
        )
        comment = self.cell(row, "comment")
        if self.unit == "frames":
            frames = (int(onset), int(offset))
            self.events.append(number, code_id, 0.0, 0.0, modifiers, comment, frames)
        else:
            factor = TIME_UNITS[self.unit] or 1.0
            self.events.append(number, code_id, onset * factor, offset * factor, modifiers, comment)

    def check_subject(self, place_t: str, code_id: str, subject: str) -> None:
        group = self.codebook.group_of(code_id)
        if subject and not _same_subject(self.codebook, group.subject, subject):
            raise ImportFormatError(
                self.source,
                place_t,
                f"code {code_id!r} is about subject {group.subject!r}, not {subject!r}",
            )

    def offset(self, place: str, place_t: str, code_id: str, onset: float, row: list[str]) -> float:
        offset = self.time(place, "offset", row)
        point = self._points.get(code_id)
        if point is None:
            point = self._points[code_id] = self.codebook.code(code_id).kind is CodeKind.POINT
        if point:
            return onset
        if offset is None:
            raise ImportFormatError(self.source, place_t, f"state {code_id!r} needs an offset")
        if offset < onset:
            raise ImportFormatError(self.source, place_t, "offset is before onset")
        return offset


def _rows(source: Path, text: str, dialect: Any) -> Iterator[list[str]]:
    """The non-blank rows of the table, one at a time."""
    try:
        for row in csv.reader(_lines(text), dialect):
            if any(cell.strip() for cell in row):
                yield row
    except csv.Error as exc:
        raise ImportFormatError(source, "", f"not a readable CSV table ({exc})") from None


def _lines(text: str, chunk: int = 1 << 20) -> Iterator[str]:
    """The lines of *text* (ends kept, as ``newline=""`` reads them), a chunk at a time.

    One StringIO of the whole text would hold it again at 4 bytes a character; chunks
    end after a ``\n`` so no ``\r\n`` is split (a quoted field may still span lines: the
    CSV reader joins them).
    """
    start = 0
    while start < len(text):
        end = text.find("\n", start + chunk)
        end = len(text) if end < 0 else end + 1
        yield from io.StringIO(text[start:end], newline="")
        start = end


def _same_subject(codebook: Codebook, subject_id: str, given: str) -> bool:
    wanted = given.strip().casefold()
    if subject_id.casefold() == wanted:
        return True
    return any(
        s.id == subject_id and s.name.strip().casefold() == wanted for s in codebook.subjects
    )


def _show(value: float, unit: str) -> str:
    if unit == "frames":
        return f"frame {int(value)}"
    return format_ms(value * (TIME_UNITS[unit] or 1.0))


def _time(source: Path, place: str, text: str, unit: str, decimal_comma: bool) -> float | None:
    if not text:
        return None
    value = finite_number(text)
    if value is None and decimal_comma:
        value = finite_number(text.replace(",", "."))
    if value is None:
        raise ImportFormatError(source, place, f"{text!r} is not a number ({unit})")
    if value < 0:
        raise ImportFormatError(source, place, f"negative time {text!r}")
    if unit == "frames" and value != int(value):
        raise ImportFormatError(source, place, f"frame {text!r} is not a whole number")
    return value


def _modifiers(
    source: Path, place: str, codebook: Codebook, code_id: str, text: str
) -> Mapping[str, ModifierValue]:
    values: dict[str, ModifierValue] = {}
    if not text:
        return NO_MODIFIERS
    for key, raw in split_modifiers(text):
        add_modifier(values, source, place, codebook, code_id, key, raw)
    return values
