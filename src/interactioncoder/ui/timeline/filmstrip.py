"""The filmstrip lane's thumbnails, decoded from the scrub proxy off the GUI thread.

:class:`FilmstripFeeder` puts a :class:`FilmstripLane` on the timeline and, a few times a
second, asks its worker thread for the frames under the lane's slots at the current zoom
and scroll (a newer request replaces an unstarted one; a running batch stops when a newer
one comes). The worker owns a :class:`~interactioncoder.media.thumbnails.ThumbnailProvider`
(one decoder, one thread); each thumbnail reaches the lane through a queued signal and the
timeline repaints. Hide it from the lanes' context menu like a signal lane.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from interactioncoder.media.proxy import ProxyReader
from interactioncoder.media.thumbnails import ThumbnailProvider
from interactioncoder.ui.timeline.model.signal_lanes import FilmstripLane, filmstrip_slots

POLL_MS = 120
THUMB_HEIGHT = 48
MAX_THUMBS = 2000  # about 25 MB at 48 px high


class FilmstripFeeder(QObject):
    """Feeds one timeline's filmstrip lane from one proxy reader."""

    _arrived = Signal(int, int, object)  # generation, frame, pixels

    def __init__(self, timeline: Any, reader: ProxyReader) -> None:
        super().__init__(timeline)
        self.timeline = timeline
        source = reader.original
        self.lane = FilmstripLane(aspect=source.width / max(source.height, 1))
        lanes = timeline.signal_lanes
        lanes.set_filmstrip(self.lane)  # a lane hidden before stays hidden:
        timeline.set_signal_lane_hidden(self.lane.name, self.lane.name in lanes.hidden)
        self._cond = threading.Condition()
        self._wanted: tuple[int, ...] = ()  # taken by the worker
        self._asked: tuple[int, ...] = ()  # the last request
        self._gen = 0
        self._closed = False
        self._arrived.connect(self._on_arrived, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(
            target=self._run, args=(reader,), name="filmstrip", daemon=True
        )
        self._thread.start()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._timer.start()
        self.poll()

    def wanted_frames(self) -> tuple[int, ...]:
        """The frames under the lane's slots now (none while the lane is hidden)."""
        lanes = self.timeline.signal_lanes
        if self.lane.name in lanes.hidden or lanes.filmstrip is not self.lane:
            return ()
        v = self.timeline.state.view
        slots = filmstrip_slots(
            v.first_frame, v.px_per_frame, v.width, self.lane.slot_width(), v.frame_count
        )
        return tuple(frame for frame, _ in slots)

    def poll(self) -> None:
        wanted = tuple(f for f in self.wanted_frames() if f not in self.lane.thumbs)
        with self._cond:
            if wanted == self._asked:
                return
            self._asked = self._wanted = wanted
            self._gen += 1
            self._cond.notify()

    def close(self) -> None:
        """Stop the worker and take the lane off the timeline."""
        self._timer.stop()
        with self._cond:
            self._closed = True
            self._cond.notify()
        lanes = self.timeline.signal_lanes
        if lanes.filmstrip is self.lane:
            lanes.set_filmstrip(None)
            self.timeline.set_signal_lane_hidden(self.lane.name, self.lane.name in lanes.hidden)

    def wait(self, timeout: float = 10.0) -> None:
        self._thread.join(timeout)

    def _on_arrived(self, gen: int, frame: int, pixels: np.ndarray) -> None:
        if self._closed:
            return
        thumbs = self.lane.thumbs
        if len(thumbs) >= MAX_THUMBS:  # keep those on screen
            keep = set(self.wanted_frames())
            for old in [f for f in thumbs if f not in keep]:
                del thumbs[old]
        thumbs[frame] = pixels
        self.timeline.signal_lanes.version += 1  # the painter's cache key
        self.timeline.refresh()

    # -- worker thread ------------------------------------------------------------------

    def _run(self, reader: ProxyReader) -> None:
        provider = ThumbnailProvider(reader, THUMB_HEIGHT)
        try:
            while True:
                with self._cond:
                    while not self._closed and not self._wanted:
                        self._cond.wait()
                    if self._closed:
                        return
                    gen, frames, self._wanted = self._gen, self._wanted, ()
                for frame, pixels in provider.thumbnails(frames, self._stale(gen)):
                    self._arrived.emit(gen, frame, pixels)
        finally:
            provider.close()

    def _stale(self, gen: int) -> Callable[[], bool]:
        def stop() -> bool:
            return self._closed or self._gen != gen

        return stop
