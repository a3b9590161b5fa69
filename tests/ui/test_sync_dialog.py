"""Camera sync dialog: offsets from the sound and from marked frames; apply is undoable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QUndoStack

from interactioncoder.core.project import Session, SessionVideo
from interactioncoder.core.timebase import Timebase
from interactioncoder.media.source import VideoSource
from interactioncoder.media.sync import SyncEstimate
from interactioncoder.media.synthetic import SyntheticAudio, WrittenVideo, write_test_video
from interactioncoder.storage import ProjectRepository, create_project
from interactioncoder.storage.errors import ProjectInUseError
from interactioncoder.ui.clock_player import ClockPlayer
from interactioncoder.ui.dialogs.sync_dialog import LOW_CONFIDENCE, SyncDialog
from interactioncoder.ui.player import CameraSpec, SessionPlayer
from interactioncoder.ui.theme import ALERT_COLOR
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)

FPS = 25.0
FRAME_MS = 1000.0 / FPS
# The clap is at 1.2 s (frame 30) in the master and at 0.52 s (frame 13) in the second
# camera, which therefore started 680 ms after the master: its offset is +680 ms.
MASTER_CLAP_S, CAMERA_CLAP_S = 1.2, 0.52
EXPECTED_MS = (MASTER_CLAP_S - CAMERA_CLAP_S) * 1000.0


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTERACTIONCODER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> tuple[WrittenVideo, WrittenVideo]:
    folder = tmp_path_factory.mktemp("sync_videos")
    master = write_test_video(
        folder / "mother.mp4", 50, fps=FPS, width=64, height=48,
        audio=SyntheticAudio(claps_s=(MASTER_CLAP_S,), seed=1),
    )  # fmt: skip
    camera = write_test_video(
        folder / "infant.mp4", 40, fps=FPS, width=64, height=48,
        audio=SyntheticAudio(claps_s=(CAMERA_CLAP_S,), seed=2),
    )  # fmt: skip
    return master, camera


def _add(repo: ProjectRepository, path: Path) -> int:
    source = VideoSource(path)
    i = source.info()
    return repo.add_video(
        str(path), i.size_bytes, i.fingerprint, i.duration_ms, i.frame_count, i.nominal_fps,
        i.is_vfr, i.width, i.height, i.has_audio,
        frame_times_ms=tuple(source.timebase.frame_times_ms),
    ).id  # fmt: skip


@pytest.fixture
def setup(
    qtbot: Any, tmp_path: Path, videos: tuple[WrittenVideo, WrittenVideo]
) -> Iterator[tuple[ProjectRepository, Session, SessionPlayer, QUndoStack]]:
    repo = create_project(tmp_path / "sync.icproj", name="sync")
    master_id, camera_id = _add(repo, videos[0].path), _add(repo, videos[1].path)
    dyad = repo.add_dyad("D01")
    session = repo.add_session(
        dyad.id, "visit 1",
        [SessionVideo(master_id, 0.0, "mother", True), SessionVideo(camera_id, 40.0, "infant")],
    )  # fmt: skip
    player = SessionPlayer(
        [
            CameraSpec(videos[0].path, 0.0, "mother", True),
            CameraSpec(videos[1].path, 40.0, "infant"),
        ],
        cache_bytes=32 * 1024 * 1024,
        audio=False,
    )
    for view in player.views():
        qtbot.addWidget(view)
    stack = QUndoStack()
    yield repo, session, player, stack
    player.close()
    repo.close()


def stored_offset(repo: ProjectRepository, session: Session, camera: int = 1) -> float:
    return repo.get_session(session.id).videos[camera].offset_ms


def make_dialog(qtbot: Any, setup: Any, **kw: Any) -> SyncDialog:
    repo, session, player, stack = setup
    dialog = SyncDialog(None, player, repo, session, stack, **kw)
    qtbot.addWidget(dialog)
    return dialog


def test_audio_sync_accepted_and_undone(qtbot: Any, setup: Any) -> None:
    repo, session, player, stack = setup
    dialog = make_dialog(qtbot, setup)
    assert dialog.offset_labels[1].text() == "+40.0 ms"
    dialog.find_from_sound()
    with qtbot.waitSignal(dialog.operation.finished, timeout=30000):
        pass
    estimate = dialog.proposals[1]
    assert estimate.method == "audio" and estimate.confidence >= LOW_CONFIDENCE
    assert abs(estimate.offset_ms - EXPECTED_MS) <= FRAME_MS
    assert "confidence" in dialog.proposal_labels[1].text()
    assert stored_offset(repo, session) == 40.0  # nothing changes before Apply
    assert player.offset(1) == 40.0

    dialog.apply_button.click()
    assert abs(stored_offset(repo, session) - EXPECTED_MS) <= FRAME_MS
    assert player.offset(1) == stored_offset(repo, session)
    assert dialog.offset_labels[1].text() == f"{stored_offset(repo, session):+.1f} ms"
    assert "+40.0 ms →" in dialog.message.text()
    assert stack.count() == 1 and not dialog.apply_button.isEnabled()

    stack.undo()
    assert stored_offset(repo, session) == 40.0
    assert player.offset(1) == 40.0
    assert dialog.offset_labels[1].text() == "+40.0 ms"  # the dialog follows undo
    stack.redo()
    assert abs(stored_offset(repo, session) - EXPECTED_MS) <= FRAME_MS


def test_marked_moments_give_the_offset(qtbot: Any, setup: Any) -> None:
    repo, session, player, stack = setup
    dialog = make_dialog(qtbot, setup)
    clap_frame = round(MASTER_CLAP_S * FPS)  # 30
    # step the player from the dialog (it may be modal over the main window): 1 s + 5 frames
    assert [b.text() for b in dialog.step_buttons] == ["◀◀ 1 s", "◀ frame", "frame ▶", "1 s ▶▶"]
    dialog.step_buttons[3].click()
    for _ in range(5):
        dialog.step_buttons[2].click()
    qtbot.waitUntil(lambda: player.camera_frame(0) == clap_frame, timeout=5000)
    assert "master frame 30 (1.200 s)" in dialog.frame_label.text()
    dialog.use_buttons[0].click()
    assert dialog.mark(0) == clap_frame
    assert 1 not in dialog.proposals  # the other camera is not marked yet
    # the second camera's view shows its frame at the same session time (offset 40 ms)
    qtbot.waitUntil(lambda: player.camera_frame(1) is not None, timeout=5000)
    dialog.use_buttons[1].click()
    assert dialog.mark(1) == player.camera_frame(1) == 29
    assert dialog.proposals[1].offset_ms == pytest.approx(1200.0 - 29 * FRAME_MS)
    # the user steps the second camera to its clap frame (0.52 s = frame 13)
    dialog.mark_spins[1].setValue(round(CAMERA_CLAP_S * FPS))
    assert dialog.proposals[1].method == "marks"
    assert dialog.proposals[1].offset_ms == pytest.approx(EXPECTED_MS)
    dialog.apply_button.click()
    assert stored_offset(repo, session) == pytest.approx(EXPECTED_MS)
    assert player.offset(1) == pytest.approx(EXPECTED_MS)
    stack.undo()
    assert stored_offset(repo, session) == 40.0 and player.offset(1) == 40.0


def test_low_confidence_is_flagged_and_changes_nothing(qtbot: Any, setup: Any) -> None:
    repo, session, _player, stack = setup

    def unclear(_master: str, _camera: str, _master_offset: float) -> SyncEstimate:
        return SyncEstimate(333.0, 0.1, "audio", "sound peak at +333 ms (confidence 0.10)")

    dialog = make_dialog(qtbot, setup, audio_estimator=unclear)
    dialog.find_from_sound()
    with qtbot.waitSignal(dialog.operation.finished, timeout=10000):
        pass
    assert "LOW" in dialog.proposal_labels[1].text()
    assert ALERT_COLOR in dialog.proposal_labels[1].styleSheet()
    assert "check the result by eye" in dialog.message.text()
    assert stored_offset(repo, session) == 40.0 and stack.count() == 0


def test_a_refused_store_leaves_no_undo_step(
    qtbot: Any, setup: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _session, player, stack = setup
    reports: list[str] = []
    dialog = make_dialog(qtbot, setup, report=reports.append)
    dialog.mark_spins[0].setValue(30)
    dialog.mark_spins[1].setValue(12)

    def locked(*_args: object) -> float:
        raise ProjectInUseError("the project is being changed by another program")

    monkeypatch.setattr(repo, "set_video_offset", locked)
    dialog.apply_button.click()
    assert stack.count() == 0 and player.offset(1) == 40.0
    assert reports and "another program" in reports[0]
    assert 1 in dialog.proposals  # still there to retry


def test_needs_two_cameras(setup: Any) -> None:
    repo, session, player, stack = setup
    with pytest.raises(ValueError, match="2 or more cameras"):
        SyncDialog(None, player, repo, session, stack, cameras=session.videos[:1])


def test_without_pictures_frames_are_typed(qtbot: Any, setup: Any) -> None:
    repo, session, _player, stack = setup
    clock = ClockPlayer(Timebase.constant(FPS, 50))
    dialog = SyncDialog(None, clock, repo, session, stack)
    qtbot.addWidget(dialog)
    assert not any(b.isEnabled() for b in dialog.use_buttons)
    dialog.mark_spins[0].setValue(30)
    dialog.mark_spins[1].setValue(13)
    dialog.apply_button.click()
    assert stored_offset(repo, session) == pytest.approx(EXPECTED_MS)


def test_sync_from_sound_shows_its_progress(qtbot: Any, setup: Any) -> None:
    """Issue 12 item 12: each step (decode master, decode camera, compare) is reported."""
    dialog = make_dialog(qtbot, setup)
    seen: list[tuple[float, str]] = []
    dialog.find_from_sound()
    dialog.operation.progressed.connect(lambda f, t: seen.append((f, t)))
    assert "Listening" in dialog.message.text()
    with qtbot.waitSignal(dialog.operation.finished, timeout=30000):
        pass
    texts = [t for _, t in seen]
    assert any("Decoding the sound of infant" in t for t in texts), texts
    assert any("Comparing infant" in t for t in texts), texts
    assert len({f for f, _ in seen if 0.0 < f < 1.0}) >= 2
    assert abs(dialog.proposals[1].offset_ms - EXPECTED_MS) <= FRAME_MS
