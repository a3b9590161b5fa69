"""A fast content fingerprint of a (possibly multi-gigabyte) video file.

sha256 over the size and three 1 MiB samples (start, middle, end). Reading 3 MiB is
instant even over USB, yet two different recordings never share size *and* these bytes
(the start holds the container header, the end the index or the last frames). It keys the
frame-index cache and tells, on relink, whether a file is the same video.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

SAMPLE_BYTES = 1 << 20
FINGERPRINT_VERSION = "v1"


def fingerprint(path: str | Path) -> str:
    """Hex digest identifying the content of *path* (``v1:`` + sha256)."""
    path = Path(path)
    size = path.stat().st_size
    digest = hashlib.sha256()
    digest.update(f"{FINGERPRINT_VERSION}:{size}:".encode())
    with path.open("rb") as fh:
        if size <= 3 * SAMPLE_BYTES:
            digest.update(fh.read())
        else:
            for offset in (0, size // 2 - SAMPLE_BYTES // 2, size - SAMPLE_BYTES):
                fh.seek(offset, os.SEEK_SET)
                digest.update(fh.read(SAMPLE_BYTES))
    return f"{FINGERPRINT_VERSION}:{digest.hexdigest()}"


def same_video(path: str | Path, expected_fingerprint: str) -> bool:
    """Whether *path* holds the video that had *expected_fingerprint* (for relinking)."""
    try:
        return fingerprint(path) == expected_fingerprint
    except OSError:
        return False
