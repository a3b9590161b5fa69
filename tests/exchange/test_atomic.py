"""All-or-nothing file writing and formula neutralisation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from interactioncoder.exchange.atomic import (
    _umask,
    atomic_output,
    atomic_write_bytes,
    atomic_write_text,
    neutralise_formula,
)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_text_creates_file_with_exact_content(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    atomic_write_text(target, "a,b\r\n1,2\n")
    assert target.read_bytes() == b"a,b\r\n1,2\n"
    assert _leftovers(tmp_path) == []


def test_write_text_encoding(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    atomic_write_text(target, "Müller", encoding="utf-8-sig")
    assert target.read_bytes() == b"\xef\xbb\xbfM\xc3\xbcller"


def test_write_bytes_replaces_existing(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    atomic_write_bytes(target, b"\x00new")
    assert target.read_bytes() == b"\x00new"
    assert _leftovers(tmp_path) == []


def test_failure_halfway_keeps_old_file_and_removes_temp(tmp_path: Path) -> None:
    target = tmp_path / "table.csv"
    target.write_text("old content\n", encoding="utf-8")

    class WriteFailedError(RuntimeError):
        pass

    with pytest.raises(WriteFailedError), atomic_output(target, "w") as handle:
        handle.write("half of the new ")
        raise WriteFailedError("disk full")
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert _leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.csv"]


def test_failure_without_old_file_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "new.xlsx"
    with pytest.raises(ValueError), atomic_output(target, "wb") as handle:
        handle.write(b"PK")
        raise ValueError("bad")
    assert list(tmp_path.iterdir()) == []


def test_failing_replace_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "t.txt"
    target.write_text("old", encoding="utf-8")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError("file is open in Excel")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        atomic_write_text(tmp_path / "nope" / "x.csv", "x")


def test_target_is_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(IsADirectoryError):
        atomic_write_text(tmp_path / "d", "x")


def test_bad_mode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="mode"), atomic_output(tmp_path / "x", "a"):
        pass


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_existing_permissions_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    atomic_write_text(target, "new")
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_new_file_is_not_private(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    atomic_write_text(target, "new")
    # mkstemp's 0600 would hide the export from group members sharing a study folder.
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("", ""),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("'quoted", "'quoted"),
    ],
)
def test_neutralise_formula(raw: str, expected: str) -> None:
    assert neutralise_formula(raw) == expected
