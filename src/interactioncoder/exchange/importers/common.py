"""What every importer shares: the error type, the parsed bundle, code look-up, timing.

Every importer works in two steps. *Parsing* reads a foreign file into an
:class:`ImportBundle` of plain values (times in milliseconds, code ids of a codebook,
media paths) without touching a project; every problem found is an
:class:`ImportFormatError` naming the file and the place (line, tier, cell, row).
*Applying* (:mod:`interactioncoder.exchange.importers.apply`) turns the bundle into
sessions, codings and frame-exact events inside ONE ``repo.atomic()`` transaction, so a
failure anywhere leaves the project exactly as it was.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from interactioncoder.core.codebook import Code, Codebook, CodeKind, ModifierKind
from interactioncoder.core.events import ModifierValue
from interactioncoder.core.limits import MAX_IMPORT_BYTES, InputLimitError, read_regular_file
from interactioncoder.core.timebase import Timebase

# Files larger than MAX_IMPORT_BYTES are refused before parsing (an event file is
# kilobytes to a few megabytes; a gigabyte "CSV" is a wrong file). See core/limits.py.


class ImportFormatError(Exception):
    """A foreign file cannot be imported: says which file, where in it, and why."""

    def __init__(self, file: str | Path, place: str, message: str) -> None:
        self.file = str(file)
        self.place = place
        self.message = message
        where = f"{self.file}: {place}: " if place else f"{self.file}: "
        super().__init__(where + message)


class UnknownValuesError(ImportFormatError):
    """Values that name no code of the codebook (each with where it was found)."""

    def __init__(self, file: str | Path, unknown: list[str]) -> None:
        self.unknown = list(unknown)
        shown = "\n  ".join(unknown[:50])
        more = f"\n  ... and {len(unknown) - 50} more" if len(unknown) > 50 else ""
        super().__init__(
            file,
            "",
            f"{len(unknown)} value(s) name no code of the codebook "
            f"(map them with --mapping, or pass --skip-unknown):\n  {shown}{more}",
        )


# -- the parsed bundle ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)  # slots: a million of them stay small
class ImportedEvent:
    """An event as found in the file: times in ms on the session clock.

    ``offset_ms`` equals ``onset_ms`` for a point, is ``None`` for a running state.
    ``place`` says where it came from (for messages about it). Formats that give frame
    indexes (a CSV in frames) set ``onset_frame``/``offset_frame``, which then win.
    """

    code_id: str
    onset_ms: float
    offset_ms: float | None
    modifiers: Mapping[str, ModifierValue] = field(default_factory=dict)
    comment: str = ""
    place: str = ""
    onset_frame: int | None = None
    offset_frame: int | None = None


@dataclass(frozen=True)
class ImportedCoding:
    """The events one coder made of one session (``coder`` None: given by the caller).

    ``role`` ("primary", "reliability", "consensus") when the file says it; else the
    caller's choice applies.
    """

    coder: str | None
    events: Sequence[ImportedEvent]  # a tuple, or a compact ImportedEventTable (CSV)
    role: str | None = None


@dataclass(frozen=True)
class ImportedMedia:
    """A media file named by the foreign file (it may no longer be where it was)."""

    path: str
    fps: float | None = None
    duration_ms: float | None = None
    offset_ms: float = 0.0  # session time t shows media time t - offset_ms
    camera: str = ""
    is_master: bool = False


@dataclass(frozen=True)
class ImportedSession:
    name: str
    codings: tuple[ImportedCoding, ...]
    media: tuple[ImportedMedia, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class ImportBundle:
    """Everything parsed from one foreign file, before it touches a project."""

    source: str
    format: str
    sessions: tuple[ImportedSession, ...]
    codebook: Codebook | None = None  # a codebook built from the file (BORIS, Datavyu)
    codebook_sha256: str = ""  # the codebook the file says it was coded with (our EAF)
    notes: tuple[str, ...] = ()  # non-fatal things the user must hear about

    def event_count(self) -> int:
        return sum(len(c.events) for s in self.sessions for c in s.codings)


# -- reading files -------------------------------------------------------------------------


def read_bytes(path: Path, max_bytes: int = MAX_IMPORT_BYTES) -> bytes:
    """The file's bytes; refuses missing, empty, non-regular and too large files."""
    try:
        data = read_regular_file(path, max_bytes)
    except InputLimitError as exc:
        raise ImportFormatError(path, exc.place, exc.message) from None
    if not data.strip():
        raise ImportFormatError(path, "", "the file is empty")
    return data


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), else a clear error naming the byte offset."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(
            path, f"byte {exc.start}", "the file is not UTF-8 text (is it the right file?)"
        ) from None


