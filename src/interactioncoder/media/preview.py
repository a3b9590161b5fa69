"""Preview frames from the scrub proxy, decoded on their own thread.

On a jump the :class:`~interactioncoder.media.frame_server.FrameServer` asks this worker
for the target's proxy frame while its own worker decodes the exact frame: the proxy
frame (one small intra-coded frame to decode) is there in milliseconds,
marked ``preview=True``, and the exact frame replaces it when decoded. Only the newest
wish counts: a wish superseded while decoding is dropped, and the server delivers a
preview only while its target is still the newest request and its exact frame has not
been shown yet.

The worker also serves :meth:`PreviewWorker.frame_sync` for fast and reverse playback,
which show proxy frames only (exact decoding cannot keep up at 4x or backwards).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from interactioncoder.media.decoder import DecodedFrame, Decoder
from interactioncoder.media.proxy import ProxyReader
from interactioncoder.media.source import VideoSource

log = logging.getLogger(__name__)

PreviewSink = Callable[[DecodedFrame, int], None]
IsCurrent = Callable[[int], bool]
# A jump whose exact frame needs at least this many frames decoded is previewed.
PREVIEW_MIN_DECODES = 6
# The exact decoder waits at most this long for the preview (which then has the CPU).
PREVIEW_HEAD_START_S = 0.08


class PreviewWorker:
    """Decodes proxy frames for one video on a worker thread."""

    def __init__(self, name: str, sink: PreviewSink, is_current: IsCurrent) -> None:
        self._sink = sink
        self._is_current = is_current
        self._cond = threading.Condition()
        self._reader: ProxyReader | None = None
        self._new_reader: tuple[ProxyReader | None] | None = None
        self._size: tuple[tuple[int, int] | None] | None = None
        self._size_due = False
        self._wish: tuple[int, int] | None = None  # (frame, generation)
        self._sync: dict[int, tuple[threading.Event, list[DecodedFrame | None]]] = {}
        self._closed = False
        self._busy = False
        self._idle = threading.Event()
        self._idle.set()
        self.decoded = 0  # for tests and benchmarks
        self._thread = threading.Thread(target=self._run, name=f"preview:{name}", daemon=True)
        self._thread.start()

    @property
    def has_reader(self) -> bool:
        with self._cond:
            pending = self._new_reader
            return pending[0] is not None if pending is not None else self._reader is not None

    def set_reader(self, reader: ProxyReader | None) -> None:
        """Use *reader* from now on (None: no proxy); the old reader is closed."""
        with self._cond:
            if self._new_reader is not None and self._new_reader[0] is not None:
                self._new_reader[0].close()
            self._new_reader = (reader,)
            self._cond.notify_all()

    def set_display_size(self, size: tuple[int, int] | None) -> None:
        with self._cond:
            self._size = (size,)
            self._size_due = True

    def want(self, frame: int, generation: int) -> None:
        """Decode *frame* and hand it to the sink with *generation* (newest wish wins)."""
        with self._cond:
            self._wish = (frame, generation)
            self._idle.clear()
            self._cond.notify_all()

    def drop(self) -> None:
        with self._cond:
            self._wish = None
            if not self._busy:
                self._idle.set()

    def wait_idle(self, timeout: float = PREVIEW_HEAD_START_S) -> None:
        """Waits (at most *timeout*) until the wished preview is delivered or dropped."""
        self._idle.wait(timeout)

    def frame_sync(self, frame: int, timeout: float = 5.0) -> DecodedFrame | None:
        """Proxy frame *frame* now (blocking; None without a proxy or for a hole)."""
        done = threading.Event()
        slot: list[DecodedFrame | None] = [None]
        with self._cond:
            if self._closed:
                return None
            self._sync[frame] = (done, slot)
            self._cond.notify_all()
        done.wait(timeout)
        return slot[0]

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._idle.set()
            self._cond.notify_all()
        self._thread.join(timeout=10)
        for reader in (self._reader, self._new_reader[0] if self._new_reader else None):
            if reader is not None:
                reader.close()
        self._reader = self._new_reader = None

    # -- worker ---------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                while not (self._closed or self._wish or self._sync or self._new_reader):
                    self._cond.wait()
                if self._closed:
                    for done, _ in self._sync.values():
                        done.set()
                    return
                self._swap()
                sync = self._sync.popitem() if self._sync else None
                wish, self._wish = (None, self._wish) if sync else (self._wish, None)
                self._busy = True
            try:
                if sync is not None:
                    frame, (done, slot) = sync
                    slot[0] = self._decode(frame, None)
                    done.set()
                elif wish is not None:
                    self._serve(*wish)
            except Exception:  # a damaged proxy must not kill the worker
                log.exception("preview worker error")
            finally:
                with self._cond:
                    self._busy = False
                    if self._wish is None:
                        self._idle.set()

    def _swap(self) -> None:
        """Applies a new reader or display size (called holding the lock)."""
        if self._new_reader is not None:
            if self._reader is not None and self._reader is not self._new_reader[0]:
                self._reader.close()
            self._reader, self._new_reader = self._new_reader[0], None
            self._size_due = True
        if self._size_due and self._size is not None and self._reader is not None:
            self._reader.set_display_size(self._size[0])
        self._size_due = False

    def _decode(self, frame: int, stop: Callable[[], bool] | None) -> DecodedFrame | None:
        if self._reader is None:
            return None
        result = self._reader.frame(frame, stop)
        if result is not None:
            self.decoded += 1
        return result

    def _serve(self, frame: int, generation: int) -> None:
        if not self._is_current(generation):
            return

        def stop() -> bool:
            return self._closed or not self._is_current(generation)

        result = self._decode(frame, stop)
        if result is not None:
            self._sink(result, generation)


class ProxyPreviews:
    """The frame server's side of previews (mixed into
    :class:`~interactioncoder.media.frame_server.FrameServer`, which owns the state)."""

    source: VideoSource
    _decoder: Decoder
    _display_size: tuple[int, int] | None
    _preview: PreviewWorker | None
    _closed: bool
    _gen: int
    _exact_gen: int
    _focus: int | None
    _deliver_lock: threading.Lock
    previews_delivered: int
    _deliver: Callable[[DecodedFrame], None]

    def set_proxy(self, reader: ProxyReader | None) -> None:
        """Use the scrub proxy *reader* for previews from now on (None: stop using one).
        The server closes the reader when done with it."""
        if self._preview is None:
            if reader is None:
                return
            self._preview = PreviewWorker(
                self.source.path.name, self._deliver_preview, self._preview_is_current
            )
            self._preview.set_display_size(self._display_size)
        self._preview.set_reader(reader)

    @property
    def has_proxy(self) -> bool:
        return self._preview is not None and self._preview.has_reader

    def preview_sync(self, index: int, timeout: float = 5.0) -> DecodedFrame | None:
        """The proxy's frame *index* (``preview=True``), blocking; None without a proxy.
        For fast and reverse playback, which show proxy frames only."""
        if self._preview is None or not 0 <= index < self.source.frame_count:
            return None
        return self._preview.frame_sync(index, timeout)

    def _needs_preview(self, index: int) -> bool:
        """Whether the exact frame needs many frames decoded (a jump, not a step)."""
        position = self._decoder.position
        key = self.source.index.keyframe_at_or_before(index)
        continues = position is not None and position < index and key <= position + 1
        start = position + 1 if continues and position is not None else key
        return index - start >= PREVIEW_MIN_DECODES

    def _preview_is_current(self, gen: int) -> bool:
        return not self._closed and self._gen == gen and self._exact_gen != gen

    def _deliver_preview(self, frame: DecodedFrame, gen: int) -> None:
        with self._deliver_lock:
            if self._preview_is_current(gen) and frame.index == self._focus:
                self.previews_delivered += 1
                self._deliver(frame)
