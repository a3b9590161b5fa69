"""Progressive frames: on a jump the proxy frame comes at once, the exact frame after it;
both are the target's, and an older target is never shown last."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from interactioncoder.media.decoder import DecodedFrame, Decoder
from interactioncoder.media.frame_server import FrameServer
from interactioncoder.media.proxy import ProxyReader, make_proxy
from interactioncoder.media.source import VideoSource
from interactioncoder.media.synthetic import WrittenVideo, read_frame_number
from tests.media.conftest import VIDEO_KINDS


class Shown:
    """What a viewer would show, in delivery order."""

    def __init__(self) -> None:
        self.frames: list[DecodedFrame] = []
        self.cond = threading.Condition()

    def __call__(self, frame: DecodedFrame) -> None:
        with self.cond:
            self.frames.append(frame)
            self.cond.notify_all()

    def wait_exact(self, index: int, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        with self.cond:
            while not any(f.index == index and not f.preview for f in self.frames):
                left = deadline - time.monotonic()
                assert left > 0, f"exact frame {index} never came"
                self.cond.wait(left)


@pytest.fixture
def served(
    video_factory: Callable[..., WrittenVideo], tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[FrameServer, Shown, VideoSource]]:
    name = getattr(request, "param", "longgop.mkv")
    count, kwargs = VIDEO_KINDS[name]
    source = VideoSource(video_factory(name, count, **kwargs).path)
    info = make_proxy(source, tmp_path / "proxy.mp4")
    shown = Shown()
    server = FrameServer(
        source, listener=shown, prefetch=False, proxy=ProxyReader(source, info.path)
    )
    yield server, shown, source
    server.close()


def _slow_exact(server: FrameServer, monkeypatch: pytest.MonkeyPatch, delay: float) -> None:
    """Exact decoding takes *delay* longer per delivered frame (as on a 1080p file)."""
    decoder = server._decoder
    real = Decoder.convert

    def slow(n: int, raw: object) -> DecodedFrame:
        time.sleep(delay)
        return real(decoder, n, raw)  # type: ignore[arg-type]

    monkeypatch.setattr(decoder, "convert", slow)


def _assert_true_frames(shown: Shown, source: VideoSource) -> None:
    for frame in shown.frames:
        assert read_frame_number(frame.image, source.rotation) == frame.index
        assert frame.pts_ms == source.timebase.frame_to_ms(frame.index)


@pytest.mark.parametrize(
    "served", ["longgop.mkv", "vfr.mp4", "bframes.mp4", "opengop.mp4"], indirect=True
)
def test_jump_shows_the_proxy_frame_then_the_exact_frame(
    served: tuple[FrameServer, Shown, VideoSource], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, shown, source = served
    _slow_exact(server, monkeypatch, 0.3)
    target = source.frame_count - 3
    assert server.request(target) is None
    shown.wait_exact(target)
    assert [(f.index, f.preview) for f in shown.frames] == [(target, True), (target, False)]
    preview, exact = shown.frames
    assert preview.image.shape == exact.image.shape  # scaled to the same view size
    _assert_true_frames(shown, source)


def test_a_newer_jump_wins(
    served: tuple[FrameServer, Shown, VideoSource], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, shown, source = served
    _slow_exact(server, monkeypatch, 0.05)
    rng = random.Random(11)
    for _ in range(12):
        first, second = rng.sample(range(source.frame_count), 2)
        shown.frames.clear()
        for target in (first, second):
            cached = server.request(target)
            if cached is not None:  # a viewer shows a cached frame at once
                shown(cached)
            time.sleep(rng.choice((0.0, 0.005, 0.02, 0.06)))
        shown.wait_exact(second)
        time.sleep(0.1)  # anything still on its way would arrive now
        with shown.cond:
            frames = list(shown.frames)
        assert frames[-1].index == second and not frames[-1].preview
        after = frames[[f.index for f in frames].index(second) :]
        assert all(f.index == second for f in after)  # the older target never after
        previews = [i for i, f in enumerate(after) if f.preview]
        assert previews in ([], [0])  # a preview only before its exact frame
    _assert_true_frames(shown, source)


def test_steps_are_not_previewed(served: tuple[FrameServer, Shown, VideoSource]) -> None:
    server, shown, _ = served
    server.request(10)  # a jump: may be previewed
    shown.wait_exact(10)
    shown.frames.clear()
    for n in range(11, 25):
        if server.request(n) is None:
            shown.wait_exact(n)
    assert [f.index for f in shown.frames if f.preview] == []


def test_preview_sync_serves_any_order(served: tuple[FrameServer, Shown, VideoSource]) -> None:
    server, _, source = served
    assert server.has_proxy
    for n in range(source.frame_count - 1, -1, -7):  # reverse play
        frame = server.preview_sync(n)
        assert frame is not None and frame.preview
        assert (frame.index, read_frame_number(frame.image)) == (n, n)


def test_without_a_proxy_nothing_is_previewed(
    video_factory: Callable[..., WrittenVideo],
) -> None:
    count, kwargs = VIDEO_KINDS["longgop.mkv"]
    source = VideoSource(video_factory("longgop.mkv", count, **kwargs).path)
    shown = Shown()
    with FrameServer(source, listener=shown, prefetch=False) as server:
        assert not server.has_proxy and server.preview_sync(5) is None
        server.request(80)
        shown.wait_exact(80)
        assert [(f.index, f.preview) for f in shown.frames] == [(80, False)]


def test_proxy_only_requests_decode_nothing_exact(
    served: tuple[FrameServer, Shown, VideoSource],
) -> None:
    server, shown, source = served
    for n in range(source.frame_count - 1, 0, -9):  # reverse play at 9x
        server.request(n, exact=False)
        deadline = time.monotonic() + 10
        while not any(f.index == n for f in shown.frames):
            assert time.monotonic() < deadline
            time.sleep(0.002)
    assert all(f.preview for f in shown.frames)
    assert len(server.cache) == 0  # the original was never decoded
    _assert_true_frames(shown, source)
    server.request(40)  # stopped: the exact frame
    shown.wait_exact(40)
