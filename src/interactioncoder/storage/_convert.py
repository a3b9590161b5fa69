"""Row <-> core conversions. Nothing outside ``storage`` ever sees a row."""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np

from interactioncoder.core.codebook import codebook_from_dict
from interactioncoder.core.events import Event
from interactioncoder.core.project import (
    AuditEntry,
    CodebookVersion,
    Coder,
    Coding,
    CodingRole,
    CodingStatus,
    Dyad,
    Rating,
    Segment,
    Session,
    SessionVideo,
    Video,
)
from interactioncoder.storage.schema import (
    AuditRow,
    CodebookVersionRow,
    CoderRow,
    CodingRow,
    DyadRow,
    EventRow,
    RatingRow,
    SegmentRow,
    SessionRow,
    SessionVideoRow,
    VideoRow,
)


def aware(moment: datetime) -> datetime:
    # SQLite returns naive datetimes; everything we store is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def pack_frame_times(times_ms: Sequence[float]) -> bytes:
    return zlib.compress(np.asarray(times_ms, dtype="<f8").tobytes(), level=6)


def unpack_frame_times(blob: bytes) -> tuple[float, ...]:
    return tuple(float(x) for x in np.frombuffer(zlib.decompress(blob), dtype="<f8"))


def video(row: VideoRow) -> Video:
    return Video(
        id=row.id,
        path=row.path,
        size_bytes=row.size_bytes,
        fingerprint=row.fingerprint,
        duration_ms=row.duration_ms,
        frame_count=row.frame_count,
        nominal_fps=row.nominal_fps,
        is_vfr=row.is_vfr,
        width=row.width,
        height=row.height,
        has_audio=row.has_audio,
    )


def dyad(row: DyadRow) -> Dyad:
    return Dyad(id=row.id, label=row.label, notes=row.notes)


def session(row: SessionRow, videos: Sequence[SessionVideoRow]) -> Session:
    ordered = sorted(videos, key=lambda v: v.position)
    return Session(
        id=row.id,
        dyad_id=row.dyad_id,
        name=row.name,
        visit=row.visit,
        infant_age_days=row.infant_age_days,
        notes=row.notes,
        videos=tuple(
            SessionVideo(
                video_id=v.video_id, offset_ms=v.offset_ms, camera=v.camera, is_master=v.is_master
            )
            for v in ordered
        ),
    )


def segment(row: SegmentRow) -> Segment:
    return Segment(
        id=row.id,
        session_id=row.session_id,
        name=row.name,
        onset_frame=row.onset_frame,
        onset_ms=row.onset_ms,
        offset_frame=row.offset_frame,
        offset_ms=row.offset_ms,
    )


def coder(row: CoderRow) -> Coder:
    return Coder(id=row.id, name=row.name, is_pi=row.is_pi)


def codebook_version(row: CodebookVersionRow) -> CodebookVersion:
    return CodebookVersion(
        id=row.id,
        codebook=codebook_from_dict(json.loads(row.snapshot_json)),
        sha256=row.sha256,
        created_at=aware(row.created_at),
    )


def coding(row: CodingRow) -> Coding:
    return Coding(
        id=row.id,
        session_id=row.session_id,
        coder_id=row.coder_id,
        codebook_version_id=row.codebook_version_id,
        role=CodingRole(row.role),
        status=CodingStatus(row.status),
        comment=row.comment,
    )


def event(row: EventRow) -> Event:
    return Event(
        id=row.id,
        code_id=row.code_id,
        onset_frame=row.onset_frame,
        onset_ms=row.onset_ms,
        offset_frame=row.offset_frame,
        offset_ms=row.offset_ms,
        modifiers=json.loads(row.modifiers_json or "{}"),
        comment=row.comment,
    )


EVENT_COLUMNS = (
    EventRow.id,
    EventRow.code_id,
    EventRow.onset_frame,
    EventRow.onset_ms,
    EventRow.offset_frame,
    EventRow.offset_ms,
    EventRow.modifiers_json,
    EventRow.comment,
)


def event_from_columns(
    event_id: str,
    code_id: str,
    onset_frame: int,
    onset_ms: float,
    offset_frame: int | None,
    offset_ms: float | None,
    modifiers: str,
    comment: str,
) -> Event:
    return Event(
        id=event_id,
        code_id=code_id,
        onset_frame=onset_frame,
        onset_ms=onset_ms,
        offset_frame=offset_frame,
        offset_ms=offset_ms,
        modifiers=json.loads(modifiers) if modifiers and modifiers != "{}" else {},
        comment=comment,
    )


def event_row(coding_id: int, ev: Event, now: datetime) -> EventRow:
    return EventRow(**event_values(coding_id, ev, now))


def event_values(coding_id: int, ev: Event, now: datetime) -> dict[str, Any]:
    """The column values of an event's row (for bulk inserts)."""
    return {
        "id": ev.id,
        "coding_id": coding_id,
        "code_id": ev.code_id,
        "onset_frame": ev.onset_frame,
        "onset_ms": ev.onset_ms,
        "offset_frame": ev.offset_frame,
        "offset_ms": ev.offset_ms,
        "modifiers_json": modifiers_json(ev),
        "comment": ev.comment,
        "created_at": now,
        "updated_at": now,
    }


def modifiers_json(ev: Event) -> str:
    if not ev.modifiers:
        return "{}"
    return json.dumps(dict(ev.modifiers), sort_keys=True, ensure_ascii=False)


def update_event_row(row: EventRow, ev: Event, now: datetime) -> None:
    row.code_id = ev.code_id
    row.onset_frame = ev.onset_frame
    row.onset_ms = ev.onset_ms
    row.offset_frame = ev.offset_frame
    row.offset_ms = ev.offset_ms
    row.modifiers_json = modifiers_json(ev)
    row.comment = ev.comment
    row.updated_at = now


def rating(row: RatingRow) -> Rating:
    return Rating(
        coding_id=row.coding_id, scale_id=row.scale_id, value=row.value, segment_id=row.segment_id
    )


def audit(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=aware(row.at),
        action=row.action,
        coding_id=row.coding_id,
        coder_id=row.coder_id,
        detail=row.detail,
    )
