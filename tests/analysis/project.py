"""A small project for the analysis workflow and CLI tests (no video files needed).

Two dyads (D01, D02) with a 3-month and a 6-month session each, 10 fps, 300 frames,
segments play (0-149) and reunion (150-299). Codebook: infant bid / maternal response
points, exclusive maternal (warm, harsh) and infant (smile, cry) states with affect
categories. Ann codes every session (primary); D02/6m also has a consensus coding by the
PI (used instead), and a session coded only for reliability is left out.
"""

from __future__ import annotations

from pathlib import Path

from interactioncoder.core.codebook import (
    AffectCategory,
    Code,
    Codebook,
    CodeGroup,
    CodeKind,
    RatingScale,
    ScaleScope,
)
from interactioncoder.core.events import Event
from interactioncoder.core.project import CodingRole, SessionVideo
from interactioncoder.storage import create_project

FPS = 10.0
FRAMES = 300


def _code(cid: str, kind: CodeKind = CodeKind.STATE) -> Code:
    return Code(id=cid, name=cid.title(), kind=kind, key="", color="#3366aa")


CODEBOOK = Codebook(
    id="cb-analysis",
    name="Analysis test",
    version="1",
    groups=(
        CodeGroup("bids", "Bids", "infant", False, (_code("bid", CodeKind.POINT),)),
        CodeGroup("answers", "Answers", "mother", False, (_code("resp", CodeKind.POINT),)),
        CodeGroup("mother", "Mother", "mother", True, (_code("warm"), _code("harsh"))),
        CodeGroup("infant", "Infant", "infant", True, (_code("smile"), _code("cry"))),
    ),
    scales=(RatingScale("engagement", "Engagement", "infant", 1, 5, ScaleScope.SEGMENT),),
    affect=(
        AffectCategory("positive", "Positive", ("warm", "smile")),
        AffectCategory("negative", "Negative", ("harsh", "cry")),
    ),
)


def ev(eid: str, code_id: str, onset: int, offset: int | None = None) -> Event:
    off = onset if offset is None else offset
    return Event(eid, code_id, onset, onset * 100.0, off, off * 100.0)


def events(prefix: str, play_delay: int, reunion_delay: int) -> list[Event]:
    """Bids every 3 s; answered after *play_delay* frames in play, *reunion_delay* after."""
    out = []
    for i, bid in enumerate(range(5, FRAMES - 40, 30)):
        out.append(ev(f"{prefix}b{i}", "bid", bid))
        delay = play_delay if bid < 150 else reunion_delay
        if delay:
            out.append(ev(f"{prefix}r{i}", "resp", bid + delay))
    out += [
        ev(f"{prefix}m1", "warm", 0, 100),
        ev(f"{prefix}m2", "harsh", 100, 200),
        ev(f"{prefix}m3", "warm", 200, 300),
        ev(f"{prefix}i1", "smile", 0, 120),
        ev(f"{prefix}i2", "cry", 120, 210),
        ev(f"{prefix}i3", "smile", 210, 300),
    ]
    return out


def build(path: Path, with_affect: bool = True) -> Path:
    repo = create_project(path, name="analysis test")
    try:
        codebook = (
            CODEBOOK
            if with_affect
            else CODEBOOK.__class__(
                id=CODEBOOK.id, name=CODEBOOK.name, version="2", groups=CODEBOOK.groups
            )
        )
        version = repo.store_codebook(codebook)
        ann, ben, pi = (
            repo.add_coder("Ann"),
            repo.add_coder("Ben"),
            repo.add_coder("PI", is_pi=True),
        )
        times = [k * 100.0 for k in range(FRAMES)]
        for d in (1, 2):
            dyad = repo.add_dyad(f"D0{d}")
            for visit in ("3m", "6m"):
                video = repo.add_video(
                    f"/videos/{d}{visit}.mp4", 1000, f"fp{d}{visit}", FRAMES * 100.0, FRAMES,
                    FPS, False, frame_times_ms=times,
                )  # fmt: skip
                session = repo.add_session(
                    dyad.id, visit, [SessionVideo(video.id, is_master=True)], visit=visit
                )
                play = repo.add_segment(session.id, "play", 0, 0.0, 150, 15000.0)
                reunion = repo.add_segment(session.id, "reunion", 150, 15000.0, 300, 30000.0)
                coding = repo.create_coding(session.id, ann.id, version.id, CodingRole.PRIMARY)
                repo.set_rating(coding.id, "engagement", 4, play.id)
                repo.set_rating(coding.id, "engagement", d, reunion.id)
                prefix = f"{d}{visit}"
                repo.add_events(coding.id, events(prefix, 8 + d, 25 if visit == "6m" else 0))
                if d == 2 and visit == "6m":
                    consensus = repo.create_coding(
                        session.id, pi.id, version.id, CodingRole.CONSENSUS
                    )
                    repo.add_events(consensus.id, events("c" + prefix, 5, 5))
        dyad = repo.add_dyad("D03")
        video = repo.add_video(
            "/videos/3.mp4", 1000, "fp3", FRAMES * 100.0, FRAMES, FPS, False, frame_times_ms=times
        )
        session = repo.add_session(dyad.id, "3m", [SessionVideo(video.id, is_master=True)])
        repo.create_coding(session.id, ben.id, version.id, CodingRole.RELIABILITY)
    finally:
        repo.close()
    return path
