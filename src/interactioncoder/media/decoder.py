"""Exact frame decoding by presentation timestamp, for one thread.

A :class:`Decoder` owns its own PyAV container. Asking for frame *n* either continues
decoding from where the decoder already is (sequential stepping never re-seeks) or seeks
to the keyframe at or before *n* and decodes forward, converting to RGB only the frames it
returns (colour conversion is the expensive part of a decoded frame we throw away).
Frames are identified by their PTS through the :class:`FrameIndex`, never by counting
after a seek, so B-frames, VFR and imprecise container seeking cannot shift them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast

import av
import numpy as np

from interactioncoder.media.errors import CorruptMediaError
from interactioncoder.media.source import VideoSource, open_container


@dataclass(frozen=True)
class DecodedFrame:
    """Frame *index* of a video: its time and its RGB picture (H x W x 3 uint8, displayed
    orientation). *preview*: the picture comes from the scrub proxy (same frame, smaller
    and compressed again); the exact frame follows."""

    index: int
    pts_ms: float
    image: np.ndarray
    preview: bool = False

    @property
    def nbytes(self) -> int:
        return int(self.image.nbytes)


def fit_size(width: int, height: int, box: tuple[int, int] | None) -> tuple[int, int]:
    """The largest even size inside *box* with the video's aspect ratio (never upscales)."""
    if box is None:
        return width, height
    bw, bh = box
    scale = min(bw / width, bh / height, 1.0)
    w = max(2, int(width * scale) // 2 * 2)
    h = max(2, int(height * scale) // 2 * 2)
    return w, h


class Decoder:
    """Decodes exact frames of one :class:`VideoSource`; not thread-safe (one per thread)."""

    def __init__(self, source: VideoSource, display_size: tuple[int, int] | None = None):
        self.source = source
        self.index = source.index
        self._container = open_container(source.path)
        self._stream = cast(
            "av.video.stream.VideoStream", self._container.streams[source.stream_index]
        )
        # Frame threading: measured 30-40 % faster than slice threading for H.264 stepping.
        self._stream.codec_context.thread_type = "AUTO"
        self._packets: Iterator[Any] | None = None
        self._pending: list[av.VideoFrame] = []
        self._last: int | None = None  # frame number last produced by the decoder
        self._valid_from = 0
        self._skip_below: int | None = None  # PTS before which non-reference frames are skipped
        self._skipping = False
        self.set_display_size(display_size)
        self.seeks = 0  # for tests and benchmarks: how often we had to seek

    def set_display_size(self, display_size: tuple[int, int] | None) -> None:
        """Output frames fit inside *display_size* (displayed orientation)."""
        w, h = fit_size(self.source.width, self.source.height, display_size)
        if self.source.rotation in (90, 270):
            w, h = h, w  # scale before rotating
        self._out_w, self._out_h = w, h

    @property
    def output_bytes(self) -> int:
        """Bytes of one delivered RGB frame."""
        return self._out_w * self._out_h * 3

    @property
    def position(self) -> int | None:
        """The frame the decoder produced last (None after a seek or at the end)."""
        return self._last

    def close(self) -> None:
        self._container.close()

    # -- decoding -----------------------------------------------------------------------

    def _seek(self, keyframe: int) -> None:
        pts = self.index.pts[keyframe]
        if keyframe == 0:
            pts = min(pts, 0)
        self._container.seek(pts, stream=self._stream, backward=True, any_frame=False)
        self._stream.codec_context.flush_buffers()
        self._packets = self._container.demux(self._stream)
        self._pending = []
        self._last = None
        # Frames before the keyframe that come out after a seek (leading pictures of an
        # open GOP) may reference what was not decoded: never keep them.
        self._valid_from = keyframe
        self.seeks += 1

    def _set_skipping(self, pts: int | None) -> None:
        """Non-reference frames (most B-frames) shown before the first frame we need are
        not decoded at all: nothing refers to them. The decoder takes the setting per
        packet, also with frame threading."""
        skip = self._skip_below is not None and pts is not None and pts < self._skip_below
        if skip != self._skipping:
            self._stream.codec_context.skip_frame = "NONREF" if skip else "DEFAULT"
            self._skipping = skip

    def _next_raw(self) -> av.VideoFrame | None:
        """The next decoded frame in presentation order, None at the end of the file."""
        while not self._pending:
            if self._packets is None:
                return None
            try:
                packet = next(self._packets)
            except StopIteration:
                self._packets = None
                return None
            except av.error.FFmpegError:
                # A damaged tail: flush what the decoder holds, then stop.
                self._packets = None
                with contextlib.suppress(av.error.FFmpegError):
                    self._pending.extend(self._stream.decode(None))
                continue
            self._set_skipping(packet.pts)
            try:
                self._pending.extend(packet.decode())
            except (av.error.InvalidDataError, av.error.EOFError):
                continue  # a damaged packet: skip it, the next keyframe recovers
        return self._pending.pop(0)

    def _number(self, frame: av.VideoFrame) -> int:
        n = self.index.frame_of_pts(frame.pts)
        if n is not None:
            return n
        if frame.pts is None:
            return 0 if self._last is None else self._last + 1
        # A PTS not in the index (should not happen): the frame shown at that time.
        return self.source.timebase.ms_to_frame(self.index.pts_to_ms(frame.pts))

    def to_rgb(self, frame: av.VideoFrame) -> np.ndarray:
        img: np.ndarray
        if (frame.width, frame.height) == (self._out_w, self._out_h):
            img = frame.to_ndarray(format="rgb24")
        else:
            img = frame.to_ndarray(
                format="rgb24", width=self._out_w, height=self._out_h, interpolation="AREA"
            )
        rotation = self.source.rotation
        if rotation:
            # Clockwise display rotation: rot90 turns counter-clockwise for positive k.
            img = np.ascontiguousarray(np.rot90(img, k=-(rotation // 90)))
        return img

    def convert(self, n: int, raw: av.VideoFrame) -> DecodedFrame:
        """A raw decoded frame (from :meth:`raw_frames`) as a :class:`DecodedFrame`."""
        return DecodedFrame(n, self.index.pts_to_ms(self.index.pts[n]), self.to_rgb(raw))

    def frames(
        self, first: int, last: int, should_stop: Callable[[], bool] | None = None
    ) -> Iterator[DecodedFrame]:
        """Exact frames first..last (inclusive), in order. Undecodable frames are left out.

        *should_stop* is polled between frames so a newer request can interrupt the work.
        """
        for n, raw in self.raw_frames(first, last, should_stop):
            yield self.convert(n, raw)

    def raw_frames(
        self,
        first: int,
        last: int,
        should_stop: Callable[[], bool] | None = None,
        hold_from: int | None = None,
        held: list[tuple[int, av.VideoFrame]] | None = None,
    ) -> Iterator[tuple[int, av.VideoFrame]]:
        """Like :meth:`frames` but unconverted. Frames hold_from..first-1 that the decoder
        passes on its way are appended to *held* (unconverted: cheap to keep for a moment,
        and converting them later is far cheaper than decoding them again)."""
        count = self.index.frame_count
        first, last = max(first, 0), min(last, count - 1)
        if first > last:
            return
        key = self.index.keyframe_at_or_before(first)
        needed = first if held is None or hold_from is None else min(max(hold_from, 0), first)
        self._skip_below = self.index.pts[needed]
        # Continue from the current position when no keyframe lies between it and the
        # target: then going on decodes no more than a seek would.
        if self._last is None or self._last >= first or key > self._last + 1:
            self._seek(key)
        attempts = 0
        while True:
            frame = self._next_raw()
            if frame is None:
                self._last = None
                return
            n = self._number(frame)
            if self._last is None and n > first and attempts < 3 and key > 0:
                # The container seek landed after the target (imprecise index): go back
                # one more keyframe.
                attempts += 1
                key = self.index.previous_keyframe(key)
                self._seek(key)
                continue
            self._last = n
            if n < first:
                if (
                    held is not None
                    and hold_from is not None
                    and n >= max(hold_from, self._valid_from)
                ):
                    held.append((n, frame))
                if should_stop is not None and should_stop():
                    return
                continue
            if n > last:
                # Overshot (the last frames were undecodable); keep the frame for next time.
                self._pending.insert(0, frame)
                self._last = n - 1
                return
            yield n, frame
            if n >= last:
                return
            if should_stop is not None and should_stop():
                return

    def frame(self, n: int) -> DecodedFrame:
        """Exactly frame *n* (raises :class:`CorruptMediaError` when it cannot be decoded)."""
        if not 0 <= n < self.index.frame_count:
            raise IndexError(f"frame {n} is outside 0..{self.index.frame_count - 1}")
        for decoded in self.frames(n, n):
            if decoded.index == n:
                return decoded
        raise CorruptMediaError(self.source.path, f"frame {n} cannot be decoded (damaged data)")
