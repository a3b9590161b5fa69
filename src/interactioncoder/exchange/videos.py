"""Registering video files in a project: probe with the media engine, store the facts.

The frame index's presentation times are stored with the video, so exports, reliability
and the timeline work to the exact frame even when the file is later moved or missing.
"""

from __future__ import annotations

from pathlib import Path

from interactioncoder.core.project import Video
from interactioncoder.media.source import VideoSource
from interactioncoder.storage import ProjectRepository


def register_video(repo: ProjectRepository, path: str | Path) -> Video:
    """Probe *path* (raises ``media.errors.MediaError`` with a clear message) and store it."""
    source = VideoSource(path)
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
