"""Voice activity of a camera's sound track as a *machine* coding.

The sound is decoded in chunks (16 kHz mono, 16-bit), so memory holds one chunk and one
flag per 30 ms however long the recording is. Proposed segments are placed on the master
video's frames through the camera's offset, and stored as the coding of a machine coder
(role ``machine``), replacing its previous proposals for the session. Coders accept its
events into their own coding one at a time; the reliability engine can compare it with a
human coding like any other coder's (``reliability --coders``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from interactioncoder.core.codebook import Codebook, CodeKind
from interactioncoder.core.events import Event, EventChangeSet, new_event_id
from interactioncoder.core.project import Coding, CodingRole
from interactioncoder.core.timebase import Timebase
from interactioncoder.media.audio import AudioReader
from interactioncoder.signals.voice import (
    SpeechSegment,
    VadParams,
    speech_frames,
    speech_segments,
)
from interactioncoder.storage import ProjectRepository
from interactioncoder.workflow.signals import SignalError, camera_link

VAD_RATE = 16000
MACHINE_CODER = "voice activity (machine)"


@dataclass(frozen=True)
class MasterSegment:
    """A proposed segment on the master video: frames onset..offset-1."""

    onset_frame: int
    offset_frame: int
    onset_ms: float
    offset_ms: float


def _speech_flags(path: str, duration_ms: float, params: VadParams) -> np.ndarray:
    chunk_ms = params.frame_ms * 333  # whole VAD frames per chunk (about 10 s)
    flags: list[np.ndarray] = []
    with AudioReader(path, sample_rate=VAD_RATE, channels=1, fmt="s16") as reader:
        at = 0.0
        while at < duration_ms:
            pcm = reader.read(at, chunk_ms)[:, 0]
            flags.append(speech_frames(np.ascontiguousarray(pcm), VAD_RATE, params))
            at += chunk_ms
    return np.concatenate(flags) if flags else np.zeros(0, bool)


def to_master(
    segments: list[SpeechSegment], offset_ms: float, master: Timebase, master_offset_ms: float
) -> list[MasterSegment]:
    """Camera seconds -> master frames (a segment outside the master video is dropped,
    one running past its end is cut there)."""
    out = []
    for seg in segments:
        start = seg.onset_s * 1000 + offset_ms - master_offset_ms
        end = seg.offset_s * 1000 + offset_ms - master_offset_ms
        if end <= master.start_ms or start >= master.duration_ms:
            continue
        onset = master.ms_to_frame(max(start, master.start_ms))
        offset = master.frame_count if end >= master.duration_ms else master.ms_to_frame(end)
        if offset <= onset:
            continue
        offset_ms_ = (
            master.duration_ms if offset == master.frame_count else master.frame_to_ms(offset)
        )
        out.append(MasterSegment(onset, offset, master.frame_to_ms(onset), offset_ms_))
    return out


def propose_speech(
    repo: ProjectRepository, session_id: int, camera: str, params: VadParams | None = None
) -> list[MasterSegment]:
    """Speech in *camera*'s sound track, as segments on the master video."""
    params = params or VadParams()
    session = repo.get_session(session_id)
    link = camera_link(session, camera)
    video = repo.get_video(link.video_id)
    if not video.has_audio:
        raise SignalError(f"{video.path}: the video has no sound track")
    master = session.master
    timebase = repo.session_timebase(session_id)
    if master is None or timebase is None:
        raise SignalError(f"session {session.name!r} has no master video frame times")
    flags = _speech_flags(video.path, video.duration_ms, params)
    segments = speech_segments(flags, params)
    return to_master(segments, link.offset_ms, timebase, master.offset_ms)


def _codebook(repo: ProjectRepository, session_id: int) -> tuple[int, Codebook]:
    codings = repo.list_codings(session_id=session_id)
    versions = repo.list_codebook_versions()
    if codings:
        version_id = codings[0].codebook_version_id
    elif versions:
        version_id = max(v.id for v in versions)
    else:
        raise SignalError("the project has no codebook yet")
    return version_id, repo.get_codebook_version(version_id).codebook


def _code_id(codebook: Codebook, ref: str) -> str:
    for code in codebook.codes():
        if ref in (code.id, code.name):
            return code.id
    raise SignalError(f"the codebook has no code {ref!r}")


def store_machine_coding(
    repo: ProjectRepository, session_id: int, code_ref: str, segments: list[MasterSegment]
) -> Coding:
    """The machine coder's coding of the session with *segments* as events of the code
    (states; a point code gets the onsets). Replaces its earlier proposals; one transaction."""
    version_id, codebook = _codebook(repo, session_id)
    code_id = _code_id(codebook, code_ref)
    is_state = codebook.code(code_id).kind is CodeKind.STATE
    events = tuple(
        Event(
            new_event_id(),
            code_id,
            s.onset_frame,
            s.onset_ms,
            s.offset_frame if is_state else s.onset_frame,
            s.offset_ms if is_state else s.onset_ms,
        )
        for s in segments
    )
    with repo.atomic():
        coder = repo.find_coder(MACHINE_CODER) or repo.add_coder(MACHINE_CODER)
        existing = repo.list_codings(
            session_id=session_id, coder_id=coder.id, role=CodingRole.MACHINE
        )
        coding = (
            existing[0]
            if existing
            else repo.create_coding(session_id, coder.id, version_id, CodingRole.MACHINE)
        )
        old = tuple(repo.list_events(coding.id))
        repo.apply_event_changes(
            coding.id,
            EventChangeSet(added=events, removed=old, description="voice activity proposals"),
        )
    return repo.get_coding(coding.id)
