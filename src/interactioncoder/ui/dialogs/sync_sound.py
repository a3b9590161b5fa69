"""Synchronising by sound with progress at every step (the sync dialog's worker)."""

from __future__ import annotations

from collections.abc import Sequence

from interactioncoder.media.audio import decode_mono
from interactioncoder.media.sync import SYNC_RATE, SyncEstimate, cross_correlation_lag
from interactioncoder.ui.dialogs.progress import ProgressCallback

MAX_OFFSET_S, ANALYSIS_S = 60.0, 600.0  # as estimate_offset_by_audio's defaults


def listen(
    master_path: str,
    master_label: str,
    jobs: Sequence[tuple[int, str, str]],
    master_offset_ms: float,
    progress: ProgressCallback,
) -> dict[int, SyncEstimate]:
    """``estimate_offset_by_audio`` for every camera, the master decoded once, saying what
    it does at each step (decoding takes most of the time)."""
    steps = 1 + 2 * len(jobs)
    progress(0.0, f"Decoding the sound of {master_label} (the master)…")
    master = decode_mono(master_path, SYNC_RATE, ANALYSIS_S)
    found: dict[int, SyncEstimate] = {}
    for k, (i, path, label) in enumerate(jobs):
        progress((1 + 2 * k) / steps, f"Decoding the sound of {label}…")
        camera = decode_mono(path, SYNC_RATE, ANALYSIS_S)
        progress((2 + 2 * k) / steps, f"Comparing {label} with {master_label}…")
        lag_s, confidence = cross_correlation_lag(master, camera, SYNC_RATE, MAX_OFFSET_S)
        offset_ms = lag_s * 1000.0 + master_offset_ms
        detail = (
            f"sound peak at {offset_ms:+.0f} ms (confidence {confidence:.2f})"
            if confidence > 0
            else "no common sound found"
        )
        found[i] = SyncEstimate(offset_ms, confidence, "audio", detail)
    progress(1.0, "Done")
    return found
