"""Import a BORIS project (``.boris`` JSON, or gzip-compressed ``.boris.gz``).

What is read (keys as BORIS writes them): ``project_format_version``, ``project_name``,
``subjects_conf`` ({index: {key, name, description}}), ``behaviors_conf`` (the
ethogram: type, key, code, description, category, color, modifiers, excluded),
``independent_variables`` and ``observations`` ({id: {type, file: {player: [paths]},
media_info: {length, fps, offset}, time offset, events, description,
independent_variables}}). An event is ``[time s, subject, code, modifiers, comment,
(frame index)]``; modifier sets are separated by ``|`` (``None`` = no value), the
choices of a multiple-choice set by ``,``.

A state behaviour is logged twice, START then STOP; events are paired per subject +
behaviour + modifiers. An unpaired START is an error listing every one, unless
``close_unpaired_at_end`` (then it ends at the end of the media, and that is reported).
Only media observations can be imported (frames need a video); live and image
observations are skipped and reported. Times in BORIS include the observation's
"time offset"; it is subtracted to get media time.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from interactioncoder.core.codebook import Subject
from interactioncoder.core.codebook.loader import check_codebook
from interactioncoder.core.limits import (
    MAX_DECOMPRESSED_BYTES,
    InputLimitError,
    gunzip_limited,
    is_digits,
)
from interactioncoder.exchange.importers.boris_ethogram import (
    NO_FOCAL,
    BorisBehaviour,
    EthogramResult,
    build_codebook,
    parse_behaviour,
    slug,
    strip_key,
)
from interactioncoder.exchange.importers.boris_events import pair_events, split_modifiers
from interactioncoder.exchange.importers.common import (
    ImportBundle,
    ImportedCoding,
    ImportedEvent,
    ImportedMedia,
    ImportedSession,
    ImportFormatError,
    decode_text,
    finite_number,
    read_bytes,
)

KNOWN_FORMAT = (7, 0)


def _load_json(source: Path) -> dict[str, Any]:
    data = read_bytes(source)
    if data[:2] == b"\x1f\x8b":
        try:
            data = gunzip_limited(data, MAX_DECOMPRESSED_BYTES, source)
        except InputLimitError as exc:
            raise ImportFormatError(source, exc.place, exc.message) from None
    text = decode_text(source, data)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            source, f"line {exc.lineno}, column {exc.colno}", f"not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        raise ImportFormatError(source, "", "JSON nested too deeply") from None
    if not isinstance(doc, dict):
        raise ImportFormatError(source, "top level", "a BORIS project is a JSON object")
    try:
        json.dumps(doc, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ImportFormatError(source, "", "text with invalid unicode escapes") from None
    return doc


def _check_version(source: Path, doc: Mapping[str, Any]) -> None:
    raw = doc.get("project_format_version")
    if raw is None:
        raise ImportFormatError(
            source, "project_format_version", "missing: is this a BORIS project?"
        )
    try:
        version = tuple(int(p) for p in str(raw).strip().split("."))
    except ValueError:
        raise ImportFormatError(source, "project_format_version", f"unreadable {raw!r}") from None
    if version > KNOWN_FORMAT:
        raise ImportFormatError(
            source,
            "project_format_version",
            f"format {raw} is newer than the BORIS format 7.0 this version reads; "
            "update interactioncoder",
        )


def _indexed(source: Path, doc: Mapping[str, Any], key: str) -> list[tuple[str, Any]]:
    value = doc.get(key, {})
    if not isinstance(value, dict):
        raise ImportFormatError(source, key, "must be an object of numbered entries")
    return sorted(
        value.items(),
        key=lambda kv: (
            not is_digits(str(kv[0]), 9),
            int(kv[0]) if is_digits(str(kv[0]), 9) else 0,
            str(kv[0]),
        ),
    )


def _combos(
    behaviours: list[BorisBehaviour], observations: Mapping[str, Any]
) -> dict[tuple[str, int], set[str]]:
    """Multiple-choice combinations each behaviour's events use (joined with ' + ')."""
    multi = {b.code: b for b in behaviours if any(m.kind == 1 for m in b.modifier_sets)}
    found: dict[tuple[str, int], set[str]] = {}
    for obs in observations.values():
        events = obs.get("events", []) if isinstance(obs, dict) else []
        for row in events if isinstance(events, list) else []:
            if not isinstance(row, list) or len(row) < 4 or not isinstance(row[2], str):
                continue
            if row[2] not in multi:
                continue
            b = multi[row[2]]
            for i, part in enumerate(
                split_modifiers(row[3], len(b.modifier_sets))[: len(b.modifier_sets)]
            ):
                chosen = [strip_key(p) for p in part.split(",") if strip_key(p)]
                if b.modifier_sets[i].kind == 1 and len(chosen) > 1:
                    found.setdefault((b.code, i), set()).add(" + ".join(chosen))
    return found


