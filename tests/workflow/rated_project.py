"""A small stored project with five double-coded AND double-rated sessions (no video files)."""

from __future__ import annotations

from pathlib import Path

from interactioncoder.core.project import CodingRole, SessionVideo
from interactioncoder.storage import create_project
from tests.reliability.helpers import codebook, ev

FPS = 25.0
#: (primary, reliability) ratings of "sens" per session: close but not identical
SENS = ((5, 6), (7, 7), (3, 4), (8, 8), (2, 3))
WITHDRAWAL = ((1, 1), (3, 2), (0, 0), (4, 4), (2, 1))


def build_rated_project(path: Path) -> Path:
    repo = create_project(path, name="rated")
    try:
        version = repo.store_codebook(codebook())
        ann, bob = repo.add_coder("ann"), repo.add_coder("bob")
        dyad = repo.add_dyad("D01")
        for i, ((sa, sb), (wa, wb)) in enumerate(zip(SENS, WITHDRAWAL, strict=True)):
            times = [k * 1000.0 / FPS for k in range(200)]
            video = repo.add_video(
                f"/videos/s{i}.mp4", 1000, f"fp{i}", 8000.0, 200, FPS, False, frame_times_ms=times
            )
            session = repo.add_session(
                dyad.id, f"s{i + 1}", [SessionVideo(video.id, is_master=True)]
            )
            repo.add_segment(session.id, "still-face", 100, 4000.0, 160, 6400.0)
            primary = repo.create_coding(session.id, ann.id, version.id, CodingRole.PRIMARY)
            second = repo.create_coding(session.id, bob.id, version.id, CodingRole.RELIABILITY)
            shift = 3 * i
            repo.add_events(
                primary.id,
                [
                    ev("mother", 0, 100),
                    ev("away", 100, 200),
                    ev("stroke", 20, 60),
                    ev("smile", 150),
                ],
            )
            repo.add_events(
                second.id,
                [ev("mother", 0, 100 + shift), ev("away", 100 + shift, 200), ev("poke", 20, 60)],
            )
            repo.set_rating(primary.id, "sens", sa)
            repo.set_rating(second.id, "sens", sb)
            repo.set_rating(primary.id, "withdrawal", wa)
            repo.set_rating(second.id, "withdrawal", wb)
    finally:
        repo.close()
    return path
