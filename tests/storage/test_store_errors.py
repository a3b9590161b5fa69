"""Every storage failure is one line naming the project: NUL text, busy, read-only, bad URLs."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest

from interactioncoder.core.events import Event, EventChangeSet, new_event_id
from interactioncoder.storage import ProjectRepository, create_project, engine, open_project
from interactioncoder.storage.errors import (
    DatabaseUnreachableError,
    InvalidTextError,
    NotAProjectError,
    ReadOnlyProjectError,
    StorageError,
)


def one_line(exc: BaseException) -> str:
    text = str(exc)
    assert "\n" not in text and "Traceback" not in text, text
    return text


def test_nul_in_a_comment_is_refused_on_both_databases(
    repo: ProjectRepository, populated: dict[str, int]
) -> None:
    """Decision: refuse (not strip) text with U+0000, with the same message on SQLite and PG."""
    coding = populated["coding"]
    with pytest.raises(InvalidTextError, match=r"codings .*comment contains a NUL") as info:
        repo.set_coding_comment(coding, "before\x00after")
    one_line(info.value)
    assert repo.get_coding(coding).comment == ""
    ev = Event(new_event_id(), "freeze", 5, 200.0, 5, 200.0, comment="a\x00b")
    with pytest.raises(InvalidTextError, match=r"events .*comment contains a NUL"):
        repo.apply_event_changes(coding, EventChangeSet(added=(ev,)))
    assert repo.list_events(coding) == []
    # the bulk path (imports) too, all or nothing
    fine = Event(new_event_id(), "freeze", 1, 40.0, 1, 40.0)
    with pytest.raises(InvalidTextError, match=r"events .*comment contains a NUL"):
        repo.add_events(coding, [fine, ev])
    assert repo.list_events(coding) == []
    with pytest.raises(InvalidTextError, match="NUL"):
        repo.add_dyad("D\x00002")
    assert [d.label for d in repo.list_dyads()] == ["D001"]
    # the project is still usable afterwards
    repo.set_coding_comment(coding, "fine")
    assert repo.get_coding(coding).comment == "fine"


def test_reading_while_another_program_writes_takes_no_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening and reading a project does not wait for (or fail on) another writer."""
    monkeypatch.setattr(engine, "SQLITE_BUSY_TIMEOUT_MS", 300)
    path = tmp_path / "busy.icproj"
    create_project(path).close()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    blocker.execute("INSERT INTO dyads (label, notes) VALUES ('pending', '')")
    try:
        repo = open_project(path)
        try:
            assert repo.list_dyads() == []  # reads the committed state, no lock
            assert repo.list_sessions() == []
        finally:
            repo.close()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def test_read_only_project_is_reported_as_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ro.icproj"
    create_project(path).close()
    real_access = os.access

    def no_write(p: object, mode: int) -> bool:
        return False if mode & os.W_OK else real_access(p, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", no_write)
    with pytest.raises(ReadOnlyProjectError, match="read-only") as info:
        open_project(path)
    assert "damaged" not in one_line(info.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write a read-only folder")
def test_project_in_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "p.icproj"
    create_project(path).close()
    folder.chmod(0o555)
    try:
        with pytest.raises(ReadOnlyProjectError, match="read-only"):
            open_project(path)
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize(
    ("url", "error", "words"),
    [
        ("postgresql://me@127.0.0.1:1/study", DatabaseUnreachableError, "driver"),
        ("postgresql+psycopg2://me@127.0.0.1:1/study", DatabaseUnreachableError, "driver"),
        ("nosuchdb://me@host/study", DatabaseUnreachableError, "unknown database type"),
        ("postgresql+psycopg://me@127.0.0.1:1/study", DatabaseUnreachableError, "cannot connect"),
        ("postgresql+psycopg://me:secret@127.0.0.1:1/study", DatabaseUnreachableError, "\\*\\*\\*"),
        ("://nothing", StorageError, "URL"),
        ("postgresql+psycopg://me:secret@host:notaport/study", DatabaseUnreachableError, "valid"),
        ("postgresql+psycopg://me@[::1/study", DatabaseUnreachableError, "valid"),
        ("mysql://me@127.0.0.1:1/study", DatabaseUnreachableError, "driver"),
    ],
)
def test_url_mistakes_are_one_line(
    url: str, error: type[Exception], words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if url.startswith("postgresql://"):
        # a bare postgresql:// names no driver: SQLAlchemy picks a default one (psycopg2
        # before SQLAlchemy 2.1), which may not be installed; make both unimportable
        monkeypatch.setitem(sys.modules, "psycopg2", None)
        monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(error, match=words) as info:
        open_project(url)
    assert "secret" not in one_line(info.value)


def test_not_a_project_folder_and_empty_path(tmp_path: Path) -> None:
    with pytest.raises(NotAProjectError, match="folder"):
        open_project(tmp_path)
    with pytest.raises(NotAProjectError, match="no project given"):
        open_project("")


def test_new_project_refuses_an_existing_one(project_location: str) -> None:
    with pytest.raises(StorageError, match=r"exists already|holds a project already") as info:
        create_project(project_location)
    one_line(info.value)
    repo = open_project(project_location)  # untouched
    try:
        assert repo.project_name == "Shared"
    finally:
        repo.close()
