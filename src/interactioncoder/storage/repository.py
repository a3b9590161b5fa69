"""The project repository: the one door to a project's data.

Open a project with :func:`open_project` (or make one with :func:`create_project`); every
method takes and returns core objects and commits before it returns.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, inspect, select, text

from interactioncoder import __version__
from interactioncoder.storage._coding_repo import CodingRepositoryMixin
from interactioncoder.storage._media_repo import MediaRepositoryMixin
from interactioncoder.storage._sample_repo import SampleRepositoryMixin
from interactioncoder.storage._signal_repo import SignalRepositoryMixin
from interactioncoder.storage._study_repo import StudyRepositoryMixin
from interactioncoder.storage.engine import is_url, make_engines, sqlite_path, url_for
from interactioncoder.storage.errors import (
    NotAProjectError,
    StorageError,
    display_location,
    read_only_error,
    translate,
)
from interactioncoder.storage.migrate import (
    APPLICATION,
    ensure_current_schema,
    refuse_unknown_revision,
    sqlite_project_revision,
    upgrade_to_head,
)
from interactioncoder.storage.schema import ProjectMetaRow, utc_now

PROJECT_SUFFIX = ".icproj"


class ProjectRepository(
    MediaRepositoryMixin,
    CodingRepositoryMixin,
    SampleRepositoryMixin,
    SignalRepositoryMixin,
    StudyRepositoryMixin,
):
    """All reads and edits of one project."""

    #: set when opening upgraded an older project: where its backup is
    upgraded_from_backup: Path | None = None

    @property
    def project_name(self) -> str:
        return self.get_meta("name") or ""

    def set_project_name(self, name: str) -> None:
        self.set_meta("name", name)

    def get_meta(self, key: str) -> str | None:
        with self._read() as s:
            return s.scalar(select(ProjectMetaRow.value).where(ProjectMetaRow.key == key))

    def set_meta(self, key: str, value: str) -> None:
        with self._write() as s:
            row = s.get(ProjectMetaRow, key)
            if row is None:
                s.add(ProjectMetaRow(key=key, value=value))
            else:
                row.value = value

    def integrity_check(self) -> list[str]:
        """SQLite's own consistency check; ``[]`` when the file is sound."""
        url = str(self._read_engine.url)
        if sqlite_path(url) is None:
            return []
        with self._read_engine.connect() as conn:
            rows = [str(r[0]) for r in conn.execute(text("PRAGMA integrity_check"))]
            conn.rollback()
        return [] if rows == ["ok"] else rows


@contextmanager
def _translated(where: str) -> Iterator[None]:
    """Database, driver and OS failures while opening become one-line StorageErrors."""
    try:
        yield
    except StorageError:
        raise
    except Exception as exc:
        translated = translate(exc, where)
        if translated is None:
            raise
        raise translated from exc


def _where(location: str | Path, path: Path | None) -> str:
    return str(path) if path is not None else display_location(str(location))


def create_project(location: str | Path, name: str = "") -> ProjectRepository:
    """Make a new, empty project (a new ``.icproj`` file, or an empty server database)."""
    with _translated(display_location(str(location))):
        url = url_for(location)
        path = sqlite_path(url)
        where = _where(location, path)
    with _translated(where):
        return _create(url, path, where, name)


def _create(url: str, path: Path | None, where: str, name: str) -> ProjectRepository:
    if path is not None:
        if path.exists():
            raise StorageError(f"{path}: a file with this name exists already")
        if not path.parent.exists():
            raise StorageError(f"{path.parent}: no such folder")
        if not os.access(path.parent, os.W_OK):
            raise read_only_error(str(path))
    write, read = make_engines(url)
    try:
        if path is None:
            _refuse_non_empty_database(read, where)
        upgrade_to_head(write)
        repo = ProjectRepository(where, write, read)
        with repo._write() as s:
            s.add_all(
                [
                    ProjectMetaRow(key="application", value=APPLICATION),
                    ProjectMetaRow(key="name", value=name or (path.stem if path else "")),
                    ProjectMetaRow(key="created_at", value=utc_now().isoformat()),
                    ProjectMetaRow(key="created_by_version", value=__version__),
                ]
            )
    except BaseException:
        write.dispose()
        read.dispose()
        if path is not None and path.exists():
            for leftover in (
                path,
                path.with_name(path.name + "-wal"),
                path.with_name(path.name + "-shm"),
            ):
                leftover.unlink(missing_ok=True)
        raise
    return repo


def _refuse_non_empty_database(engine: Engine, where: str) -> None:
    tables = sorted(inspect(engine).get_table_names())
    if not tables:
        return
    what = "a project already" if "project_meta" in tables else f"tables ({', '.join(tables[:5])})"
    raise StorageError(
        f"{where}: the database is not empty (it holds {what}); a new project needs an "
        "empty database"
    )


def open_project(location: str | Path, *, upgrade: bool = True) -> ProjectRepository:
    """Open an existing project; an older schema is backed up and upgraded first.

    Raises :class:`NotAProjectError` for a file that is not a project and
    :class:`NewerSchemaError` for a project made by a newer interactioncoder; neither
    changes the file. Every failure is a :class:`StorageError` with a one-line message
    (busy, read-only, unreachable server, unknown driver: see ``errors.translate``).
    Opening a current project only reads: it never waits for another writer.
    """
    if not is_url(location) and str(location).strip() == "":
        raise NotAProjectError("no project given (an empty path)")
    with _translated(display_location(str(location))):
        url = url_for(location)
        path = sqlite_path(url)
        where = _where(location, path)
    with _translated(where):
        return _open(location, url, path, where, upgrade)


def _open(
    location: str | Path, url: str, path: Path | None, where: str, upgrade: bool
) -> ProjectRepository:
    if path is not None:
        # Read-only look first: a foreign or newer file is refused before anything writes.
        revision = sqlite_project_revision(path)
        refuse_unknown_revision(revision, where)
    elif not is_url(location):
        raise NotAProjectError(f"{location}: not a project file or database URL")
    write, read = make_engines(url)
    try:
        backup = ensure_current_schema(write, read, url, where, upgrade=upgrade)
    except BaseException:
        write.dispose()
        read.dispose()
        raise
    repo = ProjectRepository(where, write, read)
    repo.upgraded_from_backup = backup
    return repo
