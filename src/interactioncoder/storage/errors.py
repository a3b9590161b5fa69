"""Errors of the project store, each with a message a user can act on.

:func:`translate` is the one place that turns what the database, its driver or the
operating system raises (locked, refused connection, unknown driver, read-only file, ...)
into one of these errors with a one-line message; the repository and the CLI use it.
"""

from __future__ import annotations

import errno
import re

from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DataError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
)

#: what to write instead of a bare ``postgresql://`` (its default driver is not installed)
POSTGRES_URL_EXAMPLE = "postgresql+psycopg://USER@HOST/DATABASE"


class StorageError(Exception):
    """Base class: something about the project store went wrong."""


class NotAProjectError(StorageError):
    """The file is not an interactioncoder project (another SQLite file, or not SQLite)."""


class NewerSchemaError(StorageError):
    """The project was written by a newer interactioncoder; opening it could damage it."""


class OldSchemaError(StorageError):
    """The project uses an older schema and was opened without permission to upgrade."""


class ProjectInUseError(StorageError):
    """Another program holds the project's write lock for longer than the busy timeout."""


class ConflictError(StorageError):
    """An edit was based on data that has changed meanwhile (e.g. edited elsewhere)."""


class NotFoundError(StorageError):
    """A record the caller named does not exist."""


class ConstraintError(StorageError):
    """A consistency rule was broken (duplicate name, wrong reference, ...)."""


class InvalidTextError(StorageError):
    """Text no database of a project can store (a NUL character), refused on every database."""


class ReadOnlyProjectError(StorageError):
    """The project file or its folder cannot be written (permissions, read-only medium)."""


class DatabaseUnreachableError(StorageError):
    """A database URL that cannot be used: bad URL, unknown or missing driver, no server."""


_BUSY = ("database is locked", "database is busy", "database table is locked")
_READ_ONLY = ("readonly database", "read-only", "unable to open database file")
_UNREACHABLE = (
    "connection refused",
    "could not connect",
    "connection failed",
    "connection timeout",
    "timeout expired",
    "could not translate host name",
    "name or service not known",
    "no route to host",
    "password authentication failed",
    "does not exist",
    "server closed the connection",
    "no password supplied",
    "connection is bad",
)


def first_line(exc: BaseException | None) -> str:
    """The first non-empty line of an exception's text (drivers add hints and SQL)."""
    text = str(exc) if exc is not None else ""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return type(exc).__name__ if exc is not None else "unknown error"


def display_location(location: str) -> str:
    """A project location for messages: a URL's password is hidden."""
    if "://" not in location:
        return location
    try:
        return make_url(location).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):  # unparseable: hide what looks like a password
        return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", location)


def translate(exc: BaseException, where: str, *, busy_seconds: float = 10.0) -> StorageError | None:
    """The :class:`StorageError` for *exc* (a database, driver or OS error), or ``None``.

    *where* names the project (a path, or a URL without its password). ``None`` means
    *exc* is none of the known failures, which is a bug to report, not a user error.
    """
    if isinstance(exc, StorageError):
        return exc
    if isinstance(exc, NoSuchModuleError):
        return DatabaseUnreachableError(
            f"{where}: unknown database type in the URL ({first_line(exc)}); give a project "
            f"file (.icproj) or a URL such as {POSTGRES_URL_EXAMPLE}"
        )
    if isinstance(exc, ArgumentError):
        return DatabaseUnreachableError(
            f"{where}: not a valid database URL ({first_line(exc)}); give a project file "
            f"(.icproj) or a URL such as {POSTGRES_URL_EXAMPLE}"
        )
    if isinstance(exc, ImportError):
        driver = exc.name or first_line(exc)
        return DatabaseUnreachableError(
            f"{where}: the database driver {driver!r} is not installed; for PostgreSQL "
            "install its driver (pip install 'interactioncoder[postgresql]') and give a URL "
            f"such as {POSTGRES_URL_EXAMPLE}"
        )
    if isinstance(exc, PermissionError) or (
        isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
    ):
        return read_only_error(where)
    if isinstance(exc, OperationalError):
        return _operational(exc, where, busy_seconds)
    if isinstance(exc, IntegrityError):
        return ConstraintError(f"{where}: {first_line(exc.orig)}")
    if isinstance(exc, DataError):
        return InvalidTextError(f"{where}: the database refused a value: {first_line(exc.orig)}")
    return None


def read_only_error(where: str) -> ReadOnlyProjectError:
    return ReadOnlyProjectError(
        f"{where}: the project is read-only (the file or its folder cannot be written); "
        "copy it to a folder you can write to, or change the permissions"
    )


def _operational(exc: OperationalError, where: str, busy_seconds: float) -> StorageError:
    text = first_line(exc.orig).lower()
    if any(s in text for s in _BUSY):
        return ProjectInUseError(
            f"{where}: the project is being changed by another program "
            f"(still busy after {busy_seconds:g} s); your edit was not made. Try again, "
            "or close the other program."
        )
    if any(s in text for s in _READ_ONLY):
        return read_only_error(where)
    if "://" in where and any(s in text for s in _UNREACHABLE):
        return DatabaseUnreachableError(
            f"{where}: cannot connect to the database server ({first_line(exc.orig)})"
        )
    return StorageError(f"{where}: database error: {first_line(exc.orig)}")
