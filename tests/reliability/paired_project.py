"""Stored double-coded sessions for the reliability CLI and workflow tests (no video files):
8 s at 25 fps, a still-face segment (frames 100-159), the primary coder's events and the
reliability coder's, whose gaze change comes *shift* frames later and who codes a poke
where the primary coder saw a stroke and a smile."""

from __future__ import annotations

from interactioncoder.core.project import Coder, Coding, CodingRole, Dyad, SessionVideo
from interactioncoder.storage import ProjectRepository
from tests.reliability.helpers import FPS, ev


def add_paired_session(
    repo: ProjectRepository,
    version_id: int,
    dyad: Dyad,
    number: int,
    coders: tuple[Coder, Coder],
    shift: int,
) -> tuple[int, Coding, Coding]:
    """(session id, primary coding, reliability coding) of session ``s<number + 1>``."""
    times = [k * 1000.0 / FPS for k in range(200)]
    video = repo.add_video(
        f"/videos/s{number}.mp4", 1000, f"fp{number}", 8000.0, 200, FPS, False,
        frame_times_ms=times,
    )  # fmt: skip
    session = repo.add_session(dyad.id, f"s{number + 1}", [SessionVideo(video.id, is_master=True)])
    repo.add_segment(session.id, "still-face", 100, 4000.0, 160, 6400.0)
    primary = repo.create_coding(session.id, coders[0].id, version_id, CodingRole.PRIMARY)
    second = repo.create_coding(session.id, coders[1].id, version_id, CodingRole.RELIABILITY)
    repo.add_events(
        primary.id,
        [ev("mother", 0, 100), ev("away", 100, 200), ev("stroke", 20, 60), ev("smile", 150)],
    )
    repo.add_events(
        second.id,
        [ev("mother", 0, 100 + shift), ev("away", 100 + shift, 200), ev("poke", 20, 60)],
    )
    return session.id, primary, second
