"""Opening a video: validation with clear errors, the frame index, and :class:`VideoInfo`.

:class:`VideoSource` is cheap to keep around: it holds the index and the facts about the
file, not an open decoder. Decoders (:mod:`.decoder`) open their own container, because
PyAV containers must not be shared between threads.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import av

from interactioncoder.core.timebase import Timebase
from interactioncoder.media.errors import (
    AudioOnlyError,
    CorruptMediaError,
    EmptyMediaError,
    MissingMediaError,
    NotAVideoError,
    UnsupportedCodecError,
)
from interactioncoder.media.fingerprint import fingerprint as file_fingerprint
from interactioncoder.media.frame_index import (
    FrameIndex,
    default_cache_dir,
    index_from_packets,
    load_cached_index,
    store_cached_index,
)

# First bytes of containers we know: such a file that FFmpeg cannot open is damaged, not
# "not a video".
_CONTAINER_MAGIC = (b"ftyp", b"RIFF", b"\x1a\x45\xdf\xa3", b"moov", b"mdat", b"wide", b"free")


@dataclass(frozen=True)
class VideoInfo:
    """Facts about a video, as shown to the user and stored in the project."""

    path: Path
    size_bytes: int
    fingerprint: str
    duration_ms: float
    frame_count: int
    nominal_fps: float  # what the container declares
    actual_fps: float  # frames / duration, from the index
    is_vfr: bool
    width: int  # as displayed (after rotation)
    height: int
    rotation: int  # clockwise degrees applied for display: 0, 90, 180, 270
    has_audio: bool
    codec: str


def _looks_like_container(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(16)
    return any(magic in head for magic in _CONTAINER_MAGIC)


def open_container(path: Path) -> av.container.InputContainer:
    """Opens *path* for reading, turning FFmpeg's failures into :class:`MediaError`."""
    if not path.exists():
        raise MissingMediaError(path)
    if path.is_dir():
        raise NotAVideoError(path, "is a folder, not a video file")
    if path.stat().st_size == 0:
        raise EmptyMediaError(path)
    try:
        return av.open(str(path), mode="r")
    except FileNotFoundError as exc:
        raise MissingMediaError(path) from exc
    except av.error.FFmpegError as exc:
        if _looks_like_container(path):
            raise CorruptMediaError(
                path,
                "the video is damaged or truncated (its index cannot be read; a recording "
                f"that was interrupted often looks like this): {exc}",
            ) from exc
        raise NotAVideoError(
            path, "is not a video file FFmpeg can read (wrong file, or a text/other document)"
        ) from exc


def pick_video_stream(
    path: Path, container: av.container.InputContainer
) -> av.video.stream.VideoStream:
    """The main video stream (cover-art pictures do not count)."""
    for stream in container.streams.video:
        if not (stream.disposition & av.stream.Disposition.attached_pic):
            return stream
    if container.streams.audio:
        raise AudioOnlyError(path, "has sound but no picture (an audio-only file)")
    raise NotAVideoError(path, "contains no video stream")


def _demux_index(
    path: Path, container: av.container.InputContainer, stream_index: int
) -> FrameIndex:
    stream = container.streams[stream_index]
    packets: list[tuple[int | None, int | None, bool, int]] = []
    try:
        for packet in container.demux(stream):
            if packet.size == 0:
                continue  # the end-of-stream flush packet
            packets.append((packet.pts, packet.dts, packet.is_keyframe, packet.duration or 0))
    except av.error.FFmpegError:
        pass  # truncated or damaged tail: index what could be read
    if not packets:
        raise CorruptMediaError(path, "contains no readable video frames (damaged or truncated)")
    if stream.time_base is None:
        raise CorruptMediaError(path, "the video stream has no time base")
    return index_from_packets(packets, stream.time_base)


class VideoSource:
    """A validated, indexed video file."""

    def __init__(self, path: str | Path, cache_dir: Path | None = None, use_cache: bool = True):
        self.path = Path(path)
        container = open_container(self.path)
        try:
            stream = pick_video_stream(self.path, container)
            self.stream_index = stream.index
            codec_name = stream.codec_context.name if stream.codec_context else "none"
            if not codec_name or codec_name == "none":
                raise UnsupportedCodecError(
                    self.path,
                    "uses a video codec FFmpeg cannot decode (unknown codec); "
                    "convert it to H.264 MP4 first",
                )
            self.codec = codec_name
            self.nominal_fps = float(stream.average_rate or stream.guessed_rate or 0)
            self.has_audio = bool(container.streams.audio)
            self.size_bytes = self.path.stat().st_size
            self.fingerprint = file_fingerprint(self.path)
            cache = cache_dir or default_cache_dir()
            index = (
                load_cached_index(cache, self.fingerprint, self.stream_index) if use_cache else None
            )
            if index is None:
                index = _demux_index(self.path, container, self.stream_index)
                if use_cache:
                    store_cached_index(cache, self.fingerprint, self.stream_index, index)
            self.index = index
        finally:
            container.close()
        self._timebase = index.timebase()
        self.coded_width, self.coded_height, self.rotation = self._probe_first_frame()

    def _probe_first_frame(self) -> tuple[int, int, int]:
        """Decodes one frame: proves the codec works and reads size and rotation."""
        container = open_container(self.path)
        try:
            stream = container.streams[self.stream_index]
            try:
                for packet in container.demux(stream):
                    try:
                        frames = packet.decode()
                    except av.error.InvalidDataError:
                        continue
                    for frame in frames:
                        if not isinstance(frame, av.VideoFrame):
                            continue
                        rotation = round(-(frame.rotation or 0) / 90) * 90 % 360
                        return frame.width, frame.height, rotation
            except av.error.FFmpegError as exc:
                raise CorruptMediaError(self.path, f"no frame can be decoded: {exc}") from exc
            except (NotImplementedError, ValueError) as exc:
                raise UnsupportedCodecError(
                    self.path, f"the {self.codec} codec cannot be decoded: {exc}"
                ) from exc
        finally:
            container.close()
        raise CorruptMediaError(self.path, "no frame can be decoded (damaged or truncated)")

    @property
    def frame_count(self) -> int:
        return self.index.frame_count

    @property
    def timebase(self) -> Timebase:
        return self._timebase

    @property
    def width(self) -> int:
        return self.coded_height if self.rotation in (90, 270) else self.coded_width

    @property
    def height(self) -> int:
        return self.coded_width if self.rotation in (90, 270) else self.coded_height

    def is_variable_frame_rate(self, tolerance: float = 0.02) -> bool:
        """Frame durations differ by more than *tolerance* of the median and by more than
        one tick of the time base (Matroska's 1 ms ticks make 30 fps alternate 33/34 ms)."""
        pts = self.index.pts
        if len(pts) < 3:
            return False
        steps = sorted(b - a for a, b in itertools.pairwise(pts))
        spread = steps[-1] - steps[0]
        return spread > 1 and spread > tolerance * steps[len(steps) // 2]

    def info(self) -> VideoInfo:
        tb = self._timebase
        duration = tb.duration_ms
        return VideoInfo(
            path=self.path,
            size_bytes=self.size_bytes,
            fingerprint=self.fingerprint,
            duration_ms=duration,
            frame_count=tb.frame_count,
            nominal_fps=self.nominal_fps or tb.nominal_fps(),
            actual_fps=(tb.frame_count * 1000.0 / duration) if duration > 0 else 0.0,
            is_vfr=self.is_variable_frame_rate(),
            width=self.width,
            height=self.height,
            rotation=self.rotation,
            has_audio=self.has_audio,
            codec=self.codec,
        )
