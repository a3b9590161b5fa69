"""Engines for a project: SQLite file (default) or a server URL (PostgreSQL).

SQLite is set up for crash safety and for a second program opening the same file:
WAL journal, ``synchronous=FULL`` (a committed edit survives a killed process and a
power cut), foreign keys on, and a busy timeout so a second writer waits instead of
failing. Write transactions start with ``BEGIN IMMEDIATE``: taking the write lock up
front means a writer never fails halfway because another one committed first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

SQLITE_BUSY_TIMEOUT_MS = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"


def is_url(location: str | Path) -> bool:
    return isinstance(location, str) and "://" in location


def url_for(location: str | Path) -> str:
    """The SQLAlchemy URL of a project file or a database URL (checked: ArgumentError)."""
    if is_url(location):
        try:
            make_url(str(location))
        except ValueError as exc:  # e.g. a port that is not a number
            raise ArgumentError(f"cannot parse the URL: {exc}") from exc
        return str(location)
    return f"sqlite:///{Path(location).expanduser().resolve()}"


def is_sqlite_url(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def _configure_sqlite(engine: Engine, *, immediate: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engines(url: str) -> tuple[Engine, Engine]:
    """(write engine, read engine); the same engine twice for a server database."""
    if not is_sqlite_url(url):
        engine = create_engine(url, pool_pre_ping=True)
        return engine, engine
    write = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    read = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    _configure_sqlite(write, immediate=True)
    _configure_sqlite(read, immediate=False)
    return write, read
