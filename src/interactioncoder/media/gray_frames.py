"""Every frame of a video, in order, as a small grey picture (for motion energy).

Decoding goes through the exact-frame :class:`Decoder` (frames by presentation timestamp,
so frame *n* here is frame *n* on the timeline). For the planar YUV formats cameras write,
the luma plane already is the grey picture: it is scaled straight from the decoder's buffer
(OpenCV ``INTER_AREA``), skipping a colour conversion of the full-size frame.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import av
import cv2
import numpy as np

from interactioncoder.media.decoder import Decoder, fit_size
from interactioncoder.media.source import VideoSource

_PLANAR_LUMA = {"yuv420p", "yuvj420p", "yuv422p", "yuvj422p", "yuv444p", "yuvj444p", "nv12"}


def grey_size(source: VideoSource, width: int) -> tuple[int, int]:
    """(width, height) of the grey pictures for a target *width*, displayed orientation."""
    w, h = source.width, source.height
    return fit_size(w, h, (width, max(2, round(h * width / w) + 2)))


def _luma(frame: av.VideoFrame) -> np.ndarray:
    if frame.format.name in _PLANAR_LUMA:
        plane = frame.planes[0]
        rows = np.frombuffer(memoryview(plane), np.uint8)
        luma: np.ndarray = rows.reshape(frame.height, plane.line_size)[:, : frame.width]
        return luma
    grey: np.ndarray = frame.to_ndarray(format="gray")
    return grey


def iter_grey_frames(
    source: VideoSource, width: int, should_stop: Callable[[], bool] | None = None
) -> Iterator[np.ndarray]:
    """Grey frames 0..frame_count-1 of *source*, scaled to *width* (aspect kept, never up).

    A frame the decoder cannot read repeats the previous picture, so the sequence keeps
    one picture per timeline frame (and reads as "no movement" there).
    """
    shown_w, shown_h = grey_size(source, width)
    rotation = source.rotation
    # the stored picture is scaled, then turned
    out_w, out_h = (shown_h, shown_w) if rotation in (90, 270) else (shown_w, shown_h)
    decoder = Decoder(source)
    expected, previous = 0, np.zeros((shown_h, shown_w), np.uint8)
    try:
        for n, raw in decoder.raw_frames(0, source.frame_count - 1, should_stop):
            grey: np.ndarray = cv2.resize(_luma(raw), (out_w, out_h), interpolation=cv2.INTER_AREA)
            if rotation:
                grey = np.ascontiguousarray(np.rot90(grey, k=-(rotation // 90)))
            while expected < n:  # undecodable frames in between
                yield previous
                expected += 1
            previous = grey
            yield grey
            expected = n + 1
    finally:
        decoder.close()
    if should_stop is not None and should_stop():
        return
    while expected < source.frame_count:
        yield previous
        expected += 1
