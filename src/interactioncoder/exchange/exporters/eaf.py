"""Export codings to an ELAN ``.eaf`` file (EAF 3.0); layout in :mod:`eaf_format`."""

from __future__ import annotations

import mimetypes
import os
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from interactioncoder.core.codebook import Codebook, CodeKind
from interactioncoder.core.events import Event
from interactioncoder.core.timebase import Timebase
from interactioncoder.exchange import eaf_format as fmt
from interactioncoder.exchange.atomic import atomic_write_bytes
from interactioncoder.exchange.importers.common import frame_time, unique_name


@dataclass(frozen=True)
class EafCoding:
    """One coder's events (frames of the session's master video)."""

    coder: str
    events: Sequence[Event]


@dataclass(frozen=True)
class EafMedia:
    path: str
    offset_ms: float = 0.0
    is_master: bool = False


@dataclass(frozen=True)
class EafDocument:
    codebook: Codebook
    timebase: Timebase
    codings: Sequence[EafCoding]
    media: Sequence[EafMedia] = ()
    properties: Mapping[str, str] = field(default_factory=dict)
    author: str = ""


class _Writer:
    def __init__(self, doc: EafDocument, eaf_path: Path | None) -> None:
        self.doc = doc
        self.eaf_path = eaf_path
        self.slots: list[int] = []
        self.annotation_count = 0

    def slot(self, ms: float) -> str:
        self.slots.append(round(ms))
        return f"ts{len(self.slots)}"

    def annotation_id(self) -> str:
        self.annotation_count += 1
        return f"a{self.annotation_count}"

    def event_span(self, event: Event) -> tuple[float, float]:
        tb = self.doc.timebase
        if event.onset_frame > tb.last_frame:
            raise ValueError(
                f"event {event.code_id!r} starts at frame {event.onset_frame}, "
                f"after the video's last frame {tb.last_frame}"
            )
        start = tb.frame_to_ms(event.onset_frame)
        if event.offset_frame is None:
            return start, tb.duration_ms
        if event.offset_frame == event.onset_frame:  # a point: one frame long
            return start, tb.frame_end_ms(event.onset_frame)
        return start, frame_time(tb, min(event.offset_frame, tb.frame_count))

    def build(self) -> ET.Element:
        doc = self.doc
        root = ET.Element(
            "ANNOTATION_DOCUMENT",
            {
                "AUTHOR": doc.author,
                "DATE": datetime.now(UTC).replace(microsecond=0).isoformat(),
                "FORMAT": fmt.EAF_VERSION,
                "VERSION": fmt.EAF_VERSION,
                "xmlns:xsi": fmt.XSI,
                "xsi:noNamespaceSchemaLocation": fmt.EAF_SCHEMA,
            },
        )
        header = ET.SubElement(root, "HEADER", {"MEDIA_FILE": "", "TIME_UNITS": "milliseconds"})
        for media in doc.media:
            ET.SubElement(header, "MEDIA_DESCRIPTOR", self.media_attributes(media))
        time_order = ET.SubElement(root, "TIME_ORDER")
        tiers = self.tiers()
        properties = {fmt.PROP_CODEBOOK_SHA: doc.codebook.content_hash(), **doc.properties}
        for key, value in properties.items():
            ET.SubElement(header, "PROPERTY", {"NAME": key}).text = value
        ET.SubElement(header, "PROPERTY", {"NAME": "lastUsedAnnotationId"}).text = str(
            self.annotation_count
        )
        # listed in time order (ELAN's TIME_ORDER is an order), ids kept as referenced
        for ms, i in sorted((ms, i) for i, ms in enumerate(self.slots, start=1)):
            ET.SubElement(
                time_order, "TIME_SLOT", {"TIME_SLOT_ID": f"ts{i}", "TIME_VALUE": str(ms)}
            )
        root.extend(tiers)
        self.linguistic_types(root)
        ET.SubElement(
            root,
            "LANGUAGE",
            {"LANG_DEF": fmt.LANG_DEF, "LANG_ID": fmt.LANG_ID, "LANG_LABEL": fmt.LANG_LABEL},
        )
        ET.SubElement(
            root,
            "CONSTRAINT",
            {
                "DESCRIPTION": "1-1 association with a parent annotation",
                "STEREOTYPE": "Symbolic_Association",
            },
        )
        self.vocabularies(root)
        return root

    def media_attributes(self, media: EafMedia) -> dict[str, str]:
        path = Path(media.path)
        mime = mimetypes.guess_type(path.name)[0] or "unknown"
        attrs = {"MEDIA_URL": path.absolute().as_uri(), "MIME_TYPE": mime}
        if self.eaf_path is not None:
            try:
                rel = os.path.relpath(path.absolute(), self.eaf_path.absolute().parent)
                attrs["RELATIVE_MEDIA_URL"] = "./" + Path(rel).as_posix()
            except ValueError:  # another drive on Windows: no relative path exists
                pass
        if round(media.offset_ms) != 0:
            attrs["TIME_ORIGIN"] = str(round(-media.offset_ms))
        return attrs

    def tiers(self) -> list[ET.Element]:
        doc = self.doc
        out: list[ET.Element] = []
        taken: list[str] = []
        for coding in doc.codings:
            for group in doc.codebook.groups:
                codes = {c.id for c in group.codes}
                events = sorted(
                    (e for e in coding.events if e.code_id in codes),
                    key=lambda e: (e.onset_frame, e.offset_frame or 0, e.code_id, e.id),
                )
                try:
                    subject = doc.codebook.subject(group.subject).name
                except KeyError:
                    subject = group.subject
                base = f"{group.name} ({subject}) - {coding.coder}"
                for lane_number, lane in enumerate(self.lanes(events), start=1):
                    name = base if lane_number == 1 else f"{base} [{lane_number}]"
                    tier_id = unique_name(name, taken)
                    taken.append(tier_id)
                    out.extend(self.group_tiers(tier_id, group.id, subject, coding.coder, lane))
            unknown = sorted({e.code_id for e in coding.events} - set(self._code_ids()))
            if unknown:
                raise ValueError(
                    f"coder {coding.coder!r} has events of codes not in the codebook: "
                    f"{', '.join(unknown)}"
                )
        return out

    def _code_ids(self) -> list[str]:
        return [c.id for c in self.doc.codebook.codes()]

    def lanes(self, events: list[Event]) -> list[list[Event]]:
        """Events split into as few tiers as needed so no two annotations of a tier overlap.

        ELAN does not allow overlapping annotations on one tier; a non-exclusive group can
        have overlapping events (a point during a state, two states at once). The first
        lane always exists, so every group has its tier even when it has no events.
        """
        lanes: list[list[Event]] = [[]]
        ends: list[int] = [0]
        for event in events:
            start, end = (round(t) for t in self.event_span(event))
            for i, lane_end in enumerate(ends):
                if start >= lane_end:
                    lanes[i].append(event)
                    ends[i] = end
                    break
            else:
                lanes.append([event])
                ends.append(end)
        return lanes

    def group_tiers(
        self, tier_id: str, group_id: str, subject: str, coder: str, events: list[Event]
    ) -> list[ET.Element]:
        main = ET.Element(
            "TIER",
            {
                "ANNOTATOR": coder,
                "LINGUISTIC_TYPE_REF": fmt.group_type_id(group_id),
                "PARTICIPANT": subject,
                "TIER_ID": tier_id,
            },
        )
        mods = self.dependent(
            tier_id + fmt.MODIFIERS_SUFFIX, tier_id, fmt.MODIFIERS_TYPE, subject, coder
        )
        notes = self.dependent(
            tier_id + fmt.COMMENTS_SUFFIX, tier_id, fmt.COMMENTS_TYPE, subject, coder
        )
        for event in events:
            start, end = self.event_span(event)
            aid = self.annotation_id()
            annotation = ET.SubElement(ET.SubElement(main, "ANNOTATION"), "ALIGNABLE_ANNOTATION")
            annotation.set("ANNOTATION_ID", aid)
            annotation.set("CVE_REF", f"cve-{group_id}-{event.code_id}")
            annotation.set("TIME_SLOT_REF1", self.slot(start))
            annotation.set("TIME_SLOT_REF2", self.slot(end))
            ET.SubElement(annotation, "ANNOTATION_VALUE").text = event.code_id
            if event.modifiers or event.is_running:
                self.ref(mods, aid, fmt.format_modifiers(event.modifiers, event.is_running))
            if event.comment:
                self.ref(notes, aid, event.comment)
        return [main] + [t for t in (mods, notes) if len(t)]

    @staticmethod
    def dependent(tier_id: str, parent: str, type_id: str, subject: str, coder: str) -> ET.Element:
        return ET.Element(
            "TIER",
            {
                "ANNOTATOR": coder,
                "LINGUISTIC_TYPE_REF": type_id,
                "PARENT_REF": parent,
                "PARTICIPANT": subject,
                "TIER_ID": tier_id,
            },
        )

    def ref(self, tier: ET.Element, parent_id: str, value: str) -> None:
        ref = ET.SubElement(ET.SubElement(tier, "ANNOTATION"), "REF_ANNOTATION")
        ref.set("ANNOTATION_ID", self.annotation_id())
        ref.set("ANNOTATION_REF", parent_id)
        ET.SubElement(ref, "ANNOTATION_VALUE").text = value

    def linguistic_types(self, root: ET.Element) -> None:
        for group in self.doc.codebook.groups:
            ET.SubElement(
                root,
                "LINGUISTIC_TYPE",
                {
                    "CONTROLLED_VOCABULARY_REF": fmt.group_cv_id(group.id),
                    "GRAPHIC_REFERENCES": "false",
                    "LINGUISTIC_TYPE_ID": fmt.group_type_id(group.id),
                    "TIME_ALIGNABLE": "true",
                },
            )
        for type_id in (fmt.MODIFIERS_TYPE, fmt.COMMENTS_TYPE):
            ET.SubElement(
                root,
                "LINGUISTIC_TYPE",
                {
                    "CONSTRAINTS": "Symbolic_Association",
                    "GRAPHIC_REFERENCES": "false",
                    "LINGUISTIC_TYPE_ID": type_id,
                    "TIME_ALIGNABLE": "false",
                },
            )

    def vocabularies(self, root: ET.Element) -> None:
        for group in self.doc.codebook.groups:
            cv = ET.SubElement(root, "CONTROLLED_VOCABULARY", {"CV_ID": fmt.group_cv_id(group.id)})
            ET.SubElement(cv, "DESCRIPTION", {"LANG_REF": fmt.LANG_ID}).text = (
                group.description or group.name
            )
            for code in group.codes:
                entry = ET.SubElement(cv, "CV_ENTRY_ML", {"CVE_ID": f"cve-{group.id}-{code.id}"})
                kind = "point" if code.kind is CodeKind.POINT else "state"
                description = f"{code.name} ({kind})"
                if code.definition:
                    description += f": {code.definition}"
                value = ET.SubElement(
                    entry, "CVE_VALUE", {"DESCRIPTION": description, "LANG_REF": fmt.LANG_ID}
                )
                value.text = code.id


def eaf_bytes(doc: EafDocument, eaf_path: Path | None = None) -> bytes:
    """The EAF document as UTF-8 XML bytes."""
    root = _Writer(doc, eaf_path).build()
    ET.indent(root, space="    ")
    data: bytes = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
    return data + b"\n"


def write_eaf(path: str | os.PathLike[str], doc: EafDocument) -> None:
    """Write *doc* to *path* atomically (the old file stays if anything fails)."""
    target = Path(path)
    atomic_write_bytes(target, eaf_bytes(doc, target))
