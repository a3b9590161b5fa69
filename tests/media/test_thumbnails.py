"""Filmstrip thumbnails come from the proxy, show the right frames and stay bounded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from interactioncoder.media.proxy import ProxyReader, make_proxy
from interactioncoder.media.source import VideoSource
from interactioncoder.media.synthetic import WrittenVideo, read_frame_number
from interactioncoder.media.thumbnails import ThumbnailProvider, filmstrip_frames
from tests.media.conftest import VIDEO_KINDS


def test_filmstrip_frames_cover_the_range() -> None:
    assert filmstrip_frames(0, 99, 10) == [5, 15, 25, 35, 45, 55, 65, 75, 85, 95]
    assert filmstrip_frames(10, 12, 8) == [10, 11, 12]  # zoomed in past one frame a slot
    assert filmstrip_frames(5, 4, 3) == [] and filmstrip_frames(0, 9, 0) == []


def test_thumbnails_show_their_frames(
    video_factory: Callable[..., WrittenVideo], tmp_path: Path
) -> None:
    count, kwargs = VIDEO_KINDS["vfr.mp4"]
    source = VideoSource(video_factory("vfr.mp4", count, **kwargs).path)
    info = make_proxy(source, tmp_path / "p.mp4")
    one = 48 * 64 * 3
    provider = ThumbnailProvider(ProxyReader(source, info.path), 48, capacity_bytes=5 * one)
    frames = filmstrip_frames(0, source.frame_count - 1, 12)
    got = list(provider.thumbnails(reversed(frames)))
    assert [n for n, _ in got] == list(reversed(frames))
    for n, image in got:
        assert image.shape == (48, 64, 3)
        assert read_frame_number(image) == n
    assert provider.cached(frames[0]) is not None  # the five most recent are kept
    assert provider.cached(frames[-1]) is None
    stop_after_two = iter([False, False, True])
    assert len(list(provider.thumbnails(frames, lambda: next(stop_after_two)))) == 2
    provider.close()


def test_no_proxy_no_thumbnails() -> None:
    provider = ThumbnailProvider(None)
    assert not provider.available
    assert list(provider.thumbnails([0, 1])) == []
