"""Import an ELAN ``.eaf`` file: tiers' annotations -> events of a codebook.

Reads files written by :mod:`eaf_write` exactly (see :mod:`eaf_format`) and ELAN files
made by hand: an annotation value names a code by id or name, or through a mapping
(tier/value -> code id). Values that name no code are collected with their tier and
time and the import fails listing them all, unless ``skip_unknown`` (then they are
listed in the bundle's notes). Dependent tiers other than our modifier/comment tiers
are ignored and said so.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.events import ModifierValue
from interactioncoder.exchange import eaf_format as fmt
from interactioncoder.exchange.importers.common import (
    CodeResolver,
    ImportBundle,
    ImportedCoding,
    ImportedEvent,
    ImportedMedia,
    ImportedSession,
    ImportFormatError,
    UnknownValuesError,
    add_modifier,
    format_ms,
    is_point_code,
    read_bytes,
)

SUPPORTED_VERSION = (3, 0)


@dataclass
class _Tier:
    tier_id: str
    type_ref: str
    parent: str
    annotator: str
    aligned: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, ts1, ts2, value
    refs: list[tuple[str, str]] = field(default_factory=list)  # parent annotation id, value


def _version(source: Path, text: str | None, attribute: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in (text or "").strip().split("."))
    except ValueError:
        raise ImportFormatError(
            source, f"ANNOTATION_DOCUMENT {attribute}", f"unreadable version {text!r}"
        ) from None


def _parse_xml(source: Path, data: bytes) -> ET.Element:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        # EAF never declares entities; refusing them rules out entity-expansion bombs.
        raise ImportFormatError(source, "", "DTD/entity declarations are not allowed in EAF")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise ImportFormatError(
            source, f"line {line}, column {column + 1}", f"not well-formed XML ({exc.msg})"
        ) from None
    except (ValueError, LookupError) as exc:  # e.g. an unknown encoding declaration
        raise ImportFormatError(source, "line 1", f"unreadable XML ({exc})") from None


def _attr(source: Path, elem: ET.Element, name: str, where: str) -> str:
    value = elem.get(name)
    if value is None:
        raise ImportFormatError(source, where, f"<{elem.tag}> lacks the {name} attribute")
    return value


def _read_structure(
    source: Path, root: ET.Element
) -> tuple[dict[str, int], list[_Tier], list[ImportedMedia], dict[str, str]]:
    """(time slots in ms, tiers, media, header properties) of the document."""
    header = _check_document(source, root)
    properties, media = _read_header(source, header)
    slots = _read_time_slots(source, root)
    tiers = [_read_tier(source, elem) for elem in root.findall("TIER")]
    return slots, tiers, media, properties


def _check_document(source: Path, root: ET.Element) -> ET.Element | None:
    """An EAF this version reads, in milliseconds; returns its HEADER (if any)."""
    if root.tag != "ANNOTATION_DOCUMENT":
        raise ImportFormatError(source, f"<{root.tag}>", "not an ELAN annotation document")
    for attribute in ("VERSION", "FORMAT"):
        if (
            root.get(attribute) is not None
            and _version(source, root.get(attribute), attribute) > SUPPORTED_VERSION
        ):
            raise ImportFormatError(
                source,
                f"ANNOTATION_DOCUMENT {attribute}",
                f"EAF {root.get(attribute)} is newer than the EAF 3.0 this version reads; "
                "save it from ELAN as EAF 3.0 or update interactioncoder",
            )
    header = root.find("HEADER")
    if header is not None and header.get("TIME_UNITS", "milliseconds") != "milliseconds":
        raise ImportFormatError(
            source, "HEADER TIME_UNITS", f"unsupported time units {header.get('TIME_UNITS')!r}"
        )
    return header


def _read_header(
    source: Path, header: ET.Element | None
) -> tuple[dict[str, str], list[ImportedMedia]]:
    """(properties, media): the first media file is the master."""
    properties: dict[str, str] = {}
    media: list[ImportedMedia] = []
    for elem in header if header is not None else ():
        if elem.tag == "PROPERTY":
            properties[elem.get("NAME", "")] = elem.text or ""
        elif elem.tag == "MEDIA_DESCRIPTOR":
            url = _attr(source, elem, "MEDIA_URL", "HEADER MEDIA_DESCRIPTOR")
            parsed = urlparse(url)
            path = unquote(parsed.path) if parsed.scheme == "file" else url
            origin = elem.get("TIME_ORIGIN", "0")
            try:
                offset = -float(int(origin))
            except (ValueError, OverflowError):
                raise ImportFormatError(
                    source, f"MEDIA_DESCRIPTOR {url}", f"TIME_ORIGIN {origin!r} is not an integer"
                ) from None
            media.append(ImportedMedia(path=path, offset_ms=offset, is_master=not media))
    return properties, media


def _read_time_slots(source: Path, root: ET.Element) -> dict[str, int]:
    slots: dict[str, int] = {}
    for slot in root.iter("TIME_SLOT"):
        slot_id = _attr(source, slot, "TIME_SLOT_ID", "TIME_ORDER")
        value = slot.get("TIME_VALUE")
        if value is None:
            continue  # unaligned slot: only an annotation using it is an error
        try:
            slots[slot_id] = int(value)
        except ValueError:
            raise ImportFormatError(
                source, f"TIME_SLOT {slot_id}", f"TIME_VALUE {value!r} is not whole milliseconds"
            ) from None
        if not 0 <= slots[slot_id] < 2**53:
            raise ImportFormatError(source, f"TIME_SLOT {slot_id}", f"time {value} out of range")
    return slots


def _read_tier(source: Path, elem: ET.Element) -> _Tier:
    tier_id = _attr(source, elem, "TIER_ID", "TIER")
    tier = _Tier(
        tier_id,
        elem.get("LINGUISTIC_TYPE_REF", ""),
        elem.get("PARENT_REF", ""),
        elem.get("ANNOTATOR", ""),
    )
    where = f"tier {tier_id!r}"
    for wrapper in elem.findall("ANNOTATION"):
        for ann in wrapper:
            value = ann.findtext("ANNOTATION_VALUE") or ""
            aid = _attr(source, ann, "ANNOTATION_ID", where)
            if ann.tag == "ALIGNABLE_ANNOTATION":
                ts1 = _attr(source, ann, "TIME_SLOT_REF1", f"{where} annotation {aid}")
                ts2 = _attr(source, ann, "TIME_SLOT_REF2", f"{where} annotation {aid}")
                tier.aligned.append((aid, ts1, ts2, value))
            elif ann.tag == "REF_ANNOTATION":
                ref = _attr(source, ann, "ANNOTATION_REF", f"{where} annotation {aid}")
                tier.refs.append((ref, value))
    return tier


# (coder, role) -> that coding's events
_PerCoder = dict[tuple[str | None, str | None], list[ImportedEvent]]


def read_eaf(
    path: str | Path,
    codebook: Codebook,
    mapping: Mapping[tuple[str, str], str] | None = None,
    skip_unknown: bool = False,
    coder: str | None = None,
    annotator: str | None = None,
) -> ImportBundle:
    """Parse *path* into a bundle of one session with one coding per annotator.

    *annotator* (if given) keeps only the tiers whose ``ANNOTATOR`` it is. *coder* (if
    given) takes every kept tier; otherwise each tier's ``ANNOTATOR`` names its coder
    (tiers without one get coder None, which the caller must supply).
    """
    source = Path(path)
    root = _parse_xml(source, read_bytes(source))
    slots, tiers, media, properties = _read_structure(source, root)
    resolver = CodeResolver(codebook, mapping)
    resolver.check_mapping(source)
    notes: list[str] = []
    unknown: list[str] = []
    by_id = {t.tier_id: t for t in tiers}
    events_of = _TierEvents(
        source, codebook, resolver, slots, _dependent_values(source, tiers, by_id, notes)
    )
    per_coder: _PerCoder = {}
    for tier in _coded_tiers(source, tiers, annotator, coder, notes):
        tier_coder, role = (coder, None) if coder is not None else _coder_role(tier.annotator)
        per_coder.setdefault((tier_coder, role), []).extend(events_of.tier(tier, unknown))
    if unknown:
        if not skip_unknown:
            raise UnknownValuesError(source, unknown)
        notes.append(f"skipped {len(unknown)} annotation(s) naming no code:")
        notes.extend(f"  {u}" for u in unknown)
    return _bundle(source, properties, media, per_coder, notes)


def _bundle(
    source: Path,
    properties: dict[str, str],
    media: list[ImportedMedia],
    per_coder: _PerCoder,
    notes: list[str],
) -> ImportBundle:
    """The one session, with a coding per (coder, role) that has events."""
    codings = tuple(
        ImportedCoding(name, tuple(events), role)
        for (name, role), events in per_coder.items()
        if events
    )
    session = ImportedSession(
        name=properties.get(fmt.PROP_SESSION) or properties.get("session") or source.stem,
        codings=codings,
        media=tuple(media),
    )
    return ImportBundle(
        source=str(source),
        format="eaf",
        sessions=(session,),
        codebook_sha256=properties.get(fmt.PROP_CODEBOOK_SHA, ""),
        notes=tuple(notes),
    )


def _coded_tiers(
    source: Path, tiers: list[_Tier], annotator: str | None, coder: str | None, notes: list[str]
) -> list[_Tier]:
    """The independent tiers to import: *annotator*'s only, when given."""
    if annotator is not None:
        present = sorted({t.annotator for t in tiers if not t.parent})
        if annotator not in present:
            raise ImportFormatError(
                source, "--annotator", f"no tier of {annotator!r} (annotators: {present})"
            )
        tiers = [t for t in tiers if t.annotator == annotator or t.parent]
    if coder is not None:
        several = sorted({t.annotator for t in tiers if not t.parent and t.aligned})
        if len(several) > 1:
            notes.append(
                f"tiers of {len(several)} annotators ({', '.join(several)}) all imported as "
                f"{coder!r}; use --annotator to take one"
            )
    return [t for t in tiers if not t.parent]


