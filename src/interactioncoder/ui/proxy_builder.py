"""Scrub proxies made in the background when a session is opened.

:class:`ProxyBuilder` takes the opened session's player, and for each camera without a
valid proxy runs ``ProxyCache().ensure`` on a worker thread (never the GUI thread). Its
progress and a cancel button are shown in the status bar's permanent
:class:`~interactioncoder.ui.status_bar.JobProgress` (no message covers it). The work
pauses while the player plays (the proxy's ``cancel`` callback waits) and each finished
proxy is attached at once (``player.attach_proxies``). Opening another session or closing
the project cancels it. Proxies can be turned off and their cache bounded in the
preferences (``proxies/enabled``, ``proxies/max_mb``; see ``ProxySettings.from_mapping``).

The main window calls :func:`start_for` when a session is opened and :func:`stop_for`
when the project is closed.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, Signal

from interactioncoder.media.errors import MediaError
from interactioncoder.media.proxy import ProxyCancelledError
from interactioncoder.media.proxy_cache import ProxyCache, ProxySettings
from interactioncoder.media.source import VideoSource
from interactioncoder.ui.status_bar import JobProgress
from interactioncoder.ui.timeline.filmstrip import FilmstripFeeder
from interactioncoder.ui.timeline.model.signal_lanes import FilmstripLane

PROXY_KEYS = ("proxies/enabled", "proxies/max_mb")
PAUSE_POLL_S = 0.1
FILMSTRIP_MIN_TIMELINE_HEIGHT = 300  # px; in a shorter timeline the filmstrip starts hidden


def proxy_settings(settings: QSettings) -> ProxySettings:
    """The proxy preferences stored in *settings*."""
    values: dict[str, object] = {}
    for key in PROXY_KEYS:
        if settings.contains(key):
            values[key] = settings.value(key)
    return ProxySettings.from_mapping(values)


class _Job:
    """A cancel token that also pauses: ``check()`` blocks while paused."""

    def __init__(self) -> None:
        self.cancelled = threading.Event()
        self.running = threading.Event()  # cleared while the player plays
        self.running.set()

    def check(self) -> bool:
        while not self.running.is_set() and not self.cancelled.is_set():
            self.running.wait(PAUSE_POLL_S)
        return self.cancelled.is_set()


class _Bridge(QObject):
    """Signals from the worker thread to the GUI thread (queued)."""

    progress = Signal(int, int, float, str)  # camera number, of, fraction, file name
    built = Signal()
    ended = Signal(str)  # "" done, else what went wrong ("cancelled" when cancelled)


class ProxyBuilder(QObject):
    """Makes the missing scrub proxies of one player's cameras, one at a time."""

    finished = Signal(int, str)  # cameras with a proxy, problem text ("" when none)

    def __init__(
        self,
        progress: JobProgress | None,
        settings: QSettings | None = None,
        parent: QObject | None = None,
        cache_factory: Callable[[ProxySettings], ProxyCache] | None = None,
    ) -> None:
        super().__init__(parent)
        self._progress = progress
        self._settings = settings if settings is not None else QSettings()
        self._cache_factory = cache_factory or (lambda s: ProxyCache(settings=s))
        self._player: Any = None
        self._job: _Job | None = None
        self._bridge: _Bridge | None = None
        self._thread: threading.Thread | None = None
        self._paused = False
        self._last = (0, 0, 0.0, "")
        self._cache: ProxyCache | None = None
        if progress is not None:
            progress.cancel_button.clicked.connect(self.stop)

    # -- API ------------------------------------------------------------------------

    def start(self, player: object) -> bool:
        """Begin making *player*'s missing proxies (cancels any earlier build). False
        when there is nothing to do: proxies off, or a player without videos."""
        self.stop()
        settings = proxy_settings(self._settings)
        servers = getattr(player, "server", None)
        if not settings.enabled or servers is None or not hasattr(player, "attach_proxies"):
            return False
        count = len(player.views())  # type: ignore[attr-defined]
        cameras = [(i, servers(i)) for i in range(count)]
        sources = [server.source for _i, server in cameras if server is not None]
        # Cameras are named by their label, never by file: a file name can tell a blinded
        # coder the condition (tests/ui/test_blind_to_condition.py walks every text).
        views = player.views()  # type: ignore[attr-defined]
        labels = [_camera_label(views[i], i) for i, server in cameras if server is not None]
        if not sources:
            return False
        cache = self._cache_factory(settings)
        self._player, self._job, self._bridge = player, _Job(), _Bridge()
        self._bridge.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._bridge.built.connect(self._on_built, Qt.ConnectionType.QueuedConnection)
        self._bridge.ended.connect(self._on_ended, Qt.ConnectionType.QueuedConnection)
        player.playingChanged.connect(self._on_playing)  # type: ignore[attr-defined]
        self._paused = bool(player.is_playing())  # type: ignore[attr-defined]
        if self._paused:
            self._job.running.clear()
        self._cache = cache
        self._thread = threading.Thread(
            target=_work,
            args=(self._job, self._bridge, cache, sources, labels),
            name="scrub proxies",
            daemon=True,
        )
        self._thread.start()
        return True

    def stop(self) -> None:
        """Cancel the running build (the half-made proxy is not kept); returns at once."""
        if self._job is not None:
            self._job.cancelled.set()
        self._forget()

    @property
    def cache(self) -> ProxyCache | None:
        """The cache of the last build (None before any)."""
        return self._cache

    def is_running(self) -> bool:
        return self._job is not None

    def is_paused(self) -> bool:
        return self._job is not None and not self._job.running.is_set()

    def wait(self, timeout: float = 30.0) -> None:
        """Waits for the worker thread (tests)."""
        if self._thread is not None:
            self._thread.join(timeout)

    # -- GUI thread -----------------------------------------------------------------

    def _forget(self) -> None:
        if self._player is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self._player.playingChanged.disconnect(self._on_playing)
        if self._bridge is not None:
            self._bridge.blockSignals(True)
        self._player, self._job, self._bridge, self._thread = None, None, None, None
        if self._progress is not None:
            self._progress.finish()

    def _on_playing(self, playing: bool) -> None:
        if self._job is None:
            return
        if playing:
            self._job.running.clear()
        else:
            self._job.running.set()
        self._show(*self._last)

    def _on_progress(self, camera: int, count: int, fraction: float, name: str) -> None:
        self._last = (camera, count, fraction, name)
        self._show(camera, count, fraction, name)

    def _show(self, camera: int, count: int, fraction: float, name: str) -> None:
        if self._progress is None or self._job is None:
            return
        state = "paused while playing" if self.is_paused() else f"{fraction:.0%}"
        which = f" {camera + 1}/{count}" if count > 1 else ""
        self._progress.set_progress(
            f"Scrub proxy{which}: {state}",
            fraction,
            f"Making a small quickly seekable copy of {name} for instant jumps and "
            "scrubbing; it pauses while the video plays.",
        )

    def _attach(self) -> int:
        if self._player is None or _closed(self._player):
            return 0
        return int(self._player.attach_proxies(self._cache))

    def _on_built(self) -> None:
        self._attach()

    def _on_ended(self, problem: str) -> None:
        attached = self._attach()
        self._job = None
        self._forget()
        self.finished.emit(attached, problem)


