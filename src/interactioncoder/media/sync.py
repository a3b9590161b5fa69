"""Finding a camera's offset: from marked moments, or by cross-correlating sound tracks.

Offsets follow :mod:`.multicam`: a camera's offset is the session time at which its own
time 0 occurs. If the same clap is at master time ``t_m`` and camera time ``t_c``, then
``offset = t_m + master_offset - t_c``.

The automatic estimate cross-correlates the two sound tracks (mono, 8 kHz) with an FFT
and returns the best lag with a confidence the user sees before accepting it: a clear,
single peak (a clap, a door, speech heard by both microphones) gives a confidence near 1;
two unrelated tracks give a low one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interactioncoder.core.timebase import Timebase
from interactioncoder.media.audio import decode_mono

SYNC_RATE = 8000


@dataclass(frozen=True)
class SyncEstimate:
    offset_ms: float  # the camera's offset (session ms at its time 0)
    confidence: float  # 0..1: 1 - second-best peak / best peak
    method: str  # "marks" or "audio"
    detail: str = ""


def offset_from_marks(
    master_timebase: Timebase,
    master_frame: int,
    camera_timebase: Timebase,
    camera_frame: int,
    master_offset_ms: float = 0.0,
) -> float:
    """The camera offset that makes *camera_frame* coincide with *master_frame* (the same
    moment, e.g. a clap, marked in each video)."""
    return (
        master_timebase.frame_to_ms(master_frame)
        + master_offset_ms
        - camera_timebase.frame_to_ms(camera_frame)
    )


def cross_correlation_lag(
    master: np.ndarray, camera: np.ndarray, rate: int, max_lag_s: float
) -> tuple[float, float]:
    """(lag_s, confidence): *camera* delayed by lag_s best matches *master*, i.e. an event
    at camera time t is at master time t + lag_s."""
    a = _whiten(master)
    b = _whiten(camera)
    if not len(a) or not len(b) or not np.any(a) or not np.any(b):
        return 0.0, 0.0
    n = 1 << int(np.ceil(np.log2(len(a) + len(b))))
    spectrum = np.fft.rfft(a, n) * np.conj(np.fft.rfft(b, n))
    corr = np.fft.irfft(spectrum, n)
    max_lag = min(round(max_lag_s * rate), n // 2 - 1)
    # corr[k] = sum_t a[t + k] b[t]; negative lags wrap to the end.
    lags = np.concatenate([np.arange(0, max_lag + 1), np.arange(-max_lag, 0)])
    values = np.concatenate([corr[: max_lag + 1], corr[n - max_lag :]])
    magnitude = np.abs(values)
    best = int(np.argmax(magnitude))
    peak = magnitude[best]
    if peak <= 0 or values[best] <= 0:
        return 0.0, 0.0
    # Second-best peak outside +-50 ms of the best one.
    guard = max(1, rate // 20)
    far = np.abs(lags - lags[best]) > guard
    second = float(magnitude[far].max()) if np.any(far) else 0.0
    confidence = float(np.clip(1.0 - second / peak, 0.0, 1.0))
    return float(lags[best]) / rate, confidence


def _whiten(x: np.ndarray) -> np.ndarray:
    """Removes DC and boosts onsets (first difference), normalised."""
    x = np.asarray(x, np.float64)
    if len(x) < 2:
        return np.zeros(0)
    d = np.diff(x)
    scale = float(np.sqrt(np.mean(d * d)))
    return d / scale if scale > 0 else d


def estimate_offset_by_audio(
    master_path: str | Path,
    camera_path: str | Path,
    master_offset_ms: float = 0.0,
    max_offset_s: float = 60.0,
    analysis_s: float | None = 600.0,
) -> SyncEstimate:
    """Offset of the camera from the sound of both videos (first *analysis_s* seconds)."""
    master = decode_mono(master_path, SYNC_RATE, analysis_s)
    camera = decode_mono(camera_path, SYNC_RATE, analysis_s)
    lag_s, confidence = cross_correlation_lag(master, camera, SYNC_RATE, max_offset_s)
    offset_ms = lag_s * 1000.0 + master_offset_ms
    detail = (
        f"sound peak at {offset_ms:+.0f} ms (confidence {confidence:.2f})"
        if confidence > 0
        else "no common sound found"
    )
    return SyncEstimate(offset_ms, confidence, "audio", detail)