def read_boris(
    path: str | Path,
    coder: str | None = None,
    observation_coders: Mapping[str, str] | None = None,
    close_unpaired_at_end: bool = False,
) -> ImportBundle:
    source = Path(path)
    doc = _load_json(source)
    _check_version(source, doc)
    subjects = _read_subjects(source, doc)
    behaviours = _read_behaviours(source, doc)
    observations = doc.get("observations", {})
    if not isinstance(observations, dict):
        raise ImportFormatError(source, "observations", "must be an object")
    if not observations:
        raise ImportFormatError(source, "observations", "the project has no observations")
    if _uses_no_focal(source, subjects, observations):
        subjects = [*subjects, NO_FOCAL]
    ethogram = _make_ethogram(source, doc, subjects, behaviours, observations)
    notes = list(ethogram.notes)
    by_code = {b.code: b for b in behaviours}
    sessions: list[ImportedSession] = []
    for obs_id, obs in observations.items():
        obs_coder = (observation_coders or {}).get(obs_id, coder)
        session = _read_observation(
            source, str(obs_id), obs, obs_coder, ethogram, by_code, close_unpaired_at_end, notes
        )
        if session is not None:
            sessions.append(session)
    return ImportBundle(
        str(source), "boris", tuple(sessions), ethogram.codebook, notes=tuple(notes)
    )


def _read_subjects(source: Path, doc: Mapping[str, Any]) -> list[Subject]:
    subjects: list[Subject] = []
    taken: set[str] = set()
    for idx, raw in _indexed(source, doc, "subjects_conf"):
        if (
            not isinstance(raw, dict)
            or not isinstance(raw.get("name"), str)
            or not raw["name"].strip()
        ):
            raise ImportFormatError(source, f"subjects_conf {idx}", "a subject needs a 'name'")
        ident = slug(raw["name"], f"subject{idx}")
        while ident in taken:
            ident += "_"
        taken.add(ident)
        subjects.append(
            Subject(ident, raw["name"].strip(), str(raw.get("description", "") or "").strip())
        )
    return subjects


def _read_behaviours(source: Path, doc: Mapping[str, Any]) -> list[BorisBehaviour]:
    behaviours: list[BorisBehaviour] = []
    for idx, raw in _indexed(source, doc, "behaviors_conf"):
        parsed = parse_behaviour(raw)
        if isinstance(parsed, str):
            raise ImportFormatError(source, f"behaviors_conf {idx}", parsed)
        if any(b.code == parsed.code for b in behaviours):
            raise ImportFormatError(
                source, f"behaviors_conf {idx}", f"behaviour {parsed.code!r} defined twice"
            )
        behaviours.append(parsed)
    if not behaviours:
        raise ImportFormatError(source, "behaviors_conf", "the ethogram is empty")
    return behaviours


def _uses_no_focal(source: Path, subjects: list[Subject], observations: Mapping[str, Any]) -> bool:
    """Whether events without a subject occur (or no subjects are defined); an event
    naming a subject outside subjects_conf is refused."""
    known_subjects = {s.name for s in subjects}
    uses_no_focal = not subjects
    for obs_id, obs in observations.items():
        events = obs.get("events", []) if isinstance(obs, dict) else []
        for i, row in enumerate(events if isinstance(events, list) else []):
            if isinstance(row, list) and len(row) >= 3:
                subject = row[1] if isinstance(row[1], str) else ""
                if subject == "":
                    uses_no_focal = True
                elif subject not in known_subjects:
                    raise ImportFormatError(
                        source,
                        f"observation {obs_id!r} event {i + 1}",
                        f"subject {subject!r} is not in subjects_conf",
                    )
    return uses_no_focal


def _make_ethogram(
    source: Path,
    doc: Mapping[str, Any],
    subjects: list[Subject],
    behaviours: list[BorisBehaviour],
    observations: Mapping[str, Any],
) -> EthogramResult:
    name = str(doc.get("project_name", "") or source.stem.split(".")[0])
    try:
        ethogram = build_codebook(
            name,
            str(doc.get("project_date", "") or "1"),
            subjects,
            behaviours,
            _combos(behaviours, observations),
        )
        check_codebook(ethogram.codebook, str(source))
    except Exception as exc:  # any reason the ethogram is no valid codebook, said plainly
        raise ImportFormatError(
            source, "behaviors_conf", f"cannot make a codebook of it: {exc}"
        ) from None
    return ethogram


