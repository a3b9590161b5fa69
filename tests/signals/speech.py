"""Speech for the voice tests, spoken by espeak-ng (a Debian package) into a WAV file."""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest
from scipy.signal import resample_poly


def espeak(text: str, tmp_path: Path, rate: int = 16000) -> np.ndarray:
    """*text* spoken, as float32 mono at *rate* Hz, trimmed to where the voice is."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng)")
    out = tmp_path / f"speech-{abs(hash(text))}.wav"
    subprocess.run([exe, "-w", str(out), text], check=True, capture_output=True, timeout=60)
    with wave.open(str(out)) as wav:
        native = wav.getframerate()
        pcm = np.frombuffer(wav.readframes(wav.getnframes()), np.int16)
    samples = resample_poly(pcm.astype(np.float64) / 32768, rate, native)
    loud = np.flatnonzero(np.abs(samples) > 0.02)
    return samples[loud[0] : loud[-1] + 1].astype(np.float32)
