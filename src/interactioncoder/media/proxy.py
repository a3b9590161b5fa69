"""Scrub proxies: a small, quickly seekable copy of a video with exactly its frames.

A jump in a camera file (a keyframe every 250 frames is common) decodes up to 250 full
HD frames before the target can be shown: about a second. The proxy holds the same
frames, in the same order, at most 960 x 540, as intra-only H.264 (every frame a
keyframe, x264 ultrafast, CRF 28 with the bit rate capped at 15 % of the original's), so
any frame is one small decode away. Measured on the benchmark's 1080p30 20 Mbps GOP-250
file (750 frames; CPU time of one thread, so the machine's load does not count):

=============  ===========  ===============================  ==================
proxy          made in      one random frame (median, p95)   size vs original
=============  ===========  ===============================  ==================
540p, GOP 10   10.0 s CPU   3.9 ms, 6.5 ms                   15.5 %
540p, GOP 5    10.0 s CPU   2.2 ms, 3.6 ms                   15.5 %
540p, intra    9.4 s CPU    0.9 ms, 1.2 ms                   15.5 %
360p, GOP 10   8.8 s CPU    3.0 ms, 4.3 ms                   15.4 %
=============  ===========  ===============================  ==================

The bit-rate cap keeps every variant at the same size, so intra-only wins on both speeds
(at equal size its pictures are somewhat softer than a GOP's, which a scrub preview can
afford: the exact frame follows). Scaling and encoding run on their own thread while the
original is decoded (bilinear scaling: a third of area averaging's cost); the file is
then made in 8.3 s wall (3.0x real time) with the machine's two cores shared (load 2.7).

Frame *i* of the proxy is frame *i* of the original: the proxy is written by decoding the
original in presentation order (frames identified by PTS through the original's
:class:`FrameIndex`) and encoding each one with PTS *i*. A frame the original cannot
decode becomes a *hole*: a black frame in the proxy, listed in the metadata and never
served. After writing, :func:`verify_proxy` (in :mod:`.proxy_reader`, with
:class:`ProxyReader`) compares sampled proxy frames with the downscaled original frames
(and their neighbours): a proxy that does not match is discarded by the caller.

Everything here is Qt-free. :func:`make_proxy` takes ``progress(fraction)`` and
``cancel()`` callbacks so the UI can run it in the background (a ``cancel`` callback may
also block to pause the work, e.g. while the video plays).
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from interactioncoder.media.decoder import Decoder, fit_size
from interactioncoder.media.proxy_reader import (
    DISTINCT,
    VERIFY_SAMPLES,
    VERIFY_TOLERANCE,
    Cancel,
    ProxyMismatchError,
    ProxyReader,
    sample_frames,
    verify_proxy,
)
from interactioncoder.media.source import VideoSource

PROXY_FORMAT_VERSION = 1
PROXY_BOX = (960, 540)
PROXY_GOP = 1  # intra-only: see the table above
PROXY_CRF = 28
PROXY_PRESET = "ultrafast"
PROXY_MAX_RATE_SHARE = 0.15
MIN_MAX_RATE = 400_000

Progress = Callable[[float], None]

# The reading and checking half lives in proxy_reader; its names stay importable here.
__all__ = [
    "DISTINCT",
    "MIN_MAX_RATE",
    "PROXY_BOX",
    "PROXY_CRF",
    "PROXY_FORMAT_VERSION",
    "PROXY_GOP",
    "PROXY_MAX_RATE_SHARE",
    "PROXY_PRESET",
    "VERIFY_SAMPLES",
    "VERIFY_TOLERANCE",
    "Cancel",
    "Progress",
    "ProxyCancelledError",
    "ProxyInfo",
    "ProxyMismatchError",
    "ProxyReader",
    "ProxySpec",
    "make_proxy",
    "proxy_size",
    "sample_frames",
    "verify_proxy",
]


class ProxyCancelledError(Exception):
    """The proxy was not made because its ``cancel`` callback said so."""


@dataclass(frozen=True)
class ProxySpec:
    """How proxies are made (kept in the metadata: a proxy made otherwise is rebuilt)."""

    box: tuple[int, int] = PROXY_BOX
    gop: int = PROXY_GOP
    crf: int = PROXY_CRF
    preset: str = PROXY_PRESET
    # the proxy's bit rate is capped at this share of the original's
    max_rate_share: float = PROXY_MAX_RATE_SHARE

    def key(self) -> str:
        return (
            f"v{PROXY_FORMAT_VERSION}-{self.box[0]}x{self.box[1]}-g{self.gop}-q{self.crf}"
            f"-r{self.max_rate_share:g}-{self.preset}"
        )


@dataclass(frozen=True)
class ProxyInfo:
    """What :func:`make_proxy` wrote."""

    path: Path
    frame_count: int
    width: int
    height: int
    holes: tuple[int, ...] = field(default=())
    # downscaled original frames kept while making the proxy, for :func:`verify_proxy`
    samples: dict[int, np.ndarray] = field(default_factory=dict, compare=False, repr=False)


def proxy_size(source: VideoSource, box: tuple[int, int] = PROXY_BOX) -> tuple[int, int]:
    """The proxy's (width, height): the displayed picture fitted in *box*, even sizes."""
    return fit_size(source.width, source.height, box)


