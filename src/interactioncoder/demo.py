"""The built-in demo project: two synthetic cameras, the shipped codebook, three coders.

Generated, never committed: a short two-camera clip (mother and infant views, with a
clap heard by both so the audio sync helper has something to find), the
mother-infant-interaction codebook, a primary and a reliability coding that partly agree
(shifted boundaries, one confusion, one missed and one extra point), ratings from both,
and a PI who can look at both codings side by side. Every view has something to show.

For the findings analyses (``interactioncoder analyse``) the demo's copy of the codebook
adds infant bids and maternal responses (points), the play / still-face / reunion
segments and affect categories, and the session is split into those three phases: the
mother answers every bid within 2 s in play, none in the still-face, and in the reunion
one bid late (2.2 s) and one not at all.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from interactioncoder.core.codebook import (
    AffectCategory,
    Code,
    Codebook,
    CodeGroup,
    CodeKind,
    Modifier,
    ModifierKind,
    SegmentType,
)
from interactioncoder.core.codebook.loader import check_codebook, load_codebook
from interactioncoder.core.codebook.shipped import shipped_codebook_dir
from interactioncoder.core.events import Event, new_event_id
from interactioncoder.core.project import CodingRole, CodingStatus, SessionVideo
from interactioncoder.core.regions import Region
from interactioncoder.core.timebase import Timebase
from interactioncoder.exchange.videos import register_video
from interactioncoder.media.synthetic import SyntheticAudio, write_test_video
from interactioncoder.storage import ProjectRepository, create_project

DEMO_CODEBOOK = "mother-infant-interaction.yaml"
FPS = 25
SECONDS = 24.0
# The infant camera was switched on half a second after the mother camera: the same clap
# is at 2.0 s in the mother video and 1.5 s in the infant video.
INFANT_CAMERA_OFFSET_MS = 500.0
CLAPS_MOTHER_S = (2.0, 18.0)
DEMO_CODE_BAR = 0.06

# (code id, onset s, offset s or None for a point) for the primary coder.
PRIMARY_SCRIPT: tuple[tuple[str, float, float | None], ...] = (
    ("sensitive", 0.0, 5.2),
    ("neutral", 5.2, 7.0),
    ("intrusive", 7.0, 10.4),
    ("sensitive", 10.4, 15.0),
    ("unresponsive", 15.0, 19.0),
    ("sensitive", 19.0, 23.9),
    ("infant-positive", 0.0, 6.0),
    ("infant-neutral", 6.0, 9.0),
    ("infant-fussy", 9.0, 12.5),
    ("infant-neutral", 12.5, 16.0),
    ("infant-crying", 16.0, 19.5),
    ("infant-positive", 19.5, 23.9),
    ("gaze-avoidance", 7.4, 9.6),
    ("gaze-avoidance", 15.6, 18.2),
    ("reduced-activity", 15.2, 19.0),
    ("freezing", 8.2, None),
    ("apprehension", 16.4, None),
    ("affective-error", 7.8, None),
    ("withdrawing", 15.3, None),
)
# Infant bids and the mother's answers (both coders; their own random jitter, so the
# agreement figures of the codes above stay as they were).
CONTINGENCY_SCRIPT: tuple[tuple[str, float, float | None], ...] = (
    # Infant bids and the mother's answers: within 1 s in play (and once unprompted), none
    # in the still-face; in the reunion one bid goes unanswered and one after 2.2 s.
    ("infant-bid", 1.0, None),
    ("maternal-response", 1.6, None),
    ("infant-bid", 5.5, None),
    ("maternal-response", 6.3, None),
    ("infant-bid", 10.5, None),
    ("maternal-response", 11.5, None),
    ("maternal-response", 14.2, None),
    ("infant-bid", 15.8, None),
    ("infant-bid", 17.5, None),
    ("infant-bid", 19.3, None),
    ("infant-bid", 21.0, None),
    ("maternal-response", 23.2, None),
)
# The still-face paradigm's phases (seconds of the mother camera).
PHASES: tuple[tuple[str, float, float], ...] = (
    ("play", 0.0, 15.0),
    ("still-face", 15.0, 19.0),
    ("reunion", 19.0, SECONDS),
)
# How the reliability coder differs: (code id, onset s) -> replacement or None (missed).
RELIABILITY_CHANGES: dict[tuple[str, float], tuple[str, float, float | None] | None] = {
    ("intrusive", 7.0): ("neutral", 7.0, 10.4),  # a confusion
    ("apprehension", 16.4): None,  # missed
}
RELIABILITY_EXTRA: tuple[tuple[str, float, float | None], ...] = (("freezing", 17.1, None),)

PRIMARY_RATINGS = {
    "maternal-sensitivity": 6,
    "withdrawal-face": 1,
    "withdrawal-eye-contact": 2,
    "withdrawal-activity": 1,
    "withdrawal-self-stimulation": 0,
    "withdrawal-vocalisation": 1,
    "withdrawal-response": 1,
    "withdrawal-relationship": 0,
    "withdrawal-attractiveness": 0,
    "disorganisation": 3,
}
RELIABILITY_RATINGS = {**PRIMARY_RATINGS, "maternal-sensitivity": 5, "withdrawal-eye-contact": 1}

Progress = Callable[[str], None]


def _point(code_id: str, name: str, key: str, color: str, definition: str) -> Code:
    return Code(code_id, name, CodeKind.POINT, key, color, definition)


def demo_codebook() -> Codebook:
    """The shipped mother-infant codebook plus bids, responses, phases and affect."""
    base = load_codebook(shipped_codebook_dir() / DEMO_CODEBOOK)
    bids = CodeGroup(
        "infant-bids",
        "Infant bids",
        "infant",
        False,
        (
            _point("infant-bid", "Infant bid", "K", "#e69f00",
                   "The infant addresses the mother: looks at her and vocalises, reaches or "
                   "smiles at her."),
        ),
    )  # fmt: skip
    answers = CodeGroup(
        "maternal-responses",
        "Maternal responses",
        "mother",
        False,
        (
            _point("maternal-response", "Maternal response", "L", "#009e73",
                   "The mother takes up the infant's signal: answers the sound, the look or "
                   "the reach in kind."),
        ),
    )  # fmt: skip
    codebook = replace(
        base,
        version=f"{base.version}-demo",
        groups=(*base.groups, bids, answers),
        segments=(
            SegmentType("play", "Play", "#3aa655"),
            SegmentType("still-face", "Still-face", "#8c8c8c"),
            SegmentType("reunion", "Reunion", "#3b7dd8"),
        ),
        affect=(
            AffectCategory("positive", "Positive", ("sensitive", "infant-positive")),
            AffectCategory("neutral", "Neutral", ("neutral", "infant-neutral")),
            AffectCategory(
                "negative",
                "Negative",
                ("intrusive", "harsh", "unresponsive", "infant-fussy", "infant-crying"),
            ),
        ),
    )
    check_codebook(codebook, "demo codebook")
    return codebook


@dataclass(frozen=True)
class DemoProject:
    path: Path
    media_dir: Path
    session_id: int
    coder_names: tuple[str, ...]


def _modifier_value(modifier: Modifier, rng: random.Random) -> str | float:
    if modifier.kind is ModifierKind.CHOICE:
        return rng.choice(modifier.choices).id
    low = modifier.minimum if modifier.minimum is not None else 0.0
    high = modifier.maximum if modifier.maximum is not None else low + 5
    return float(round(rng.uniform(low, high)))


def _events(
    codebook: Codebook,
    timebase: Timebase,
    script: Sequence[tuple[str, float, float | None]],
    rng: random.Random,
    jitter_frames: int,
) -> list[Event]:
    events = []
    for code_id, onset_s, offset_s in script:
        if not codebook.has_code(code_id):
            continue  # the shipped codebook changed: keep the demo working
        if onset_s * 1000 >= timebase.duration_ms:
            continue  # a shorter demo (--seconds) ends before this event
        code = codebook.code(code_id)
        shift = rng.randint(-jitter_frames, jitter_frames) if onset_s > 0 else 0
        onset = timebase.clamp_frame(timebase.ms_to_frame(onset_s * 1000) + shift)
        modifiers = {m.id: _modifier_value(m, rng) for m in code.modifiers if m.required}
        if offset_s is None:
            offset = onset
        else:
            end_shift = rng.randint(-jitter_frames, jitter_frames)
            end = timebase.frame_count
            if offset_s * 1000 < timebase.duration_ms:
                end = min(end, timebase.ms_to_frame(offset_s * 1000) + end_shift)
            offset = max(end, onset + 1)
        last = offset >= timebase.frame_count
        events.append(
            Event(
                id=new_event_id(),
                code_id=code_id,
                onset_frame=onset,
                onset_ms=timebase.frame_to_ms(onset),
                offset_frame=offset,
                offset_ms=timebase.duration_ms if last else timebase.frame_to_ms(offset),
                modifiers=modifiers,
            )
        )
    return _without_exclusive_overlap(codebook, events)


def _without_exclusive_overlap(codebook: Codebook, events: list[Event]) -> list[Event]:
    """Jitter may make neighbouring states overlap: end each where the next one starts."""
    result: list[Event] = []
    last_in_group: dict[str, int] = {}
    for ev in sorted(events, key=lambda e: (e.onset_frame, e.code_id)):
        group = codebook.group_of(ev.code_id)
        if group.exclusive and not ev.is_point and group.id in last_in_group:
            i = last_in_group[group.id]
            prev = result[i]
            if prev.offset_frame is not None and prev.offset_frame > ev.onset_frame:
                result[i] = prev.with_changes(offset_frame=ev.onset_frame, offset_ms=ev.onset_ms)
        result.append(ev)
        if group.exclusive and not ev.is_point:
            last_in_group[group.id] = len(result) - 1
    return result


def _reliability_script() -> list[tuple[str, float, float | None]]:
    script: list[tuple[str, float, float | None]] = []
    for code_id, onset, offset in PRIMARY_SCRIPT:
        key = (code_id, onset)
        if key in RELIABILITY_CHANGES:
            replacement = RELIABILITY_CHANGES[key]
            if replacement is not None:
                script.append(replacement)
        else:
            script.append((code_id, onset, offset))
    return [*script, *RELIABILITY_EXTRA]


def write_demo_videos(media_dir: Path, seconds: float = SECONDS) -> tuple[Path, Path]:
    media_dir.mkdir(parents=True, exist_ok=True)
    frames = round(seconds * FPS)
    mother = media_dir / "mother-camera.mp4"
    infant = media_dir / "infant-camera.mp4"
    shift_s = INFANT_CAMERA_OFFSET_MS / 1000
    # A slim frame-number bar (tests read it back); each camera frames one partner.
    for path, camera, claps, start_s in (
        (mother, "mother", CLAPS_MOTHER_S, 0.0),
        (infant, "infant", tuple(c - shift_s for c in CLAPS_MOTHER_S), shift_s),
    ):
        write_test_video(
            path,
            frames,
            FPS,
            480,
            360,
            pattern="scene",
            camera=camera,
            gop=50,
            code_bar_fraction=DEMO_CODE_BAR,
            scene_start_s=start_s,
            audio=SyntheticAudio(claps_s=claps, tone_hz=220.0 if camera == "mother" else 0.0),
        )
    return mother, infant


def build_demo_project(
    path: str | Path, *, seconds: float = SECONDS, progress: Progress | None = None
) -> DemoProject:
    """Create the demo project at *path* (which must not exist) with its media beside it."""
    say = progress or (lambda _text: None)
    path = Path(path).resolve()
    media_dir = path.with_name(f"{path.stem}-media")
    path.parent.mkdir(parents=True, exist_ok=True)
    say(f"writing two synthetic camera videos into {media_dir}")
    mother_path, infant_path = write_demo_videos(media_dir, seconds)
    codebook = demo_codebook()
    say(f"creating {path}")
    repo = create_project(path, name="interactioncoder demo")
    try:
        return _fill(repo, path, media_dir, codebook, mother_path, infant_path)
    finally:
        repo.close()


def _fill(
    repo: ProjectRepository,
    path: Path,
    media_dir: Path,
    codebook: Codebook,
    mother_path: Path,
    infant_path: Path,
) -> DemoProject:
    with repo.atomic():
        mother = register_video(repo, mother_path)
        infant = register_video(repo, infant_path)
        timebase = repo.video_timebase(mother.id)
        assert timebase is not None
        dyad = repo.add_dyad("D01", notes="Synthetic demo dyad")
        session = repo.add_session(
            dyad.id,
            "3-month visit",
            videos=[
                SessionVideo(mother.id, 0.0, "Mother", is_master=True),
                SessionVideo(infant.id, INFANT_CAMERA_OFFSET_MS, "Infant"),
            ],
            visit="3 months",
            infant_age_days=91,
        )
        # regions of interest for the motion-energy lanes: each camera frames one partner
        repo.set_regions(session.id, "Mother", [Region.rectangle("mother", 0.1, 0.1, 0.75, 1.0)])
        repo.set_regions(session.id, "Infant", [Region.rectangle("infant", 0.2, 0.1, 0.9, 1.0)])
        version = repo.store_codebook(codebook)
        for name, start_s, end_s in PHASES:
            if start_s * 1000 >= timebase.duration_ms:
                continue  # a shorter demo ends before this phase
            first = timebase.ms_to_frame(start_s * 1000)
            end = min(timebase.frame_count, timebase.ms_to_frame(end_s * 1000))
            if end_s >= SECONDS or end_s * 1000 >= timebase.duration_ms:
                end = timebase.frame_count
            end_ms = timebase.frame_end_ms(end - 1)
            repo.add_segment(session.id, name, first, timebase.frame_to_ms(first), end, end_ms)
        alice = repo.add_coder("Alice")
        ben = repo.add_coder("Ben")
        repo.add_coder("Dr. Rivera", is_pi=True)
        rng = random.Random(7)
        primary = repo.create_coding(session.id, alice.id, version.id, CodingRole.PRIMARY)
        repo.add_events(primary.id, _events(codebook, timebase, PRIMARY_SCRIPT, rng, 0))
        reliability = repo.create_coding(session.id, ben.id, version.id, CodingRole.RELIABILITY)
        repo.add_events(reliability.id, _events(codebook, timebase, _reliability_script(), rng, 4))
        bids_rng = random.Random(11)
        for coding_id, jitter in ((primary.id, 0), (reliability.id, 2)):
            repo.add_events(
                coding_id, _events(codebook, timebase, CONTINGENCY_SCRIPT, bids_rng, jitter)
            )
        for coding_id, ratings in (
            (primary.id, PRIMARY_RATINGS),
            (reliability.id, RELIABILITY_RATINGS),
        ):
            for scale_id, value in ratings.items():
                if any(s.id == scale_id for s in codebook.scales):
                    repo.set_rating(coding_id, scale_id, value)
        repo.set_coding_status(primary.id, CodingStatus.DONE)
        repo.set_coding_status(reliability.id, CodingStatus.IN_PROGRESS)
        repo.set_coding_comment(primary.id, "Demo coding: the still-face starts around 15 s.")
    return DemoProject(path, media_dir, session.id, ("Alice", "Ben", "Dr. Rivera"))
