"""Sound energy and voice activity: who is making sound, and when.

Energy is the RMS level in dB (relative to full scale) per hop, for an energy lane and a
waveform at high zoom. Voice activity uses WebRTC's detector (``webrtcvad``, no model to
download) on 16-bit mono PCM in 30 ms frames; detections shorter than ``min_speech_ms``
are dropped and pauses shorter than ``min_pause_ms`` are bridged, so a spoken phrase is
one segment. The segments are *proposals* for a machine coding, never a human code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

VAD_RATES = (8000, 16000, 32000, 48000)
SILENCE_DB = -120.0


@dataclass(frozen=True)
class VadParams:
    aggressiveness: int = 2  # 0 (least) to 3 (most eager to call a frame non-speech)
    frame_ms: int = 30  # 10, 20 or 30
    min_speech_ms: int = 150
    min_pause_ms: int = 300

    def __post_init__(self) -> None:
        if self.aggressiveness not in (0, 1, 2, 3):
            raise ValueError("aggressiveness must be 0, 1, 2 or 3")
        if self.frame_ms not in (10, 20, 30):
            raise ValueError("frame_ms must be 10, 20 or 30")
        if self.min_speech_ms < 0 or self.min_pause_ms < 0:
            raise ValueError("minimum durations cannot be negative")


@dataclass(frozen=True)
class SpeechSegment:
    onset_s: float
    offset_s: float


@dataclass(frozen=True)
class SoundEnergy:
    hop_s: float
    db: np.ndarray  # float32, RMS level of each hop in dBFS (SILENCE_DB for digital silence)

    def times_s(self) -> np.ndarray:
        return np.arange(self.db.size) * self.hop_s


def sound_energy(samples: np.ndarray, sample_rate: int, hop_s: float) -> SoundEnergy:
    """RMS level per hop of float samples in -1..1 (a last partial hop is left out)."""
    if sample_rate <= 0 or hop_s <= 0:
        raise ValueError("the sample rate and the hop must be positive")
    hop = max(1, round(hop_s * sample_rate))
    whole = samples.size // hop
    blocks = np.asarray(samples[: whole * hop], np.float64).reshape(whole, hop)
    rms = np.sqrt(np.mean(blocks * blocks, axis=1))
    with np.errstate(divide="ignore"):
        db = np.where(rms > 0, 20 * np.log10(np.maximum(rms, 1e-12)), SILENCE_DB)
    return SoundEnergy(hop / sample_rate, np.maximum(db, SILENCE_DB).astype(np.float32))


def to_pcm16(samples: np.ndarray) -> np.ndarray:
    """Float samples in -1..1 as 16-bit PCM (clipped)."""
    return np.asarray(np.clip(samples, -1.0, 1.0) * 32767, np.int16)


def speech_frames(pcm: np.ndarray, sample_rate: int, params: VadParams) -> np.ndarray:
    """One boolean per whole frame of *pcm* (int16 mono): does it hold speech?"""
    import webrtcvad  # a compiled extension, loaded only when voice is analysed

    if sample_rate not in VAD_RATES:
        raise ValueError(f"voice activity needs one of {VAD_RATES} Hz, not {sample_rate}")
    if pcm.dtype != np.int16 or pcm.ndim != 1:
        raise ValueError("voice activity needs 16-bit mono samples")
    vad = webrtcvad.Vad(params.aggressiveness)
    size = sample_rate * params.frame_ms // 1000
    count = pcm.size // size
    data = pcm[: count * size].tobytes()
    step = size * 2
    return np.array(
        [vad.is_speech(data[i * step : (i + 1) * step], sample_rate) for i in range(count)],
        bool,
    )


def speech_segments(flags: np.ndarray, params: VadParams) -> list[SpeechSegment]:
    """Runs of speech frames, pauses < min_pause bridged, runs < min_speech dropped."""
    frame_s = params.frame_ms / 1000
    edges = np.diff(np.concatenate([[0], flags.astype(np.int8), [0]]))
    runs = list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True))
    merged: list[list[int]] = []
    for start, end in runs:
        if merged and (start - merged[-1][1]) * frame_s * 1000 < params.min_pause_ms:
            merged[-1][1] = int(end)
        else:
            merged.append([int(start), int(end)])
    return [
        SpeechSegment(round(a * frame_s, 3), round(b * frame_s, 3))
        for a, b in merged
        if (b - a) * frame_s * 1000 >= params.min_speech_ms
    ]


def voice_activity(pcm: np.ndarray, sample_rate: int, params: VadParams) -> list[SpeechSegment]:
    """Proposed speech segments (seconds from the start of *pcm*)."""
    return speech_segments(speech_frames(pcm, sample_rate, params), params)
