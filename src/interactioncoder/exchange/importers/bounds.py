"""Limits on what an import bundle holds: times, lengths, offsets, frame rates, frames, text.

Checked before anything is built from the numbers, so a 1e8 s video or an event at 1e9 s
costs nothing (see docs/limits.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from interactioncoder.core.limits import MAX_DURATION_S, MAX_FPS, MAX_FRAMES, MAX_OFFSET_S
from interactioncoder.exchange.importers.common import (
    ImportBundle,
    ImportedEvent,
    ImportFormatError,
)
from interactioncoder.exchange.importers.event_table import ImportedEventTable


def _check_ms(source: str, place: str, what: str, ms: float | None, limit_s: float) -> None:
    if ms is None:
        return
    if not (math.isfinite(ms) and abs(ms) <= limit_s * 1000.0):
        raise ImportFormatError(
            source, place, f"{what} {ms / 1000.0!r} s is beyond the limit of {limit_s:g} s (24 h)"
        )


def _check_text(source: str, place: str, what: str, text: object) -> None:
    # A NUL character cannot be stored on PostgreSQL (and is refused on SQLite too, so a
    # project behaves the same on both); name the place in the file, not a database row.
    if isinstance(text, str) and "\x00" in text:
        raise ImportFormatError(
            source,
            place,
            f"the {what} contains a NUL character (\\x00), which a project "
            "cannot store; remove it and import again",
        )


def _to_check(events: Sequence[ImportedEvent]) -> Iterable[ImportedEvent]:
    """The events a check here could refuse (a table of a million rows says which, in a
    few array passes); every other event passes every check."""
    if isinstance(events, ImportedEventTable):
        return events.flagged(MAX_DURATION_S * 1000.0, MAX_FRAMES)
    return events


def check_bundle_text(bundle: ImportBundle) -> None:
    """Refuse any text of the bundle that holds a NUL character, naming where it is."""
    src = bundle.source
    for session in bundle.sessions:
        _check_text(src, f"session {session.name!r}", "session name", session.name)
        _check_text(src, f"session {session.name!r}", "session notes", session.notes)
        for media in session.media:
            _check_text(src, f"session {session.name!r}", "video path", media.path)
            _check_text(src, f"video {media.path!r}", "camera name", media.camera)
        for coding in session.codings:
            _check_text(src, f"session {session.name!r}", "coder", coding.coder)
            for ev in _to_check(coding.events):
                _check_text(src, ev.place, "code", ev.code_id)
                _check_text(src, ev.place, "comment", ev.comment)
                for name, value in ev.modifiers.items():
                    _check_text(src, ev.place, "modifier name", name)
                    _check_text(src, ev.place, f"value of modifier {name!r}", value)


def check_bundle_limits(bundle: ImportBundle, fps: float | None = None) -> None:
    """Refuse times, durations, frame rates and frame numbers beyond the stated limits.

    Checked before anything is built from them, so a 1e8 s video or an event at 1e9 s
    costs nothing (see docs/limits.md).
    """
    check_bundle_text(bundle)
    src = bundle.source
    if fps is not None and not (math.isfinite(fps) and 0 < fps <= MAX_FPS):
        raise ImportFormatError(src, "--fps", f"{fps!r} is not a frame rate in (0, {MAX_FPS:g}]")
    for session in bundle.sessions:
        for media in session.media:
            place = f"video {media.path}"
            _check_ms(src, place, "length", media.duration_ms, MAX_DURATION_S)
            _check_ms(src, place, "offset", media.offset_ms, MAX_OFFSET_S)
            if media.fps is not None and not (
                math.isfinite(media.fps) and 0 < media.fps <= MAX_FPS
            ):
                raise ImportFormatError(
                    src, place, f"frame rate {media.fps!r} is not in (0, {MAX_FPS:g}] fps"
                )
        for coding in session.codings:
            for ev in _to_check(coding.events):
                _check_ms(src, ev.place, "time", ev.onset_ms, MAX_DURATION_S)
                _check_ms(src, ev.place, "time", ev.offset_ms, MAX_DURATION_S)
                for frame in (ev.onset_frame, ev.offset_frame):
                    if frame is not None and not 0 <= frame <= MAX_FRAMES:
                        raise ImportFormatError(
                            src, ev.place, f"frame {frame} is beyond the limit of {MAX_FRAMES:,}"
                        )
