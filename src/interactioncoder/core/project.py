"""The project's domain records: videos, dyads, sessions, coders, codings, ratings.

These are plain immutable values. The project store (``storage``) converts its rows to
and from them; nothing outside ``storage`` sees a database row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from interactioncoder.core.codebook import Codebook


class CodingRole(StrEnum):
    PRIMARY = "primary"
    RELIABILITY = "reliability"
    CONSENSUS = "consensus"
    #: made by a program (e.g. voice activity); a coder accepts its events into their own
    MACHINE = "machine"


class CodingStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


@dataclass(frozen=True)
class Video:
    """A video file known to the project. ``fingerprint`` recognises it after a move."""

    id: int
    path: str
    size_bytes: int
    fingerprint: str
    duration_ms: float
    frame_count: int
    nominal_fps: float
    is_vfr: bool
    width: int = 0
    height: int = 0
    has_audio: bool = False


@dataclass(frozen=True)
class Dyad:
    id: int
    label: str
    notes: str = ""


@dataclass(frozen=True)
class SessionVideo:
    """A camera of a session: which video, shifted by ``offset_ms`` on the session clock.

    Session time t shows video time ``t - offset_ms``; a camera that started recording
    1.5 s after the master has offset 1500.
    """

    video_id: int
    offset_ms: float = 0.0
    camera: str = ""
    is_master: bool = False


@dataclass(frozen=True)
class Segment:
    """A named part of one session (e.g. still-face), in master-video frames."""

    id: int
    session_id: int
    name: str
    onset_frame: int
    onset_ms: float
    offset_frame: int
    offset_ms: float


@dataclass(frozen=True)
class Session:
    id: int
    dyad_id: int
    name: str
    visit: str = ""
    infant_age_days: int | None = None
    notes: str = ""
    videos: tuple[SessionVideo, ...] = ()

    @property
    def master(self) -> SessionVideo | None:
        for v in self.videos:
            if v.is_master:
                return v
        return self.videos[0] if self.videos else None


@dataclass(frozen=True)
class Coder:
    id: int
    name: str
    is_pi: bool = False


@dataclass(frozen=True)
class CodebookVersion:
    """A stored snapshot of a codebook; ``sha256`` identifies its exact content."""

    id: int
    codebook: Codebook
    sha256: str
    created_at: datetime | None = None


@dataclass(frozen=True)
class Coding:
    """One coder's coding of one session with one codebook version."""

    id: int
    session_id: int
    coder_id: int
    codebook_version_id: int
    role: CodingRole = CodingRole.PRIMARY
    status: CodingStatus = CodingStatus.NOT_STARTED
    comment: str = ""


@dataclass(frozen=True)
class Rating:
    coding_id: int
    scale_id: str
    value: int
    segment_id: int | None = None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    action: str
    coding_id: int | None
    coder_id: int | None
    detail: str


@dataclass(frozen=True)
class ReliabilitySample:
    """Sessions drawn for double coding, and the reliability coder they were given to."""

    id: int
    coder_id: int
    seed: int
    share: float
    stratify_by: str
    session_ids: tuple[int, ...]
    created_at: datetime | None = None
