"""Background scrub proxies (ui/proxy_builder.py) and live scrubbing on the timeline: the
proxy is made off the GUI thread with progress in the status bar, pauses while the video
plays, can be cancelled and turned off; dragging the playhead shows proxy frames and the
release the exact frame (offscreen, no audio device)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from interactioncoder.media.proxy_cache import ProxyCache
from interactioncoder.media.source import VideoSource
from interactioncoder.media.synthetic import read_frame_number, write_test_video
from interactioncoder.ui.dialogs.preferences_dialog import PreferencesDialog
from interactioncoder.ui.player import CameraSpec, SessionPlayer
from interactioncoder.ui.proxy_builder import ProxyBuilder, proxy_settings, start_for, stop_for
from interactioncoder.ui.status_bar import CodingStatusBar
from interactioncoder.ui.timeline import TimelineWidget
from interactioncoder.ui.timeline.filmstrip import THUMB_HEIGHT, FilmstripFeeder
from interactioncoder.ui.timeline.model.layout import RULER_HEIGHT

LEFT, NOMOD = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


class Host(QWidget):
    """What start_for uses of the main window: status, settings, timeline."""

    def __init__(self, settings: QSettings) -> None:
        super().__init__()
        self.settings = settings
        self.status = CodingStatusBar(self)
        self.timeline = TimelineWidget(self)


@pytest.fixture
def video(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INTERACTIONCODER_CACHE_DIR", str(tmp_path / "cache"))
    return write_test_video(tmp_path / "long.mp4", 150, gop=150).path


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def player(qtbot: QtBot, video: Path) -> Iterator[SessionPlayer]:
    p = SessionPlayer([CameraSpec(video, 0.0, "mother", True)], audio=False)
    qtbot.addWidget(p.views()[0])
    yield p
    p.close()


@pytest.fixture
def host(qtbot: QtBot, settings: QSettings) -> Iterator[Host]:
    h = Host(settings)
    qtbot.addWidget(h)
    yield h
    stop_for(h)


def _on_screen(player: SessionPlayer) -> int:
    array = player.views()[0]._array
    assert array is not None
    return read_frame_number(array)


def test_proxy_is_made_off_the_gui_thread_with_progress_then_attached(
    qtbot: QtBot, host: Host, player: SessionPlayer, video: Path
) -> None:
    server = player.server(0)
    assert server is not None and not server.has_proxy
    shown: list[str] = []
    host.status.job_progress.bar.valueChanged.connect(
        lambda _v: shown.append(host.status.job_progress.label.text())
    )
    threads: list[str] = []
    original = ProxyCache.ensure

    def spy(self: ProxyCache, *args: object, **kw: object) -> object:
        threads.append(threading.current_thread().name)
        return original(self, *args, **kw)  # type: ignore[arg-type]

    ProxyCache.ensure = spy  # type: ignore[method-assign]
    try:
        builder = start_for(host, player)
        with qtbot.waitSignal(builder.finished, timeout=60_000) as done:
            pass
    finally:
        ProxyCache.ensure = original  # type: ignore[method-assign]
    assert done.args == [1, ""]
    assert threads == ["scrub proxies"]  # not the GUI thread
    assert server.has_proxy
    assert any(text.startswith("Scrub proxy: ") for text in shown)
    assert host.status.job_progress.isHidden()  # gone when done
    assert ProxyCache().lookup(VideoSource(video)) is not None
    # Opened again: the proxy is found, nothing is made.
    player2 = SessionPlayer([CameraSpec(video, 0.0, "mother", True)], audio=False)
    try:
        with qtbot.waitSignal(start_for(host, player2).finished, timeout=30_000) as again:
            pass
        assert again.args == [1, ""]
    finally:
        player2.close()


def test_building_pauses_while_playing_and_can_be_cancelled(
    qtbot: QtBot, settings: QSettings, player: SessionPlayer, video: Path
) -> None:
    status = CodingStatusBar()
    qtbot.addWidget(status)
    builder = ProxyBuilder(status.job_progress, settings)
    player.play()
    assert builder.start(player)
    qtbot.waitUntil(lambda: "paused while playing" in status.job_progress.label.text())
    assert builder.is_paused()
    qtbot.wait(300)
    assert ProxyCache().lookup(VideoSource(video)) is None  # nothing made while playing
    status.job_progress.cancel_button.click()
    assert not builder.is_running() and status.job_progress.isHidden()
    player.pause()
    builder.wait()
    # cancelled: nothing kept, nothing attached
    assert ProxyCache().lookup(VideoSource(video)) is None
    server = player.server(0)
    assert server is not None and not server.has_proxy


def test_pausing_then_resuming_finishes_the_proxy(
    qtbot: QtBot, settings: QSettings, player: SessionPlayer
) -> None:
    builder = ProxyBuilder(None, settings)
    player.play()
    builder.start(player)
    qtbot.wait(200)
    assert builder.is_paused()
    with qtbot.waitSignal(builder.finished, timeout=60_000) as done:
        player.pause()
    assert done.args == [1, ""]


def test_turned_off_in_the_preferences_nothing_is_made(
    qtbot: QtBot, settings: QSettings, player: SessionPlayer
) -> None:
    dialog = PreferencesDialog({}, {}, store=settings)
    qtbot.addWidget(dialog)
    assert dialog.proxy_box.isChecked() and dialog.proxy_spin.value() == 8192
    dialog.proxy_box.setChecked(False)
    dialog.proxy_spin.setValue(2048)
    dialog.accept()
    assert proxy_settings(settings).enabled is False
    assert proxy_settings(settings).max_bytes == 2048 * 1024**2
    again = PreferencesDialog({}, {}, store=settings)
    qtbot.addWidget(again)
    assert not again.proxy_box.isChecked() and again.proxy_spin.value() == 2048
    assert not ProxyBuilder(None, settings).start(player)


def test_dragging_the_playhead_shows_proxy_frames_and_the_release_the_exact_one(
    qtbot: QtBot, host: Host, player: SessionPlayer
) -> None:
    with qtbot.waitSignal(start_for(host, player).finished, timeout=60_000):
        pass
    server = player.server(0)
    assert server is not None and server.has_proxy
    tl = host.timeline
    exact: list[int] = []
    tl.seekRequested.connect(exact.append)
    tl.seekRequested.connect(player.seek_frame)
    tl.set_timebase(player.timebase())
    host.resize(1000, 300)
    tl.resize(1000, 300)
    host.show()
    qtbot.waitExposed(tl)
    tl.zoom_to(0, 149)
    y = round(RULER_HEIGHT / 2)
    seen: list[tuple[int, int, bool]] = []
    player.frameChanged.connect(
        lambda n: seen.append((n, _on_screen(player), player.views()[0].is_preview()))
    )
    qtbot.mousePress(tl, LEFT, NOMOD, QPoint(round(tl.frame_to_x(10.5)), y))
    qtbot.waitUntil(lambda: player.displayed_frame() == 10, timeout=10_000)
    targets = list(range(20, 131, 10))
    for frame in targets:
        qtbot.mouseMove(tl, QPoint(round(tl.frame_to_x(frame + 0.5)), y))
        qtbot.waitUntil(lambda f=frame: player.displayed_frame() == f, timeout=5000)
    assert exact == [10]  # the moves were scrubs, not exact seeks
    dragged = [s for s in seen if s[0] in targets]
    assert [s[0] for s in dragged] == targets  # every move showed its frame, in order
    assert all(number == pixels for number, pixels, _ in seen)  # never the wrong frame
    assert all(preview for _, _, preview in dragged)  # from the proxy
    assert server.cache.peek(70) is None  # scrubbing decoded no exact frame
    qtbot.mouseRelease(tl, LEFT, NOMOD, QPoint(round(tl.frame_to_x(130.5)), y))
    assert exact == [10, 130]
    qtbot.waitUntil(lambda: not player.views()[0].is_preview(), timeout=10_000)
    assert player.displayed_frame() == 130 and _on_screen(player) == 130
    assert server.cache.peek(130) is not None  # the exact frame


def test_filmstrip_lane_shows_proxy_thumbnails_at_the_zoom_and_can_be_hidden(
    qtbot: QtBot, host: Host, player: SessionPlayer
) -> None:
    tl = host.timeline
    tl.set_timebase(player.timebase())
    host.resize(1000, 400)
    tl.resize(1000, 400)
    host.show()
    qtbot.waitExposed(tl)
    with qtbot.waitSignal(start_for(host, player).finished, timeout=60_000):
        pass
    lanes = tl.signal_lanes
    lane = lanes.filmstrip
    assert lane is not None and lane in lanes.visible()
    feeder = tl.findChild(FilmstripFeeder)
    assert feeder is not None
    tl.zoom_to(0, 149)
    wanted = feeder.wanted_frames()
    assert len(wanted) >= 5 and wanted == tuple(sorted(wanted))
    qtbot.waitUntil(lambda: set(wanted) <= set(lane.thumbs), timeout=20_000)
    assert all(lane.thumbs[f].shape[0] == THUMB_HEIGHT for f in wanted)
    # the thumbnail is the frame's picture: brighter frames carry more set bits, so
    # compare two different frames' thumbnails: they differ
    assert not np.array_equal(lane.thumbs[wanted[0]], lane.thumbs[wanted[-1]])
    image = tl.grab().toImage()  # the lane under the rows shows the pictures
    assert tl.signal_lanes.area_height(tl.height()) >= lane.height
    y_mid = round(tl.state.rows_bottom + lane.height / 2)
    colours = {image.pixelColor(x, y_mid).rgb() for x in range(200, 900, 7)}
    assert len(colours) > 5  # not an empty lane
    tl.zoom_to(100, 120)  # zoomed in: other frames are asked for and arrive
    zoomed = feeder.wanted_frames()
    assert zoomed and all(100 <= f <= 121 for f in zoomed)
    qtbot.waitUntil(lambda: set(zoomed) <= set(lane.thumbs), timeout=20_000)
    tl.set_signal_lane_hidden(lane.name, True)
    assert lane not in lanes.visible() and feeder.wanted_frames() == ()
    tl.set_signal_lanes([])  # the signal menu's lanes do not remove the filmstrip
    assert lanes.filmstrip is lane
    stop_for(host)
    assert lanes.filmstrip is None
    feeder.wait()


def test_a_short_timeline_starts_without_the_filmstrip(
    qtbot: QtBot, host: Host, player: SessionPlayer
) -> None:
    host.timeline.resize(1000, 200)  # the code rows keep their room
    start_for(host, player)
    lanes = host.timeline.signal_lanes
    assert lanes.filmstrip is not None and lanes.visible() == []
    stop_for(host)
    host.timeline.resize(1000, 400)  # taller: the next session shows it
    start_for(host, player)
    assert lanes.filmstrip is not None and lanes.visible() == [lanes.filmstrip]
