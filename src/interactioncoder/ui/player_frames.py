"""The session player's frame delivery: each camera's frame asked for, shown when it comes.

Mixed into :class:`~interactioncoder.ui.player.SessionPlayer`. It opens the cameras (one
:class:`VideoView`, :class:`VideoSource` and :class:`FrameServer` each), asks every
camera's server for the frame at the session time of a master frame, and shows what
arrives. Frames decoded on worker threads reach the GUI thread through a queued signal;
nothing here sleeps or waits. Resizing a view re-decodes at the new size, debounced.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal

from interactioncoder.media.clock import PlaybackClock
from interactioncoder.media.decoder import DecodedFrame
from interactioncoder.media.errors import MediaError
from interactioncoder.media.frame_server import FrameServer
from interactioncoder.media.multicam import MultiCamSession
from interactioncoder.media.source import VideoSource
from interactioncoder.ui.player_cameras import CameraSpec
from interactioncoder.ui.video_view import VideoView

log = logging.getLogger("interactioncoder.ui.player")  # the player's log, as before the split

RESIZE_DEBOUNCE_MS = 150


class PlayerFrames(QObject):
    """A QObject base of the player: the decoded-frame signals are queued to its thread."""

    _frameDecoded = Signal(int, object)  # noqa: N815  from worker threads (queued)
    _frameFailed = Signal(int, int, str)  # noqa: N815

    # Declared by the player, emitted here.
    frameChanged: Signal  # noqa: N815
    cameraProblem: Signal  # noqa: N815

    _specs: list[CameraSpec]
    _session: MultiCamSession
    _clock: PlaybackClock
    _closed: bool
    master_index: int

    def _open_cameras(self) -> None:
        """One view and source per camera; a camera that cannot be opened shows why."""
        self._views: list[VideoView] = []
        self._sources: list[VideoSource | None] = []
        self._problems: dict[int, MediaError] = {}
        for i, spec in enumerate(self._specs):
            view = VideoView(spec.label)
            self._views.append(view)
            try:
                source = VideoSource(spec.path)
            except MediaError as exc:
                self._problems[i] = exc
                self._sources.append(None)
                view.clear(str(exc))
                continue
            self._sources.append(source)
            view.set_aspect_ratio(source.width, source.height)

    def _start_frame_servers(self, cache_bytes: int) -> None:
        """A frame server per opened camera, the cache shared out between them."""
        self._servers: list[FrameServer | None] = []
        present = sum(1 for s in self._sources if s is not None)
        per_camera = max(cache_bytes // max(present, 1), 16 * 1024 * 1024)
        self._frameDecoded.connect(self._on_frame, Qt.ConnectionType.QueuedConnection)
        self._frameFailed.connect(self._on_failure, Qt.ConnectionType.QueuedConnection)
        for i, src in enumerate(self._sources):
            if src is None:
                self._servers.append(None)
                continue
            server = FrameServer(src, cache_bytes=per_camera)
            server.add_listener(self._frame_listener(i))
            server.add_error_listener(self._error_listener(i))
            self._servers.append(server)
            self._views[i].displaySizeChanged.connect(lambda _s, i=i: self._resize_later(i))

    def _init_frame_state(self) -> None:
        """Nothing asked for or shown yet."""
        self._wanted: list[int | None] = [None] * len(self._specs)
        self._wanted_exact = [True] * len(self._specs)
        self._shown: list[int | None] = [None] * len(self._specs)
        self._displayed = 0

    def _init_resize_timer(self) -> None:
        """Resizes are applied once the views have stopped changing size."""
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(RESIZE_DEBOUNCE_MS)
        self._resize_timer.timeout.connect(self._apply_sizes)
        self._resize_pending: set[int] = set()

    def _frame_listener(self, camera: int) -> Callable[[DecodedFrame], None]:
        # Runs on the decoding thread: only emit (queued to the GUI thread).
        def listener(frame: DecodedFrame) -> None:
            self._frameDecoded.emit(camera, frame)

        return listener

    def _error_listener(self, camera: int) -> Callable[[int, MediaError], None]:
        def listener(frame: int, error: MediaError) -> None:
            self._frameFailed.emit(camera, frame, str(error))

        return listener

    # -- what is on screen ---------------------------------------------------------------

    def displayed_frame(self) -> int:
        """The master frame on screen now."""
        return self._displayed

    def requested_frame(self) -> int:
        """The master frame the player is heading to (equal to displayed when idle)."""
        wanted = self._wanted[self.master_index]
        return self._displayed if wanted is None else wanted

    def camera_frame(self, camera: int) -> int | None:
        """The frame on screen in *camera*'s view."""
        return self._shown[camera]

    # -- delivery ------------------------------------------------------------------------

    def _live_servers(self) -> list[FrameServer]:
        return [s for s in self._servers if s is not None]

    def _show_master_frame(self, master_frame: int, exact: bool | None = None) -> None:
        if self._closed:
            return
        if exact is None:
            exact = not self._clock.wants_proxy
        for camera in range(len(self._specs)):
            self._request_camera(camera, master_frame, exact)
        if self._servers[self.master_index] is None and self._displayed != master_frame:
            # No picture for the master: the clock's frame counts as displayed.
            self._displayed = master_frame
            self._wanted[self.master_index] = master_frame
            self.frameChanged.emit(master_frame)

    def _request_camera(self, camera: int, master_frame: int, exact: bool = True) -> None:
        server = self._servers[camera]
        if server is None:
            return
        frame = self._session.camera_frame(camera, master_frame)
        if frame is None:
            self._wanted[camera] = None
            if self._shown[camera] is not None or not self._views[camera].message():
                self._shown[camera] = None
                self._views[camera].clear("no picture from this camera at this time")
            return
        if frame == self._wanted[camera] and (self._wanted_exact[camera] or not exact):
            return
        self._wanted[camera] = frame
        self._wanted_exact[camera] = exact
        cached = server.request(frame, exact=exact)
        if cached is not None:
            self._present(camera, cached)

    def _on_frame(self, camera: int, frame: DecodedFrame) -> None:
        if self._closed:
            return
        wanted, shown = self._wanted[camera], self._shown[camera]
        if wanted is None:
            return
        # The frame asked for, or (playing) a frame on the way to it: show it.
        on_the_way = self._clock.playing and shown is not None and shown < frame.index <= wanted
        if frame.index == wanted or on_the_way:
            self._present(camera, frame)

    def _present(self, camera: int, frame: DecodedFrame) -> None:
        self._views[camera].set_frame(frame.image, frame.index, frame.pts_ms, frame.preview)
        self._shown[camera] = frame.index
        if camera == self.master_index and frame.index != self._displayed:
            self._displayed = frame.index
            self.frameChanged.emit(frame.index)

    def _on_failure(self, camera: int, frame: int, message: str) -> None:
        if self._closed:
            return
        log.warning("camera %s frame %s: %s", camera, frame, message)
        self.cameraProblem.emit(camera, message)

    # -- resizing ------------------------------------------------------------------------

    def _resize_later(self, camera: int) -> None:
        self._resize_pending.add(camera)
        self._resize_timer.start()

    def _apply_sizes(self) -> None:
        if self._closed:
            return
        # Taken before the wanted frames are forgotten: a seek made just before the
        # resize must not fall back to the frame still on screen.
        target = self.requested_frame()
        for camera in sorted(self._resize_pending):
            server = self._servers[camera]
            if server is None:
                continue
            size: QSize = self._views[camera].useful_size()
            # Round up so small resizes do not throw the cache away.
            box = (-(-size.width() // 64) * 64, -(-size.height() // 64) * 64)
            server.set_display_size(box)
            self._wanted[camera] = None
        self._resize_pending.clear()
        self._show_master_frame(target)
