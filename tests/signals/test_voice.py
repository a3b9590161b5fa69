"""Voice activity on speech synthesised by espeak-ng, placed in silence at known times."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from interactioncoder.media.audio import decode_mono
from interactioncoder.media.synthetic import SyntheticAudio, write_test_video
from interactioncoder.signals.voice import (
    SILENCE_DB,
    VadParams,
    sound_energy,
    speech_segments,
    to_pcm16,
    voice_activity,
)

from .speech import espeak

RATE = 16000
PLACED_S = (1.0, 4.5, 8.0)


def _track(
    tmp_path: Path, duration_s: float = 11.0
) -> tuple[np.ndarray, list[tuple[float, float]]]:
    phrases = [espeak(t, tmp_path, RATE) for t in ("hello baby", "look at me", "where is it")]
    track = np.zeros(round(duration_s * RATE), np.float32)
    truth = []
    for at, voice in zip(PLACED_S, phrases, strict=True):
        start = round(at * RATE)
        track[start : start + voice.size] += voice
        truth.append((at, at + voice.size / RATE))
    return track, truth


def _check(found: list, truth: list[tuple[float, float]]) -> None:
    assert len(found) == len(truth), found
    for segment, (onset, offset) in zip(found, truth, strict=True):
        assert abs(segment.onset_s - onset) <= 0.1
        assert segment.offset_s <= offset + 0.5  # nothing far into the silence after


def test_speech_in_silence_is_found_within_100_ms(tmp_path: Path) -> None:
    track, truth = _track(tmp_path)
    _check(voice_activity(to_pcm16(track), RATE, VadParams()), truth)


def test_speech_in_a_video_sound_track(tmp_path: Path) -> None:
    """The same through the media engine: written into an MP4, decoded at 16 kHz."""
    track, truth = _track(tmp_path)
    audio = SyntheticAudio(noise_level=0.0, sample_rate=RATE, inserts=((0.0, track),))
    video = write_test_video(tmp_path / "talk.mp4", 330, fps=30, audio=audio)
    decoded = decode_mono(video.path, sample_rate=RATE)
    _check(voice_activity(to_pcm16(decoded), RATE, VadParams()), truth)


def test_silence_gives_no_speech() -> None:
    quiet = np.random.default_rng(0).normal(0, 0.0005, RATE * 5)
    assert voice_activity(to_pcm16(quiet), RATE, VadParams()) == []


def test_segments_bridge_short_pauses_and_drop_short_bursts() -> None:
    frames = np.zeros(100, bool)
    frames[10:20] = True
    frames[25:40] = True  # 150 ms pause: bridged (< 300 ms)
    frames[70:72] = True  # 60 ms burst: dropped (< 150 ms)
    segments = speech_segments(frames, VadParams(frame_ms=30))
    assert [(s.onset_s, s.offset_s) for s in segments] == [(0.3, 1.2)]


def test_energy_levels_in_dbfs() -> None:
    t = np.arange(RATE) / RATE
    tone = 0.5 * np.sin(2 * np.pi * 440 * t)
    energy = sound_energy(np.concatenate([tone, np.zeros(RATE)]), RATE, hop_s=0.1)
    assert energy.db.size == 20
    assert energy.db[:10] == pytest.approx(20 * np.log10(0.5 / np.sqrt(2)), abs=0.05)
    assert (energy.db[10:] == SILENCE_DB).all()


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="Hz"):
        voice_activity(np.zeros(100, np.int16), 22050, VadParams())
    with pytest.raises(ValueError, match="aggressiveness"):
        VadParams(aggressiveness=5)
