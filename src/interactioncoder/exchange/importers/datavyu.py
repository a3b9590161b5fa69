"""Import a Datavyu ``.opf`` file (a ZIP holding ``db`` and ``project``).

``db`` is Datavyu's text spreadsheet: a version line (``#4``), then per column a header
``name (MATRIX,visible,comment)-arg|TYPE,arg|TYPE`` followed by its cells
``HH:MM:SS:mmm,HH:MM:SS:mmm,(value,value)`` (non-matrix columns hold one bare value).
``\\`` escapes ``,``, ``(``, ``)``, ``-`` and itself; a line ending in ``\\`` continues.
``project`` is YAML (``!project`` with ``viewerSettingsList`` of media feeds and offsets).

Each column is one code group; the code of a cell is the value of its *code argument*
(``code_argument``, default an argument named ``code``, else the first); its other
arguments are modifiers. With a project codebook, values are looked up in it (by code
id, name or mapping, as for ELAN); without one, a codebook is built from the columns:
distinct values become codes (point when every such cell has onset == offset), other
arguments become choice (or number) modifiers of the values seen, and a column whose
cells never overlap becomes an exclusive group (reported).
"""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from interactioncoder.core.codebook import (
    Code,
    Codebook,
    CodeGroup,
    CodeKind,
    Modifier,
    ModifierChoice,
    ModifierKind,
    Subject,
)
from interactioncoder.core.codebook.loader import check_codebook
from interactioncoder.core.events import ModifierValue
from interactioncoder.core.limits import (
    InputLimitError,
    LimitedSafeLoader,
    read_stream_limited,
    yaml_load_limited,
)
from interactioncoder.exchange.importers.boris_ethogram import PALETTE, free_keys, slug
from interactioncoder.exchange.importers.common import (
    CodeResolver,
    ImportBundle,
    ImportedCoding,
    ImportedEvent,
    ImportedMedia,
    ImportedSession,
    ImportFormatError,
    UnknownValuesError,
    decode_text,
    finite_number,
    format_ms,
    parse_modifier_value,
    read_bytes,
)
from interactioncoder.exchange.importers.datavyu_db import Column, parse_db

MAX_UNZIPPED = 64 * 1024 * 1024


class _AnyTagLoader(LimitedSafeLoader):
    """Safe YAML that reads Datavyu's own tags (!project, !vs) as plain data."""