def make_proxy(
    source: VideoSource,
    target: Path,
    spec: ProxySpec | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ProxyInfo:
    """Writes the proxy of *source* to *target* (all or nothing).

    Raises :class:`ProxyCancelledError` when *cancel* returns True, and any
    :class:`MediaError` the original raises; *target* is then left untouched.
    """
    spec = spec or ProxySpec()
    width, height = proxy_size(source, spec.box)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp.mp4")
    samples: dict[int, np.ndarray] = {}
    try:
        holes = _encode(source, temp, spec, (width, height), progress, cancel, samples)
        temp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    if progress is not None:
        progress(1.0)
    return ProxyInfo(target, source.frame_count, width, height, tuple(holes), samples)


def _max_rate(source: VideoSource, spec: ProxySpec) -> int:
    """Bits per second the proxy may use: a share of the original's average rate."""
    seconds = max(source.timebase.duration_ms / 1000, 1e-3)
    return max(int(source.size_bytes * 8 / seconds * spec.max_rate_share), MIN_MAX_RATE)


def _encoder(
    container: av.container.OutputContainer,
    spec: ProxySpec,
    size: tuple[int, int],
    max_rate: int,
) -> av.video.stream.VideoStream:
    stream = container.add_stream("libx264", rate=Fraction(30))
    stream.width, stream.height = size
    stream.pix_fmt = "yuv420p"
    stream.codec_context.time_base = Fraction(1, 30)
    stream.codec_context.gop_size = spec.gop
    stream.codec_context.max_b_frames = 0
    stream.codec_context.thread_count = 0
    stream.codec_context.options = {
        "preset": spec.preset,
        "tune": "fastdecode,zerolatency",
        "crf": str(spec.crf),
        "keyint_min": str(spec.gop),
        "sc_threshold": "0",  # keyframes exactly every gop frames, nowhere else
        "bf": "0",
        "maxrate": str(max_rate),
        "bufsize": str(max_rate),
    }
    return stream


class _EncoderThread:
    """Scales and encodes on its own thread while the caller decodes (the two halves
    of the work then run on two cores: PyAV releases the GIL in both)."""

    def __init__(
        self,
        container: av.container.OutputContainer,
        stream: av.video.stream.VideoStream,
        convert: Callable[[av.VideoFrame], av.VideoFrame],
    ) -> None:
        self._container, self._stream, self._convert = container, stream, convert
        self._queue: queue.Queue[tuple[int, av.VideoFrame] | None] = queue.Queue(maxsize=8)
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="proxy-encoder", daemon=True)
        self._thread.start()

    def put(self, number: int, frame: av.VideoFrame) -> None:
        if self.error is not None:
            raise self.error
        self._queue.put((number, frame))

    def finish(self) -> None:
        """Waits until everything queued is written; re-raises the thread's error."""
        self._queue.put(None)
        self._thread.join()
        if self.error is not None:
            raise self.error

    def abandon(self) -> None:
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self._queue.get_nowait()
            with contextlib.suppress(queue.Full):
                self._queue.put_nowait(None)
            self._thread.join(timeout=0.05)

    def _run(self) -> None:
        try:
            while (item := self._queue.get()) is not None:
                number, frame = item
                _write(self._container, self._stream, self._convert(frame), number)
            for packet in self._stream.encode(None):
                self._container.mux(packet)
        except BaseException as exc:  # handed to the caller
            self.error = exc
            while self._queue.get() is not None:  # let the caller finish putting
                pass


