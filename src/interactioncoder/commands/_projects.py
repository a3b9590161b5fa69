"""Opening projects from the command line, with storage errors turned into user errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from interactioncoder.commands.common import UserError
from interactioncoder.storage import ProjectRepository, open_project
from interactioncoder.storage.errors import StorageError


@contextmanager
def opened_project(location: str | Path, *, upgrade: bool = True) -> Iterator[ProjectRepository]:
    """Open a project for a command; a storage problem becomes a :class:`UserError`."""
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