def _throttled(bridge: _Bridge, number: int, count: int, name: str) -> Callable[[float], None]:
    """A progress callback that signals each whole percent once."""
    step = [-1]

    def progress(fraction: float) -> None:
        percent = int(fraction * 100)
        if percent != step[0]:
            step[0] = percent
            bridge.progress.emit(number, count, fraction, name)

    return progress


def _closed(player: object) -> bool:
    is_closed = getattr(player, "is_closed", None)
    return bool(is_closed()) if callable(is_closed) else False


def _camera_label(view: object, number: int) -> str:
    label = getattr(view, "label", "")
    text = label() if callable(label) else label
    return f"the {text} camera" if isinstance(text, str) and text else f"camera {number + 1}"


def _work(
    job: _Job,
    bridge: _Bridge,
    cache: ProxyCache,
    sources: list[VideoSource],
    labels: list[str],
) -> None:
    """Worker thread: make each missing proxy; only signals reach the GUI."""
    problems: list[str] = []
    for number, (source, name) in enumerate(zip(sources, labels, strict=True)):
        if job.cancelled.is_set():
            break
        if cache.lookup(source) is not None:
            continue
        progress = _throttled(bridge, number, len(sources), name)
        progress(0.0)
        try:
            cache.ensure(source, progress, job.check)
        except ProxyCancelledError:
            break
        except (MediaError, OSError) as exc:
            problems.append(f"{name}: no scrub proxy ({type(exc).__name__})")
            continue
        bridge.built.emit()
    bridge.ended.emit("cancelled" if job.cancelled.is_set() else "; ".join(problems))


