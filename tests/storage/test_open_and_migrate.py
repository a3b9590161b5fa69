"""Opening refuses foreign and newer files unchanged, and upgrades old projects with a backup."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from interactioncoder.core.project import CodingRole
from interactioncoder.storage import create_project, engine, open_project
from interactioncoder.storage.errors import (
    NewerSchemaError,
    NotAProjectError,
    OldSchemaError,
    ProjectInUseError,
)
from interactioncoder.storage.migrate import head_revision

FIXTURE = Path(__file__).parent / "fixtures" / "schema_0001.icproj"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.icproj"
    path.write_text("these are my notes")
    with pytest.raises(NotAProjectError, match=r"notes\.icproj: not an interactioncoder project"):
        open_project(path)
    assert path.read_text() == "these are my notes"


def test_empty_and_missing_files_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.icproj"
    empty.touch()
    with pytest.raises(NotAProjectError, match="empty"):
        open_project(empty)
    with pytest.raises(NotAProjectError, match="no such project file"):
        open_project(tmp_path / "missing.icproj")


def test_foreign_sqlite_database_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE things (x)")
    con.commit()
    con.close()
    before = digest(path)
    with pytest.raises(NotAProjectError, match="another program"):
        open_project(path)
    assert digest(path) == before
    assert not (tmp_path / "other.db-wal").exists()


def test_newer_project_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "future.icproj"
    create_project(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = digest(path)
    with pytest.raises(NewerSchemaError, match="newer version of interactioncoder"):
        open_project(path)
    assert digest(path) == before


def test_first_schema_project_is_backed_up_and_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.icproj"
    shutil.copy(FIXTURE, path)
    with pytest.raises(OldSchemaError, match="db upgrade"):
        open_project(path, upgrade=False)
    repo = open_project(path)
    try:
        backup = repo.upgraded_from_backup
        assert backup is not None and backup.exists() and "schema0001" in backup.name
        # everything the first schema stored is still there
        (coding,) = repo.list_codings()
        events = repo.list_events(coding.id)
        assert [(e.code_id, e.onset_frame, e.offset_frame) for e in events] == [
            ("sensitive", 10, 20),
            ("freeze", 30, 30),
        ]
        assert events[0].modifiers == {"note": "x"} and events[0].comment == "first"
        assert repo.list_ratings(coding.id)[0].value == 6
        tb = repo.session_timebase(coding.session_id)
        assert tb is not None and tb.frame_count == 100
        # and the new schema's features work on it
        bob = repo.add_coder("Bob")
        sample = repo.assign_reliability_sample(bob.id, [coding.session_id], seed=1, share=0.2)
        assert sample.session_ids == (coding.session_id,)
        assert repo.list_codings(role=CodingRole.RELIABILITY)[0].coder_id == bob.id
        assert repo.integrity_check() == []
    finally:
        repo.close()
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    con.close()
    # the backup is still the old schema
    con = sqlite3.connect(backup)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    con.close()


def test_second_writer_gets_project_in_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "SQLITE_BUSY_TIMEOUT_MS", 300)
    path = tmp_path / "busy.icproj"
    repo = create_project(path)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ProjectInUseError, match="another program"):
            repo.add_dyad("D1")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert repo.add_dyad("D1").label == "D1"
    repo.close()


def test_second_writer_waits_for_a_short_lock(tmp_path: Path) -> None:
    path = tmp_path / "wait.icproj"
    repo = create_project(path)
    blocker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: blocker.execute("COMMIT"))
    release.start()
    try:
        assert repo.add_dyad("D2").label == "D2"  # waited instead of failing
    finally:
        release.join()
        blocker.close()
        repo.close()
