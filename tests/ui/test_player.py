"""SessionPlayer: exact frames on screen for 1-2 cameras, stepping, playback, offsets,
missing videos and the sound note (offscreen, no audio device)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from interactioncoder.core.timebase import Timebase
from interactioncoder.media.errors import MissingMediaError
from interactioncoder.media.synthetic import WrittenVideo, read_frame_number, write_test_video
from interactioncoder.ui.player import CameraSpec, SessionPlayer, camera_spec


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTERACTIONCODER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, WrittenVideo]:
    folder = tmp_path_factory.mktemp("player_videos")
    return {
        "master": write_test_video(folder / "master.mp4", 90, gop=30, bframes=2),
        # second camera: 25 fps, variable rate part, started 400 ms after the master
        "other": write_test_video(folder / "other.mp4", 60, vfr_schedule=[0.04] * 40 + [0.08] * 20),
    }


@pytest.fixture
def player(qtbot: QtBot, videos: dict[str, WrittenVideo]) -> Iterator[SessionPlayer]:
    p = SessionPlayer(
        [
            CameraSpec(videos["master"].path, 0.0, "mother", is_master=True),
            CameraSpec(videos["other"].path, 400.0, "infant"),
        ],
        cache_bytes=64 * 1024 * 1024,
        audio=False,
    )
    for view in p.views():
        qtbot.addWidget(view)
    yield p
    p.close()


def _on_screen(player: SessionPlayer, camera: int) -> int:
    array = player.views()[camera]._array  # the pixels the view paints
    assert array is not None
    return read_frame_number(array)


def _wait_master(qtbot: QtBot, player: SessionPlayer, frame: int) -> None:
    qtbot.waitUntil(
        lambda: player.displayed_frame() == frame and player.views()[0].frame_index() == frame,
        timeout=5000,
    )
    assert _on_screen(player, 0) == frame


def test_first_frame_is_shown(qtbot: QtBot, player: SessionPlayer) -> None:
    _wait_master(qtbot, player, 0)
    assert player.views()[1].message()  # the second camera starts 400 ms later
    assert player.timebase().frame_count == 90


def test_seek_and_steps_show_exact_frames_in_both_cameras(
    qtbot: QtBot, player: SessionPlayer, videos: dict[str, WrittenVideo]
) -> None:
    changed: list[int] = []
    player.frameChanged.connect(changed.append)
    player.seek_frame(60)
    _wait_master(qtbot, player, 60)
    other_tb = Timebase.from_times(videos["other"].frame_times_ms)
    for step in (-1, -1, -1, 1, -10, 5):
        target = player.requested_frame() + step
        player.step(step)
        _wait_master(qtbot, player, target)
        expected = other_tb.ms_to_frame(target * 1000 / 30 - 400.0)
        qtbot.waitUntil(lambda e=expected: player.camera_frame(1) == e, timeout=5000)
        assert _on_screen(player, 1) == expected
    assert changed[-1] == player.displayed_frame()
    player.seek_ms(1000.0)
    _wait_master(qtbot, player, 30)


def test_changing_an_offset_moves_the_other_camera(qtbot: QtBot, player: SessionPlayer) -> None:
    player.seek_frame(45)  # 1500 ms
    _wait_master(qtbot, player, 45)
    qtbot.waitUntil(lambda: player.camera_frame(1) == 27, timeout=5000)  # 1100 ms at 25 fps
    assert player.set_offset(1, -200.0) == 400.0
    # camera time 1700 ms: frame 40 is at 1600 ms, 41 at 1680 ms (80 ms frames from there)
    qtbot.waitUntil(lambda: player.camera_frame(1) == 41, timeout=5000)
    assert _on_screen(player, 1) == 41
    assert player.offset(1) == -200.0


def test_play_advances_and_pause_stops(qtbot: QtBot, player: SessionPlayer) -> None:
    playing: list[bool] = []
    player.playingChanged.connect(playing.append)
    shown: list[int] = []
    player.frameChanged.connect(shown.append)
    player.play()
    assert player.is_playing()
    qtbot.waitUntil(lambda: player.displayed_frame() >= 20, timeout=5000)
    player.pause()
    assert playing == [True, False]
    assert shown == sorted(shown)  # never backwards while playing
    stopped_at = player.displayed_frame()
    qtbot.wait(100)
    assert player.displayed_frame() in (stopped_at, stopped_at + 1)
    qtbot.waitUntil(lambda: _on_screen(player, 0) == player.displayed_frame(), timeout=5000)


def test_playback_stops_at_the_end(qtbot: QtBot, player: SessionPlayer) -> None:
    player.seek_frame(80)
    player.set_speed(4.0)
    player.play()
    qtbot.waitUntil(lambda: not player.is_playing(), timeout=5000)
    _wait_master(qtbot, player, 89)


def test_speed_signal_and_muted_note(qtbot: QtBot, player: SessionPlayer) -> None:
    with qtbot.waitSignal(player.speedChanged) as blocker:
        player.set_speed(10)
    assert blocker.args == [4.0]
    assert player.speed() == 4.0
    assert player.audio_note() == "Sound is off."


def test_loop(qtbot: QtBot, player: SessionPlayer) -> None:
    shown: list[int] = []
    player.frameChanged.connect(shown.append)
    player.set_loop(10, 14)
    _wait_master(qtbot, player, 10)  # setting a loop moves into it
    player.set_speed(2.0)
    player.play()
    qtbot.waitUntil(lambda: len(shown) > 12, timeout=5000)
    player.pause()
    assert set(shown) <= set(range(10, 15))
    player.set_loop(None)


def test_missing_camera_does_not_stop_the_others(
    qtbot: QtBot, videos: dict[str, WrittenVideo], tmp_path: Path
) -> None:
    missing = tmp_path / "moved.mp4"
    p = SessionPlayer(
        [("mother", str(videos["master"].path), 0.0), ("infant", str(missing), 0.0)], audio=False
    )
    try:
        assert p.missing_cameras() == [1]
        assert isinstance(p.problems()[1], MissingMediaError)
        assert "moved.mp4" in p.views()[1].message()
        p.seek_frame(12)
        _wait_master(qtbot, p, 12)
        assert p.infos()[1] is None and p.infos()[0] is not None
    finally:
        p.close()


def test_missing_master_runs_on_the_stored_timebase(
    qtbot: QtBot, videos: dict[str, WrittenVideo], tmp_path: Path
) -> None:
    tb = Timebase.constant(30, 90)
    with pytest.raises(MissingMediaError):
        SessionPlayer([(tmp_path / "gone.mp4", 0.0, "mother")], audio=False)
    p = SessionPlayer(
        [(tmp_path / "gone.mp4", 0.0, "mother", True), (videos["other"].path, 0.0, "infant")],
        master_timebase=tb,
        audio=False,
    )
    try:
        p.seek_frame(30)  # 1000 ms: the other camera (no offset) shows its frame 25
        assert p.displayed_frame() == 30
        qtbot.waitUntil(lambda: p.camera_frame(1) == 25, timeout=5000)
    finally:
        p.close()


@pytest.mark.qt_log_ignore(".*")  # the multimedia backend may complain about missing libraries
def test_sound_without_device_is_a_note_not_an_error(qtbot: QtBot, tmp_path: Path) -> None:
    written = write_test_video(tmp_path / "sound.mp4", 30, audio=[0.3])
    p = SessionPlayer([(written.path, 0.0, "mother")])
    notes: list[str] = []
    p.audioNote.connect(notes.append)
    try:
        p.play()
        qtbot.waitUntil(lambda: p.displayed_frame() > 3, timeout=5000)
        p.pause()
        note = p.audio_note()
        assert isinstance(note, str)
        if note:  # no device here (CI): explained, video still played
            assert "Sound" in note or "sound" in note
        p.set_speed(2.0)
        p.play()
        assert p.audio_note() == "Sound is muted at speeds other than 1×."
        p.pause()
    finally:
        p.close()


def test_camera_spec_accepts_both_tuple_orders() -> None:
    a = camera_spec(("cam.mp4", 250.0, "mother"), 0)
    b = camera_spec(("mother", "cam.mp4", 250.0), 0)
    assert a == b == CameraSpec(Path("cam.mp4"), 250.0, "mother", False)
    assert camera_spec(("x.mp4", 0, "", True), 1).is_master
    assert camera_spec(("x.mp4",), 1).label == "camera 2"
    assert np.isclose(camera_spec(CameraSpec(Path("y.mp4"), 5.0), 0).offset_ms, 5.0)
