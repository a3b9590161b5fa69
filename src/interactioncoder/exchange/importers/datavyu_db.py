"""Datavyu's ``db`` spreadsheet text: column headers and cells (layout in datavyu_import)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from interactioncoder.core.limits import is_digits
from interactioncoder.exchange.importers.common import ImportFormatError, format_ms

NEWEST_DB_VERSION = 4
# "name (TYPE,visible,...)" then, for MATRIX columns only, "-arg|TYPE,arg|TYPE,..."
_HEADER = re.compile(r"^(?P<name>\S.*?) \((?P<type>[A-Z_]+)(?:,[^)]*)?\)(?:-(?P<args>.*))?$")
_TIME = re.compile(r"^(\d{1,3}):(\d{2}):(\d{2}):(\d{3})$")


@dataclass
class Column:
    name: str
    is_matrix: bool
    is_text: bool
    arguments: list[str]
    cells: list[tuple[int, float, float, list[str]]]  # line, onset, offset, values


def _split_escaped(text: str) -> list[str]:
    """Split on unescaped commas, removing the escapes."""
    parts: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i + 1])
            i += 2
            continue
        if ch == ",":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _time(source: Path, place: str, text: str) -> float:
    m = _TIME.match(text.strip())
    if not m:
        raise ImportFormatError(source, place, f"time {text!r} is not HH:MM:SS:mmm")
    h, mi, s, ms = (int(g) for g in m.groups())
    if mi > 59 or s > 59:
        raise ImportFormatError(source, place, f"time {text!r} is not a valid time")
    return float(((h * 60 + mi) * 60 + s) * 1000 + ms)


def parse_db(source: Path, text: str) -> list[Column]:
    """The columns of the spreadsheet, each with its cells."""
    raw_lines = text.splitlines()
    if not raw_lines:
        raise ImportFormatError(source, "db", "the spreadsheet is empty")
    start = 1 if _check_version(source, raw_lines[0]) else 0
    columns: list[Column] = []
    for number, line in _joined_lines(raw_lines, start):
        place = f"db line {number}"
        if not line.strip():
            continue
        if line[0].isdigit():
            if not columns:
                raise ImportFormatError(source, place, "a cell before any column header")
            columns[-1].cells.append(_cell(source, place, number, line, columns[-1]))
            continue
        columns.append(_column(source, place, line))
    return columns


def _check_version(source: Path, first_line: str) -> bool:
    """Whether the first line is a version line ("#4", the one this version reads)."""
    if not first_line.startswith("#"):
        return False
    version = first_line[1:].strip()
    if not is_digits(version, 9):
        raise ImportFormatError(source, "db line 1", f"unknown version line {first_line!r}")
    if int(version) > NEWEST_DB_VERSION:
        raise ImportFormatError(
            source,
            "db line 1",
            f"spreadsheet format #{version} is newer than the #4 this version reads",
        )
    if int(version) < NEWEST_DB_VERSION:
        raise ImportFormatError(
            source,
            "db line 1",
            f"Datavyu spreadsheet format version {int(version)} is not supported (only "
            "#4); open the file in a current Datavyu and save it again",
        )
    return True


def _joined_lines(raw_lines: list[str], start: int) -> list[tuple[int, str]]:
    """(first line number, line) with continuation lines joined: a text value with a
    newline ends its line with "\\"."""
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(raw_lines[start:], start=start + 1):
        if lines and lines[-1][1].endswith("\\") and not lines[-1][1].endswith("\\\\"):
            lines[-1] = (lines[-1][0], lines[-1][1][:-1] + "\n" + line)
        else:
            lines.append((number, line))
    return lines


def _column(source: Path, place: str, line: str) -> Column:
    """A column header: "name (TYPE,...)", matrix columns with "-arg|TYPE,..."."""
    m = _HEADER.match(line)
    if not m:
        raise ImportFormatError(source, place, f"neither a column header nor a cell: {line[:60]!r}")
    is_matrix = m["type"] == "MATRIX"
    if is_matrix and m["args"] is None:
        raise ImportFormatError(
            source, place, f"matrix column {m['name']!r} lists no arguments (-arg|TYPE,...)"
        )
    args = [a.split("|")[0].strip() for a in _split_escaped(m["args"])] if is_matrix else []
    if is_matrix and (not args or not all(args)):
        raise ImportFormatError(source, place, f"column {m['name']!r} has an empty argument name")
    return Column(m["name"].strip(), is_matrix, m["type"] == "TEXT", args or ["value"], [])


def _cell(
    source: Path, place: str, number: int, line: str, column: Column
) -> tuple[int, float, float, list[str]]:
    parts = line.split(",", 2)
    if len(parts) < 3:
        raise ImportFormatError(source, place, "a cell is onset,offset,(values)")
    onset = _time(source, place, parts[0])
    offset = _time(source, place, parts[1])
    if offset < onset:
        raise ImportFormatError(
            source, place, f"offset {format_ms(offset)} is before onset {format_ms(onset)}"
        )
    rest = parts[2]
    if column.is_matrix:
        if not (rest.startswith("(") and rest.endswith(")")):
            raise ImportFormatError(source, place, "matrix values must be in parentheses")
        values = _split_escaped(rest[1:-1])
        if len(values) != len(column.arguments):
            raise ImportFormatError(
                source,
                place,
                f"{len(values)} value(s) for the {len(column.arguments)} "
                f"argument(s) of {column.name!r}",
            )
    else:
        values = ["".join(_split_escaped(rest))]
    cleaned = [
        "" if v.strip() in ("", f"<{arg}>") else v.strip()
        for v, arg in zip(values, column.arguments, strict=True)
    ]
    return number, onset, offset, cleaned
