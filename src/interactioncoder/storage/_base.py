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

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from interactioncoder.storage import engine as engine_module
from interactioncoder.storage.errors import ConstraintError, ProjectInUseError, StorageError
from interactioncoder.storage.schema import AuditRow, utc_now


class RepositoryBase:
    def __init__(self, location: str, write_engine: Engine, read_engine: Engine) -> None:
        self.location = location
        self._write_engine = write_engine
        self._read_engine = read_engine
        self._write_sessions = sessionmaker(write_engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(read_engine, expire_on_commit=False)
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
        except OperationalError as exc:
            text = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
            if "locked" in text or "busy" in text:
                raise ProjectInUseError(
                    f"{self.location}: the project is being changed by another program "
                    f"(still busy after {engine_module.SQLITE_BUSY_TIMEOUT_MS / 1000:g} s); "
                    "your edit was not made. Try again, or close "
                    "the other program."
                ) from exc
            raise StorageError(f"{self.location}: database error: {exc.orig}") from exc
        except IntegrityError as exc:
            raise ConstraintError(f"{self.location}: {exc.orig}") from exc

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
