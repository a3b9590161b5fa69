"""Bad input gives a MediaError naming the file and the problem, never a crash."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import av
import numpy as np
import pytest

from interactioncoder.media.decoder import Decoder
from interactioncoder.media.errors import (
    AudioOnlyError,
    CorruptMediaError,
    EmptyMediaError,
    MediaError,
    MissingMediaError,
    NotAVideoError,
    UnsupportedCodecError,
)
from interactioncoder.media.source import VideoSource
from interactioncoder.media.synthetic import WrittenVideo, read_frame_number, write_test_video


def _assert_names_file(error: MediaError, path: Path) -> None:
    assert str(path) in str(error)
    assert error.path == path
    assert error.problem


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.mp4"
    with pytest.raises(MissingMediaError, match="missing") as info:
        VideoSource(path)
    _assert_names_file(info.value, path)
    assert isinstance(info.value, FileNotFoundError)  # callers may treat it as an OS error


def test_zero_length_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    with pytest.raises(EmptyMediaError, match="empty") as info:
        VideoSource(path)
    _assert_names_file(info.value, path)


@pytest.mark.parametrize(
    "content",
    [
        b"Participant,Code,Onset\n1,smile,00:01\n" * 20,
        bytes(np.random.default_rng(1).integers(0, 256, 5000, dtype=np.uint8)),
    ],
    ids=["text", "garbage"],
)
def test_not_a_video(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "session.mp4"
    path.write_bytes(content)
    with pytest.raises(NotAVideoError, match="not a video") as info:
        VideoSource(path)
    _assert_names_file(info.value, path)


def test_folder_is_not_a_video(tmp_path: Path) -> None:
    with pytest.raises(NotAVideoError, match="folder"):
        VideoSource(tmp_path)


def test_audio_only_file(tmp_path: Path) -> None:
    path = tmp_path / "voice.wav"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("pcm_s16le", rate=8000)
        stream.layout = "mono"
        frame = av.AudioFrame.from_ndarray(
            np.zeros((1, 8000), np.int16), format="s16", layout="mono"
        )
        frame.sample_rate = 8000
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    with pytest.raises(AudioOnlyError, match="no picture") as info:
        VideoSource(path)
    _assert_names_file(info.value, path)


def test_unsupported_codec(tmp_path: Path, video_factory: Callable[..., WrittenVideo]) -> None:
    original = video_factory("longgop.mkv", 90, gop=90).path.read_bytes()
    assert b"V_MPEG4/ISO/AVC" in original
    path = tmp_path / "strange.mkv"
    path.write_bytes(original.replace(b"V_MPEG4/ISO/AVC", b"V_ZZZZZ/ISO/ZZZ"))
    with pytest.raises(UnsupportedCodecError, match="codec") as info:
        VideoSource(path)
    _assert_names_file(info.value, path)


def test_truncated_mp4_without_index(
    tmp_path: Path, video_factory: Callable[..., WrittenVideo]
) -> None:
    data = video_factory("cfr.mp4", 60).path.read_bytes()
    path = tmp_path / "interrupted.mp4"
    path.write_bytes(data[: len(data) // 2])  # the moov index is at the end: gone
    with pytest.raises(CorruptMediaError, match="truncated") as info:
        VideoSource(path)
    _assert_names_file(info.value, path)


def test_truncated_matroska_plays_up_to_where_readable(tmp_path: Path) -> None:
    written = write_test_video(tmp_path / "full.mkv", 90, gop=15)
    data = written.path.read_bytes()
    path = tmp_path / "cut.mkv"
    path.write_bytes(data[: int(len(data) * 0.6)])
    source = VideoSource(path)
    assert 20 < source.frame_count < 90
    decoder = Decoder(source)
    # Every frame of the index but maybe the partly written last one decodes exactly.
    for k in [*range(source.frame_count - 1), 3, 0]:
        assert read_frame_number(decoder.frame(k).image) == k
    try:
        last = decoder.frame(source.frame_count - 1)
        assert read_frame_number(last.image) == source.frame_count - 1
    except CorruptMediaError as exc:
        _assert_names_file(exc, path)
    decoder.close()


def test_frame_out_of_range(video_factory: Callable[..., WrittenVideo]) -> None:
    decoder = Decoder(VideoSource(video_factory("cfr.mp4", 60).path))
    with pytest.raises(IndexError, match="outside"):
        decoder.frame(60)
    decoder.close()
