"""Media errors: each names the file and says what is wrong with it, in words a coder reads.

The UI shows ``str(error)``; :class:`MissingMediaError` additionally lets it offer to
relink the video (the fingerprint then tells whether the new file is the same video).
"""

from __future__ import annotations

from pathlib import Path


class MediaError(Exception):
    """A video cannot be used. ``path`` is the file, ``problem`` the reason."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class MissingMediaError(MediaError, FileNotFoundError):
    """The file is not there (moved, renamed, unplugged drive): offer to relink."""

    def __init__(self, path: str | Path, problem: str = "") -> None:
        super().__init__(
            path,
            problem
            or "the video file is missing (moved, renamed or on a drive "
            "that is not connected); relink it to the new location",
        )


class EmptyMediaError(MediaError):
    """Zero bytes long."""

    def __init__(self, path: str | Path, problem: str = "") -> None:
        super().__init__(
            path, problem or "the file is empty (0 bytes); the copy or recording probably failed"
        )


class NotAVideoError(MediaError):
    """Not a media file FFmpeg recognises (text, garbage, an image...)."""


class AudioOnlyError(MediaError):
    """A media file with sound but no picture."""


class UnsupportedCodecError(MediaError):
    """The container opens but the video codec cannot be decoded."""


class CorruptMediaError(MediaError):
    """Truncated or damaged: nothing (or not the requested frame) can be decoded."""
