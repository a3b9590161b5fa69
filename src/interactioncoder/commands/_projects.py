"""Projects on the command line: one argument type, one way to open, one error translation.

Every command names its project with :func:`add_project_argument` (a project file or a
database URL such as ``postgresql+psycopg://user@host/study``, given the same way
everywhere) and opens it with :func:`opened_project` or :func:`created_project`. Every
storage failure (busy, read-only, unreachable server, unknown driver, not a project,
newer schema) arrives here as a :class:`StorageError` with a one-line message, translated
in ``storage.errors.translate``, and leaves as a :class:`UserError` (exit code 2).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from interactioncoder.commands.common import UserError
from interactioncoder.storage import ProjectRepository, create_project, open_project
from interactioncoder.storage.errors import StorageError, display_location

PROJECT_HELP = (
    "a project file (.icproj) or a database URL, e.g. postgresql+psycopg://user@host/study"
)


def project_location(text: str) -> str:
    """The argparse type of every project argument: a URL is kept as given (``//`` and
    all), a file path gets ``~`` expanded. Never a ``Path`` for a URL: ``Path`` would
    collapse ``postgresql+psycopg://host`` into ``postgresql+psycopg:/host``."""
    text = text.strip()
    if is_database_url(text):
        return text
    return str(Path(text).expanduser()) if text else text


def is_database_url(text: str) -> bool:
    return "://" in text


def add_project_argument(
    parser: argparse.ArgumentParser, name: str = "project", *, help: str = PROJECT_HELP
) -> None:
    """Add the positional project argument (file or URL) the same way to every command."""
    parser.add_argument(name, type=project_location, metavar="PROJECT", help=help)


def shown(location: str | Path) -> str:
    """A project location for messages (a URL's password hidden)."""
    return display_location(str(location))


@contextmanager
def opened_project(location: str | Path, *, upgrade: bool = True) -> Iterator[ProjectRepository]:
    """Open a project for a command; a storage problem becomes a :class:`UserError`.

    Opening a current project only reads, so read-only commands (``project info``,
    ``session list``, ``reliability``, ``export``, ``db check``) never wait for the write
    lock of another program that is editing the project.
    """
    try:
        repo = open_project(location, upgrade=upgrade)
    except StorageError as exc:
        raise UserError(str(exc)) from exc
    try:
        if repo.upgraded_from_backup is not None:
            print(
                f"upgraded the project's schema; the old file was kept as "
                f"{repo.upgraded_from_backup}"
            )
        yield repo
    except StorageError as exc:
        raise UserError(str(exc)) from exc
    finally:
        repo.close()


def created_project(location: str | Path, name: str = "") -> ProjectRepository:
    """Create a new project (file or server database); a storage problem is a UserError."""
    try:
        return create_project(location, name=name)
    except StorageError as exc:
        raise UserError(str(exc)) from exc
