"""``session add|list|segment``: recordings into a project, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from interactioncoder.cli import main
from interactioncoder.media.synthetic import write_test_video
from interactioncoder.storage import open_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "study.icproj"
    assert main(["project", "new", str(path)]) == 0
    return path


def test_add_list_and_segment(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mother = write_test_video(tmp_path / "mother.mp4", 50, 25).path
    # a phone-like camera at variable frame rate, started 1.5 s later
    infant = write_test_video(
        tmp_path / "infant.mp4", 40, vfr_schedule=[0.04] * 20 + [0.08] * 20
    ).path
    args = [
        "session",
        "add",
        str(project),
        "--dyad",
        "D017",
        "--name",
        "3-month visit",
        "--video",
        str(mother),
        "--video",
        f"{infant}@1500",
        "--camera",
        "Mother",
        "--visit",
        "3 months",
        "--age-days",
        "92",
        "--codebook",
        "mother-infant-interaction",
    ]
    assert main(args) == 0
    assert (
        main(["session", "segment", str(project), "3-month visit", "still-face", "0.4", "1.2"]) == 0
    )
    assert main(["session", "list", str(project)]) == 0
    out = capsys.readouterr().out
    assert "D017 / 3-month visit" in out and "offset 1500 ms" in out and "VFR" in out
    assert "segment still-face: frames 10-29" in out
    repo = open_project(project)
    try:
        (session,) = repo.list_sessions()
        assert session.infant_age_days == 92 and session.visit == "3 months"
        assert [(v.camera, v.offset_ms, v.is_master) for v in session.videos] == [
            ("Mother", 0.0, True),
            ("infant", 1500.0, False),
        ]
        infant_video = repo.get_video(session.videos[1].video_id)
        tb = repo.video_timebase(infant_video.id)
        assert tb is not None and tb.frame_to_ms(25) == pytest.approx(20 * 40 + 5 * 80)
        (seg,) = repo.list_segments(session.id)
        assert (seg.onset_frame, seg.offset_frame) == (10, 30)
        assert repo.list_codebook_versions()[0].codebook.id == "mother-infant-interaction"
    finally:
        repo.close()


def test_a_bad_video_adds_nothing(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_test_video(tmp_path / "good.mp4", 10).path
    bad = tmp_path / "notes.mp4"
    bad.write_text("not a video")
    args = [
        "session",
        "add",
        str(project),
        "--dyad",
        "D1",
        "--name",
        "s1",
        "--video",
        str(good),
        "--video",
        str(bad),
        "--codebook",
        "mother-infant-interaction",
    ]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "nothing was added" in err and "notes.mp4" in err
    repo = open_project(project)
    try:
        assert repo.list_videos() == [] and repo.list_dyads() == []
        assert repo.list_codebook_versions() == []
    finally:
        repo.close()


def test_a_codebook_is_required_once(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    video = write_test_video(tmp_path / "v.mp4", 10).path
    assert (
        main(["session", "add", str(project), "--dyad", "D1", "--name", "s", "--video", str(video)])
        == 2
    )
    assert "no codebook yet" in capsys.readouterr().err