def format_ms(ms: float) -> str:
    """A time for messages: ``83.250 s``."""
    return f"{ms / 1000.0:.3f} s"


def finite_number(text: object) -> float | None:
    """*text* as a finite float, else None (NaN, infinities and non-numbers are refused)."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        value = float(text)
    elif isinstance(text, str):
        try:
            value = float(text.strip())
        except ValueError:
            return None
    else:
        return None
    return value if math.isfinite(value) else None


# -- codes by id, name or mapping ------------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip()).casefold()


class CodeResolver:
    """Finds the code a foreign value names: mapping first, then code id, then code name.

    A mapping is ``{(scope, value): code_id}`` where scope is a tier or column name, or
    ``"*"`` for any (a value of ``"*"`` maps every value of that scope); a mapped code id
    of ``""`` means "ignore this value on purpose".
    Names are matched case- and space-insensitively; a name shared by two codes is
    resolved within the group the scope names (tier or column = group id or name), else
    it is ambiguous and reported. A scope may also name a subject (id or name).
    """

    def __init__(
        self, codebook: Codebook, mapping: Mapping[tuple[str, str], str] | None = None
    ) -> None:
        self.codebook = codebook
        self.mapping = {
            (scope, value.strip()): code for (scope, value), code in (mapping or {}).items()
        }
        self._by_id = {c.id: c for c in codebook.codes()}
        self._by_name: dict[str, list[Code]] = {}
        for code in codebook.codes():
            self._by_name.setdefault(_norm(code.name), []).append(code)
            if _norm(code.id) != _norm(code.name):
                self._by_name.setdefault(_norm(code.id), []).append(code)

    IGNORE = ""

    def check_mapping(self, source: str | Path) -> None:
        """Refuse a mapping that names codes the codebook does not have."""
        bad = sorted({c for c in self.mapping.values() if c and c not in self._by_id})
        if bad:
            raise ImportFormatError(
                source, "--mapping", f"maps to codes not in the codebook: {', '.join(bad)}"
            )

    def resolve(self, scope: str, value: str) -> str | None:
        """The code id, ``""`` for a value mapped to be ignored, None when unknown."""
        value = value.strip()
        for key in ((scope, value), (scope, "*"), ("*", value)):
            if key in self.mapping:
                return self.mapping[key]
        if value in self._by_id:
            return value
        candidates = self._by_name.get(_norm(value), [])
        if len(candidates) == 1:
            return candidates[0].id
        if len(candidates) > 1:
            group_ids = self._groups_named(scope)
            inside = [c for c in candidates if self.codebook.group_of(c.id).id in group_ids]
            if len(inside) == 1:
                return inside[0].id
        return None

    def _groups_named(self, scope: str) -> set[str]:
        wanted = _norm(scope)
        return {
            g.id
            for g in self.codebook.groups
            if wanted
            in (_norm(g.id), _norm(g.name), _norm(g.subject), self._subject_name(g.subject))
        }

    def _subject_name(self, subject_id: str) -> str:
        for s in self.codebook.subjects:
            if s.id == subject_id:
                return _norm(s.name)
        return ""

    def code(self, code_id: str) -> Code:
        return self._by_id[code_id]


def parse_modifier_value(
    codebook: Codebook, code_id: str, modifier_ref: str, raw: str
) -> tuple[str, ModifierValue] | str:
    """``(modifier id, value)`` for a ``modifier=value`` pair, or an error message.

    The modifier may be named by id or name, a choice by id or name; a number must be
    finite and within the modifier's range.
    """
    code = codebook.code(code_id)
    wanted = _norm(modifier_ref)
    modifier = next((m for m in code.modifiers if wanted in (_norm(m.id), _norm(m.name))), None)
    if modifier is None:
        return f"code {code_id!r} has no modifier {modifier_ref!r}"
    raw = raw.strip()
    if modifier.kind is ModifierKind.NUMBER:
        number = finite_number(raw)
        if number is None:
            return f"modifier {modifier.id!r} needs a number, not {raw!r}"
        if (modifier.minimum is not None and number < modifier.minimum) or (
            modifier.maximum is not None and number > modifier.maximum
        ):
            return (
                f"modifier {modifier.id!r} value {number:g} is outside "
                f"{modifier.minimum}..{modifier.maximum}"
            )
        return modifier.id, number
    wanted_choice = _norm(raw)
    for choice in modifier.choices:
        if wanted_choice in (_norm(choice.id), _norm(choice.name)):
            return modifier.id, choice.id
    return f"modifier {modifier.id!r} has no choice {raw!r}"


def is_point_code(codebook: Codebook, code_id: str) -> bool:
    return codebook.code(code_id).kind is CodeKind.POINT


# -- ms -> frames ----------------------------------------------------------------------------


def nearest_frame(timebase: Timebase, ms: float) -> int:
    """The frame whose start time is nearest to *ms*.

    Formats that store whole milliseconds (ELAN) round a VFR frame's time such as
    33.3667 ms to 33; the *nearest* frame start recovers the exact frame, where "the
    frame on screen at 33 ms" would be the frame before. ``frame_count`` (one past the
    last frame) is returned for a time nearest the end of the video: a state running to
    the end has that as its offset frame.
    """
    times = timebase.frame_times_ms
    i = bisect_left(times, ms)
    best = min(
        (j for j in (i - 1, i) if 0 <= j < len(times)),
        key=lambda j: abs(times[j] - ms),
    )
    if abs(timebase.duration_ms - ms) < abs(times[best] - ms):
        return len(times)
    return best


def frame_time(timebase: Timebase, frame: int) -> float:
    """A frame's start time; one past the last frame starts at the video's end."""
    if frame == timebase.frame_count:
        return timebase.duration_ms
    return timebase.frame_to_ms(frame)


def check_in_video(
    source: str, event: ImportedEvent, timebase: Timebase, tolerance_ms: float
) -> None:
    """Refuse an event that starts before the video or ends after it (beyond tolerance)."""
    end = event.offset_ms if event.offset_ms is not None else event.onset_ms
    if event.onset_ms < timebase.start_ms - tolerance_ms:
        raise ImportFormatError(
            source, event.place, f"starts at {format_ms(event.onset_ms)}, before the video"
        )
    if end > timebase.duration_ms + tolerance_ms:
        raise ImportFormatError(
            source,
            event.place,
            f"ends at {format_ms(end)}, after the video's end ({format_ms(timebase.duration_ms)})",
        )


def unique_name(base: str, taken: Iterable[str]) -> str:
    """*base*, or *base* with `` (2)``, `` (3)``... so it differs from every taken name."""
    used = set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base} ({n})" in used:
        n += 1
    return f"{base} ({n})"


def add_modifier(
    values: dict[str, ModifierValue],
    source: Path | str,
    place: str,
    codebook: Codebook,
    code_id: str,
    key: str,
    raw: str | None,
) -> None:
    """Parse one ``key=value`` modifier into *values*, or raise :class:`ImportFormatError`."""
    if raw is None:
        raise ImportFormatError(source, place, f"modifier {key!r} has no value (key=value)")
    parsed = parse_modifier_value(codebook, code_id, key, raw)
    if isinstance(parsed, str):
        raise ImportFormatError(source, place, parsed)
    values[parsed[0]] = parsed[1]
