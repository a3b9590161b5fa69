"""A small hand-built project for the export tests, with values worked out by hand.

Session D01/s1 has a variable-frame-rate master video (irregular frame times), two
segments (play: frames 0-4, still-face: frames 5-9) and two coders; session D02/s2 is
shorter (5 frames at 10 fps) and coded by alice only.

alice on s1 (frame times in ms: 0, 33.367, 66.733, 100.1, 150, 200, 266.7, 333.367,
400, 500; duration 600):

=====  =====  ======  ==================================================
code   on f   off f   notes
=====  =====  ======  ==================================================
sens   1      4       modifiers intensity=2.5, quality=warm; comment =SUM(A1)
gaze   2      -       still running
intr   4      6
cry    5      5       point
sens   7      9
=====  =====  ======  ==================================================
"""

from __future__ import annotations

from pathlib import Path

from interactioncoder.core.codebook import (
    Code,
    Codebook,
    CodeGroup,
    CodeKind,
    Modifier,
    ModifierChoice,
    ModifierKind,
    RatingScale,
    ScaleAnchor,
    ScaleScope,
    ScaleTotal,
    SegmentType,
    Subject,
)
from interactioncoder.core.events import Event
from interactioncoder.core.project import (
    CodebookVersion,
    Coder,
    Coding,
    CodingRole,
    Dyad,
    Rating,
    Segment,
    Session,
    SessionVideo,
)
from interactioncoder.core.timebase import Timebase
from interactioncoder.exchange.project_data import CodingData, ProjectData, SessionData

VFR_TIMES = (0.0, 33.367, 66.733, 100.1, 150.0, 200.0, 266.7, 333.367, 400.0, 500.0)


def sample_codebook() -> Codebook:
    return Codebook(
        id="mi",
        name="Mother-infant",
        version="1.0",
        subjects=(Subject("mother", "Mother"), Subject("infant", "Infant")),
        groups=(
            CodeGroup(
                id="mat",
                name="Maternal",
                subject="mother",
                exclusive=True,
                codes=(
                    Code(
                        "sens",
                        "Sensitive",
                        CodeKind.STATE,
                        "S",
                        "#ff0000",
                        modifiers=(
                            Modifier(
                                "intensity", "Intensity", ModifierKind.NUMBER, minimum=0, maximum=5
                            ),
                            Modifier(
                                "quality",
                                "Quality",
                                ModifierKind.CHOICE,
                                choices=(
                                    ModifierChoice("warm", "Warm"),
                                    ModifierChoice("neutral", "Neutral"),
                                ),
                            ),
                        ),
                    ),
                    Code("intr", "Intrusive", CodeKind.STATE, "I", "#0000ff"),
                ),
            ),
            CodeGroup(
                id="inf",
                name="Infant",
                subject="infant",
                exclusive=False,
                codes=(
                    Code("gaze", "Gaze at mother", CodeKind.STATE, "G", "#00aa00"),
                    Code("cry", "Cry", CodeKind.POINT, "C", "#aa00aa"),
                ),
            ),
        ),
        scales=(
            RatingScale(
                "sens_global",
                "Global sensitivity",
                "mother",
                1,
                9,
                anchors=(ScaleAnchor(1, "low"), ScaleAnchor(7, "good"), ScaleAnchor(9, "high")),
            ),
            RatingScale("w1", "Withdrawal 1", "infant", 0, 4, scope=ScaleScope.SEGMENT),
            RatingScale("w2", "Withdrawal 2", "infant", 0, 4, scope=ScaleScope.SEGMENT),
        ),
        totals=(ScaleTotal("withdrawal", "Withdrawal", ("w1", "w2"), cutoff=5),),
        segments=(SegmentType("play", "Play"), SegmentType("still-face", "Still-face")),
    )


def _event(eid: str, code: str, tb: Timebase, on: int, off: int | None, **kwargs: object) -> Event:
    return Event(
        id=eid,
        code_id=code,
        onset_frame=on,
        onset_ms=tb.frame_to_ms(on),
        offset_frame=off,
        offset_ms=None
        if off is None
        else (tb.frame_to_ms(off) if off < tb.frame_count else tb.duration_ms),
        **kwargs,  # type: ignore[arg-type]
    )


