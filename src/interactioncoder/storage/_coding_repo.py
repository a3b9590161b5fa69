"""Coders, codebook versions, codings, events, ratings and the audit trail."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import cast

from sqlalchemy import Table, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.events import Event, EventChangeSet
from interactioncoder.core.project import (
    AuditEntry,
    CodebookVersion,
    Coder,
    Coding,
    CodingRole,
    CodingStatus,
    Rating,
)
from interactioncoder.storage import _convert as convert
from interactioncoder.storage._base import RepositoryBase, refuse_nul_values
from interactioncoder.storage._bulk import BulkInsert, Row
from interactioncoder.storage.errors import ConflictError, ConstraintError, NotFoundError
from interactioncoder.storage.schema import (
    AuditRow,
    CodebookVersionRow,
    CoderRow,
    CodingRow,
    EventRow,
    RatingRow,
    SegmentRow,
    SessionRow,
    utc_now,
)

_INSERT_BATCH = 5_000
_EVENTS = cast(Table, EventRow.__table__)  # Core inserts: no ORM bookkeeping per row


class CodingRepositoryMixin(RepositoryBase):
    # -- coders ---------------------------------------------------------------------
    def add_coder(self, name: str, is_pi: bool = False) -> Coder:
        name = name.strip()
        if not name:
            raise ValueError("a coder needs a name")
        with self._write() as s:
            if s.scalar(select(CoderRow.id).where(CoderRow.name == name)) is not None:
                raise ConstraintError(f"a coder named {name!r} already exists")
            row = CoderRow(name=name, is_pi=is_pi)
            s.add(row)
            s.flush()
            return convert.coder(row)

    def get_coder(self, coder_id: int) -> Coder:
        with self._read() as s:
            row = s.get(CoderRow, coder_id)
            if row is None:
                raise NotFoundError(f"no coder with id {coder_id}")
            return convert.coder(row)

    def find_coder(self, name: str) -> Coder | None:
        with self._read() as s:
            row = s.scalars(select(CoderRow).where(CoderRow.name == name)).first()
            return convert.coder(row) if row is not None else None

    def list_coders(self) -> list[Coder]:
        with self._read() as s:
            return [convert.coder(r) for r in s.scalars(select(CoderRow).order_by(CoderRow.name))]

    # -- codebook versions ----------------------------------------------------------
    def store_codebook(self, codebook: Codebook) -> CodebookVersion:
        """Snapshot a codebook; storing the same content again returns the same version."""
        digest = codebook.content_hash()
        with self._write() as s:
            row = s.scalars(
                select(CodebookVersionRow).where(CodebookVersionRow.sha256 == digest)
            ).first()
            if row is None:
                row = CodebookVersionRow(
                    codebook_id=codebook.id,
                    name=codebook.name,
                    version=codebook.version,
                    sha256=digest,
                    snapshot_json=json.dumps(codebook.to_dict(), sort_keys=True),
                    created_at=utc_now(),
                )
                try:
                    with s.begin_nested():  # a savepoint: a lost race leaves the rest intact
                        s.add(row)
                        s.flush()
                except IntegrityError:
                    # another program stored the same content a moment ago (PostgreSQL)
                    return convert.codebook_version(
                        s.scalars(
                            select(CodebookVersionRow).where(CodebookVersionRow.sha256 == digest)
                        ).one()
                    )
                self._audit(
                    s, "store_codebook", None, {"id": codebook.id, "version": codebook.version}
                )
            return convert.codebook_version(row)

    def get_codebook_version(self, version_id: int) -> CodebookVersion:
        with self._read() as s:
            row = s.get(CodebookVersionRow, version_id)
            if row is None:
                raise NotFoundError(f"no codebook version with id {version_id}")
            return convert.codebook_version(row)

    def list_codebook_versions(self) -> list[CodebookVersion]:
        with self._read() as s:
            rows = s.scalars(select(CodebookVersionRow).order_by(CodebookVersionRow.id))
            return [convert.codebook_version(r) for r in rows]

    # -- codings --------------------------------------------------------------------
    def create_coding(
        self,
        session_id: int,
        coder_id: int,
        codebook_version_id: int,
        role: CodingRole = CodingRole.PRIMARY,
    ) -> Coding:
        with self._write() as s:
            for table, key, what in (
                (SessionRow, session_id, "session"),
                (CoderRow, coder_id, "coder"),
                (CodebookVersionRow, codebook_version_id, "codebook version"),
            ):
                if s.get(table, key) is None:
                    raise NotFoundError(f"no {what} with id {key}")
            clash = select(CodingRow.id).where(
                CodingRow.session_id == session_id,
                CodingRow.coder_id == coder_id,
                CodingRow.role == role.value,
            )
            if s.scalar(clash) is not None:
                raise ConstraintError(
                    f"coder {coder_id} already has a {role.value} coding of session {session_id}"
                )
            row = CodingRow(
                session_id=session_id,
                coder_id=coder_id,
                codebook_version_id=codebook_version_id,
                role=role.value,
                status=CodingStatus.NOT_STARTED.value,
            )
            s.add(row)
            s.flush()
            self._audit(s, "create_coding", row.id, {"session_id": session_id, "role": role.value})
            return convert.coding(row)

    def get_coding(self, coding_id: int) -> Coding:
        with self._read() as s:
            return convert.coding(self._coding_row(s, coding_id))

    def list_codings(
        self,
        session_id: int | None = None,
        coder_id: int | None = None,
        role: CodingRole | None = None,
    ) -> list[Coding]:
        with self._read() as s:
            query = select(CodingRow).order_by(CodingRow.session_id, CodingRow.id)
            if session_id is not None:
                query = query.where(CodingRow.session_id == session_id)
            if coder_id is not None:
                query = query.where(CodingRow.coder_id == coder_id)
            if role is not None:
                query = query.where(CodingRow.role == role.value)
            return [convert.coding(r) for r in s.scalars(query)]

    def set_coding_status(self, coding_id: int, status: CodingStatus) -> CodingStatus:
        with self._write() as s:
            row = self._locked_coding_row(s, coding_id)
            previous = CodingStatus(row.status)
            row.status = CodingStatus(status).value
            row.updated_at = utc_now()
            self._audit(s, "set_status", coding_id, {"from": previous.value, "to": row.status})
            return previous

    def set_coding_comment(self, coding_id: int, comment: str) -> str:
        with self._write() as s:
            row = self._locked_coding_row(s, coding_id)
            previous = row.comment
            row.comment = comment
            row.updated_at = utc_now()
            self._audit(s, "set_comment", coding_id, {"length": len(comment)})
            return previous

    @staticmethod
    def _coding_row(s: OrmSession, coding_id: int) -> CodingRow:
        row = s.get(CodingRow, coding_id)
        if row is None:
            raise NotFoundError(f"no coding with id {coding_id}")
        return row

    @staticmethod
    def _locked_coding_row(s: OrmSession, coding_id: int) -> CodingRow:
        """The coding's row, locked until the transaction ends (``SELECT … FOR UPDATE``).

        Every edit of a coding's events or ratings takes this lock first, so two writers
        of one coding run one after the other and the second reads what the first
        committed: on PostgreSQL (READ COMMITTED) each later statement sees the newest
        rows. SQLite needs no row lock (``BEGIN IMMEDIATE`` serialises every writer) and
        ignores ``FOR UPDATE``.
        """
        row = s.get(CodingRow, coding_id, with_for_update=True, populate_existing=True)
        if row is None:
            raise NotFoundError(f"no coding with id {coding_id}")
        return row

    # -- events ---------------------------------------------------------------------
    def list_events(self, coding_id: int) -> list[Event]:
        with self._read() as s:
            self._coding_row(s, coding_id)
            # Plain column tuples, not ORM objects: opening a 20,000-event coding is a
            # few times faster this way (benchmarks/bench_storage.py).
            query = (
                select(*convert.EVENT_COLUMNS)
                .where(EventRow.coding_id == coding_id)
                .order_by(EventRow.onset_frame, EventRow.code_id, EventRow.id)
            )
            return [convert.event_from_columns(*row) for row in s.execute(query)]

    def apply_event_changes(self, coding_id: int, changes: EventChangeSet) -> None:
        """Apply one edit atomically, checking that what it replaces is what is stored.

        Raises :class:`ConflictError` (and changes nothing) when an event to remove or
        update differs from the stored one, or an event to add exists already.
        """
        if changes.is_empty:
            return
        now = utc_now()
        with self._write() as s:
            coding = self._locked_coding_row(s, coding_id)
            for ev in (*changes.removed, *(u.before for u in changes.updated)):
                row = s.get(EventRow, ev.id, populate_existing=True)
                if row is None or row.coding_id != coding_id:
                    raise ConflictError(f"event {ev.id} ({ev.code_id}) is no longer stored")
                if convert.event(row) != ev:
                    raise ConflictError(
                        f"event {ev.id} ({ev.code_id}) was changed elsewhere; reload the coding"
                    )
            for ev in changes.removed:
                s.execute(delete(EventRow).where(EventRow.id == ev.id))
            for u in changes.updated:
                row = s.get(EventRow, u.before.id)
                assert row is not None
                convert.update_event_row(row, u.after, now)
            for ev in changes.added:
                if s.get(EventRow, ev.id) is not None:
                    raise ConflictError(f"event {ev.id} exists already")
                s.add(convert.event_row(coding_id, ev, now))
            if coding.status == CodingStatus.NOT_STARTED.value:
                coding.status = CodingStatus.IN_PROGRESS.value
            coding.updated_at = now
            self._audit(
                s,
                "edit_events",
                coding_id,
                {
                    "description": changes.description,
                    "added": [e.to_dict() for e in changes.added],
                    "removed": [e.id for e in changes.removed],
                    "updated": [u.after.to_dict() for u in changes.updated],
                },
            )

    def add_events(self, coding_id: int, events: Iterable[Event]) -> int:
        """Insert many events in one transaction (imports, demo); returns how many."""
        now = utc_now()
        count = 0
        with self._write() as s:
            self._locked_coding_row(s, coding_id)
            # Bulk inserts in batches: no ORM object per event (a million events stay cheap).
            bulk = BulkInsert(s, _EVENTS, {"created_at": now, "updated_at": now})
            batch: list[Row] = []
            for ev in events:
                values = convert.event_values(coding_id, ev, now)
                refuse_nul_values("events", ev.id, values)
                batch.append(bulk.row(values))
                count += 1
                if len(batch) == _INSERT_BATCH:
                    bulk.execute(batch)
                    batch.clear()
            bulk.execute(batch)
            self._audit(s, "add_events", coding_id, {"count": count})
        return count

    # -- ratings --------------------------------------------------------------------
    def set_rating(
        self, coding_id: int, scale_id: str, value: int | None, segment_id: int | None = None
    ) -> int | None:
        """Set (or clear, with None) a rating; returns the previous value for undo."""
        with self._write() as s:
            self._locked_coding_row(s, coding_id)
            if segment_id is not None and s.get(SegmentRow, segment_id) is None:
                raise NotFoundError(f"no segment with id {segment_id}")
            query = select(RatingRow).where(
                RatingRow.coding_id == coding_id,
                RatingRow.scale_id == scale_id,
                RatingRow.segment_id.is_(None)
                if segment_id is None
                else RatingRow.segment_id == segment_id,
            )
            row = s.scalars(query).first()
            previous = row.value if row is not None else None
            if value is None:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(
                    RatingRow(
                        coding_id=coding_id,
                        scale_id=scale_id,
                        segment_id=segment_id,
                        value=int(value),
                        updated_at=utc_now(),
                    )
                )
            else:
                row.value = int(value)
                row.updated_at = utc_now()
            self._audit(
                s,
                "set_rating",
                coding_id,
                {"scale": scale_id, "segment": segment_id, "from": previous, "to": value},
            )
            return previous

    def list_ratings(self, coding_id: int) -> list[Rating]:
        with self._read() as s:
            query = (
                select(RatingRow)
                .where(RatingRow.coding_id == coding_id)
                .order_by(RatingRow.scale_id, RatingRow.segment_id)
            )
            return [convert.rating(r) for r in s.scalars(query)]

    # -- audit ----------------------------------------------------------------------
    def list_audit(
        self, coding_id: int | None = None, limit: int | None = None
    ) -> list[AuditEntry]:
        with self._read() as s:
            query = select(AuditRow).order_by(AuditRow.id.desc())
            if coding_id is not None:
                query = query.where(AuditRow.coding_id == coding_id)
            if limit is not None:
                query = query.limit(limit)
            return [convert.audit(r) for r in s.scalars(query)]
