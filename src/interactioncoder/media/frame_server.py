"""Serving exact frames to a viewer from a background thread, with caching and prefetch.

The caller (the GUI thread) never decodes: :meth:`FrameServer.request` returns a cached
frame at once or queues the work and returns ``None``; the worker thread then calls the
listeners with the :class:`DecodedFrame`. Only the newest request matters: while a user
scrubs, stale targets are dropped (unless the decoder is already on its way to the new
one).

When idle, the worker prefetches:

* ahead: a few frames after the current one (the decoder is already there, so it is
  nearly free), more while playing;
* behind (when not playing): the stretch before the current frame, decoded forward from
  its keyframe, so that stepping backwards - which is what coders do all day to find an
  onset - hits the cache instead of re-decoding a whole GOP per step. The stretch is
  refilled in chunks when the cached run behind the current frame gets short.

With a scrub proxy (:meth:`FrameServer.set_proxy`) a jump is answered twice: the proxy's
frame at once (``preview=True``, :mod:`.preview`), then the exact frame; both carry the
target's number and time, and an older target is never delivered after a newer one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import av

from interactioncoder.media.decoder import DecodedFrame, Decoder
from interactioncoder.media.errors import CorruptMediaError, MediaError
from interactioncoder.media.frame_cache import DEFAULT_CACHE_BYTES, FrameCache
from interactioncoder.media.preview import ProxyPreviews
from interactioncoder.media.proxy import ProxyReader
from interactioncoder.media.source import VideoSource

log = logging.getLogger(__name__)

FrameListener = Callable[[DecodedFrame], None]
ErrorListener = Callable[[int, MediaError], None]


class FrameServer(ProxyPreviews):
    """Exact frames of one video, decoded on a worker thread."""

    def __init__(
        self,
        source: VideoSource,
        display_size: tuple[int, int] | None = None,
        cache_bytes: int = DEFAULT_CACHE_BYTES,
        listener: FrameListener | None = None,
        prefetch: bool = True,
        max_back_frames: int = 150,
        proxy: ProxyReader | None = None,
    ) -> None:
        self.source = source
        self.cache = FrameCache(cache_bytes)
        self.prefetch_enabled = prefetch
        self.max_back_frames = max_back_frames
        self._listeners: list[FrameListener] = [listener] if listener else []
        self._error_listeners: list[ErrorListener] = []
        self._cond = threading.Condition()
        self._target: int | None = None
        self._focus: int | None = None
        self._gen = 0
        self._prefetch_due = False
        self._playing = False
        self._direction = 1
        self._closed = False
        self._sync: dict[int, list[threading.Event]] = {}
        self._sync_errors: dict[int, MediaError] = {}
        self._new_display_size: tuple[tuple[int, int] | None] | None = None
        self._held: list[tuple[int, av.VideoFrame]] = []
        self._display_size = display_size
        self._decoder = Decoder(source, display_size)
        # Backward refills run on a second decoder so that they never move the main one
        # away from where forward stepping and playback continue.
        self._back_decoder: Decoder | None = None
        self._frame_bytes = self._decoder.output_bytes
        self._deliver_lock = threading.Lock()
        self._exact_gen = -1  # the request generation whose exact frame was delivered
        self._preview = None
        self.previews_delivered = 0
        if proxy is not None:
            self.set_proxy(proxy)
        self._thread = threading.Thread(
            target=self._run, name=f"frames:{source.path.name}", daemon=True
        )
        self._thread.start()

    # -- public API (any thread) ---------------------------------------------------------

    @property
    def frame_count(self) -> int:
        return self.source.frame_count

    def add_listener(self, listener: FrameListener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: FrameListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def add_error_listener(self, listener: ErrorListener) -> None:
        self._error_listeners.append(listener)

    def request(self, index: int, exact: bool = True) -> DecodedFrame | None:
        """Asks for frame *index*; returns it now if cached, else ``None`` and the listeners
        get it from the worker thread. A newer request supersedes older ones.

        ``exact=False`` (fast or reverse play, live scrubbing): the proxy's frame only,
        when there is a proxy; nothing is decoded from the original."""
        index = min(max(index, 0), self.source.frame_count - 1)
        cached = self.cache.get(index)
        proxy_only = not exact and self.has_proxy
        with self._cond:
            if self._focus is not None and index != self._focus:
                self._direction = 1 if index > self._focus else -1
            self._focus = index
            self._gen += 1
            self._target = None if cached is not None or proxy_only else index
            self._prefetch_due = self.prefetch_enabled and not proxy_only
            if self._preview is not None:  # before the exact worker wakes up
                if cached is None and (proxy_only or self._needs_preview(index)):
                    self._preview.want(index, self._gen)
                else:
                    self._preview.drop()
            self._cond.notify_all()
        return cached

    def get_cached(self, index: int) -> DecodedFrame | None:
        return self.cache.peek(index)

    def frame_sync(self, index: int, timeout: float | None = 30.0) -> DecodedFrame:
        """Blocks until frame *index* is decoded (tests, exports). Never superseded."""
        if not 0 <= index < self.source.frame_count:
            raise IndexError(f"frame {index} is outside 0..{self.source.frame_count - 1}")
        cached = self.cache.get(index)
        if cached is not None:
            return cached
        done = threading.Event()
        with self._cond:
            self._sync.setdefault(index, []).append(done)
            self._cond.notify_all()
        if not done.wait(timeout):
            raise TimeoutError(f"frame {index} of {self.source.path} was not decoded in time")
        with self._cond:
            error = self._sync_errors.pop(index, None)
        if error is not None:
            raise error
        frame = self.cache.peek(index)
        if frame is None:  # evicted at once by a tiny cache: decode was done, ask again
            return self.frame_sync(index, timeout)
        return frame

    def set_playing(self, playing: bool) -> None:
        """Playing: prefetch ahead generously and skip the backward prefetch."""
        with self._cond:
            self._playing = playing
            if playing:
                self._direction = 1
            self._prefetch_due = self.prefetch_enabled
            self._cond.notify_all()

    def set_display_size(self, display_size: tuple[int, int] | None) -> None:
        """Frames are scaled to fit *display_size* from now on (clears the cache)."""
        with self._cond:
            self._new_display_size = (display_size,)
            self._cond.notify_all()
        if self._preview is not None:
            self._preview.set_display_size(display_size)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self._preview is not None:
            self._preview.close()
        self._thread.join(timeout=10)
        self._decoder.close()
        if self._back_decoder is not None:
            self._back_decoder.close()
        self.cache.clear()

    def __enter__(self) -> FrameServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- worker --------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                while not (
                    self._closed
                    or self._sync
                    or self._target is not None
                    or self._prefetch_due
                    or self._new_display_size is not None
                ):
                    self._cond.wait()
                if self._closed:
                    return
                resize, self._new_display_size = self._new_display_size, None
                sync_index = next(iter(self._sync), None)
                target, gen, focus = self._target, self._gen, self._focus
                if sync_index is None:
                    self._target = None
                    if target is None:
                        self._prefetch_due = False
            try:
                if resize is not None:
                    self._held = []
                    self._display_size = resize[0]
                    self._decoder.set_display_size(resize[0])
                    if self._back_decoder is not None:
                        self._back_decoder.set_display_size(resize[0])
                    self._frame_bytes = self._decoder.output_bytes
                    self.cache.clear()
                # A target taken together with a resize is served too (it was dropped).
                if sync_index is not None:
                    self._serve_sync(sync_index)
                elif target is not None:
                    self._serve(target, gen)
                elif focus is not None:
                    self._prefetch(focus)
            except Exception:  # the worker must survive anything a bad file throws at it
                log.exception("frame server worker error on %s", self.source.path)

    def _superseded(self, gen: int) -> Callable[[], bool]:
        def stop() -> bool:
            if self._closed or self._sync:
                return True
            if self._gen == gen:
                return False
            # A newer target that the decoder reaches by going on is not a reason to stop.
            new, pos = self._target, self._decoder.position
            if new is None or pos is None:
                return True
            return not (new > pos and self.source.index.keyframe_at_or_before(new) <= pos + 1)

        return stop

    def _decode_one(self, index: int, stop: Callable[[], bool] | None) -> DecodedFrame | None:
        for frame in self._decoder.frames(index, index, should_stop=stop):
            self.cache.put(frame)
            return frame
        return None

    def _back_window(self) -> int:
        """How many frames behind the current one the backward prefetch keeps."""
        if not self.prefetch_enabled or self._playing:
            return 0
        fit = self.cache.frames_that_fit(self._frame_bytes)
        return min(self.max_back_frames, int(fit * 0.6))

    def _serve(self, target: int, gen: int) -> None:
        frame = self.cache.get(target)
        if frame is None and self._preview is not None:
            self._preview.wait_idle()  # the preview first: it has both cores for a moment
        if frame is None:
            # Keep (unconverted) the frames the decoder passes just before the target:
            # converting them afterwards makes the next back-steps cache hits at a
            # fraction of the cost of decoding the GOP again.
            window = self._back_window()
            held: list[tuple[int, av.VideoFrame]] = []
            for n, raw in self._decoder.raw_frames(
                target, target, self._superseded(gen), target - window, held
            ):
                frame = self._decoder.convert(n, raw)
                self.cache.put(frame)
            if held:  # a stepping run that passed no frames keeps the earlier ones
                self._held = held
        if frame is None:
            if self._gen == gen and not self._sync:
                self._report(
                    target,
                    CorruptMediaError(
                        self.source.path, f"frame {target} cannot be decoded (damaged data)"
                    ),
                )
            return
        self._deliver_exact(frame)

    def _serve_sync(self, index: int) -> None:
        error: MediaError | None = None
        try:
            if self.cache.peek(index) is None and self._decode_one(index, None) is None:
                error = CorruptMediaError(
                    self.source.path, f"frame {index} cannot be decoded (damaged data)"
                )
        except MediaError as exc:
            error = exc
        with self._cond:
            waiters = self._sync.pop(index, [])
            if error is not None:
                self._sync_errors[index] = error
        for event in waiters:
            event.set()

    def _deliver_exact(self, frame: DecodedFrame) -> None:
        with self._deliver_lock:
            newest = frame.index == self._focus
            if newest:
                self._exact_gen = self._gen
            if newest or self._playing:
                self._deliver(frame)

    def _deliver(self, frame: DecodedFrame) -> None:
        for listener in list(self._listeners):
            try:
                listener(frame)
            except Exception:
                log.exception("frame listener failed")

    def _report(self, index: int, error: MediaError) -> None:
        for listener in list(self._error_listeners):
            try:
                listener(index, error)
            except Exception:
                log.exception("frame error listener failed")

    def _prefetch(self, focus: int) -> None:
        stop = self._prefetch_interrupted
        last = self.source.frame_count - 1
        fit = self.cache.frames_that_fit(self._frame_bytes)
        ahead = min(max(fit // 4, 1), 30 if self._playing else 6)
        self._fill(focus + 1, min(focus + ahead, last), stop)
        if self._playing or stop():
            return
        window = self._back_window()
        lo = max(focus - window, 0)

        def back_stop() -> bool:
            return stop() or self._playing

        gen = self._gen

        def convert_stop() -> bool:
            # Converting held frames is resumable: yield to any new request (even a cache
            # hit) so that the next round tops up the frames ahead first.
            return back_stop() or self._gen != gen

        if self._held:
            self._convert_held(lo, focus, convert_stop)
            if convert_stop():
                return
        run = 0
        while focus - run - 1 >= lo and self.cache.peek(focus - run - 1) is not None:
            run += 1
        hi = focus - run - 1
        if hi < lo or run >= window // 2:
            return  # enough cached behind; refill later, in one chunk
        # Keep what is cached in the window most recent so the refill evicts other frames.
        for i in range(min(focus + ahead, last), lo - 1, -1):
            self.cache.touch(i)
        # Decode lo..hi unconverted, then convert nearest-first.
        if self._back_decoder is None:
            self._back_decoder = Decoder(self.source, self._display_size)
        self._held = list(self._back_decoder.raw_frames(lo, hi, back_stop))
        self._convert_held(lo, focus, convert_stop)

    def _convert_held(self, lo: int, focus: int, stop: Callable[[], bool]) -> None:
        """Converts held raw frames nearest-first (the order back-steps will need them)."""
        held = sorted(self._held, key=lambda item: item[0])
        while held:
            if stop():
                break
            n, raw = held.pop()
            if lo <= n < focus and self.cache.peek(n) is None:
                self.cache.put(self._decoder.convert(n, raw))
        self._held = held

    def _prefetch_interrupted(self) -> bool:
        """Prefetching yields to real work only: a request that missed the cache, a sync
        request, a size change. A request the cache answered leaves the prefetch useful."""
        return (
            self._closed
            or bool(self._sync)
            or self._target is not None
            or self._new_display_size is not None
        )

    def _fill(
        self, first: int, last: int, stop: Callable[[], bool], backwards_priority: bool = False
    ) -> None:
        """Decodes the frames first..last that are not cached (a run in one pass)."""
        while first <= last and self.cache.peek(first) is not None:
            first += 1
        if first > last or stop():
            return
        for frame in self._decoder.frames(first, last, should_stop=stop):
            if self.cache.peek(frame.index) is None:
                self.cache.put(frame)
            elif backwards_priority:
                self.cache.touch(frame.index)
