"""A thread-safe LRU cache of decoded frames, bounded by bytes (not by frame count).

A 1080p RGB frame is 6 MB and a 360p one 0.35 MB, so only a byte budget keeps memory
predictable whatever the videos and the view size.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from interactioncoder.media.decoder import DecodedFrame

# Sized for a 16 GB laptop running a few cameras: each camera gets its own cache.
DEFAULT_CACHE_BYTES = 512 * 1024 * 1024


class FrameCache:
    def __init__(self, capacity_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        if capacity_bytes <= 0:
            raise ValueError("cache capacity must be positive")
        self.capacity_bytes = capacity_bytes
        self._frames: OrderedDict[int, DecodedFrame] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._frames)

    def __contains__(self, index: object) -> bool:
        return index in self._frames

    @property
    def bytes_used(self) -> int:
        return self._bytes

    def get(self, index: int) -> DecodedFrame | None:
        with self._lock:
            frame = self._frames.get(index)
            if frame is None:
                self.misses += 1
                return None
            self._frames.move_to_end(index)
            self.hits += 1
            return frame

    def peek(self, index: int) -> DecodedFrame | None:
        """Like :meth:`get` but without counting or refreshing recency."""
        return self._frames.get(index)

    def put(self, frame: DecodedFrame) -> None:
        size = frame.nbytes
        if size > self.capacity_bytes:
            return
        with self._lock:
            old = self._frames.pop(frame.index, None)
            if old is not None:
                self._bytes -= old.nbytes
            self._frames[frame.index] = frame
            self._bytes += size
            while self._bytes > self.capacity_bytes:
                _, evicted = self._frames.popitem(last=False)
                self._bytes -= evicted.nbytes

    def touch(self, index: int) -> None:
        """Marks a frame as recently used (it is about to be needed)."""
        with self._lock:
            if index in self._frames:
                self._frames.move_to_end(index)

    def clear(self) -> None:
        with self._lock:
            self._frames.clear()
            self._bytes = 0

    def frames_that_fit(self, frame_bytes: int) -> int:
        return self.capacity_bytes // max(frame_bytes, 1)
