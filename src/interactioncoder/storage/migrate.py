"""Schema versions: create, check, back up and upgrade a project's database.

Alembic's scripts ship inside the package (``storage/migrations``) and are configured
here in code, so an installed application can upgrade a project without any ini file.
A project whose revision this version does not know (made by a newer release) is refused.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, select

from interactioncoder.storage.engine import SQLITE_HEADER, sqlite_path
from interactioncoder.storage.errors import (
    NewerSchemaError,
    NotAProjectError,
    OldSchemaError,
    read_only_error,
)
from interactioncoder.storage.schema import ProjectMetaRow

APPLICATION = "interactioncoder"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def check_sqlite_file(path: Path) -> None:
    """Refuse, with a clear message, a file that cannot be an interactioncoder project."""
    if not path.exists():
        raise NotAProjectError(f"{path}: no such project file")
    if path.is_dir():
        raise NotAProjectError(f"{path}: is a folder, not a project file")
    if path.stat().st_size == 0:
        raise NotAProjectError(f"{path}: the file is empty, not an interactioncoder project")
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotAProjectError(
            f"{path}: not an interactioncoder project (the file is not a SQLite database)"
        )


def check_writable(path: Path) -> None:
    """Refuse a project whose file or folder cannot be written, as read-only (not damaged).

    SQLite writes its journal beside the file, so even reading a project needs the folder.
    """
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise read_only_error(str(path))


def sqlite_project_revision(path: Path) -> str | None:
    """Read a project file's schema revision without changing the file (read-only).

    Refuses a file that is not SQLite or not an interactioncoder project. Runs before
    any engine connects, because connecting sets WAL mode, which would alter a foreign file.
    """
    check_sqlite_file(path)
    check_writable(path)
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise NotAProjectError(f"{path}: cannot be opened as a database ({exc})") from exc
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "project_meta" not in tables:
            raise NotAProjectError(
                f"{path}: not an interactioncoder project (a SQLite database of another program)"
            )
        row = con.execute("SELECT value FROM project_meta WHERE key='application'").fetchone()
        if row is None or row[0] != APPLICATION:
            raise NotAProjectError(f"{path}: not an interactioncoder project")
        if "alembic_version" not in tables:
            return None
        rev = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if rev is None else str(rev[0])
    except sqlite3.DatabaseError as exc:
        raise NotAProjectError(f"{path}: damaged or not a database ({exc})") from exc
    finally:
        con.close()


def refuse_unknown_revision(current: str | None, where: str) -> str:
    """Return *current* when this version knows it; refuse a newer project otherwise."""
    if current is None or current not in known_revisions():
        raise NewerSchemaError(
            f"{where}: this project was saved by a newer version of interactioncoder "
            f"(schema {current!r}; this version knows up to {head_revision()!r}). "
            "Update interactioncoder to open it; the file was not changed."
        )
    return current


def check_is_project(engine: Engine, where: str) -> None:
    tables = set(inspect(engine).get_table_names())
    if "project_meta" not in tables:
        raise NotAProjectError(
            f"{where}: not an interactioncoder project (a database without a project_meta table)"
        )
    with engine.connect() as conn:
        app = conn.execute(
            select(ProjectMetaRow.value).where(ProjectMetaRow.key == "application")
        ).scalar_one_or_none()
    if app != APPLICATION:
        raise NotAProjectError(f"{where}: not an interactioncoder project (application={app!r})")


def backup_sqlite(path: Path, revision: str) -> Path:
    """Copy the project (with its WAL content) beside itself before an upgrade."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.backup-schema{revision}-{stamp}{path.suffix}")
    source = sqlite3.connect(str(path))
    try:
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def ensure_current_schema(
    engine: Engine, read_engine: Engine, url: str, where: str, *, upgrade: bool
) -> Path | None:
    """Upgrade an older project (after a backup) or refuse a newer one.

    The checks run on *read_engine*, so opening a current project never takes the write
    lock (on SQLite the write engine starts every transaction with ``BEGIN IMMEDIATE``):
    reading a project while another program writes it works. Only an upgrade writes.
    Returns the backup's path when an upgrade was made on a project file.
    """
    check_is_project(read_engine, where)
    current = current_revision(read_engine)
    head = head_revision()
    if current == head:
        return None
    known = refuse_unknown_revision(current, where)
    if not upgrade:
        raise OldSchemaError(
            f"{where}: the project uses an older schema ({current}); "
            f"run `interactioncoder db upgrade {where}` to upgrade it to {head}"
        )
    backup: Path | None = None
    path = sqlite_path(url)
    if path is not None:
        engine.dispose()
        read_engine.dispose()
        backup = backup_sqlite(path, known)
    upgrade_to_head(engine)
    return backup
