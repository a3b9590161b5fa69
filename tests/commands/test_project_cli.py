"""``project new|info`` and ``db upgrade|check`` from the command line."""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from interactioncoder.cli import build_parser, main
from interactioncoder.commands._projects import project_location
from interactioncoder.storage import engine
from tests.commands.test_reliability_cli import _build as build_reliability_project
from tests.storage.conftest import POSTGRES_URL, fresh_postgres_database

FIXTURE = Path(__file__).parents[1] / "storage" / "fixtures" / "schema_0001.icproj"


def test_new_then_info(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "study"
    assert main(["project", "new", str(path), "--name", "Still-face study"]) == 0
    assert (tmp_path / "study.icproj").exists()
    assert main(["project", "info", str(tmp_path / "study.icproj")]) == 0
    out = capsys.readouterr().out
    assert "Still-face study" in out and "sessions:  0" in out


def test_new_refuses_existing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.icproj"
    path.write_text("keep me")
    assert main(["project", "new", str(path)]) == 2
    err = capsys.readouterr().err
    assert "exists already" in err and "Traceback" not in err
    assert path.read_text() == "keep me"


def test_info_on_a_non_project_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "movie.mp4"
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42")
    assert main(["project", "info", str(path)]) == 2
    err = capsys.readouterr().err
    assert "movie.mp4: not an interactioncoder project" in err


def test_db_upgrade_and_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "old.icproj"
    shutil.copy(FIXTURE, path)
    assert main(["db", "check", str(path)]) == 2
    assert "db upgrade" in capsys.readouterr().err
    assert main(["db", "upgrade", str(path)]) == 0
    out = capsys.readouterr().out
    assert "old file was kept" in out and "upgraded to schema" in out
    assert main(["db", "upgrade", str(path)]) == 0
    assert "already at the current schema" in capsys.readouterr().out
    assert main(["db", "check", str(path)]) == 0
    assert list(tmp_path.glob("old.backup-schema0001-*.icproj"))


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("project", "codebook", "db", "demo"):
        assert command in out


# -- one project argument for every command: a path or a URL ------------------------

URL = "postgresql+psycopg://coder:pw@db.example.org:5432/study"

# every command that names a project, with the other arguments it needs
PROJECT_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("project", "info", "{p}"),
    ("project", "new", "{p}"),
    ("db", "upgrade", "{p}"),
    ("db", "check", "{p}"),
    ("session", "add", "{p}", "--dyad", "D1", "--name", "s", "--video", "v.mp4"),
    ("session", "list", "{p}"),
    ("session", "segment", "{p}", "s1", "part", "1", "2"),
    ("export", "{p}", "--out", "x.csv"),
    ("reliability", "{p}"),
    ("sample", "{p}", "--coder", "Bob", "--dry-run"),
    ("import", "{p}", __file__),
    ("analyse", "{p}", "latency", "--pair", "a", "b"),
    ("signals", "regions", "{p}", "S1"),
    ("signals", "motion", "{p}", "S1", "--camera", "C", "--out", "m.csv"),
    ("signals", "synchrony", "{p}", "S1", "--x", "C:a", "--y", "C:b"),
    ("signals", "voice", "{p}", "S1", "--camera", "C", "--code", "x"),
)


@pytest.mark.parametrize("argv", PROJECT_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_every_command_takes_a_url_unchanged(argv: tuple[str, ...]) -> None:
    parser = build_parser()
    args = parser.parse_args([a.format(p=URL) for a in argv])
    location = getattr(args, "project", None) or args.path
    assert location == URL  # not a Path: "//" kept


def test_every_project_command_is_covered() -> None:
    """A new command that takes a project must be added above (and use the helper)."""
    covered = {tuple(a for a in argv[:2] if not a.startswith("{")) for argv in PROJECT_COMMANDS}
    found = {
        name
        for name, sub in _subcommands(build_parser())
        if {a.dest for a in sub._actions} & {"project", "path"}
    }
    assert found - covered == {("demo",)}  # demo makes a folder of videos: a file only
    for name, sub in _subcommands(build_parser()):
        for action in sub._actions:
            if name in covered and action.dest in {"project", "path"}:
                assert action.type is project_location, name


def _subcommands(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out.append(((*prefix, name), sub))
                out.extend(_subcommands(sub, (*prefix, name)))
    return out


def test_url_mistakes_are_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for url, words in (
        ("nosuchdb://me@host/study", "unknown database type"),
        ("postgresql+psycopg://me:secret@127.0.0.1:1/study", "cannot connect"),
    ):
        assert main(["project", "info", url]) == 2
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err and "secret" not in err
        assert len(err.strip().splitlines()) == 1


def test_info_while_another_program_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read-only commands take no write lock: they answer while another program writes."""
    monkeypatch.setattr(engine, "SQLITE_BUSY_TIMEOUT_MS", 300)
    path = tmp_path / "busy.icproj"
    assert main(["project", "new", str(path)]) == 0
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    blocker.execute("INSERT INTO dyads (label, notes) VALUES ('pending', '')")
    try:
        capsys.readouterr()
        for argv in (["project", "info"], ["session", "list"], ["db", "check"]):
            assert main([*argv, str(path)]) == 0, capsys.readouterr().err
        # a writing command gets a one-line "in use" message, not a traceback
        assert main(["session", "segment", str(path), "s1", "part", "1", "2"]) == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def test_read_only_project_is_not_called_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ro.icproj"
    assert main(["project", "new", str(path)]) == 0
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode & os.W_OK else real_access(p, mode)
    )
    assert main(["project", "info", str(path)]) == 2
    err = capsys.readouterr().err
    assert "read-only" in err and "damaged" not in err


@pytest.fixture
def server_project(tmp_path: Path) -> Iterator[str]:
    """A PostgreSQL project with two sessions double-coded (skipped without a server)."""
    if not POSTGRES_URL:
        pytest.skip("no PostgreSQL test server (INTERACTIONCODER_TEST_POSTGRES_URL unset)")
    with fresh_postgres_database(POSTGRES_URL) as url:
        build_reliability_project(url)  # type: ignore[arg-type]  # a URL works as well
        yield url


def test_every_command_on_a_postgresql_url(
    server_project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server_project
    csv = tmp_path / "more.csv"
    csv.write_text("onset,offset,code\n1,2,mother\n2,3,away\n", encoding="utf-8")
    runs: list[list[str]] = [
        ["project", "info", url],
        ["session", "list", url],
        ["db", "check", url],
        ["db", "upgrade", url],
        ["reliability", url, "--tolerance", "0.5"],
        ["export", url, "--table", "events", "--out", str(tmp_path / "events.csv")],
        ["sample", url, "--coder", "cat", "--seed", "1", "--dry-run"],
        ["session", "segment", url, "s1", "middle", "1", "2"],
        ["import", url, str(csv), "--session", "s1", "--coder", "dan"],
    ]
    for argv in runs:
        code = main(argv)
        out, err = capsys.readouterr()
        assert code == 0, (argv, err)
        assert "pw@" not in out + err
    assert (tmp_path / "events.csv").exists()
    assert main(["project", "info", url]) == 0
    assert "codings:   6" in capsys.readouterr().out
