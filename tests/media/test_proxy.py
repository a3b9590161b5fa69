"""Scrub proxies: frame i of the proxy is frame i of the original, or it is not used."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from interactioncoder.media import proxy as proxy_module
from interactioncoder.media.frame_index import CACHE_ENV
from interactioncoder.media.proxy import (
    ProxyCancelledError,
    ProxyMismatchError,
    ProxyReader,
    make_proxy,
    proxy_size,
    verify_proxy,
)
from interactioncoder.media.proxy_cache import ProxyCache, ProxySettings
from interactioncoder.media.source import VideoSource
from interactioncoder.media.synthetic import WrittenVideo, read_frame_number, write_test_video
from tests.media.conftest import VIDEO_KINDS

IDENTITY_KINDS = ["cfr.mp4", "vfr.mp4", "bframes.mp4", "opengop.mp4", "rotated90.mp4"]


def _video(factory: Callable[..., WrittenVideo], name: str) -> WrittenVideo:
    count, kwargs = VIDEO_KINDS[name]
    return factory(name, count, **kwargs)


@pytest.mark.parametrize("name", IDENTITY_KINDS)
def test_proxy_frame_i_is_original_frame_i(
    name: str, video_factory: Callable[..., WrittenVideo], tmp_path: Path
) -> None:
    source = VideoSource(_video(video_factory, name).path)
    info = make_proxy(source, tmp_path / "p.mp4")
    assert (info.frame_count, info.holes) == (source.frame_count, ())
    assert (info.width, info.height) == proxy_size(source)
    reader = ProxyReader(source, info.path, info.holes)
    try:
        verify_proxy(source, reader, info.samples)
        verify_proxy(source, reader)  # against frames decoded from the original again
        order = list(range(source.frame_count))
        random.Random(3).shuffle(order)
        for n in order:
            frame = reader.frame(n)
            assert frame is not None
            assert (frame.index, read_frame_number(frame.image, source.rotation)) == (n, n)
            assert frame.pts_ms == source.timebase.frame_to_ms(n)  # the original's time
            assert frame.preview
    finally:
        reader.close()


def test_large_videos_get_a_small_proxy(tmp_path: Path) -> None:
    written = write_test_video(tmp_path / "big.mp4", 12, width=1920, height=1080)
    source = VideoSource(written.path)
    info = make_proxy(source, tmp_path / "p.mp4")
    assert (info.width, info.height) == (960, 540)
    reader = ProxyReader(source, info.path)
    assert [read_frame_number(reader.frame(n).image) for n in range(12)] == list(range(12))  # type: ignore[union-attr]
    reader.close()


def test_shifted_proxy_is_detected(
    video_factory: Callable[..., WrittenVideo], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = VideoSource(_video(video_factory, "bframes.mp4").path)
    real = proxy_module._proxy_frame
    previous: list[object] = []

    def one_late(*args: object) -> object:  # every proxy frame shows the one before
        frame = real(*args)  # type: ignore[arg-type]
        previous.append(frame)
        return previous[-2] if len(previous) > 1 else frame

    monkeypatch.setattr(proxy_module, "_proxy_frame", one_late)
    cache = ProxyCache(tmp_path / "proxies")
    with pytest.raises(ProxyMismatchError, match="frame"):
        cache.build(source)
    assert list((tmp_path / "proxies").iterdir()) == []  # nothing kept
    assert cache.lookup(source) is None


def test_proxy_with_another_frame_count_is_refused(
    video_factory: Callable[..., WrittenVideo], tmp_path: Path
) -> None:
    source = VideoSource(_video(video_factory, "cfr.mp4").path)
    other = VideoSource(write_test_video(tmp_path / "o.mp4", 60, pattern="texture", seed=9).path)
    shorter = write_test_video(tmp_path / "short.mp4", 30)
    info = make_proxy(VideoSource(shorter.path), tmp_path / "p.mp4")
    with pytest.raises(ProxyMismatchError, match="frames"):
        ProxyReader(source, info.path)
    wrong = make_proxy(other, tmp_path / "other.mp4")  # same count and numbers, other scene
    reader = ProxyReader(source, wrong.path)
    with pytest.raises(ProxyMismatchError):
        verify_proxy(source, reader)
    reader.close()


def test_cache_builds_finds_and_uses_the_user_cache_folder(
    video_factory: Callable[..., WrittenVideo],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "user-cache"))
    cache = ProxyCache()
    assert cache.folder == tmp_path / "user-cache" / "proxies"
    source = VideoSource(_video(video_factory, "vfr.mp4").path)
    assert cache.lookup(source) is None
    fractions: list[float] = []
    built = cache.ensure(source, progress=fractions.append)
    assert built is not None
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    found = cache.lookup(source)
    assert found is not None and found.path == built.path
    reader = cache.open_reader(source)
    assert reader is not None
    assert read_frame_number(reader.frame(40).image) == 40  # type: ignore[union-attr]
    reader.close()


@pytest.mark.parametrize("damage", ["truncate", "overwrite", "swap", "record"])
def test_corrupted_or_stale_proxy_is_deleted_and_rebuilt(
    damage: str, video_factory: Callable[..., WrittenVideo], tmp_path: Path
) -> None:
    cache = ProxyCache(tmp_path / "proxies")
    source = VideoSource(_video(video_factory, "cfr.mp4").path)
    other = VideoSource(_video(video_factory, "bframes.mp4").path)
    info = cache.build(source)
    data = info.path.read_bytes()
    if damage == "truncate":
        info.path.write_bytes(data[: len(data) // 2])
    elif damage == "overwrite":
        info.path.write_bytes(data[:100] + bytes(len(data) - 100))
    elif damage == "swap":  # another video's proxy under this name
        cache.build(other)
        info.path.write_bytes(cache.proxy_path(other.fingerprint).read_bytes())
    else:  # a record written by another version or with other settings
        record = cache.record_path(source.fingerprint)
        record.write_text(record.read_text().replace("v1-", "v0-"))
    assert cache.lookup(source) is None
    assert cache.open_reader(source) is None
    assert not info.path.exists()
    rebuilt = cache.ensure(source)
    assert rebuilt is not None
    reader = cache.open_reader(source)
    assert reader is not None
    assert [read_frame_number(reader.frame(n).image) for n in (59, 0, 31)] == [59, 0, 31]  # type: ignore[union-attr]
    reader.close()


def test_changed_original_gets_a_new_proxy(
    video_factory: Callable[..., WrittenVideo], tmp_path: Path
) -> None:
    cache = ProxyCache(tmp_path / "proxies")
    path = tmp_path / "session.mp4"
    write_test_video(path, 40)
    first = VideoSource(path, use_cache=False)
    cache.build(first)
    write_test_video(path, 45, camera="infant")  # re-recorded, same name
    second = VideoSource(path, use_cache=False)
    assert second.fingerprint != first.fingerprint
    assert cache.lookup(second) is None
    assert cache.ensure(second) is not None
    reader = cache.open_reader(second)
    assert reader is not None
    assert read_frame_number(reader.frame(17).image) == 17  # type: ignore[union-attr]
    reader.close()


def test_eviction_keeps_the_cache_under_its_bound(
    video_factory: Callable[..., WrittenVideo], tmp_path: Path
) -> None:
    sources = [
        VideoSource(_video(video_factory, name).path)
        for name in ("cfr.mp4", "vfr.mp4", "bframes.mp4", "longgop.mkv")
    ]
    probe = ProxyCache(tmp_path / "probe")
    sizes = [probe.build(s).path.stat().st_size for s in sources]
    bound = sizes[0] + sizes[1] + sizes[2] + 3000  # room for about three
    cache = ProxyCache(tmp_path / "proxies", ProxySettings(max_bytes=bound))
    for source in sources[:3]:
        cache.build(source)
        assert cache.total_bytes() <= bound
    cache.lookup(sources[0])  # used again: the second is now the least recently used
    cache.build(sources[3])
    assert cache.total_bytes() <= bound
    assert cache.lookup(sources[1]) is None
    assert cache.lookup(sources[0]) is not None
    assert cache.lookup(sources[3]) is not None


def test_proxies_can_be_turned_off(
    video_factory: Callable[..., WrittenVideo], tmp_path: Path
) -> None:
    settings = ProxySettings.from_mapping({"proxies/enabled": "false", "proxies/max_mb": "5"})
    assert settings == ProxySettings(False, 5 * 1024**2)
    cache = ProxyCache(tmp_path / "proxies", settings)
    source = VideoSource(_video(video_factory, "cfr.mp4").path)
    assert cache.ensure(source) is None
    assert cache.open_reader(source) is None
    assert not (tmp_path / "proxies").exists()


def test_cancel_leaves_nothing_behind(
    video_factory: Callable[..., WrittenVideo], tmp_path: Path
) -> None:
    cache = ProxyCache(tmp_path / "proxies")
    source = VideoSource(_video(video_factory, "longgop.mkv").path)
    calls = iter(range(1000))
    with pytest.raises(ProxyCancelledError):
        cache.build(source, cancel=lambda: next(calls) >= 20)
    assert list((tmp_path / "proxies").iterdir()) == []


def test_leftovers_of_killed_builds_are_swept(tmp_path: Path) -> None:
    import os

    cache = ProxyCache(tmp_path / "proxies")
    cache.folder.mkdir()
    orphan = cache.folder / "v1_dead.mp4"  # a proxy whose build died before its record
    temp = cache.folder / ".v1_dead.mp4.123.tmp.mp4"  # a proxy being written when killed
    young = cache.folder / "v1_busy.mp4"  # being verified right now: kept
    for path in (orphan, temp, young):
        path.write_bytes(b"x" * 10)
    two_days_ago = time.time() - 2 * 24 * 3600
    for path in (orphan, temp):
        os.utime(path, (two_days_ago, two_days_ago))
    cache.evict()
    assert sorted(p.name for p in cache.folder.iterdir()) == ["v1_busy.mp4"]


def test_undecodable_frames_become_holes_never_shown(
    video_factory: Callable[..., WrittenVideo], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interactioncoder.media.decoder import Decoder

    source = VideoSource(_video(video_factory, "cfr.mp4").path)
    real = Decoder.raw_frames

    def damaged(self: Decoder, first: int, last: int, *args: object) -> Iterator[object]:
        for n, raw in real(self, first, last, *args):  # type: ignore[arg-type]
            if n not in (5, 59):  # the original cannot decode these
                yield n, raw

    monkeypatch.setattr(Decoder, "raw_frames", damaged)
    info = make_proxy(source, tmp_path / "p.mp4")
    monkeypatch.undo()
    assert info.holes == (5, 59)
    reader = ProxyReader(source, info.path, info.holes)
    assert reader.frame(5) is None and reader.frame(59) is None
    assert [read_frame_number(reader.frame(n).image) for n in (4, 6, 58)] == [4, 6, 58]  # type: ignore[union-attr]
    reader.close()