@dataclass(frozen=True)
class _TierEvents:
    """Turns a tier's time-aligned annotations into events of the codebook."""

    source: Path
    codebook: Codebook
    resolver: CodeResolver
    slots: dict[str, int]
    # parent annotation id -> (modifiers text, comment), from the dependent tiers
    extras: dict[str, tuple[str, str]]

    def tier(self, tier: _Tier, unknown: list[str]) -> list[ImportedEvent]:
        """The events; values that name no code are added to *unknown*."""
        events: list[ImportedEvent] = []
        for aid, ts1, ts2, value in tier.aligned:
            start, end = self._times(f"tier {tier.tier_id!r} annotation {aid}", ts1, ts2)
            place = f"tier {tier.tier_id!r} at {format_ms(start)}"
            code_id = self.resolver.resolve(tier.tier_id, value)
            if code_id is None:
                unknown.append(f"{place}: {value!r}")
                continue
            if code_id == CodeResolver.IGNORE:
                continue
            modifiers_text, comment = self.extras.get(aid, ("", ""))
            modifiers, running = _modifiers(
                self.source, self.codebook, code_id, modifiers_text, place
            )
            if is_point_code(self.codebook, code_id):
                offset: float | None = float(start)
            else:
                offset = None if running else float(end)
            events.append(ImportedEvent(code_id, float(start), offset, modifiers, comment, place))
        return events

    def _times(self, place: str, ts1: str, ts2: str) -> tuple[int, int]:
        for ts in (ts1, ts2):
            if ts not in self.slots:
                raise ImportFormatError(self.source, place, f"time slot {ts!r} has no time value")
        start, end = self.slots[ts1], self.slots[ts2]
        if end < start:
            raise ImportFormatError(
                self.source,
                place,
                f"ends ({format_ms(end)}) before it starts ({format_ms(start)})",
            )
        return start, end


