"""Registering videos: a truncated recording is registered with a warning naming it."""

from __future__ import annotations

from pathlib import Path

import av
import pytest

from interactioncoder.exchange.videos import check_readable_video, register_video
from interactioncoder.media.errors import NotAVideoError
from interactioncoder.media.synthetic import write_test_video
from interactioncoder.storage import create_project


def _faststart_copy(source: Path, target: Path) -> None:
    """Remux with the index (moov) in front, as cameras that survive a crash write it."""
    with (
        av.open(str(source)) as inp,
        av.open(str(target), "w", options={"movflags": "faststart"}) as out,
    ):
        stream_in = inp.streams.video[0]
        stream_out = out.add_stream_from_template(stream_in)
        for packet in inp.demux(stream_in):
            if packet.dts is None:
                continue
            packet.stream = stream_out
            out.mux(packet)


def test_truncated_mp4_is_registered_with_a_warning(tmp_path: Path) -> None:
    whole = write_test_video(tmp_path / "whole.mp4", 120, 30).path
    cut = tmp_path / "cut.mp4"
    _faststart_copy(whole, cut)
    data = cut.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    repo = create_project(tmp_path / "p.icproj", name="p")
    try:
        warnings: list[str] = []
        video = register_video(repo, cut, warnings)
        assert 0 < video.frame_count < 120
        (warning,) = warnings
        assert str(cut) in warning and "120 frames" in warning
        assert f"only {video.frame_count}" in warning
        quiet: list[str] = []
        register_video(repo, whole, quiet)
        assert quiet == []
    finally:
        repo.close()


def test_fifo_is_refused_before_opening(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "cam.mp4"
    os.mkfifo(fifo)
    with pytest.raises(NotAVideoError, match="FIFO"):
        check_readable_video(fifo)