def _construct_any(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_AnyTagLoader.add_multi_constructor("!", _construct_any)
_AnyTagLoader.add_multi_constructor("tag:", _construct_any)


def _project(source: Path, text: str) -> tuple[str, list[ImportedMedia]]:
    try:
        data = yaml_load_limited(text, _AnyTagLoader)
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"project line {mark.line + 1}" if mark else "project"
        raise ImportFormatError(source, where, "not valid YAML") from None
    if not isinstance(data, dict):
        return "", []
    media: list[ImportedMedia] = []
    viewers = data.get("viewerSettingsList") or data.get("viewerSettings") or []
    for v in viewers if isinstance(viewers, list) else []:
        if isinstance(v, dict) and isinstance(v.get("feed"), str):
            offset = finite_number(v.get("offset", 0)) or 0.0
            media.append(ImportedMedia(v["feed"], offset_ms=offset, is_master=not media))
    name = data.get("name")
    return (name if isinstance(name, str) else ""), media


def _unzip(source: Path) -> tuple[str, str]:
    data = read_bytes(source)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # zipfile raises many types for damaged or exotic archives
        raise ImportFormatError(source, "", f"not a Datavyu .opf (ZIP) file ({exc})") from None
    with archive:
        names = {Path(n).name: n for n in archive.namelist() if not n.startswith("__MACOSX")}
        if "db" not in names:
            raise ImportFormatError(source, "", "the archive has no 'db' spreadsheet")
        texts = []
        for member in ("db", "project"):
            if member not in names:
                texts.append("")
                continue
            try:  # the header's size is not trusted: the bytes are counted as they come
                with archive.open(names[member]) as stream:
                    data = read_stream_limited(stream, MAX_UNZIPPED, source, member)
            except InputLimitError as exc:
                raise ImportFormatError(source, member, exc.message) from None
            except Exception as exc:  # damaged member: bad CRC, bad compressed data, ...
                raise ImportFormatError(source, member, f"damaged archive member ({exc})") from None
            texts.append(decode_text(source, data) if data.strip() else "")
    return texts[0], texts[1]


def read_opf(
    path: str | Path,
    codebook: Codebook | None = None,
    mapping: Mapping[tuple[str, str], str] | None = None,
    skip_unknown: bool = False,
    code_argument: str | None = None,
    subject: str | None = None,
    coder: str | None = None,
) -> ImportBundle:
    """Parse *path*; with *codebook* None a codebook is built from the columns."""
    source = Path(path)
    db_text, project_text = _unzip(source)
    if not db_text.strip():
        raise ImportFormatError(source, "db", "the spreadsheet is empty")
    columns = parse_db(source, db_text)
    name, media = _project(source, project_text) if project_text.strip() else ("", [])
    notes: list[str] = []
    for column in [c for c in columns if c.is_text]:
        notes.append(f"column {column.name!r} holds free text, not codes: skipped")
    columns = [c for c in columns if not c.is_text]
    code_index = {}
    for column in columns:
        if code_argument is not None:
            if code_argument not in column.arguments:
                raise ImportFormatError(
                    source,
                    f"column {column.name!r}",
                    f"has no argument {code_argument!r} (it has {', '.join(column.arguments)})",
                )
            code_index[column.name] = column.arguments.index(code_argument)
        else:
            code_index[column.name] = (
                column.arguments.index("code") if "code" in column.arguments else 0
            )
    built = None
    if codebook is None:
        built = _build_codebook(source, name or source.stem, columns, code_index, subject, notes)
        codebook = built
    events = _events(
        source, codebook, columns, code_index, mapping, skip_unknown, built is not None, notes
    )
    session = ImportedSession(
        name or source.stem, (ImportedCoding(coder, tuple(events)),), tuple(media)
    )
    return ImportBundle(str(source), "opf", (session,), built, notes=tuple(notes))


def _build_codebook(
    source: Path,
    name: str,
    columns: list[Column],
    code_index: dict[str, int],
    subject: str | None,
    notes: list[str],
) -> Codebook:
    """A codebook of the columns: a group per column, a code per value in it."""
    subjects: dict[str, Subject] = {}
    groups: list[CodeGroup] = []
    keys = free_keys()
    code_ids: set[str] = set()
    for column in columns:
        subj_name = subject or column.name
        subj = subjects.setdefault(
            subj_name, Subject(slug(subj_name, f"subject{len(subjects) + 1}"), subj_name)
        )
        ci = code_index[column.name]
        codes = [_value_code(column, ci, value, keys, code_ids) for value in _values(column, ci)]
        spans = sorted((c[1], c[2]) for c in column.cells if c[2] > c[1])
        exclusive = all(c.kind is CodeKind.STATE for c in codes) and all(
            b[0] >= a[1] for a, b in itertools.pairwise(spans)
        )
        if exclusive and len(codes) > 1:
            notes.append(f"column {column.name!r}: cells never overlap, so its group is exclusive")
        if codes:
            groups.append(
                CodeGroup(
                    slug(column.name, f"column{len(groups) + 1}"),
                    column.name,
                    subj.id,
                    exclusive,
                    tuple(codes),
                )
            )
    if not groups:
        raise ImportFormatError(source, "db", "no cell has a code value")
    return _checked_codebook(source, name, tuple(subjects.values()), tuple(groups))


def _checked_codebook(
    source: Path, name: str, subjects: tuple[Subject, ...], groups: tuple[CodeGroup, ...]
) -> Codebook:
    """The codebook, if it would load back from its own file; else an import error."""
    codebook = Codebook(
        slug(name, "datavyu"),
        name.strip() or "Datavyu",
        "1",
        "Imported from Datavyu",
        subjects,
        groups,
    )
    try:
        check_codebook(codebook, str(source))
    except Exception as exc:  # any reason the columns make no valid codebook, said plainly
        raise ImportFormatError(
            source, "db", f"cannot make a codebook of the columns: {exc}"
        ) from None
    return codebook


def _values(column: Column, ci: int) -> list[str]:
    """The column's code values (argument *ci*), in order of first use."""
    return list(dict.fromkeys(c[3][ci] for c in column.cells if c[3][ci]))


def _value_code(
    column: Column, ci: int, value: str, keys: Iterator[str], code_ids: set[str]
) -> Code:
    """The code of one value: a point when all its cells are; its next free key and an id
    unique among *code_ids* (added to them)."""
    cells = [c for c in column.cells if c[3][ci] == value]
    point = all(c[1] == c[2] for c in cells)
    modifiers = _value_modifiers(column, ci, cells)
    base = slug(f"{column.name}_{value}", "code")
    cid, n = base, 2
    while cid in code_ids:
        cid, n = f"{base}_{n}", n + 1
    code_ids.add(cid)
    return Code(
        cid,
        value,
        CodeKind.POINT if point else CodeKind.STATE,
        next(keys),
        PALETTE[len(code_ids) % len(PALETTE)],
        modifiers=tuple(modifiers),
    )


def _value_modifiers(
    column: Column, ci: int, cells: list[tuple[int, float, float, list[str]]]
) -> list[Modifier]:
    """A modifier per other argument used in *cells*: a number when all its values are
    numbers, else a choice of the values seen."""
    modifiers = []
    for ai, arg in enumerate(column.arguments):
        if ai == ci:
            continue
        seen = list(dict.fromkeys(c[3][ai] for c in cells if c[3][ai]))
        if not seen:
            continue
        if all(finite_number(v) is not None for v in seen):
            modifiers.append(Modifier(slug(arg, f"arg{ai}"), arg, ModifierKind.NUMBER))
        else:
            choices = tuple(ModifierChoice(f"c{i + 1}", v) for i, v in enumerate(seen))
            modifiers.append(Modifier(slug(arg, f"arg{ai}"), arg, ModifierKind.CHOICE, choices))
    return modifiers


def _events(
    source: Path,
    codebook: Codebook,
    columns: list[Column],
    code_index: dict[str, int],
    mapping: Mapping[tuple[str, str], str] | None,
    skip_unknown: bool,
    built: bool,
    notes: list[str],
) -> list[ImportedEvent]:
    resolver = CodeResolver(codebook, mapping)
    resolver.check_mapping(source)
    unknown: list[str] = []
    events: list[ImportedEvent] = []
    for column in columns:
        ci = code_index[column.name]
        for index, (line, onset, offset, values) in enumerate(column.cells, start=1):
            place = f"column {column.name!r} cell {index} (db line {line}) at {format_ms(onset)}"
            value = values[ci]
            if not value:
                notes.append(f"{place}: no code value; cell skipped")
                continue
            if built:
                code_id = _built_code(codebook, column.name, value)
            else:
                resolved = resolver.resolve(column.name, value)
                if resolved is None:
                    unknown.append(f"{place}: {value!r}")
                    continue
                if resolved == CodeResolver.IGNORE:
                    continue
                code_id = resolved
            modifiers = _cell_modifiers(
                source, place, codebook, code_id, column.arguments, ci, values, built, notes
            )
            point = codebook.code(code_id).kind is CodeKind.POINT
            events.append(
                ImportedEvent(code_id, onset, onset if point else offset, modifiers, "", place)
            )
    if unknown:
        if not skip_unknown:
            raise UnknownValuesError(source, unknown)
        notes.append(f"skipped {len(unknown)} cell(s) naming no code:")
        notes.extend(f"  {u}" for u in unknown)
    events.sort(key=lambda e: (e.onset_ms, e.code_id))
    return events


def _cell_modifiers(
    source: Path,
    place: str,
    codebook: Codebook,
    code_id: str,
    arguments: list[str],
    ci: int,
    values: list[str],
    built: bool,
    notes: list[str],
) -> dict[str, ModifierValue]:
    """The cell's other arguments as modifiers of its code. A value the code cannot take
    is an error in a codebook built from the file, else ignored with a note."""
    modifiers: dict[str, ModifierValue] = {}
    for ai, arg in enumerate(arguments):
        if ai == ci or not values[ai]:
            continue
        parsed = parse_modifier_value(codebook, code_id, arg, values[ai])
        if isinstance(parsed, str):
            if built:
                raise ImportFormatError(source, place, parsed)
            notes.append(f"{place}: argument {arg!r} ignored ({parsed})")
            continue
        modifiers[parsed[0]] = parsed[1]
    return modifiers


def _built_code(codebook: Codebook, column: str, value: str) -> str:
    for group in codebook.groups:
        if group.name == column:
            for code in group.codes:
                if code.name == value:
                    return code.id
    raise KeyError(value)
