"""Every requested frame is exactly the frame asked for: forward, backward, random."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable

import pytest

from interactioncoder.media.decoder import Decoder, fit_size
from interactioncoder.media.frame_server import FrameServer
from interactioncoder.media.source import VideoSource
from interactioncoder.media.synthetic import WrittenVideo, read_frame_number


def _check(frame_index: int, image_number: int, expected: int) -> None:
    assert (frame_index, image_number) == (expected, expected)


def test_decoder_forward_backward_random(any_video: WrittenVideo) -> None:
    source = VideoSource(any_video.path)
    decoder = Decoder(source)
    n = source.frame_count
    rng = random.Random(7)
    order = list(range(n)) + list(range(n - 1, -1, -1)) + [rng.randrange(n) for _ in range(25)]
    try:
        for k in order:
            frame = decoder.frame(k)
            _check(frame.index, read_frame_number(frame.image, source.rotation), k)
            assert frame.image.shape == (source.height, source.width, 3)
            assert frame.pts_ms == pytest.approx(source.timebase.frame_to_ms(k))
    finally:
        decoder.close()


def test_sequential_stepping_does_not_seek(video_factory: Callable[..., WrittenVideo]) -> None:
    written = video_factory("bframes.mp4", 60, bframes=2, gop=24)
    decoder = Decoder(VideoSource(written.path))
    for k in range(60):
        decoder.frame(k)
    assert decoder.seeks == 1
    decoder.frame(30)  # backwards: must seek
    assert decoder.seeks == 2
    decoder.frame(33)  # a short jump forward inside the GOP continues
    assert decoder.seeks == 2
    decoder.close()


def test_frames_run_is_exact_and_contiguous(video_factory: Callable[..., WrittenVideo]) -> None:
    written = video_factory("longgop.mkv", 90, gop=90)
    decoder = Decoder(VideoSource(written.path))
    run = list(decoder.frames(40, 55))
    assert [f.index for f in run] == list(range(40, 56))
    assert [read_frame_number(f.image) for f in run] == list(range(40, 56))
    decoder.close()


def test_display_size_scales_with_aspect(video_factory: Callable[..., WrittenVideo]) -> None:
    written = video_factory("rotated90.mp4", 30, rotation=90)
    source = VideoSource(written.path)
    decoder = Decoder(source, display_size=(60, 60))
    frame = decoder.frame(17)
    assert frame.image.shape == (60, 44, 3)  # 120x160 displayed, fit into 60x60
    assert read_frame_number(frame.image, 90) == 17
    decoder.close()
    assert fit_size(1920, 1080, (4000, 4000)) == (1920, 1080)  # never upscales


def _server_frame(server: FrameServer, index: int, got: dict[int, object], event: threading.Event):
    event.clear()
    frame = server.request(index)
    if frame is None:
        assert event.wait(10), f"frame {index} never arrived"
        frame = got[index]
    return frame


def test_server_delivers_exact_frames_in_every_direction(any_video: WrittenVideo) -> None:
    source = VideoSource(any_video.path)
    got: dict[int, object] = {}
    event = threading.Event()

    def listener(frame) -> None:
        got[frame.index] = frame
        event.set()

    n = source.frame_count
    rng = random.Random(3)
    order = [
        0,
        1,
        2,
        n - 1,
        n - 2,
        n // 2,
        n // 2 - 1,
        n // 2 - 2,
        *rng.sample(range(n), min(n, 15)),
    ]
    with FrameServer(source, listener=listener) as server:
        for k in order:
            frame = _server_frame(server, k, got, event)
            _check(frame.index, read_frame_number(frame.image, source.rotation), k)
        for k in rng.sample(range(n), 8):
            frame = server.frame_sync(k)
            _check(frame.index, read_frame_number(frame.image, source.rotation), k)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("longgop.mkv", {"gop": 90}), ("opengop.mp4", {"gop": 20, "bframes": 3, "open_gop": True})],
)
def test_backward_prefetch_makes_back_steps_cache_hits(
    video_factory: Callable[..., WrittenVideo], name: str, kwargs: dict
) -> None:
    written = video_factory(name, 90, **kwargs)
    source = VideoSource(written.path)
    arrived = threading.Event()
    with FrameServer(source, listener=lambda f: arrived.set()) as server:
        assert server.request(80) is None
        assert arrived.wait(10)
        # the worker keeps the frames it passed on its way to 80 and converts them
        for _ in range(500):
            if all(server.get_cached(k) is not None for k in range(40, 80)):
                break
            threading.Event().wait(0.02)
        hits = 0
        for k in range(79, 39, -1):
            frame = server.request(k)
            if frame is not None:
                hits += 1
                assert (frame.index, read_frame_number(frame.image)) == (k, k)
            else:
                assert server.frame_sync(k).index == k
        assert hits == 40
        # and further back, the worker refills from the previous keyframe
        for k in range(39, -1, -1):
            frame = server.request(k) or server.frame_sync(k)
            assert (frame.index, read_frame_number(frame.image)) == (k, k)


def test_newer_request_supersedes_older(video_factory: Callable[..., WrittenVideo]) -> None:
    written = video_factory("longgop.mkv", 90, gop=90)
    source = VideoSource(written.path)
    delivered: list[int] = []
    last = threading.Event()

    def listener(frame) -> None:
        delivered.append(frame.index)
        if frame.index == 5:
            last.set()

    with FrameServer(source, listener=listener, prefetch=False) as server:
        for k in (85, 70, 60, 50, 5):
            server.request(k)
        assert last.wait(10)
    assert delivered[-1] == 5
    assert len(delivered) < 5 or delivered == [85, 70, 60, 50, 5]


def test_tiny_cache_stays_within_budget(video_factory: Callable[..., WrittenVideo]) -> None:
    written = video_factory("cfr.mp4", 60)
    source = VideoSource(written.path)
    budget = 160 * 120 * 3 * 5
    with FrameServer(source, cache_bytes=budget) as server:
        for k in range(0, 60, 3):
            assert read_frame_number(server.frame_sync(k).image) == k
            assert server.cache.bytes_used <= budget


def test_seek_skips_b_frames_before_the_target(video_factory: Callable[..., WrittenVideo]) -> None:
    written = video_factory("bframes.mp4", 60, bframes=2, gop=24)
    decoder = Decoder(VideoSource(written.path))
    produced: list[int] = []
    next_raw = decoder._next_raw

    def counting() -> object:
        frame = next_raw()
        if frame is not None:
            produced.append(decoder._number(frame))
        return frame

    decoder._next_raw = counting  # type: ignore[method-assign]
    frame = decoder.frame(46)  # keyframe 24
    assert (frame.index, read_frame_number(frame.image)) == (46, 46)
    # Non-reference B-frames between the keyframe and the target were never decoded.
    assert len(produced) < 46 - 24 + 1
    assert 24 in produced and produced[-1] == 46
    decoder.close()
