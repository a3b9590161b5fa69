"""Decoding a video's sound to PCM, on the video's timeline.

Times are milliseconds on the *video* timeline: 0 is the first video frame, as in the
frame index, so sound and picture line up even when a container starts its audio and
video at different timestamps (AAC priming, edit lists). Samples before the sound starts
or after it ends are silence.

:class:`AudioReader` keeps its decoder open and continues sequentially when the next
chunk follows the previous one (playback), seeking only on jumps.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import av
import numpy as np

from interactioncoder.media.errors import MediaError
from interactioncoder.media.source import open_container


@dataclass(frozen=True)
class AudioInfo:
    sample_rate: int  # of the file
    channels: int  # of the file
    codec: str
    duration_ms: float


class AudioReader:
    """PCM chunks of the first audio track of *path* (raises :class:`MediaError` without one).

    Output: ``sample_rate`` Hz, ``channels`` channels, int16 (``fmt="s16"``) or float32
    (``fmt="flt"``), as an array of shape (samples, channels).
    """

    def __init__(
        self,
        path: str | Path,
        sample_rate: int = 48000,
        channels: int = 2,
        fmt: str = "s16",
    ) -> None:
        self.path = Path(path)
        if fmt not in ("s16", "flt"):
            raise ValueError("fmt must be 's16' or 'flt'")
        self.sample_rate, self.channels, self.fmt = sample_rate, channels, fmt
        self._container = open_container(self.path)
        if not self._container.streams.audio:
            self._container.close()
            raise MediaError(self.path, "has no sound track")
        self._stream = self._container.streams.audio[0]
        self._origin_s = _video_origin_s(self._container)
        self._dtype = np.int16 if fmt == "s16" else np.float32
        self._buffer = np.zeros((0, channels), self._dtype)
        self._buffer_start = 0  # sample number (video timeline) of _buffer[0]
        self._frames: Any = None
        self._resampler: av.AudioResampler | None = None
        cc = self._stream.codec_context
        duration = self._stream.duration
        self.info = AudioInfo(
            sample_rate=cc.sample_rate,
            channels=cc.channels,
            codec=cc.name,
            duration_ms=float(duration * self._stream.time_base * 1000)
            if duration and self._stream.time_base
            else 0.0,
        )

    def close(self) -> None:
        self._container.close()

    def __enter__(self) -> AudioReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _restart(self, sample: int) -> None:
        """Seeks so that decoding resumes at or before *sample* (video timeline)."""
        t_s = sample / self.sample_rate + self._origin_s
        tb = self._stream.time_base
        if tb is not None and t_s > 0.5:
            self._container.seek(int((t_s - 0.25) / tb), stream=self._stream, backward=True)
        else:
            self._container.seek(0)
        self._stream.codec_context.flush_buffers()
        self._frames = self._container.decode(self._stream)
        self._resampler = av.AudioResampler(
            format=self.fmt,
            layout="stereo" if self.channels == 2 else "mono",
            rate=self.sample_rate,
        )
        self._buffer = np.zeros((0, self.channels), self._dtype)
        self._buffer_start = -1

    def _decode_more(self) -> bool:
        """Appends the next decoded frame to the buffer; False at the end of the sound."""
        assert self._resampler is not None
        try:
            frame = next(self._frames)
        except (StopIteration, av.error.FFmpegError):
            return False
        frame = cast("av.AudioFrame", frame)
        if self._buffer_start < 0:
            t = frame.time if frame.time is not None else 0.0
            self._buffer_start = round((t - self._origin_s) * self.sample_rate)
        for out in self._resampler.resample(frame):
            data = out.to_ndarray().reshape(-1, self.channels)  # packed: interleaved
            self._buffer = np.concatenate([self._buffer, data.astype(self._dtype, copy=False)])
        return True

    def read(self, start_ms: float, duration_ms: float) -> np.ndarray:
        """Samples covering [start_ms, start_ms + duration_ms) of the video timeline."""
        first = round(start_ms * self.sample_rate / 1000)
        count = max(0, round(duration_ms * self.sample_rate / 1000))
        out = np.zeros((count, self.channels), self._dtype)
        if count == 0:
            return out
        buffered_end = self._buffer_start + len(self._buffer)
        if self._frames is None or not (self._buffer_start <= first <= buffered_end + 1):
            self._restart(first)
        while self._buffer_start + len(self._buffer) < first + count and self._decode_more():
            pass
        # Copy the overlap of the buffer with the requested range.
        lo = max(first, self._buffer_start)
        hi = min(first + count, self._buffer_start + len(self._buffer))
        if hi > lo:
            out[lo - first : hi - first] = self._buffer[
                lo - self._buffer_start : hi - self._buffer_start
            ]
        # Keep only what a following read may still need.
        keep_from = max(first + count - self.sample_rate // 10, self._buffer_start)
        self._buffer = self._buffer[keep_from - self._buffer_start :]
        self._buffer_start = keep_from
        return out


def _video_origin_s(container: av.container.InputContainer) -> float:
    """Time (s, container clock) of the first video frame: 0 on the video timeline."""
    for stream in container.streams.video:
        if stream.start_time is not None and stream.time_base is not None:
            return float(stream.start_time * stream.time_base)
    return 0.0


def decode_mono(
    path: str | Path, sample_rate: int = 8000, max_seconds: float | None = None
) -> np.ndarray:
    """The whole sound track (or its first *max_seconds*) as mono float32 on the video
    timeline starting at 0 ms (for synchronisation by cross-correlation)."""
    with AudioReader(path, sample_rate=sample_rate, channels=1, fmt="flt") as reader:
        total_ms = max_seconds * 1000 if max_seconds else _length_ms(reader)
        chunks, at, step = [], 0.0, 10_000.0
        while at < total_ms:
            chunk = reader.read(at, min(step, total_ms - at))
            chunks.append(chunk[:, 0])
            at += step
        return np.concatenate(chunks) if chunks else np.zeros(0, np.float32)


def _length_ms(reader: AudioReader) -> float:
    container = reader._container  # same module: the container's duration bounds the sound
    if container.duration:
        return container.duration / 1000.0  # AV_TIME_BASE microseconds
    return reader.info.duration_ms or 60_000.0