def sample_project() -> ProjectData:
    codebook = sample_codebook()
    version = CodebookVersion(id=1, codebook=codebook, sha256=codebook.content_hash())
    alice, bob = Coder(1, "alice"), Coder(2, "bob", is_pi=True)
    vfr = Timebase(VFR_TIMES, 600.0)
    short = Timebase.constant(10.0, 5)
    d1, d2 = Dyad(1, "D01"), Dyad(2, "D02")
    s1 = Session(1, 1, "s1", visit="3m")
    s2 = Session(2, 2, "s2", visit="6m")
    play = Segment(1, 1, "play", 0, 0.0, 5, 200.0)
    still = Segment(2, 1, "still-face", 5, 200.0, 10, 600.0)
    alice_s1 = (
        _event(
            "e1",
            "sens",
            vfr,
            1,
            4,
            modifiers={"intensity": 2.5, "quality": "warm"},
            comment="=SUM(A1)",
        ),
        _event("e2", "gaze", vfr, 2, None),
        _event("e3", "intr", vfr, 4, 6),
        _event("e4", "cry", vfr, 5, 5),
        _event("e5", "sens", vfr, 7, 9),
    )
    ratings = (
        Rating(1, "sens_global", 7),
        Rating(1, "w1", 3, segment_id=1),
        Rating(1, "w1", 2, segment_id=2),
        Rating(1, "w2", 2, segment_id=1),
    )
    bob_s1 = (_event("b1", "intr", vfr, 0, 2),)
    alice_s2 = (_event("a1", "gaze", short, 0, 3),)
    return ProjectData(
        project_name="Sample",
        sessions=(
            SessionData(
                session=s1,
                dyad=d1,
                segments=(play, still),
                timebase=vfr,
                codings=(
                    CodingData(Coding(1, 1, 1, 1), alice, version, alice_s1, ratings),
                    CodingData(
                        Coding(2, 1, 2, 1, role=CodingRole.RELIABILITY), bob, version, bob_s1
                    ),
                ),
            ),
            SessionData(
                session=s2,
                dyad=d2,
                timebase=short,
                codings=(CodingData(Coding(3, 2, 1, 1), alice, version, alice_s2),),
            ),
        ),
    )


def build_sample_repository(path: Path) -> Path:
    """Store :func:`sample_project` in a new project file through the repository."""
    from interactioncoder.storage import create_project

    project = sample_project()
    repo = create_project(path, name=project.project_name)
    try:
        coder_ids: dict[str, int] = {}
        version_ids: dict[str, int] = {}
        for data in project.sessions:
            tb = data.timebase
            assert tb is not None
            video = repo.add_video(
                f"/videos/{data.session.name}.mp4",
                1000,
                f"fp-{data.session.name}",
                tb.duration_ms,
                tb.frame_count,
                tb.nominal_fps(),
                tb.is_variable(),
                frame_times_ms=tb.frame_times_ms,
            )
            dyad = repo.find_dyad(data.dyad.label) or repo.add_dyad(data.dyad.label)
            session = repo.add_session(
                dyad.id,
                data.session.name,
                videos=(SessionVideo(video.id, is_master=True),),
                visit=data.session.visit,
            )
            segment_ids = {
                s.id: repo.add_segment(
                    session.id, s.name, s.onset_frame, s.onset_ms, s.offset_frame, s.offset_ms
                ).id
                for s in data.segments
            }
            for coding in data.codings:
                if coding.coder.name not in coder_ids:
                    coder_ids[coding.coder.name] = repo.add_coder(
                        coding.coder.name, coding.coder.is_pi
                    ).id
                sha = coding.codebook_version.sha256
                if sha not in version_ids:
                    version_ids[sha] = repo.store_codebook(coding.codebook).id
                stored = repo.create_coding(
                    session.id,
                    coder_ids[coding.coder.name],
                    version_ids[sha],
                    role=coding.coding.role,
                )
                repo.add_events(stored.id, coding.events)
                for r in coding.ratings:
                    segment = None if r.segment_id is None else segment_ids[r.segment_id]
                    repo.set_rating(stored.id, r.scale_id, r.value, segment)
    finally:
        repo.close()
    return path
