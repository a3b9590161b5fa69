"""Synthetic sound tracks for test and demo videos: claps, a tone, placed recordings."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import av
import numpy as np


@dataclass(frozen=True)
class SyntheticAudio:
    """A sound track: quiet noise plus short broadband "claps" (and an optional tone)."""

    claps_s: tuple[float, ...] = ()
    clap_length_s: float = 0.02
    tone_hz: float = 0.0
    noise_level: float = 0.01
    sample_rate: int = 48000
    seed: int = 0
    #: recorded sounds (e.g. synthesised speech) placed at (start s, mono float32 samples at
    #: ``sample_rate``)
    inserts: tuple[tuple[float, np.ndarray], ...] = field(default=(), compare=False)

    def samples(self, duration_s: float) -> np.ndarray:
        """Mono float32 samples in [-1, 1] for *duration_s* seconds."""
        n = max(1, round(duration_s * self.sample_rate))
        rng = np.random.default_rng(self.seed)
        out = (rng.standard_normal(n) * self.noise_level).astype(np.float32)
        if self.tone_hz > 0:
            t = np.arange(n, dtype=np.float64) / self.sample_rate
            out += (0.2 * np.sin(2 * math.pi * self.tone_hz * t)).astype(np.float32)
        clap_n = max(1, round(self.clap_length_s * self.sample_rate))
        envelope = np.exp(-np.arange(clap_n) / (clap_n / 5.0))
        for number, at in enumerate(self.claps_s):
            # Clap i sounds the same in every camera (decaying noise seeded by i) but unlike
            # the other claps, so cross-correlation has one sharp peak.
            clap_rng = np.random.default_rng(12345 + number)
            clap = (clap_rng.uniform(-1, 1, clap_n) * envelope * 0.8).astype(np.float32)
            start = round(at * self.sample_rate)
            if start >= n or start + clap_n <= 0:
                continue
            lo, hi = max(start, 0), min(start + clap_n, n)
            out[lo:hi] += clap[lo - start : hi - start]
        for at, sound in self.inserts:
            start = round(at * self.sample_rate)
            lo, hi = max(start, 0), min(start + sound.size, n)
            if lo < hi:
                out[lo:hi] += sound[lo - start : hi - start].astype(np.float32)
        return np.clip(out, -1.0, 1.0)


class AudioFeeder:
    """Encodes the synthetic sound track chunk by chunk, in step with the video."""

    def __init__(
        self,
        container: av.container.OutputContainer,
        stream: av.audio.stream.AudioStream,
        audio: SyntheticAudio,
        duration_s: float,
    ) -> None:
        self.container, self.stream, self.audio = container, stream, audio
        self.samples = audio.samples(duration_s)
        self.chunk = stream.codec_context.frame_size or 1024
        self.fmt = stream.codec_context.format.name
        self.pos = 0

    def feed_until(self, t_s: float) -> None:
        end = min(len(self.samples), round(t_s * self.audio.sample_rate))
        while self.pos < end:
            part = self.samples[self.pos : self.pos + self.chunk]
            if self.fmt.startswith("s16"):
                data = (part * 32767).astype(np.int16).reshape(1, -1)
                frame = av.AudioFrame.from_ndarray(data, format="s16", layout="mono")
            else:
                frame = av.AudioFrame.from_ndarray(
                    part.reshape(1, -1), format="fltp", layout="mono"
                )
            frame.sample_rate = self.audio.sample_rate
            frame.pts = self.pos
            frame.time_base = Fraction(1, self.audio.sample_rate)
            for packet in self.stream.encode(frame):
                self.container.mux(packet)
            self.pos += len(part)

    def flush(self) -> None:
        for packet in self.stream.encode():
            self.container.mux(packet)
