"""A small double-coded project built through the repository (no video file needed).

One dyad ``D01`` with session ``home`` (VFR master video, 40 frames; segment
``still-face`` = frames 10-29) coded by Ann (primary) and Ben (reliability), a second
session ``lab`` coded by Ann only, and a PI.
Codebook: exclusive ``gaze`` (states mother/away) and non-exclusive ``touch`` (state
stroke, point smile).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from interactioncoder.core.events import Event
from interactioncoder.core.project import CodingRole, SessionVideo
from interactioncoder.core.timebase import Timebase
from interactioncoder.storage import ProjectRepository, create_project
from tests.factories import codebook, group, point, state

# Variable frame rate: 40 frames whose durations alternate 30 and 50 ms.
FRAME_TIMES = [sum(30.0 if i % 2 == 0 else 50.0 for i in range(k)) for k in range(40)]
DURATION_MS = FRAME_TIMES[-1] + 50.0
TIMEBASE = Timebase.from_times(FRAME_TIMES, DURATION_MS)


CODEBOOK = codebook(
    group("gaze", state("mother", key="m", name="Mother"), state("away", name="Away"),
          subject="infant", exclusive=True, name="Gaze"),
    group("touch", state("stroke", name="Stroke"), point("smile", name="Smile"), name="Touch"),
    codebook_id="cb-test",
)  # fmt: skip


def ev(eid: str, code_id: str, onset: int, offset: int | None = None) -> Event:
    """A state (offset exclusive) or, without offset, a point; times from the VFR timebase."""
    off = onset if offset is None else offset
    off_ms = DURATION_MS if off == len(FRAME_TIMES) else FRAME_TIMES[off]
    return Event(eid, code_id, onset, FRAME_TIMES[onset], off, off_ms)


# Ann: mother 0-20, away 20-40, stroke 5-15, smile at 8.
EVENTS_ANN = (
    ev("a1", "mother", 0, 20),
    ev("a2", "away", 20, 40),
    ev("a3", "stroke", 5, 15),
    ev("a4", "smile", 8),
)
# Ben: mother 0-24 (a later switch: frames 20-23 differ), away 24-40, stroke 5-15,
# no smile (an omission), smile at 30 (a commission).
EVENTS_BEN = (
    ev("b1", "mother", 0, 24),
    ev("b2", "away", 24, 40),
    ev("b3", "stroke", 5, 15),
    ev("b4", "smile", 30),
)


@dataclass
class PairProject:
    repo: ProjectRepository
    path: Path
    home_id: int
    lab_id: int
    ann_id: int
    ben_id: int
    pi_id: int
    primary_id: int
    reliability_id: int
    version_id: int


def build_pair_project(path: Path) -> PairProject:
    repo = create_project(path, name="pair test")
    video = repo.add_video(
        "/nowhere/home.mp4", 1, "fp-home", DURATION_MS, 40, 25.0, True,
        frame_times_ms=FRAME_TIMES,
    )  # fmt: skip
    dyad = repo.add_dyad("D01")
    home = repo.add_session(dyad.id, "home", [SessionVideo(video.id, is_master=True)], visit="T1")
    lab = repo.add_session(dyad.id, "lab", [SessionVideo(video.id, is_master=True)], visit="T2")
    repo.add_segment(home.id, "still-face", 10, FRAME_TIMES[10], 30, FRAME_TIMES[30])
    ann = repo.add_coder("Ann")
    ben = repo.add_coder("Ben")
    pi = repo.add_coder("Dr. Pi", is_pi=True)
    version = repo.store_codebook(CODEBOOK)
    primary = repo.create_coding(home.id, ann.id, version.id, CodingRole.PRIMARY)
    reliability = repo.create_coding(home.id, ben.id, version.id, CodingRole.RELIABILITY)
    lab_primary = repo.create_coding(lab.id, ann.id, version.id, CodingRole.PRIMARY)
    repo.add_events(primary.id, EVENTS_ANN)
    repo.add_events(reliability.id, EVENTS_BEN)
    repo.add_events(lab_primary.id, [e.with_changes(id=f"lab-{e.id}") for e in EVENTS_ANN])
    return PairProject(
        repo, path, home.id, lab.id, ann.id, ben.id, pi.id, primary.id, reliability.id, version.id
    )
