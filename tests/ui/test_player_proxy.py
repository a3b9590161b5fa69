"""SessionPlayer with scrub proxies: fast, reverse and scrubbing show proxy frames of the
right number; stopping shows the exact frame (offscreen, no audio device)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from interactioncoder.media.proxy_cache import ProxyCache
from interactioncoder.media.source import VideoSource
from interactioncoder.media.synthetic import read_frame_number, write_test_video
from interactioncoder.ui.player import CameraSpec, SessionPlayer


@pytest.fixture
def player(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SessionPlayer]:
    monkeypatch.setenv("INTERACTIONCODER_CACHE_DIR", str(tmp_path / "cache"))
    video = write_test_video(tmp_path / "long.mp4", 150, gop=150)
    cache = ProxyCache()
    cache.ensure(VideoSource(video.path))
    p = SessionPlayer([CameraSpec(video.path, 0.0, "mother", True)], audio=False)
    qtbot.addWidget(p.views()[0])
    assert p.attach_proxies(cache) == 1
    yield p
    p.close()


def _on_screen(player: SessionPlayer) -> int:
    array = player.views()[0]._array
    assert array is not None
    return read_frame_number(array)


def test_fast_and_reverse_play_show_true_proxy_frames(qtbot: QtBot, player: SessionPlayer) -> None:
    server = player.server(0)
    assert server is not None
    seen: list[tuple[int, int]] = []
    player.frameChanged.connect(lambda n: seen.append((n, _on_screen(player))))
    player.seek_frame(140)
    qtbot.waitUntil(lambda: player.displayed_frame() == 140, timeout=10_000)
    player.set_reverse(True)
    player.set_speed(4.0)
    player.play()
    qtbot.waitUntil(lambda: not player.is_playing(), timeout=20_000)  # ran back to 0
    assert all(number == shown for number, shown in seen)  # never the wrong frame
    assert server.previews_delivered > 0
    qtbot.waitUntil(lambda: player.displayed_frame() == 0 and _on_screen(player) == 0)
    assert server.cache.peek(0) is not None  # stopped: the exact frame was decoded


def test_scrubbing_then_release_gives_the_exact_frame(qtbot: QtBot, player: SessionPlayer) -> None:
    server = player.server(0)
    assert server is not None
    for n in (120, 60, 100, 90):
        player.scrub_to(n)
    qtbot.waitUntil(lambda: player.displayed_frame() == 90 and _on_screen(player) == 90)
    assert server.cache.peek(90) is None  # scrubbing decoded no exact frame
    assert player.views()[0].is_preview()
    player.seek_frame(90)  # the drag ended
    qtbot.waitUntil(lambda: not player.views()[0].is_preview(), timeout=10_000)
    assert server.cache.peek(90) is not None
    assert _on_screen(player) == 90


def test_clock_player_plays_backwards_too(qtbot: QtBot) -> None:
    from interactioncoder.core.timebase import Timebase
    from interactioncoder.ui.clock_player import ClockPlayer

    player = ClockPlayer(Timebase.constant(30, 60))
    player.scrub_to(30)
    assert player.displayed_frame() == 30
    player.set_reverse(True)
    player.set_speed(4.0)
    player.play()
    qtbot.waitUntil(lambda: not player.is_playing(), timeout=5000)
    assert player.displayed_frame() == 0
    player.close()
