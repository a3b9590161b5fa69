"""Sessions from video files: grouping by name, probing, a bad file skipped, edit, remove."""

from __future__ import annotations

from pathlib import Path

import pytest

from interactioncoder.core.project import CodingRole, SessionVideo
from interactioncoder.storage.errors import ConstraintError
from interactioncoder.workflow.session_setup import (
    CameraPlan,
    PatternError,
    SessionPlan,
    add_sessions,
    compile_pattern,
    edit_session,
    group_files,
    plan_problems,
    remove_session,
    video_files,
)
from tests.workflow.helpers import study_project, tiny_video


def test_default_pattern_groups_by_dyad_with_cameras_from_the_rest() -> None:
    files = [Path(n) for n in ("D017_mother.mp4", "D017_infant.mp4", "D018_wide.mov", "x.mp4")]
    grouping = group_files(files)
    assert grouping.unmatched == (Path("x.mp4"),)
    d17, d18 = grouping.sessions
    assert (d17.dyad, d17.name) == ("D017", "D017")
    assert [(c.camera, c.is_master) for c in d17.cameras] == [("infant", True), ("mother", False)]
    assert [c.camera for c in d18.cameras] == ["wide"]


def test_visit_placeholder_makes_one_session_per_visit() -> None:
    files = [Path(f"D017_{v}_{c}.mp4") for v in ("t1", "t2") for c in ("a", "b")]
    grouping = group_files(files, "{dyad}_{visit}_{camera}")
    assert [(s.dyad, s.name, s.visit, len(s.cameras)) for s in grouping.sessions] == [
        ("D017", "t1", "t1", 2),
        ("D017", "t2", "t2", 2),
    ]


def test_glob_star_and_bad_patterns() -> None:
    assert compile_pattern("{dyad}_*").match("D017_anything")["dyad"] == "D017"  # type: ignore[index]
    with pytest.raises(PatternError, match=r"needs \{dyad\}"):
        compile_pattern("{camera}")
    with pytest.raises(PatternError, match=r"unknown \{age\}"):
        compile_pattern("{dyad}_{age}")


def test_plan_problems() -> None:
    cams = (CameraPlan(Path("a.mp4"), "a", is_master=True), CameraPlan(Path("b.mp4"), "a"))
    problems = plan_problems(SessionPlan("", "s", cams, infant_age_days=-1))
    assert any("needs a label" in p for p in problems)
    assert any("same name" in p for p in problems)
    assert any("negative" in p for p in problems)
    no_master = (CameraPlan(Path("a.mp4"), "a"),)
    assert any("one master" in p for p in plan_problems(SessionPlan("D1", "s", no_master)))


def test_add_sessions_skips_a_bad_file_and_adds_the_rest(tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    tiny_video(media, "D017_mother.mp4")
    tiny_video(media, "D017_infant.mp4", 10)
    tiny_video(media, "D018_wide.mp4")
    (media / "D018_broken.mp4").write_bytes(b"not a video at all")
    (media / "notes.txt").write_text("ignored")
    files = video_files([media])
    assert len(files) == 4
    grouping = group_files(files)
    d17, d18 = grouping.sessions
    d17 = SessionPlan(
        "D017",
        "3 months",
        (d17.cameras[0], CameraPlan(d17.cameras[1].path, "mother", 1500.0)),
        visit="3 months",
        infant_age_days=92,
    )
    seen: list[tuple[float, str]] = []
    repo = study_project(tmp_path)
    try:
        report = add_sessions(repo, [d17, d18], progress=lambda f, t: seen.append((f, t)))
        assert [t for _, t in seen[:-1]] == [f"Reading {p.name}" for p in sorted(files)]
        assert seen[-1] == (1.0, "Done")
        assert [p.name for p, _ in report.skipped_files] == ["D018_broken.mp4"]
        assert "D018_broken.mp4" in report.skipped_files[0][1]
        sessions = repo.list_sessions()
        assert [(s.name, s.visit, s.infant_age_days) for s in sessions] == [
            ("3 months", "3 months", 92),
            ("D018", "", None),
        ]
        s17 = sessions[0]
        assert [(v.camera, v.offset_ms, v.is_master) for v in s17.videos] == [
            ("infant", 0.0, True),
            ("mother", 1500.0, False),
        ]
        assert repo.get_video(s17.videos[0].video_id).frame_count == 10
        # the broken file was the master of D018: the remaining camera leads
        assert [(v.camera, v.is_master) for v in sessions[1].videos] == [("wide", True)]
        codes = repo.blind_codes()
        assert set(codes) == {s.id for s in sessions} and len(set(codes.values())) == 2
        # adding the same session again fails alone, with the reason; nothing else changes
        again = add_sessions(repo, [d17])
        assert not again.added and "already has a session" in again.failed_sessions[0][1]
        assert len(repo.list_sessions()) == 2 and len(repo.list_videos()) == 3
    finally:
        repo.close()


def test_edit_and_remove_a_session(tmp_path: Path) -> None:
    tiny_video(tmp_path, "D1_a.mp4")
    tiny_video(tmp_path, "D1_b.mp4")
    repo = study_project(tmp_path)
    try:
        add_sessions(repo, group_files(video_files([tmp_path])).sessions)
        (session,) = repo.list_sessions()
        a, b = session.videos
        swapped = [SessionVideo(b.video_id, 0.0, "B", True), SessionVideo(a.video_id, 40, "A")]
        edit_session(
            repo, session.id, name="visit 1", visit="t1", infant_age_days=120, cameras=swapped
        )
        edited = repo.get_session(session.id)
        assert (edited.name, edited.visit, edited.infant_age_days) == ("visit 1", "t1", 120)
        assert edited.master is not None and edited.master.video_id == b.video_id
        with pytest.raises(ValueError, match="negative"):
            edit_session(repo, session.id, name="x", infant_age_days=-3)
        coder = repo.list_coders()[1]
        version = repo.list_codebook_versions()[0]
        coding = repo.create_coding(session.id, coder.id, version.id, CodingRole.PRIMARY)
        with pytest.raises(ConstraintError, match="1 coding"):
            remove_session(repo, session.id)
        assert repo.get_coding(coding.id).session_id == session.id
        remove_session(repo, session.id, with_codings=True)
        assert repo.list_sessions() == [] and repo.list_codings() == []
        assert repo.blind_codes() == {}
    finally:
        repo.close()
