"""Bad videos, CLI arguments, export targets and project files: one line, nothing changed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Case

# -- videos (session add) ----------------------------------------------------------------------


def _add(case: Case, video: object, *extra: object) -> list[object]:
    return ["session", "add", case.project, "--dyad", "D9", "--name", "s", "--video", video,
            *extra]  # fmt: skip


def _file(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return make


def _fifo(folder: Path) -> Path:
    path = folder / "cam.mp4"
    os.mkfifo(path)
    return path


VIDEO_CASES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("text-file", _file("cam.mp4", b"this is not a video\n" * 50), "not a video"),
    ("empty", _file("cam.mp4", b""), "empty"),
    ("mp4-magic-garbage", _file("cam.mp4", b"\x00\x00\x00\x18ftypmp42" + os.urandom(4000)), ""),
    ("fifo", _fifo, "FIFO"),
    ("folder", lambda folder: folder, "folder"),
    ("missing", lambda folder: folder / "gone.mp4", ""),
    ("png-as-video", _file("cam.mp4", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100), ""),
]


@pytest.mark.parametrize(("name", "make", "expect"), VIDEO_CASES, ids=[c[0] for c in VIDEO_CASES])
def test_bad_video(case: Case, name: str, make: Callable[[Path], Path], expect: str) -> None:
    path = make(case.folder)
    case.refused(_add(case, path), [path, expect])


def test_device_and_unreadable_video(case: Case) -> None:
    case.refused(_add(case, "/dev/zero"), ["/dev/zero", "device"])
    case.public()
    secret = case.folder / "cam.mp4"
    secret.write_bytes(b"\x00" * 100)
    secret.chmod(0o000)
    case.refused(_add(case, secret), [secret, "Permission denied"], as_nobody=True)


@pytest.mark.parametrize(
    "offset", ["9" * 400, "1e999", "99999999999", "-99999999999"], ids=["999-digits", "1e999",
                                                                        "1e11", "minus-1e11"]
)  # fmt: skip
def test_bad_camera_offset(case: Case, offset: str) -> None:
    video = case.folder / "cam.mp4"
    case.refused(_add(case, f"{video}@{offset}"), [video, "offset"])


# -- CLI arguments -----------------------------------------------------------------------------

SEGMENT_ARGS = [
    (["nan", "5"], True),
    (["0", "inf"], True),
    (["-1", "5"], True),
    (["0", "1e9"], True),
    (["5", "1"], False),
    (["zero", "1"], True),
    (["0", "500"], False),  # past the video's end
]


@pytest.mark.parametrize(
    ("times", "usage"), SEGMENT_ARGS, ids=[" ".join(t) for t, _ in SEGMENT_ARGS]
)
def test_bad_segment_times(case: Case, times: list[str], usage: bool) -> None:
    case.refused(["session", "segment", case.project, "visit 1", "still", *times],
                 [times[0] if usage and times[0] in ("nan", "-1", "zero") else ""],
                 usage=usage)  # fmt: skip


def test_segment_unknown_session(case: Case) -> None:
    case.refused(["session", "segment", case.project, "visit 9", "still", "0", "1"], ["visit 9"])


@pytest.mark.parametrize("age", ["1" + "0" * 30, "-3", "young"])
def test_bad_age(case: Case, age: str) -> None:
    case.refused(_add(case, case.folder / "cam.mp4", "--age-days", age), [age], usage=True)


@pytest.mark.parametrize("interval", ["0.000001", "nan", "-1", "1e12", "0", "soon"])
def test_bad_export_interval(case: Case, interval: str) -> None:
    case.refused(
        ["export", case.project, "--table", "timeseries", "--interval", interval, "--out",
         case.folder / "ts.csv"],
        [interval], usage=True,
    )  # fmt: skip
    assert not (case.folder / "ts.csv").exists()


# -- export targets ------------------------------------------------------------------------------


def test_export_to_a_fifo_a_device_and_a_link_to_a_fifo(case: Case) -> None:
    fifo = case.folder / "events.csv"
    os.mkfifo(fifo)
    case.refused(["export", case.project, "--out", fifo], [fifo, "FIFO"])
    case.refused(["export", case.project, "--format", "sdis", "--out", "/dev/null"],
                 ["/dev/null", "device"])  # fmt: skip
    assert Path("/dev/null").is_char_device()
    link = case.folder / "link.sds"
    link.symlink_to(fifo)
    case.refused(["export", case.project, "--format", "sdis", "--out", link], [link, "FIFO"])
    assert link.is_symlink() and fifo.is_fifo()
    left = sorted(p.name for p in case.folder.iterdir() if not p.name.startswith("study."))
    assert left == ["events.csv", "link.sds"]  # no temporary files


def test_export_into_a_missing_folder(case: Case) -> None:
    target = case.folder / "no" / "such" / "out.sds"
    case.refused(["export", case.project, "--format", "sdis", "--out", target], ["no/such"])


def test_export_file_format_to_a_folder(case: Case) -> None:
    case.refused(["export", case.project, "--format", "sdis", "--out", case.folder],
                 [case.folder, "folder"])  # fmt: skip


# -- project files (the storage side has its own suite; these are file kinds) ------------------


def test_project_is_a_fifo_a_folder_or_text(case: Case) -> None:
    fifo = case.folder / "pipe.icproj"
    os.mkfifo(fifo)
    case.refused(["project", "info", fifo], [fifo])
    text = case.folder / "notes.icproj"
    text.write_text("not a database\n" * 100, encoding="utf-8")
    case.refused(["project", "info", text], [text])
    case.refused(["project", "info", case.folder / "missing.icproj"], ["missing.icproj"])
