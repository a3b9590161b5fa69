"""Signals of a stored session: regions, motion energy kept once, synchrony on master
frames across two cameras, tables, and voice activity as a machine coding."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from interactioncoder.cli import main
from interactioncoder.core.codebook.writer import codebook_to_yaml
from interactioncoder.core.project import CodingRole
from interactioncoder.core.regions import Region
from interactioncoder.media.synthetic import SyntheticAudio, write_test_video
from interactioncoder.storage import open_project
from interactioncoder.workflow import signal_tables, signals
from interactioncoder.workflow.signals import RegionRef, SignalError, SynchronySettings
from interactioncoder.workflow.voice import propose_speech, store_machine_coding
from tests.factories import codebook, group, state

from ..signals.scenes import REGION_A, REGION_B, two_person_scene, write_scene_video
from ..signals.speech import espeak

CODEBOOK = codebook(
    group("vocal", state("speaking", key="s", name="Speaking"), name="Vocal"), codebook_id="voice"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Two cameras: the scene (master) and the same scene started 10 frames (1/3 s) later."""
    scene = two_person_scene(300, [(40, 55), (120, 140), (200, 230)], follow=15)
    wide = write_scene_video(tmp_path / "wide.mp4", scene)
    later = type(scene)(scene.frames[10:], scene.moving_a[10:], scene.moving_b[10:])
    second = write_scene_video(tmp_path / "second.mp4", later)
    book = tmp_path / "voice.yaml"
    book.write_text(codebook_to_yaml(CODEBOOK))
    path = tmp_path / "study.icproj"
    assert main(["project", "new", str(path)]) == 0
    args = ["session", "add", str(path), "--dyad", "D1", "--name", "S1", "--video", str(wide)]
    args += ["--video", f"{second}@333.333", "--camera", "Wide", "--camera", "Second"]
    assert main([*args, "--codebook", str(book)]) == 0
    assert main(["session", "segment", str(path), "S1", "play", "0", "5"]) == 0
    repo = open_project(path)
    (session,) = repo.list_sessions()
    repo.set_regions(session.id, "Wide", [REGION_A, REGION_B])
    repo.set_regions(session.id, "Second", [REGION_A])
    repo.close()
    return path


