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


# -- targets that are not regular files, symlinks, stale temporaries ---------------------------


def test_non_regular_targets_are_refused_untouched(tmp_path: Path) -> None:
    import os

    from interactioncoder.exchange.atomic import ExportTargetError, atomic_write_text

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ExportTargetError, match="FIFO"):
        atomic_write_text(fifo, "x")
    assert fifo.is_fifo()
    with pytest.raises(ExportTargetError, match="device"):
        atomic_write_text("/dev/null", "x")  # refused by its stat, before any write
    assert Path("/dev/null").is_char_device()
    with pytest.raises(IsADirectoryError):
        atomic_write_text(tmp_path, "x")
    link = tmp_path / "to-pipe"
    link.symlink_to(fifo)
    with pytest.raises(ExportTargetError):
        atomic_write_text(link, "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "to-pipe"]  # no temporaries


def test_a_symlink_is_written_through_and_kept(tmp_path: Path) -> None:
    from interactioncoder.exchange.atomic import atomic_write_text

    real_dir = tmp_path / "real"
    real_dir.mkdir()
    real = real_dir / "table.csv"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "table.csv"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in real_dir.iterdir()) == ["table.csv"]


def test_temporaries_are_removed_on_errors_and_after_a_killed_run(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from interactioncoder.exchange.atomic import atomic_output, scratch_dir

    target = tmp_path / "out.xlsx"
    with pytest.raises(RuntimeError), atomic_output(target, "wb") as handle:
        handle.write(b"half")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(RuntimeError), scratch_dir(target) as work:
        (work / "sheet1.xml").write_bytes(b"x" * 100)
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []
    # a run killed mid-write leaves its files; its process is gone, so the next run removes them
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    pid = int(dead.stdout)
    (tmp_path / f".out.xlsx.{pid}.abc123.tmp").write_bytes(b"x" * 1000)
    (tmp_path / f".out.xlsx.{pid}.def456.d").mkdir()
    live = tmp_path / f".out.xlsx.{os.getpid()}.keep99.tmp"  # a running writer's: kept
    live.write_bytes(b"x")
    with atomic_output(target, "wb") as handle:
        handle.write(b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == [live.name, "out.xlsx"]
