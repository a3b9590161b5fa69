"""The demo project has something for every view: two cameras, two codings, ratings."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from interactioncoder.core.project import CodingRole
from interactioncoder.demo import DEMO_CODE_BAR, INFANT_CAMERA_OFFSET_MS, build_demo_project
from interactioncoder.media.synthetic import (
    SCENE_ANSWER_DELAY_S,
    SCENE_STILL_FACE_S,
    read_frame_number,
)
from interactioncoder.storage import open_project
from interactioncoder.workflow.signals import (
    RegionRef,
    SynchronySettings,
    region_signal,
    synchrony_for,
)


def test_demo_project_is_complete_and_partly_agreeing(tmp_path: Path) -> None:
    demo = build_demo_project(tmp_path / "demo.icproj", seconds=24)
    repo = open_project(demo.path)
    try:
        (session,) = repo.list_sessions()
        assert [v.camera for v in session.videos] == ["Mother", "Infant"]
        assert session.videos[1].offset_ms == INFANT_CAMERA_OFFSET_MS
        for v in repo.list_videos():
            assert Path(v.path).exists() and v.frame_count == 24 * 25 and not v.is_vfr
            # each picture carries its frame number in a slim bar
            with av.open(v.path) as container:
                first = next(iter(container.decode(video=0))).to_ndarray(format="rgb24")
            assert read_frame_number(first, fraction=DEMO_CODE_BAR) == 0
        primary = repo.list_codings(role=CodingRole.PRIMARY)[0]
        reliability = repo.list_codings(role=CodingRole.RELIABILITY)[0]
        assert primary.codebook_version_id == reliability.codebook_version_id
        a = repo.list_events(primary.id)
        b = repo.list_events(reliability.id)
        assert len(a) > 10 and len(b) > 10
        pairs_a = {(e.code_id, e.onset_frame) for e in a}
        pairs_b = {(e.code_id, e.onset_frame) for e in b}
        assert pairs_a & pairs_b, "the codings should agree in places"
        assert pairs_a != pairs_b, "and disagree in others"
        codebook = repo.get_codebook_version(primary.codebook_version_id).codebook
        for events in (a, b):
            for ev in events:
                assert codebook.has_code(ev.code_id)
                code = codebook.code(ev.code_id)
                assert {m.id for m in code.modifiers if m.required} <= set(ev.modifiers)
        assert {r.scale_id for r in repo.list_ratings(primary.id)} >= {"maternal-sensitivity"}
        assert any(c.is_pi for c in repo.list_coders())
    finally:
        repo.close()


def test_demo_cameras_move_so_that_the_infant_follows_the_mother(tmp_path: Path) -> None:
    """The demo's scene: the infant answers each maternal bout half a second later, and
    the mother is still in the still-face phase; its regions show both."""
    demo = build_demo_project(tmp_path / "demo.icproj", seconds=24)
    repo = open_project(demo.path)
    try:
        (session,) = repo.list_sessions()
        assert set(repo.list_regions(session.id)) == {"Mother", "Infant"}
        sync = synchrony_for(
            repo,
            session.id,
            SynchronySettings(
                RegionRef("Mother", "mother"),
                RegionRef("Infant", "infant"),
                window_s=3,
                step_s=0.5,
                max_lag_s=1.5,
                surrogates=0,
            ),
        )
        assert abs(np.nanmedian(sync.result.peak_lag) / sync.fps - SCENE_ANSWER_DELAY_S) <= 0.08
        mother = region_signal(repo, session.id, RegionRef("Mother", "mother"))
        still = slice(round(SCENE_STILL_FACE_S[0] * 25) + 1, round(SCENE_STILL_FACE_S[1] * 25))
        assert mother[still].max() == 0 < np.nanmax(mother)
    finally:
        repo.close()


def test_a_short_demo_keeps_what_fits(tmp_path: Path) -> None:
    """--seconds shorter than the script: events and phases past the end are left out,
    states running past it end with the video (this raised IndexError before)."""
    demo = build_demo_project(tmp_path / "short.icproj", seconds=8)
    repo = open_project(demo.path)
    try:
        (session,) = repo.list_sessions()
        timebase = repo.session_timebase(session.id)
        assert timebase is not None
        for coding in repo.list_codings():
            for event in repo.list_events(coding.id):
                assert event.offset_frame is not None
                assert event.offset_frame <= timebase.frame_count
        assert all(s.offset_frame <= timebase.frame_count for s in repo.list_segments(session.id))
    finally:
        repo.close()
