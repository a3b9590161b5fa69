"""Reliability samples: the stored assignment of sessions to a reliability coder."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from interactioncoder.core.project import CodingRole, ReliabilitySample
from interactioncoder.storage._base import RepositoryBase
from interactioncoder.storage._convert import aware
from interactioncoder.storage.errors import ConstraintError, NotFoundError
from interactioncoder.storage.schema import (
    CodebookVersionRow,
    CoderRow,
    CodingRow,
    ReliabilitySampleRow,
    SessionRow,
    utc_now,
)


def _sample(row: ReliabilitySampleRow) -> ReliabilitySample:
    return ReliabilitySample(
        id=row.id,
        coder_id=row.coder_id,
        seed=row.seed,
        share=row.share,
        stratify_by=row.stratify_by,
        session_ids=tuple(json.loads(row.session_ids_json)),
        created_at=aware(row.created_at),
    )


def _add_reliability_coding(
    s: OrmSession, session_id: int, coder_id: int, newest_version: int | None
) -> None:
    """A not-started reliability coding of the session for the coder (none when they have
    one already), with the codebook version of its primary coding, else the newest."""
    if s.get(SessionRow, session_id) is None:
        raise NotFoundError(f"no session with id {session_id}")
    existing = s.scalars(select(CodingRow).where(CodingRow.session_id == session_id)).all()
    if any(c.coder_id == coder_id and c.role == "primary" for c in existing):
        raise ConstraintError(
            f"session {session_id}: the reliability coder is its primary coder; "
            "double coding must be done by someone else"
        )
    if any(c.coder_id == coder_id and c.role == "reliability" for c in existing):
        return
    primary = next((c for c in existing if c.role == "primary"), None)
    version = primary.codebook_version_id if primary is not None else newest_version
    if version is None:
        raise NotFoundError("the project has no codebook yet")
    s.add(
        CodingRow(
            session_id=session_id,
            coder_id=coder_id,
            codebook_version_id=version,
            role=CodingRole.RELIABILITY.value,
            status="not_started",
        )
    )


class SampleRepositoryMixin(RepositoryBase):
    def assign_reliability_sample(
        self,
        coder_id: int,
        session_ids: Sequence[int],
        *,
        seed: int,
        share: float,
        stratify_by: str = "",
    ) -> ReliabilitySample:
        """Store the draw and give each session a reliability coding for *coder_id*.

        The reliability coding uses the codebook version of the session's primary
        coding (so both coders code with the same codebook), else the newest version.
        One transaction: either every session is assigned or none.
        """
        with self._write() as s:
            if s.get(CoderRow, coder_id) is None:
                raise NotFoundError(f"no coder with id {coder_id}")
            newest = s.scalar(select(CodebookVersionRow.id).order_by(CodebookVersionRow.id.desc()))
            for session_id in session_ids:
                _add_reliability_coding(s, session_id, coder_id, newest)
            row = ReliabilitySampleRow(
                created_at=utc_now(),
                coder_id=coder_id,
                seed=seed,
                share=share,
                stratify_by=stratify_by,
                session_ids_json=json.dumps(list(session_ids)),
            )
            s.add(row)
            s.flush()
            self._audit(
                s,
                "reliability_sample",
                None,
                {"coder_id": coder_id, "sessions": list(session_ids), "seed": seed},
            )
            return _sample(row)

    def list_reliability_samples(self) -> list[ReliabilitySample]:
        with self._read() as s:
            rows = s.scalars(select(ReliabilitySampleRow).order_by(ReliabilitySampleRow.id))
            return [_sample(r) for r in rows]
