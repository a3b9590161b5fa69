"""Thumbnails for a filmstrip lane, from the scrub proxy (Qt-free).

The timeline asks for the frames under its thumbnail slots at the current zoom;
:class:`ThumbnailProvider` decodes them from the proxy (a few milliseconds each, any
order), scales them to the lane height and keeps them in a byte-bounded LRU cache. It is
meant to run on a worker thread (one provider per thread: it owns a decoder); the caller
passes ``should_stop`` so a zoom or scroll can abandon a stale batch. Without a proxy it
returns nothing: decoding thumbnails from a long-GOP original would take seconds.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from interactioncoder.media.decoder import fit_size
from interactioncoder.media.proxy import ProxyReader

DEFAULT_THUMBNAIL_BYTES = 64 * 1024 * 1024


def filmstrip_frames(first: int, last: int, slots: int) -> list[int]:
    """The frame under the middle of each of *slots* equal slots covering first..last."""
    if slots <= 0 or last < first:
        return []
    span = last - first + 1
    return sorted({first + int((i + 0.5) * span / slots) for i in range(slots)})


class ThumbnailProvider:
    """Small RGB pictures of a video's frames, from its proxy; one thread only."""

    def __init__(
        self,
        reader: ProxyReader | None,
        height: int = 48,
        capacity_bytes: int = DEFAULT_THUMBNAIL_BYTES,
    ) -> None:
        self._reader = reader
        self.height = height
        self.capacity_bytes = capacity_bytes
        self._cache: OrderedDict[int, np.ndarray] = OrderedDict()
        self._bytes = 0
        if reader is not None:
            source = reader.original
            box = (max(2, height * 4 * source.width // max(source.height, 1)), height)
            self.size = fit_size(source.width, source.height, box)
            reader.set_display_size(self.size)
        else:
            self.size = (0, 0)

    @property
    def available(self) -> bool:
        return self._reader is not None

    def cached(self, frame: int) -> np.ndarray | None:
        image = self._cache.get(frame)
        if image is not None:
            self._cache.move_to_end(frame)
        return image

    def thumbnails(
        self, frames: Iterable[int], should_stop: Callable[[], bool] | None = None
    ) -> Iterator[tuple[int, np.ndarray]]:
        """(frame, H x W x 3 uint8) for each of *frames* that can be shown, in order."""
        for n in frames:
            if should_stop is not None and should_stop():
                return
            image = self.cached(n)
            if image is None:
                image = self._decode(n)
            if image is not None:
                yield n, image

    def _decode(self, n: int) -> np.ndarray | None:
        if self._reader is None:
            return None
        frame = self._reader.frame(n)
        if frame is None:
            return None
        image = frame.image
        self._cache[n] = image
        self._bytes += image.nbytes
        while self._bytes > self.capacity_bytes and self._cache:
            _, old = self._cache.popitem(last=False)
            self._bytes -= old.nbytes
        return image

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
        self._cache.clear()
        self._bytes = 0
