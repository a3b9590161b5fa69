"""Opening a session for a coder: the coder's own coding, codebook, timebase, cameras.

Role policy (:func:`role_for_new_coding`): a coder gets *their own* coding of a session,
made on first open. The first coder of a session codes as PRIMARY; any later coder as
RELIABILITY coder, except a PI, who gets a CONSENSUS coding. An existing coding of the
coder is always reopened, whatever its role. Only a PI is given the other coders' codings
to compare (:mod:`.visibility`). The codebook version of a new coding is the one the
session's existing codings use (so double coding is comparable), else the newest stored one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.project import (
    Coder,
    Coding,
    CodingRole,
    CodingStatus,
    Session,
    SessionVideo,
    Video,
)
from interactioncoder.core.timebase import Timebase
from interactioncoder.storage import ProjectRepository
from interactioncoder.storage.errors import StorageError
from interactioncoder.workflow.visibility import visible_codings


class SessionOpenError(StorageError):
    """The session cannot be coded (no codebook in the project, no video and no timebase)."""


@dataclass(frozen=True)
class CameraVideo:
    """A camera of the session with its stored video record and whether the file is there."""

    link: SessionVideo
    video: Video

    @property
    def present(self) -> bool:
        """Whether the video file is at its stored path."""
        return Path(self.video.path).is_file()


@dataclass
class SessionContext:
    """What is open in the workspace: project, session, the coder's own coding and more."""

    repo: ProjectRepository
    session: Session
    coder: Coder
    coding: Coding
    codebook: Codebook
    timebase: Timebase
    cameras: tuple[CameraVideo, ...]
    #: other coders' codings of this session, shown side by side (PI only)
    others: tuple[Coding, ...] = ()
    coder_names: dict[int, str] = field(default_factory=dict)

    @property
    def missing(self) -> tuple[CameraVideo, ...]:
        return tuple(c for c in self.cameras if not c.present)

    @property
    def is_done(self) -> bool:
        return self.coding.status is CodingStatus.DONE

    def refresh_coding(self) -> None:
        self.coding = self.repo.get_coding(self.coding.id)

    def title(self) -> str:
        """Window title: project / session / coder (never an 'unsaved' marker: all is stored)."""
        dyad = self.repo.get_dyad(self.session.dyad_id).label
        role = "" if self.coding.role is CodingRole.PRIMARY else f" ({self.coding.role.value})"
        return f"{self.repo.project_name} — {dyad} / {self.session.name} — {self.coder.name}{role}"


def codebook_version_for(repo: ProjectRepository, session_id: int) -> int:
    """The version existing codings of the session use, else the newest stored one."""
    existing = repo.list_codings(session_id=session_id)
    if existing:
        return existing[0].codebook_version_id
    versions = repo.list_codebook_versions()
    if not versions:
        raise SessionOpenError(
            f"{repo.location}: the project has no codebook yet; import one first"
        )
    return max(versions, key=lambda v: v.id).id


def role_for_new_coding(coder: Coder, session_has_primary: bool) -> CodingRole:
    """The role of a coder's first coding of a session (the role policy)."""
    if not session_has_primary:
        return CodingRole.PRIMARY
    return CodingRole.CONSENSUS if coder.is_pi else CodingRole.RELIABILITY


def own_coding(repo: ProjectRepository, session_id: int, coder: Coder) -> Coding:
    """The coder's coding of the session, created on first open.

    The first coder of a session codes as primary; any later coder as reliability coder,
    and a PI (who sees everyone's coding) as consensus coder.
    """
    mine = repo.list_codings(session_id=session_id, coder_id=coder.id)
    if mine:
        return mine[0]
    version = codebook_version_for(repo, session_id)
    has_primary = bool(repo.list_codings(session_id=session_id, role=CodingRole.PRIMARY))
    role = role_for_new_coding(coder, has_primary)
    return repo.create_coding(session_id, coder.id, version, role)


def session_timebase(repo: ProjectRepository, session: Session) -> Timebase:
    """The master video's frame times; from its metadata if they were never stored."""
    stored = repo.session_timebase(session.id)
    if stored is not None:
        return stored
    master = session.master
    if master is None:
        raise SessionOpenError(f"session {session.name!r} has no video to code")
    video = repo.get_video(master.video_id)
    if video.frame_count <= 0 or video.nominal_fps <= 0:
        raise SessionOpenError(f"{video.path}: frame count and rate unknown; relink the video")
    return Timebase.constant(video.nominal_fps, video.frame_count)


def open_session_context(repo: ProjectRepository, session_id: int, coder: Coder) -> SessionContext:
    """The workspace's view of a session for *coder* (their coding made on first open)."""
    session = repo.get_session(session_id)
    coding = own_coding(repo, session_id, coder)
    version = repo.get_codebook_version(coding.codebook_version_id)
    # the master camera first: the grid shows it top left
    links = sorted(session.videos, key=lambda v: (not v.is_master, v.camera))
    cameras = tuple(CameraVideo(link, repo.get_video(link.video_id)) for link in links)
    others = visible_codings(coder, repo.list_codings(session_id=session_id), coding.id)
    repo.set_actor(coder.id)
    return SessionContext(
        repo=repo,
        session=session,
        coder=coder,
        coding=coding,
        codebook=version.codebook,
        timebase=session_timebase(repo, session),
        cameras=cameras,
        others=others,
        coder_names={c.id: c.name for c in repo.list_coders()},
    )