def _coder_role(annotator: str) -> tuple[str | None, str | None]:
    """``"Ana reliability"`` -> ("Ana", "reliability"): how exports label non-primary codings."""
    name = annotator.strip()
    for role in ("reliability", "consensus"):
        if name.endswith(" " + role) and name[: -len(role)].strip():
            return name[: -len(role)].strip(), role
    return (name or None), None


def _dependent_values(
    source: Path, tiers: list[_Tier], by_id: dict[str, _Tier], notes: list[str]
) -> dict[str, tuple[str, str]]:
    """Parent annotation id -> (modifiers text, comment) from our dependent tiers."""
    mods: dict[str, str] = {}
    comments: dict[str, str] = {}
    for tier in tiers:
        if not tier.parent:
            continue
        if tier.parent not in by_id:
            raise ImportFormatError(
                source, f"tier {tier.tier_id!r}", f"parent tier {tier.parent!r} does not exist"
            )
        if tier.type_ref == fmt.MODIFIERS_TYPE or tier.tier_id.endswith(fmt.MODIFIERS_SUFFIX):
            target = mods
        elif tier.type_ref == fmt.COMMENTS_TYPE or tier.tier_id.endswith(fmt.COMMENTS_SUFFIX):
            target = comments
        else:
            notes.append(f"dependent tier {tier.tier_id!r} ignored (not modifiers or comments)")
            continue
        for parent_annotation, value in tier.refs:
            target[parent_annotation] = value
    return {aid: (mods.get(aid, ""), comments.get(aid, "")) for aid in set(mods) | set(comments)}


def _modifiers(
    source: Path, codebook: Codebook, code_id: str, text: str, place: str
) -> tuple[dict[str, ModifierValue], bool]:
    values: dict[str, ModifierValue] = {}
    running = False
    for key, raw in fmt.split_modifiers(text):
        if key == fmt.RUNNING_FLAG and raw is None:
            running = True
            continue
        add_modifier(values, source, place, codebook, code_id, key, raw)
    return values, running
