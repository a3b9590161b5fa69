"""Study set-up: PI passphrase hash, blind option and codes, dyad study fields, sessions.

The rules (hashing, grouping, who sees what) live in ``workflow``; this module only
stores and reads. Every method is one transaction (or joins an ``atomic()`` block).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from interactioncoder.core.project import Coding, Session, SessionVideo
from interactioncoder.storage import _convert as convert
from interactioncoder.storage._base import RepositoryBase
from interactioncoder.storage.errors import ConstraintError, NotFoundError
from interactioncoder.storage.schema import (
    CodebookVersionRow,
    CodingRow,
    DyadFieldValueRow,
    DyadRow,
    ProjectMetaRow,
    SessionBlindCodeRow,
    SessionRow,
    SessionVideoRow,
    StudyFieldRow,
    VideoRow,
)

PI_PASSPHRASE_KEY = "pi_passphrase_scrypt"
BLIND_KEY = "blind_to_condition"
ARM_FIELD = "arm"


class StudyRepositoryMixin(RepositoryBase):
    # -- project options ------------------------------------------------------------
    def _meta(self, key: str) -> str | None:
        with self._read() as s:
            return s.scalar(select(ProjectMetaRow.value).where(ProjectMetaRow.key == key))

    def _put_meta(self, s: OrmSession, key: str, value: str) -> None:
        row = s.get(ProjectMetaRow, key)
        if row is None:
            s.add(ProjectMetaRow(key=key, value=value))
        else:
            row.value = value

    def pi_passphrase_hash(self) -> str | None:
        """The stored scrypt hash of the PI passphrase (``None``: no passphrase set)."""
        return self._meta(PI_PASSPHRASE_KEY) or None

    def set_pi_passphrase_hash(self, encoded: str) -> None:
        with self._write() as s:
            self._put_meta(s, PI_PASSPHRASE_KEY, encoded)
            self._audit(s, "set_pi_passphrase", None, {})

    @property
    def blind_to_condition(self) -> bool:
        return self._meta(BLIND_KEY) == "1"

    def set_blind_to_condition(self, on: bool) -> None:
        with self._write() as s:
            self._put_meta(s, BLIND_KEY, "1" if on else "0")
            self._audit(s, "set_blind_to_condition", None, {"on": on})

    # -- blind codes ----------------------------------------------------------------
    def blind_codes(self) -> dict[int, str]:
        """Session id -> the random code blinded coders see."""
        with self._read() as s:
            rows = s.scalars(select(SessionBlindCodeRow))
            return {r.session_id: r.code for r in rows}

    def ensure_blind_codes(self, make_code: Callable[[], str]) -> dict[int, str]:
        """Give every session without a code a new one (unique, enforced by the database)."""
        with self._write() as s:
            taken = {r.session_id: r.code for r in s.scalars(select(SessionBlindCodeRow))}
            used = set(taken.values())
            for session_id in s.scalars(select(SessionRow.id).order_by(SessionRow.id)):
                if session_id in taken:
                    continue
                code = make_code()
                while code in used:
                    code = make_code()
                used.add(code)
                taken[session_id] = code
                s.add(SessionBlindCodeRow(session_id=session_id, code=code))
            return taken

    # -- study fields ---------------------------------------------------------------
    def list_study_fields(self) -> list[str]:
        with self._read() as s:
            query = select(StudyFieldRow.name).order_by(StudyFieldRow.position, StudyFieldRow.id)
            return list(s.scalars(query))

    def add_study_field(self, name: str) -> None:
        name = name.strip()
        if not name:
            raise ValueError("a study field needs a name")
        with self._write() as s:
            if s.scalar(select(StudyFieldRow.id).where(StudyFieldRow.name == name)) is not None:
                raise ConstraintError(f"the study already has a field named {name!r}")
            position = s.scalar(select(func.coalesce(func.max(StudyFieldRow.position), -1)))
            s.add(StudyFieldRow(name=name, position=int(position or 0) + 1))
            self._audit(s, "add_study_field", None, {"name": name})

    def set_dyad_field(self, dyad_id: int, field: str, value: str) -> str:
        """Store one study value of a dyad; returns the previous value ("" if none)."""
        with self._write() as s:
            if s.get(DyadRow, dyad_id) is None:
                raise NotFoundError(f"no dyad with id {dyad_id}")
            field_id = s.scalar(select(StudyFieldRow.id).where(StudyFieldRow.name == field))
            if field_id is None:
                raise NotFoundError(f"the study has no field named {field!r}")
            row = s.get(DyadFieldValueRow, (dyad_id, field_id))
            previous = "" if row is None else row.value
            if row is None:
                s.add(DyadFieldValueRow(dyad_id=dyad_id, field_id=field_id, value=value))
            else:
                row.value = value
            self._audit(s, "set_dyad_field", None, {"dyad_id": dyad_id, "field": field})
            return previous

    def dyad_fields(self) -> dict[int, dict[str, str]]:
        """Dyad id -> {field name: value} for every stored value."""
        with self._read() as s:
            query = select(DyadFieldValueRow.dyad_id, StudyFieldRow.name, DyadFieldValueRow.value)
            query = query.join(StudyFieldRow, StudyFieldRow.id == DyadFieldValueRow.field_id)
            out: dict[int, dict[str, str]] = {}
            for dyad_id, name, value in s.execute(query):
                out.setdefault(dyad_id, {})[name] = value
            return out

    # -- editing and removing sessions ----------------------------------------------
    def update_session(
        self,
        session_id: int,
        *,
        name: str,
        visit: str = "",
        infant_age_days: int | None = None,
        notes: str = "",
        videos: Sequence[SessionVideo] | None = None,
    ) -> Session:
        """Change a session's facts (and cameras when *videos* is given); returns the old."""
        name = name.strip()
        if not name:
            raise ValueError("a session needs a name")
        if videos is not None and sum(v.is_master for v in videos) != 1:
            raise ValueError("a session has exactly one master video")
        with self._write() as s:
            row = self._session_row(s, session_id)
            links = list(
                s.scalars(select(SessionVideoRow).where(SessionVideoRow.session_id == session_id))
            )
            previous = convert.session(row, links)
            clash = select(SessionRow.id).where(
                SessionRow.dyad_id == row.dyad_id,
                SessionRow.name == name,
                SessionRow.id != session_id,
            )
            if s.scalar(clash) is not None:
                raise ConstraintError(f"the dyad already has a session named {name!r}")
            row.name, row.visit, row.notes = name, visit, notes
            row.infant_age_days = infant_age_days
            if videos is not None:
                self._replace_links(s, session_id, links, videos)
            self._audit(s, "update_session", None, {"session_id": session_id, "name": name})
            return previous

    def _replace_links(
        self,
        s: OrmSession,
        session_id: int,
        old: list[SessionVideoRow],
        videos: Sequence[SessionVideo],
    ) -> None:
        for link in old:
            s.delete(link)
        s.flush()
        for position, v in enumerate(videos):
            if s.get(VideoRow, v.video_id) is None:
                raise NotFoundError(f"no video with id {v.video_id}")
            s.add(
                SessionVideoRow(
                    session_id=session_id,
                    video_id=v.video_id,
                    position=position,
                    camera=v.camera,
                    offset_ms=v.offset_ms,
                    is_master=v.is_master,
                )
            )

    def count_session_codings(self, session_id: int) -> int:
        with self._read() as s:
            query = select(func.count()).where(CodingRow.session_id == session_id)
            return int(s.scalar(query) or 0)

    def delete_session(self, session_id: int, *, with_codings: bool = False) -> Session:
        """Remove a session; refused while it has codings unless *with_codings* is given."""
        with self._write() as s:
            row = self._session_row(s, session_id)
            links = list(
                s.scalars(select(SessionVideoRow).where(SessionVideoRow.session_id == session_id))
            )
            previous = convert.session(row, links)
            codings = list(s.scalars(select(CodingRow).where(CodingRow.session_id == session_id)))
            if codings and not with_codings:
                raise ConstraintError(
                    f"session {row.name!r} has {len(codings)} coding(s); "
                    "remove it together with its codings only on purpose"
                )
            for coding in codings:
                s.delete(coding)  # events and ratings go with it (ON DELETE CASCADE)
            s.flush()
            s.delete(row)
            self._audit(
                s,
                "delete_session",
                None,
                {"session_id": session_id, "name": row.name, "codings": len(codings)},
            )
            return previous

    @staticmethod
    def _session_row(s: OrmSession, session_id: int) -> SessionRow:
        row = s.get(SessionRow, session_id)
        if row is None:
            raise NotFoundError(f"no session with id {session_id}")
        return row

    # -- codebook versions of codings -------------------------------------------------
    def move_coding_to_codebook_version(self, coding_id: int, version_id: int) -> Coding:
        """Point a coding at another codebook version (the caller checks it is safe)."""
        with self._write() as s:
            row = s.get(CodingRow, coding_id)
            if row is None:
                raise NotFoundError(f"no coding with id {coding_id}")
            if s.get(CodebookVersionRow, version_id) is None:
                raise NotFoundError(f"no codebook version with id {version_id}")
            previous = convert.coding(row)
            row.codebook_version_id = version_id
            self._audit(
                s,
                "move_coding_codebook",
                coding_id,
                {"from": previous.codebook_version_id, "to": version_id},
            )
            return previous
