"""Registering video files in a project: probe with the media engine, store the facts.

The frame index's presentation times are stored with the video, so exports, reliability
and the timeline work to the exact frame even when the file is later moved or missing.
"""

from __future__ import annotations

import os
from pathlib import Path

import av

from interactioncoder.core.limits import InputLimitError, check_regular
from interactioncoder.core.project import Video
from interactioncoder.media.errors import NotAVideoError
from interactioncoder.media.source import VideoSource
from interactioncoder.storage import ProjectRepository

_ANY_SIZE = 1 << 62


def check_readable_video(path: Path) -> None:
    """A regular file this process may read (a FIFO or device is never opened blocking)."""
    if not path.exists():
        return  # the media engine says "missing" in its own words
    try:
        check_regular(path, _ANY_SIZE)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        os.close(fd)
    except InputLimitError as exc:
        raise NotAVideoError(path, exc.message) from None
    except OSError as exc:
        raise NotAVideoError(path, f"cannot be read ({exc.strerror})") from None


def declared_frame_count(path: Path, stream_index: int) -> int:
    """The frame count the container's header states (0 when it states none)."""
    try:
        with av.open(str(path), mode="r") as container:
            return int(container.streams[stream_index].frames or 0)
    except (av.error.FFmpegError, IndexError, OSError):
        return 0


def probe_video_file(path: str | Path, warnings: list[str] | None = None) -> VideoSource:
    """Check and index *path* with the media engine (raises ``media.errors.MediaError``
    with a clear message). A file whose header states more frames than can be read (a
    truncated recording) adds a warning naming it to *warnings*."""
    check_readable_video(Path(path))
    source = VideoSource(path)
    declared = declared_frame_count(Path(path), source.stream_index)
    readable = source.frame_count
    if warnings is not None and declared > readable:
        warnings.append(
            f"{path}: its header says {declared} frames but only {readable} can be "
            "read (truncated recording?); registered with the frames that can be read"
        )
    return source


def store_video(repo: ProjectRepository, path: str | Path, source: VideoSource) -> Video:
    """Store a probed video's facts and frame times (with the frames that can be read)."""
    info = source.info()
    return repo.add_video(
        path=str(Path(path).resolve()),
        size_bytes=info.size_bytes,
        fingerprint=info.fingerprint,
        duration_ms=info.duration_ms,
        frame_count=info.frame_count,
        nominal_fps=info.nominal_fps,
        is_vfr=info.is_vfr,
        width=info.width,
        height=info.height,
        has_audio=info.has_audio,
        frame_times_ms=source.timebase.frame_times_ms,
    )


def register_video(
    repo: ProjectRepository, path: str | Path, warnings: list[str] | None = None
) -> Video:
    """Probe *path* and store it (see :func:`probe_video_file`)."""
    return store_video(repo, path, probe_video_file(path, warnings))
