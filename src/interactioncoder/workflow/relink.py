"""Relinking a moved video: is the chosen file the recorded one?

Rule: a file is the same recording when its content fingerprint equals the stored one.
A file whose fingerprint differs may still be used, but only with an explicit
confirmation, because codes are frame positions in the original recording.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from interactioncoder.core.project import Video
from interactioncoder.media.fingerprint import fingerprint

Fingerprinter = Callable[[str], str]


def human_size(size_bytes: int) -> str:
    size = float(size_bytes)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TB"


@dataclass(frozen=True)
class RelinkCheck:
    """A candidate file for a missing video, checked against the recorded fingerprint."""

    video: Video
    path: str
    size: int
    fingerprint: str

    @property
    def matches(self) -> bool:
        return self.fingerprint == self.video.fingerprint

    @property
    def needs_confirmation(self) -> bool:
        return not self.matches

    def verdict(self) -> str:
        """One sentence for the user: same recording, or why using it is risky."""
        if self.matches:
            return "✓ Same recording: the fingerprint matches."
        size_note = (
            ""
            if self.size == self.video.size_bytes
            else f" Its size is {human_size(self.size)}, the original was "
            f"{human_size(self.video.size_bytes)}."
        )
        return (
            "⚠ This is not the same file: its fingerprint differs from the recorded "
            f"one.{size_note} Codes are frame positions in the original recording; a "
            "re-encoded or trimmed copy shows them at the wrong moments."
        )


def check_candidate(
    video: Video, path: str, fingerprint_fn: Fingerprinter | None = None
) -> RelinkCheck:
    """Fingerprint *path* for *video*; OSError when the file cannot be read."""
    size = Path(path).stat().st_size
    digest = (fingerprint_fn or fingerprint)(path)
    return RelinkCheck(video, path, size, digest)
