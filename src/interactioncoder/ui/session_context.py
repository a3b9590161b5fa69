"""What is open in the workspace; the rules live in :mod:`interactioncoder.workflow.sessions`."""

from __future__ import annotations

from interactioncoder.workflow.sessions import (
    CameraVideo,
    SessionContext,
    SessionOpenError,
    codebook_version_for,
    open_session_context,
    own_coding,
    role_for_new_coding,
    session_timebase,
)

__all__ = [
    "CameraVideo",
    "SessionContext",
    "SessionOpenError",
    "codebook_version_for",
    "open_session_context",
    "own_coding",
    "role_for_new_coding",
    "session_timebase",
]