class _ScrubRoute(QObject):
    """Sends the timeline's playhead-drag moves to the open player's ``scrub_to``; shows
    the master camera's filmstrip once its proxy is there."""

    def __init__(self, parent: QObject, timeline: Any) -> None:
        super().__init__(parent)
        self.setObjectName("scrub_route")
        self.player: Any = None
        self.timeline = timeline
        self.filmstrip: FilmstripFeeder | None = None
        self._auto_hidden = False  # hidden for a short timeline, not by the user

    def show_filmstrip(self, cache: ProxyCache | None) -> None:
        """The master camera's thumbnails in the reserved lane (which goes without a proxy)."""
        if self.filmstrip is not None:
            self.filmstrip.close()
            self.filmstrip = None
        player, reader = self.player, None
        if cache is not None and player is not None and self.timeline is not None:
            server = player.server(getattr(player, "master_index", 0))
            reader = cache.open_reader(server.source) if server is not None else None
        if reader is not None:
            self.filmstrip = FilmstripFeeder(self.timeline, reader)  # takes the lane's place
        else:
            self.close_filmstrip()

    def reserve_filmstrip(self) -> None:
        """An empty filmstrip lane at once: the rows do not jump when the thumbnails come."""
        if self.timeline is not None:
            self._set_lane(FilmstripLane())

    def close_filmstrip(self) -> None:
        if self.filmstrip is not None:
            self.filmstrip.close()
            self.filmstrip = None
        if self.timeline is not None and self.timeline.signal_lanes.filmstrip is not None:
            self._set_lane(None)

    def _set_lane(self, lane: FilmstripLane | None) -> None:
        lanes = self.timeline.signal_lanes
        lanes.set_filmstrip(lane)
        name = FilmstripLane.name
        # A short timeline keeps its room for the code rows (show it from the lanes menu).
        short = lane is not None and self.timeline.height() < FILMSTRIP_MIN_TIMELINE_HEIGHT
        by_user = name in lanes.hidden and not self._auto_hidden
        self._auto_hidden = short and not by_user
        self.timeline.set_signal_lane_hidden(name, short or by_user)

    def scrub(self, frame: int) -> None:
        player = self.player
        if player is None or _closed(player):
            return
        player.scrub_to(player.timebase().clamp_frame(frame))


def start_for(window: QObject, player: object) -> ProxyBuilder:
    """A session was opened in *window*: make its missing proxies in the background and
    route the timeline's live scrubbing (``scrubRequested``) to *player*."""
    builder = window.findChild(ProxyBuilder, "proxy_builder")
    if builder is None:
        status = getattr(window, "status", None)
        builder = ProxyBuilder(
            getattr(status, "job_progress", None), getattr(window, "settings", None), window
        )
        builder.setObjectName("proxy_builder")
        if status is not None and hasattr(status, "show_message"):
            builder.finished.connect(
                lambda _n, text: text and text != "cancelled" and status.show_message(text)
            )
        timeline = getattr(window, "timeline", None)
        new_route = _ScrubRoute(builder, timeline)
        if timeline is not None and hasattr(timeline, "scrubRequested"):
            timeline.scrubRequested.connect(new_route.scrub)
        builder.finished.connect(lambda _n, _p: new_route.show_filmstrip(builder.cache))
    route = builder.findChild(_ScrubRoute, "scrub_route")
    if route is not None:
        route.close_filmstrip()
        route.player = player if hasattr(player, "scrub_to") else None
    if builder.start(player) and route is not None:
        route.reserve_filmstrip()
    return builder


def stop_for(window: QObject) -> None:
    """The project is being closed: cancel the window's build and stop scrubbing."""
    builder = window.findChild(ProxyBuilder, "proxy_builder")
    if builder is not None:
        builder.stop()
        route = builder.findChild(_ScrubRoute, "scrub_route")
        if route is not None:
            route.close_filmstrip()
            route.player = None