def _encode(
    source: VideoSource,
    temp: Path,
    spec: ProxySpec,
    size: tuple[int, int],
    progress: Progress | None,
    cancel: Cancel | None,
    samples: dict[int, np.ndarray],
) -> list[int]:
    count = source.frame_count
    keep = {k for n in sample_frames(count) for k in (n - 1, n, n + 1)}
    decoder = Decoder(source, size)
    holes: list[int] = []
    try:
        with av.open(str(temp), mode="w") as container:
            stream = _encoder(container, spec, size, _max_rate(source, spec))
            writer = _EncoderThread(
                container, stream, lambda raw: _proxy_frame(decoder, source, raw, size)
            )
            try:
                expected = 0
                for n, raw in decoder.raw_frames(0, count - 1):
                    if cancel is not None and cancel():
                        raise ProxyCancelledError(f"proxy of {source.path.name} cancelled")
                    while expected < n:  # undecodable frames of the original: holes
                        holes.append(expected)
                        writer.put(expected, _black(source))
                        expected += 1
                    if n in keep:
                        samples[n] = decoder.to_rgb(raw)
                    writer.put(n, raw)
                    expected = n + 1
                    if progress is not None and n % 30 == 0:
                        progress(n / count * 0.95)
                while expected < count:
                    holes.append(expected)
                    writer.put(expected, _black(source))
                    expected += 1
                writer.finish()
            except BaseException:
                writer.abandon()
                raise
    finally:
        decoder.close()
    return holes


def _proxy_frame(
    decoder: Decoder, source: VideoSource, raw: av.VideoFrame, size: tuple[int, int]
) -> av.VideoFrame:
    if source.rotation:
        return av.VideoFrame.from_ndarray(decoder.to_rgb(raw), format="rgb24").reformat(
            format="yuv420p"
        )
    if raw.format.name == "yuv420p" and (raw.width, raw.height) == size:
        return raw
    # Bilinear: a third of area averaging's cost at 1080p -> 540p, the same picture
    # for a scrub preview.
    return raw.reformat(width=size[0], height=size[1], format="yuv420p", interpolation="BILINEAR")


def _black(source: VideoSource) -> av.VideoFrame:
    """A hole: black at the original's coded size (the encoder thread scales it)."""
    width, height = source.coded_width // 2 * 2, source.coded_height // 2 * 2
    image = np.zeros((height, width, 3), dtype=np.uint8)
    return av.VideoFrame.from_ndarray(image, format="rgb24").reformat(format="yuv420p")


def _write(
    container: av.container.OutputContainer,
    stream: av.video.stream.VideoStream,
    frame: av.VideoFrame,
    number: int,
) -> None:
    frame.pts = number
    frame.time_base = Fraction(1, 30)
    frame.pict_type = av.video.frame.PictureType.NONE
    for packet in stream.encode(frame):
        container.mux(packet)
