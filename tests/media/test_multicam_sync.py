"""Several cameras on a common clock, and finding their offsets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from interactioncoder.core.timebase import Timebase
from interactioncoder.media.audio import AudioReader, decode_mono
from interactioncoder.media.decoder import Decoder
from interactioncoder.media.errors import MediaError
from interactioncoder.media.multicam import CameraTrack, MultiCamSession
from interactioncoder.media.source import VideoSource
from interactioncoder.media.sync import (
    cross_correlation_lag,
    estimate_offset_by_audio,
    offset_from_marks,
)
from interactioncoder.media.synthetic import SyntheticAudio, read_frame_number, write_test_video


def test_camera_frame_follows_offset_and_own_timebase() -> None:
    master = CameraTrack("mother", Timebase.constant(30, 900))
    vfr = Timebase.from_times(
        [i * 40.0 for i in range(200)] + [8000 + i * 80.0 for i in range(1, 50)]
    )
    other = CameraTrack("infant", vfr, offset_ms=500.0)
    session = MultiCamSession([master, other])
    assert session.camera_frame(1, 0) is None  # the second camera is not recording yet
    assert session.camera_frame(1, 15) == 0  # master 500 ms = camera 0 ms
    assert session.camera_frame(1, 30) == 12  # master 1000 ms = camera 500 ms = 12.5 frames
    # in the camera's 80 ms stretch (frame 200 at 8080 ms): master frame 270 = 9000 ms =
    # camera 8500 ms = 5.25 frames after frame 200
    assert session.camera_frame(1, 270) == 205
    session.set_offset(1, -1000.0)
    assert session.camera_frame(1, 0) == 25  # master 0 ms = camera 1000 ms
    assert session.frames_for(0) == [0, 25]


def test_drift_stays_within_one_frame_over_a_long_session() -> None:
    # 29.97 fps master against a 25 fps and a slightly off 30.02 fps camera, one hour
    master = CameraTrack("A", Timebase.constant(30000 / 1001, 107_892))
    b = CameraTrack("B", Timebase.constant(25, 90_000), offset_ms=123.4)
    c = CameraTrack("C", Timebase.constant(30.02, 108_000), offset_ms=-40.0)
    session = MultiCamSession([master, b, c])
    for frame in range(2000, 107_892, 997):
        for cam, fps in ((1, 25), (2, 30.02)):
            drift = session.drift_ms(cam, frame)
            assert drift is not None
            assert 0 <= drift < 1000 / fps + 1e-6


def test_offset_from_marked_clap() -> None:
    master = Timebase.constant(30, 300)
    camera = Timebase.constant(25, 250)
    offset = offset_from_marks(master, 60, camera, 20)  # clap: master 2000 ms, camera 800 ms
    assert offset == pytest.approx(1200.0)
    session = MultiCamSession([CameraTrack("m", master), CameraTrack("c", camera, offset)])
    assert session.camera_frame(1, 60) == 20


def test_master_offset_is_respected() -> None:
    tb = Timebase.constant(30, 300)
    assert offset_from_marks(tb, 30, tb, 30, master_offset_ms=250.0) == pytest.approx(250.0)


def test_cross_correlation_finds_lag_of_shifted_noise() -> None:
    rng = np.random.default_rng(5)
    base = rng.standard_normal(8000 * 6)
    master = base[4000:]  # master starts 0.5 s into the "room sound"
    camera = base[12000:]  # camera starts 1.5 s into it: offset +1000 ms
    lag, confidence = cross_correlation_lag(master, camera, 8000, 5.0)
    assert lag == pytest.approx(1.0, abs=1 / 8000)
    assert confidence > 0.5
    _, unrelated = cross_correlation_lag(master, rng.standard_normal(len(camera)), 8000, 5.0)
    assert unrelated < 0.3


@pytest.mark.parametrize("camera_late_s", [0.7, -0.4])
def test_audio_sync_on_clap_videos(tmp_path: Path, camera_late_s: float) -> None:
    claps = (1.0, 2.5)
    master = write_test_video(
        tmp_path / "master.mp4", 120, audio=SyntheticAudio(claps_s=claps, seed=1)
    )
    camera = write_test_video(
        tmp_path / "camera.mkv",
        120,
        fps=25,
        audio=SyntheticAudio(claps_s=tuple(c - camera_late_s for c in claps), seed=2),
    )
    estimate = estimate_offset_by_audio(master.path, camera.path, max_offset_s=3.0)
    assert estimate.method == "audio"
    assert estimate.offset_ms == pytest.approx(camera_late_s * 1000, abs=3.0)
    assert estimate.confidence > 0.5
    assert "confidence" in estimate.detail
    # The estimate puts the clap frames together.
    ms = VideoSource(master.path)
    cs = VideoSource(camera.path)
    session = MultiCamSession(
        [CameraTrack("m", ms.timebase), CameraTrack("c", cs.timebase, estimate.offset_ms)]
    )
    clap_master_frame = ms.timebase.ms_to_frame(2500)
    clap_camera_frame = session.camera_frame(1, clap_master_frame)
    assert clap_camera_frame is not None
    expected = cs.timebase.ms_to_frame((2.5 - camera_late_s) * 1000)
    assert abs(clap_camera_frame - expected) <= 1
    decoder = Decoder(cs)
    assert read_frame_number(decoder.frame(clap_camera_frame).image) == clap_camera_frame
    decoder.close()


@pytest.mark.parametrize("name", ["clap.mkv", "clap.mp4"])
def test_audio_reader_places_sound_on_video_timeline(tmp_path: Path, name: str) -> None:
    written = write_test_video(
        tmp_path / name, 90, audio=SyntheticAudio(claps_s=(1.2,), noise_level=0.0005)
    )
    with AudioReader(written.path, sample_rate=48000, channels=2) as reader:
        chunk = reader.read(1000, 400)
        assert chunk.shape == (19200, 2)
        assert chunk.dtype == np.int16
        peak_ms = 1000 + np.argmax(np.abs(chunk[:, 0].astype(np.int32))) / 48
        assert peak_ms == pytest.approx(1200, abs=3)
        # sequential continuation and a jump back both work
        follow = reader.read(1400, 100)
        assert follow.shape == (4800, 2)
        again = reader.read(1000, 400)
        if name.endswith(".mkv"):
            assert np.array_equal(again, chunk)  # PCM: bit-exact after a seek
        else:  # AAC decodes slightly differently after a seek but stays aligned
            assert np.argmax(np.abs(again[:, 0])) == np.argmax(np.abs(chunk[:, 0]))
        assert not reader.read(5000, 100).any()  # silence after the end
    mono = decode_mono(written.path, 8000)
    assert len(mono) == pytest.approx(3 * 8000, abs=800)


def test_audio_reader_needs_a_sound_track(tmp_path: Path) -> None:
    written = write_test_video(tmp_path / "silent.mp4", 10)
    with pytest.raises(MediaError, match="no sound"):
        AudioReader(written.path)