def _read_observation(
    source: Path,
    obs_id: str,
    obs: object,
    coder: str | None,
    ethogram: EthogramResult,
    by_code: Mapping[str, BorisBehaviour],
    close_unpaired_at_end: bool,
    notes: list[str],
) -> ImportedSession | None:
    """One observation as a session coded by *coder*, or None when it cannot be coded
    on video (the reason goes to *notes*)."""
    place = f"observation {obs_id!r}"
    if not isinstance(obs, dict):
        raise ImportFormatError(source, place, "must be an object")
    media = _codable_media(source, place, obs, notes)
    if media is None:
        return None
    end_ms = media[0].duration_ms if media else None
    events = _observation_events(
        source, place, obs, ethogram, by_code, end_ms, close_unpaired_at_end, notes
    )
    return ImportedSession(
        obs_id, (ImportedCoding(coder, tuple(events)),), tuple(media), _description(obs)
    )


def _codable_media(
    source: Path, place: str, obs: Mapping[str, Any], notes: list[str]
) -> list[ImportedMedia] | None:
    """The observation's videos, or None when it cannot be coded on video (the reason goes
    to *notes*, as does any camera BORIS shifts)."""
    kind = obs.get("type", "MEDIA")
    if kind != "MEDIA":
        notes.append(f"{place} skipped: a {kind} observation has no video to code on")
        return None
    media = _media(source, place, obs)
    if media is None:
        notes.append(f"{place} skipped: it plays several files one after another on player 1")
        return None
    for m in media:
        if m.offset_ms:
            notes.append(
                f"{place}: {m.camera} is shifted by {m.offset_ms / 1000:g} s (BORIS's player "
                "offset, taken as 'starts that much later'); check the cameras' sync"
            )
    return media


def _observation_events(
    source: Path,
    place: str,
    obs: Mapping[str, Any],
    ethogram: EthogramResult,
    by_code: Mapping[str, BorisBehaviour],
    end_ms: float | None,
    close_unpaired_at_end: bool,
    notes: list[str],
) -> list[ImportedEvent]:
    """The observation's events, states paired from their start and stop rows."""
    time_offset = finite_number(obs.get("time offset", 0.0))
    if time_offset is None:
        raise ImportFormatError(source, f"{place} 'time offset'", "must be a number")
    raw_events = obs.get("events", [])
    if not isinstance(raw_events, list):
        raise ImportFormatError(source, f"{place} events", "must be a list")
    return pair_events(
        source,
        place,
        raw_events,
        by_code,
        ethogram.code_ids,
        ethogram.modifier_ids,
        ethogram.codebook,
        time_offset * 1000.0,
        end_ms,
        close_unpaired_at_end,
        notes,
    )


def _description(obs: Mapping[str, Any]) -> str:
    """The observation's description, then its independent variables, one per line."""
    description = str(obs.get("description", "") or "").strip()
    variables = obs.get("independent_variables", {})
    if isinstance(variables, dict) and variables:
        description = "\n".join([description, *(f"{k}: {v}" for k, v in variables.items())]).strip()
    return description


def _media(source: Path, place: str, obs: Mapping[str, Any]) -> list[ImportedMedia] | None:
    files = obs.get("file", {})
    info = obs.get("media_info", {}) or {}
    if not isinstance(files, dict) or not isinstance(info, dict):
        raise ImportFormatError(source, f"{place} file", "must be an object of players")
    lengths = info.get("length", {}) or {}
    fps = info.get("fps", {}) or {}
    offsets = info.get("offset", {}) or {}
    out: list[ImportedMedia] = []
    for player in sorted(files, key=str):
        paths = files[player]
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise ImportFormatError(source, f"{place} file {player}", "must be a list of paths")
        if not paths:
            continue
        if len(paths) > 1 and not out:
            return None
        p = paths[0]
        resolved = Path(p) if Path(p).is_absolute() else source.parent / p
        where = f"{place} media_info"
        length = _given_number(source, f"{where} length", lengths, p)
        rate = _given_number(source, f"{where} fps", fps, p)
        shift = _given_number(source, f"{where} offset {player}", offsets, str(player))
        out.append(
            ImportedMedia(
                path=str(resolved),
                fps=rate if rate and rate > 0 else None,
                duration_ms=length * 1000.0 if length and length > 0 else None,
                offset_ms=(shift or 0.0) * 1000.0,
                camera=f"player {player}",
                is_master=not out,
            )
        )
    if not out:
        raise ImportFormatError(source, f"{place} file", "names no media file")
    return out


def _given_number(source: Path, place: str, table: object, key: str) -> float | None:
    """A number from a BORIS table: None when absent; a non-finite one is refused."""
    if not isinstance(table, dict) or table.get(key) is None:
        return None
    value = finite_number(table[key])
    if value is None:
        raise ImportFormatError(source, place, f"{table[key]!r} is not a finite number")
    return value
