"""``project new|info`` and ``db upgrade|check`` from the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from interactioncoder.cli import main

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
