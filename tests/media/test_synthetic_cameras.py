"""Demo-style synthetic videos: per-camera framing and a slim frame-number bar."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from interactioncoder.media.synthetic import read_frame_number, write_test_video


def frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def test_slim_bar_reads_back_and_cameras_frame_differently(tmp_path: Path) -> None:
    shots = {}
    for camera in ("wide", "mother", "infant"):
        path = tmp_path / f"{camera}.mp4"
        write_test_video(
            path, 12, 25, 240, 180, pattern="scene", camera=camera, code_bar_fraction=0.06
        )
        decoded = frames(path)
        assert [read_frame_number(f, fraction=0.06) for f in decoded] == list(range(12))
        shots[camera] = decoded[5].astype(np.int16)
    assert np.abs(shots["mother"] - shots["infant"]).mean() > 20
    assert np.abs(shots["wide"] - shots["mother"]).mean() > 20


def test_unknown_camera_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown camera"):
        write_test_video(tmp_path / "x.mp4", 2, pattern="scene", camera="ceiling")
