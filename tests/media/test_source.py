"""Opening videos: the frame index, VideoInfo, the index cache and fingerprints."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from interactioncoder.media import frame_index as frame_index_module
from interactioncoder.media.fingerprint import fingerprint, same_video
from interactioncoder.media.source import VideoSource
from interactioncoder.media.synthetic import WrittenVideo
from tests.media.conftest import VFR_SCHEDULE


def test_index_has_every_frame_at_its_presentation_time(any_video: WrittenVideo) -> None:
    source = VideoSource(any_video.path)
    assert source.frame_count == any_video.frame_count
    # Matroska stores whole milliseconds.
    assert source.timebase.frame_times_ms == pytest.approx(any_video.frame_times_ms, abs=0.6)
    assert source.index.keyframes[0] == 0


def test_info_of_cfr_video(video_factory: Callable[..., WrittenVideo]) -> None:
    written = video_factory("cfr.mp4", 60)
    info = VideoSource(written.path).info()
    assert (info.width, info.height, info.rotation) == (160, 120, 0)
    assert info.frame_count == 60
    assert info.duration_ms == pytest.approx(2000.0, abs=1)
    assert info.nominal_fps == pytest.approx(30.0)
    assert info.actual_fps == pytest.approx(30.0, rel=0.01)
    assert not info.is_vfr
    assert not info.has_audio
    assert info.codec == "h264"
    assert info.size_bytes == written.path.stat().st_size
    assert info.fingerprint == fingerprint(written.path)


def test_info_of_vfr_video(video_factory: Callable[..., WrittenVideo]) -> None:
    written = video_factory("vfr.mp4", 72, vfr_schedule=VFR_SCHEDULE)
    source = VideoSource(written.path)
    info = source.info()
    assert info.is_vfr
    assert info.duration_ms == pytest.approx(sum(VFR_SCHEDULE) * 1000, abs=1)
    tb = source.timebase
    # frame 40 is in the 15 fps stretch: shown for 66.7 ms
    assert tb.frame_end_ms(40) - tb.frame_to_ms(40) == pytest.approx(1000 / 15, abs=0.5)
    assert tb.ms_to_frame(written.frame_times_ms[45] + 60) == 45


def test_matroska_millisecond_ticks_are_not_vfr(video_factory: Callable[..., WrittenVideo]) -> None:
    written = video_factory("longgop.mkv", 90, gop=90)
    assert not VideoSource(written.path).info().is_vfr


@pytest.mark.parametrize(("name", "rotation"), [("rotated90.mp4", 90), ("rotated270.mov", 270)])
def test_rotation_swaps_displayed_size(
    video_factory: Callable[..., WrittenVideo], name: str, rotation: int
) -> None:
    written = video_factory(name, 30 if rotation == 90 else 20, rotation=rotation)
    info = VideoSource(written.path).info()
    assert (info.rotation, info.width, info.height) == (rotation, 120, 160)


def test_audio_is_reported(tmp_path: Path) -> None:
    from interactioncoder.media.synthetic import write_test_video

    written = write_test_video(tmp_path / "a.mp4", 15, audio=[0.2])
    assert VideoSource(written.path).info().has_audio


def test_index_is_cached_and_reused(
    video_factory: Callable[..., WrittenVideo], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = video_factory("cfr.mp4", 60)
    cache = tmp_path / "cache"
    first = VideoSource(written.path, cache_dir=cache)
    files = list((cache / "frame_index").glob("*.json"))
    assert len(files) == 1

    def no_demux(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cached index should have been used")

    monkeypatch.setattr("interactioncoder.media.source._demux_index", no_demux)
    second = VideoSource(written.path, cache_dir=cache)
    assert second.index == first.index


def test_corrupt_cache_file_is_rebuilt(
    video_factory: Callable[..., WrittenVideo], tmp_path: Path
) -> None:
    written = video_factory("cfr.mp4", 60)
    cache = tmp_path / "cache"
    VideoSource(written.path, cache_dir=cache)
    (cache_file,) = (cache / "frame_index").glob("*.json")
    cache_file.write_text("{not json", encoding="utf-8")
    assert VideoSource(written.path, cache_dir=cache).frame_count == 60


def test_default_cache_dir_follows_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("INTERACTIONCODER_CACHE_DIR", str(tmp_path / "x"))
    assert frame_index_module.default_cache_dir() == tmp_path / "x"
    monkeypatch.delenv("INTERACTIONCODER_CACHE_DIR")
    assert "interactioncoder" in str(frame_index_module.default_cache_dir())


def test_fingerprint_tells_same_and_different_files(tmp_path: Path) -> None:
    a = tmp_path / "a.bin"
    big = bytes(range(256)) * (5 * 4096 + 7)  # > 3 MiB: sampled, not hashed whole
    a.write_bytes(big)
    b = tmp_path / "b.bin"
    b.write_bytes(big)
    assert fingerprint(a) == fingerprint(b)
    assert same_video(b, fingerprint(a))
    changed = bytearray(big)
    changed[-10] ^= 0xFF  # last MiB differs
    b.write_bytes(bytes(changed))
    assert fingerprint(a) != fingerprint(b)
    assert not same_video(tmp_path / "gone.bin", fingerprint(a))
