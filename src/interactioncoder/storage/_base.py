"""Transactions of the project store: every call is one short transaction.

``_write()`` opens a session on the write engine (``BEGIN IMMEDIATE`` on SQLite) and
commits before the calling repository method returns, so a returned call is on disk.
Inside ``atomic()`` all calls share one transaction that commits (or rolls back) at the
end of the block: imports are all or nothing.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, String, Text, event, inspect
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm import Mapper, sessionmaker
from sqlalchemy.orm import Session as OrmSession

from interactioncoder.storage import engine as engine_module
from interactioncoder.storage.errors import InvalidTextError, translate
from interactioncoder.storage.schema import AuditRow, utc_now


def refuse_nul_characters(session: OrmSession, _context: object, _instances: object) -> None:
    """Refuse text with a NUL character before it reaches the database, on every database.

    PostgreSQL cannot store U+0000 in text (it raised an untranslated ``DataError``) while
    SQLite would keep it; a project must behave the same on both, so the edit is refused
    with one line naming the record and the field, and nothing is written.
    """
    for obj in (*session.new, *session.dirty):
        for key in _text_attributes(type(obj)):
            value = getattr(obj, key, None)
            if isinstance(value, str) and "\x00" in value:
                raise InvalidTextError(_nul_message(obj, key))


def refuse_nul_values(table: str, ident: object, values: dict[str, Any]) -> None:
    """The same rule for rows written by bulk inserts (no ORM object, no flush event)."""
    for key, value in values.items():
        if isinstance(value, str) and "\x00" in value:
            raise InvalidTextError(
                f"{table} {ident}: the {key} contains a NUL character (\\x00), which a "
                "project cannot store; remove it and try again"
            )


_TEXT_ATTRIBUTES: dict[type, tuple[str, ...]] = {}


def _text_attributes(cls: type) -> tuple[str, ...]:
    """The string-typed column attributes of a mapped class (cached per class)."""
    keys = _TEXT_ATTRIBUTES.get(cls)
    if keys is None:
        mapper: Mapper[Any] = inspect(cls)
        keys = tuple(
            a.key for a in mapper.column_attrs if isinstance(a.columns[0].type, String | Text)
        )
        _TEXT_ATTRIBUTES[cls] = keys
    return keys


def _nul_message(obj: object, key: str) -> str:
    table = inspect(type(obj)).local_table.name
    ident = getattr(obj, "id", None)
    which = f" {ident}" if ident is not None else ""
    return (
        f"{table}{which}: the {key} contains a NUL character (\\x00), which a project "
        "cannot store; remove it and try again"
    )


class RepositoryBase:
    def __init__(self, location: str, write_engine: Engine, read_engine: Engine) -> None:
        self.location = location
        self._write_engine = write_engine
        self._read_engine = read_engine
        self._write_sessions = sessionmaker(write_engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(read_engine, expire_on_commit=False)
        event.listen(self._write_sessions, "before_flush", refuse_nul_characters)
        # The open atomic() block, per thread: an import running on a worker thread must
        # not pull the GUI thread's reads and edits into its unfinished transaction.
        self._local = threading.local()
        self._actor_id: int | None = None

    # -- life cycle -----------------------------------------------------------------
    def close(self) -> None:
        self._write_engine.dispose()
        self._read_engine.dispose()

    def __enter__(self) -> RepositoryBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def set_actor(self, coder_id: int | None) -> None:
        """Who is editing: recorded in the audit trail of every later edit."""
        self._actor_id = coder_id

    # -- transactions ---------------------------------------------------------------
    @property
    def _atomic(self) -> OrmSession | None:
        session: OrmSession | None = getattr(self._local, "session", None)
        return session

    @_atomic.setter
    def _atomic(self, session: OrmSession | None) -> None:
        self._local.session = session

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Run several repository calls as one transaction (all or nothing)."""
        if self._atomic is not None:
            yield  # nested: the outer block decides
            return
        with self._translate_errors():
            session = self._write_sessions()
            self._atomic = session
            try:
                yield
                session.commit()
            except BaseException:
                session.rollback()
                raise
            finally:
                self._atomic = None
                session.close()

    @contextmanager
    def _write(self) -> Iterator[OrmSession]:
        if self._atomic is not None:
            yield self._atomic
            self._atomic.flush()
            return
        with self._translate_errors(), self._write_sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def _read(self) -> Iterator[OrmSession]:
        if self._atomic is not None:
            # Reads inside an atomic block must see its own uncommitted writes.
            self._atomic.flush()
            yield self._atomic
            return
        with self._translate_errors(), self._read_sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def _translate_errors(self) -> Iterator[None]:
        try:
            yield
        except (OperationalError, IntegrityError, DataError) as exc:
            busy = engine_module.SQLITE_BUSY_TIMEOUT_MS / 1000
            translated = translate(exc, self.location, busy_seconds=busy)
            assert translated is not None
            raise translated from exc

    def _audit(
        self, session: OrmSession, action: str, coding_id: int | None, detail: dict[str, Any]
    ) -> None:
        session.add(
            AuditRow(
                at=utc_now(),
                coder_id=self._actor_id,
                coding_id=coding_id,
                action=action,
                detail=json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str),
            )
        )
