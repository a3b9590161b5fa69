"""Reading a scrub proxy, and checking that its frames are the original's.

:class:`ProxyReader` serves a proxy's frames numbered and timed as the original's (the
proxy is made by :mod:`interactioncoder.media.proxy`, frame *i* holding the original's
frame *i*). :func:`verify_proxy` compares sampled proxy frames with the downscaled
original frames (and their neighbours): a proxy that does not match is discarded by the
caller. Everything here is Qt-free.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from interactioncoder.media.decoder import DecodedFrame, Decoder
from interactioncoder.media.errors import MediaError
from interactioncoder.media.source import VideoSource

VERIFY_SAMPLES = 8
# Mean absolute difference (0..255, of block means) allowed between a proxy frame and
# the downscaled original frame: compression stays far below it, another picture not.
VERIFY_TOLERANCE = 12.0
# Neighbouring original frames closer than this (block means) count as the same picture.
DISTINCT = 1.0

Cancel = Callable[[], bool]


class ProxyMismatchError(MediaError):
    """A proxy's frames are not the original's frames (it must not be used)."""


class ProxyReader:
    """Frames of a proxy, numbered and timed as the original's; one thread only."""

    def __init__(
        self,
        original: VideoSource,
        path: Path,
        holes: tuple[int, ...] = (),
        display_size: tuple[int, int] | None = None,
    ) -> None:
        self.original = original
        self.path = path
        self.holes = frozenset(holes)
        self.source = VideoSource(path, use_cache=False)
        if self.source.frame_count != original.frame_count:
            raise ProxyMismatchError(
                path,
                f"has {self.source.frame_count} frames, the original "
                f"{original.frame_count}: not its proxy",
            )
        self._decoder = Decoder(self.source, display_size)
        # One frame at a time: frame threading would delay each frame by a few packets.
        self._decoder._stream.codec_context.thread_type = "SLICE"

    def set_display_size(self, display_size: tuple[int, int] | None) -> None:
        self._decoder.set_display_size(display_size)

    def frame(self, n: int, should_stop: Cancel | None = None) -> DecodedFrame | None:
        """Frame *n* marked as a preview (None for a hole, a damaged or stopped frame)."""
        if n in self.holes or not 0 <= n < self.source.frame_count:
            return None
        for decoded in self._decoder.frames(n, n, should_stop):
            if decoded.index != n:
                return None
            return DecodedFrame(n, self.original.timebase.frame_to_ms(n), decoded.image, True)
        return None

    def close(self) -> None:
        self._decoder.close()


def _coarse(image: np.ndarray) -> np.ndarray:
    """Block means about 64 blocks wide: compression noise averages out, the picture's
    content (and the synthetic videos' code bar) stays."""
    h, w = image.shape[:2]
    f = max(1, w // 64)
    h, w = h // f * f, w // f * f
    blocks = image[:h, :w].astype(np.float32).reshape(h // f, f, w // f, f, -1)
    coarse: np.ndarray = blocks.mean(axis=(1, 3))
    return coarse


def _difference(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute difference (0..255) of two pictures' block means."""
    return float(np.abs(_coarse(a) - _coarse(b)).mean())


def sample_frames(count: int, samples: int = VERIFY_SAMPLES) -> list[int]:
    """Frames checked after making a proxy: spread over the file, first and last included."""
    if count <= samples:
        return list(range(count))
    return sorted({round(i * (count - 1) / (samples - 1)) for i in range(samples)})


def _original_samples(original: VideoSource, size: tuple[int, int]) -> dict[int, np.ndarray]:
    """The sampled frames and their neighbours, decoded from the original (slow on long
    GOPs: :func:`make_proxy` keeps them while it decodes anyway)."""
    decoder = Decoder(original, size)
    try:
        return {
            f.index: f.image
            for n in sample_frames(original.frame_count)
            for f in decoder.frames(max(n - 1, 0), n + 1)
        }
    finally:
        decoder.close()


def verify_proxy(
    original: VideoSource,
    proxy: ProxyReader,
    originals: dict[int, np.ndarray] | None = None,
    tolerance: float = VERIFY_TOLERANCE,
) -> None:
    """Raises :class:`ProxyMismatchError` unless sampled proxy frames are the original's.

    *originals*: downscaled original frames by number (:attr:`ProxyInfo.samples`);
    decoded from the original when not given. Each sample must be within *tolerance* of
    the original frame, and closer to it than to the original's neighbouring frames
    where those differ (so a proxy shifted by one frame fails).
    """
    size = (proxy.source.width, proxy.source.height)
    if not originals:
        originals = _original_samples(original, size)
    for n in sample_frames(original.frame_count):
        if n in proxy.holes or n not in originals:
            continue  # the original cannot decode it either
        shown = proxy.frame(n)
        if shown is None:
            raise ProxyMismatchError(proxy.path, f"frame {n} cannot be decoded")
        near = {k: originals[k] for k in (n - 1, n, n + 1) if k in originals}
        _compare(proxy.path, n, shown.image, near, tolerance)


def _compare(
    path: Path, n: int, shown: np.ndarray, near: dict[int, np.ndarray], tolerance: float
) -> None:
    if shown.shape != near[n].shape:
        raise ProxyMismatchError(path, f"frame {n} has size {shown.shape}, not {near[n].shape}")
    own = _difference(shown, near[n])
    if own > tolerance:
        problem = f"frame {n} differs from the original ({own:.1f} > {tolerance})"
        raise ProxyMismatchError(path, problem)
    for k, image in near.items():
        distinct = k != n and _difference(near[n], image) > DISTINCT
        if distinct and _difference(shown, image) < own:
            raise ProxyMismatchError(path, f"frame {n} looks like the original's frame {k}")
