"""The synthetic video generator: every decoded frame reads back as its own number."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from interactioncoder.media.synthetic import (
    SyntheticAudio,
    draw_frame_number,
    read_frame_number,
    write_test_video,
)


def _decode_numbers(path: Path) -> tuple[list[int], list[int | None], list[int | None], int]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        packets = [(p.pts, p.dts) for p in container.demux(stream) if p.size]
    with av.open(str(path)) as container:
        numbers, rotation = [], 0
        for frame in container.decode(video=0):
            rotation = frame.rotation
            numbers.append(read_frame_number(frame.to_ndarray(format="rgb24")))
    return numbers, [p for p, _ in packets], [d for _, d in packets], rotation


@pytest.mark.parametrize("number", [0, 1, 2, 255, 256, 4097, 65535])
def test_code_bar_round_trip_survives_downscaling(number: int) -> None:
    img = np.full((120, 160, 3), 90, np.uint8)
    draw_frame_number(img, number)
    assert read_frame_number(img) == number
    assert read_frame_number(img[::3, ::3]) == number  # a thumbnail still reads


def test_code_bar_rejects_numbers_that_do_not_fit() -> None:
    with pytest.raises(ValueError, match="16 bits"):
        draw_frame_number(np.zeros((12, 16, 3), np.uint8), 70000)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("cfr.mp4", {}),
        ("bframes.mp4", {"bframes": 2, "gop": 30}),
        ("mjpeg.avi", {"codec": "mjpeg"}),
        ("mpeg4.mp4", {"codec": "mpeg4", "bframes": 2}),
        ("scene.mkv", {"pattern": "scene", "width": 320, "height": 240}),
    ],
)
def test_every_frame_reads_back_as_its_number(tmp_path: Path, name: str, kwargs: dict) -> None:
    written = write_test_video(tmp_path / name, 36, **kwargs)
    numbers, pts, dts, _ = _decode_numbers(written.path)
    assert numbers == list(range(36))
    assert written.frame_count == 36
    if kwargs.get("bframes"):
        assert pts != dts, "B-frames reorder: presentation order differs from decode order"


def test_vfr_schedule_sets_presentation_times(tmp_path: Path) -> None:
    schedule = [1 / 30] * 10 + [1 / 15] * 10
    written = write_test_video(tmp_path / "vfr.mp4", 20, vfr_schedule=schedule)
    assert written.frame_times_ms[10] == pytest.approx(10 * 1000 / 30)
    assert written.frame_times_ms[11] - written.frame_times_ms[10] == pytest.approx(1000 / 15)
    with av.open(str(written.path)) as container:
        stream = container.streams.video[0]
        times = [float(f.pts * stream.time_base) * 1000 for f in container.decode(stream)]
    assert times == pytest.approx(written.frame_times_ms, abs=0.5)


def test_rotation_is_stored_as_display_matrix(tmp_path: Path) -> None:
    written = write_test_video(tmp_path / "rot.mp4", 5, rotation=90)
    numbers, _, _, rotation = _decode_numbers(written.path)
    assert numbers == list(range(5))  # pixels are stored unrotated, like a phone's
    assert rotation == -90  # FFmpeg's counter-clockwise convention
    rotated = np.rot90(np.zeros((120, 160, 3), np.uint8), k=-1).copy()
    draw_frame_number(np.rot90(rotated, k=1), 9)  # paints through the view
    assert read_frame_number(rotated, rotation=90) == 9


def test_audio_track_contains_the_clap(tmp_path: Path) -> None:
    written = write_test_video(
        tmp_path / "clap.mkv", 60, audio=SyntheticAudio(claps_s=(1.0,), noise_level=0.001)
    )
    with av.open(str(written.path)) as container:
        chunks = [f.to_ndarray().astype(np.float32).ravel() for f in container.decode(audio=0)]
        rate = container.streams.audio[0].sample_rate
    samples = np.concatenate(chunks)
    loudest = int(np.argmax(np.abs(samples)))
    assert abs(loudest / rate - 1.0) < 0.01