def test_motion_is_computed_once_and_kept(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = open_project(project)
    (session,) = repo.list_sessions()
    first = signals.motion_energy_for(repo, session.id, "Wide")
    assert first.energy.shape == (300, 2)

    def no_decoding(*args: object, **kwargs: object) -> None:
        raise AssertionError("decoded again")

    monkeypatch.setattr(signals, "iter_grey_frames", no_decoding)
    again = signals.motion_energy_for(repo, session.id, "Wide")
    assert np.array_equal(first.energy, again.energy)
    # other regions are another result: computed, not taken from the store
    repo.set_regions(session.id, "Wide", [Region.rectangle("top", 0, 0, 1, 0.5)])
    with pytest.raises(AssertionError, match="decoded again"):
        signals.motion_energy_for(repo, session.id, "Wide")
    repo.close()


def test_second_camera_lands_on_the_same_master_frames(project: Path) -> None:
    """The second camera started 10 frames later: on master frames its energy equals the
    master's (the same scene), so the synchrony peak lag between them is 0."""
    repo = open_project(project)
    (session,) = repo.list_sessions()
    wide = signals.region_signal(repo, session.id, RegionRef("Wide", "mother"))
    second = signals.region_signal(repo, session.id, RegionRef("Second", "mother"))
    assert np.isnan(second[:10]).all()
    moving_wide = set(np.flatnonzero(wide > 0))
    moving_second = set(np.flatnonzero(second > 0))
    assert len(moving_wide ^ moving_second) <= 2  # the first recorded frame has no predecessor
    repo.close()


def test_synchrony_tables_find_the_follower(project: Path) -> None:
    repo = open_project(project)
    (session,) = repo.list_sessions()
    windows, phases, sync = signal_tables.synchrony_tables(
        repo,
        session.id,
        SynchronySettings(
            RegionRef("Wide", "mother"),
            RegionRef("Wide", "infant"),
            window_s=4,
            step_s=0.5,
            max_lag_s=1,
            surrogates=0,
        ),
    )
    assert abs(np.nanmedian(sync.result.peak_lag) - 15) <= 1
    assert list(windows.columns[:4]) == ["session_id", "session", "frame", "time_s"]
    assert set(phases.phase) == {"session", "play"}
    assert "motion_wide_mother_mean" in phases.columns
    repo.close()


def test_missing_region_or_camera_is_one_clear_error(project: Path) -> None:
    repo = open_project(project)
    (session,) = repo.list_sessions()
    with pytest.raises(SignalError, match="no camera 'Top'"):
        signals.motion_energy_for(repo, session.id, "Top")
    with pytest.raises(SignalError, match="no region 'face'"):
        signals.region_signal(repo, session.id, RegionRef("Wide", "face"))
    repo.close()


def test_cli_motion_and_synchrony(project: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "motion.csv"
    assert (
        main(["signals", "motion", str(project), "S1", "--camera", "Wide", "--out", str(out)]) == 0
    )
    header = out.read_text().splitlines()[0]
    assert header == "session_id,session,frame,time_s,motion_wide_infant,motion_wide_mother"
    sync_out = tmp_path / "sync.csv"
    args = ["signals", "synchrony", str(project), "S1", "--x", "Wide:mother", "--y", "Wide:infant"]
    assert main([*args, "--max-lag", "1", "--surrogates", "20", "--out", str(sync_out)]) == 0
    text = capsys.readouterr().out
    assert "median peak lag +0.50 s" in text and "surrogate test" in text
    assert (tmp_path / "sync_phases.csv").is_file()
    assert (
        main(["signals", "motion", str(project), "S1", "--camera", "Nope", "--out", str(out)]) == 2
    )
    bad_region = ["signals", "regions", str(project), "S1", "--camera", "Wide"]
    with pytest.raises(SystemExit) as refused:
        main([*bad_region, "--region", "x=0,0,2,1"])
    assert refused.value.code == 2
    assert "off the picture" in capsys.readouterr().err


def test_voice_becomes_a_machine_coding(tmp_path: Path) -> None:
    rate = 16000
    voice = espeak("hello little one", tmp_path, rate)
    audio = SyntheticAudio(noise_level=0.0, sample_rate=rate, inserts=((2.0, voice),))
    video = write_test_video(tmp_path / "talk.mp4", 180, fps=30, audio=audio).path
    book = tmp_path / "voice.yaml"
    book.write_text(codebook_to_yaml(CODEBOOK))
    path = tmp_path / "v.icproj"
    assert main(["project", "new", str(path)]) == 0
    args = ["session", "add", str(path), "--dyad", "D1", "--name", "S1", "--video", str(video)]
    assert main([*args, "--camera", "Mother", "--codebook", str(book)]) == 0
    repo = open_project(path)
    (session,) = repo.list_sessions()
    proposals = propose_speech(repo, session.id, "Mother")
    assert len(proposals) == 1
    assert abs(proposals[0].onset_ms - 2000) <= 100
    coding = store_machine_coding(repo, session.id, "Speaking", proposals)
    assert coding.role is CodingRole.MACHINE
    store_machine_coding(repo, session.id, "speaking", proposals)  # again: replaced, not added
    (event,) = repo.list_events(coding.id)
    assert event.code_id == "speaking" and event.onset_frame == proposals[0].onset_frame
    repo.close()


@pytest.mark.parametrize("offset_ms", [-250.0, 0.0, 333.333, 1000.0])
def test_the_frame_map_equals_the_players_rule_frame_by_frame(offset_ms: float) -> None:
    """The vectorised map gives what MultiCamSession.camera_frame gives for every master
    frame (a VFR camera against a constant master, shifted both ways)."""
    from interactioncoder.core.timebase import Timebase
    from interactioncoder.media.multicam import CameraTrack, MultiCamSession
    from interactioncoder.workflow.signals import camera_frames_at

    master = CameraTrack("m", Timebase.constant(25.0, 300))
    vfr = [sum(30.0 if i % 3 else 50.0 for i in range(k)) for k in range(250)]
    camera = CameraTrack("c", Timebase.from_times(vfr, vfr[-1] + 30.0), offset_ms)
    session = MultiCamSession([master, camera])
    expected = [-1 if (f := session.camera_frame(1, m)) is None else f for m in range(300)]
    assert camera_frames_at(master, camera).tolist() == expected
