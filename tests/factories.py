"""Shared test factories: codebooks, events, timebases, projects and agreement counts.

Tests describe only what matters to them::

    book = codebook(
        group("gaze", state("mother"), state("away"), subject="infant", exclusive=True),
        group("touch", state("stroke"), point("smile")),
        scales=[scale("sens", 1, 9)],
    )

Names default to the id, colours come from a fixed palette and keys are given only where
a test presses them (codes without a key are valid).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

from interactioncoder.core.codebook import (
    Code,
    Codebook,
    CodeGroup,
    CodeKind,
    Modifier,
    RatingScale,
    ScaleScope,
    SegmentType,
    Subject,
)
from interactioncoder.core.events import Event, ModifierValue
from interactioncoder.core.project import Coding, CodingRole
from interactioncoder.core.timebase import Timebase
from interactioncoder.storage import ProjectRepository, create_project

FPS = 25.0
PALETTE = ("#2a9d8f", "#e76f51", "#264653", "#e9c46a", "#8e44ad", "#3a86ff", "#6a994e")
_colours = itertools.cycle(PALETTE)
_event_ids = itertools.count()


# -- codebooks -----------------------------------------------------------------------
def state(
    code_id: str,
    *,
    key: str = "",
    name: str | None = None,
    color: str | None = None,
    modifiers: Sequence[Modifier] = (),
    definition: str = "",
) -> Code:
    return Code(
        code_id, name or code_id, CodeKind.STATE, key, color or next(_colours), definition,
        modifiers=tuple(modifiers),
    )  # fmt: skip


def point(
    code_id: str,
    *,
    key: str = "",
    name: str | None = None,
    color: str | None = None,
    modifiers: Sequence[Modifier] = (),
) -> Code:
    return Code(
        code_id, name or code_id, CodeKind.POINT, key, color or next(_colours),
        modifiers=tuple(modifiers),
    )  # fmt: skip


def group(
    group_id: str,
    *codes: Code,
    subject: str = "mother",
    exclusive: bool = False,
    name: str | None = None,
) -> CodeGroup:
    return CodeGroup(group_id, name or group_id, subject, exclusive, tuple(codes))


def scale(
    scale_id: str,
    minimum: int,
    maximum: int,
    *,
    subject: str = "mother",
    name: str | None = None,
    per_segment: bool = False,
) -> RatingScale:
    scope = ScaleScope.SEGMENT if per_segment else ScaleScope.SESSION
    return RatingScale(scale_id, name or scale_id, subject, minimum, maximum, scope)


def codebook(
    *groups: CodeGroup,
    scales: Sequence[RatingScale] = (),
    segments: Sequence[str | SegmentType] = (),
    codebook_id: str = "cb",
    name: str = "Test codebook",
    version: str = "1",
    **extra: object,
) -> Codebook:
    """A codebook of *groups*; its subjects are the groups' and scales' subjects."""
    subject_ids = dict.fromkeys([g.subject for g in groups] + [s.subject for s in scales])
    return Codebook(
        id=codebook_id,
        name=name,
        version=version,
        subjects=tuple(Subject(s, s.title()) for s in subject_ids),
        groups=tuple(groups),
        scales=tuple(scales),
        segments=tuple(s if isinstance(s, SegmentType) else SegmentType(s, s) for s in segments),
        **extra,  # type: ignore[arg-type]
    )


# -- time and events -----------------------------------------------------------------
def timebase(frames: int, fps: float = FPS) -> Timebase:
    return Timebase.constant(fps, frames)


def ev(
    code_id: str,
    onset: int,
    offset: int | None = None,
    *,
    fps: float = FPS,
    eid: str | None = None,
    modifiers: Mapping[str, ModifierValue] | None = None,
    comment: str = "",
) -> Event:
    """A finished state onset..offset-1 (offset is the first frame after it), or a point
    at *onset* when *offset* is None; times at a constant *fps*."""
    step = 1000.0 / fps
    off = onset if offset is None else offset
    return Event(
        eid or f"e{next(_event_ids)}", code_id, onset, onset * step, off, off * step,
        dict(modifiers or {}), comment,
    )  # fmt: skip


def running(code_id: str, onset: int, *, fps: float = FPS, eid: str | None = None) -> Event:
    """A state that is still running (no offset yet)."""
    return Event(eid or f"e{next(_event_ids)}", code_id, onset, onset * 1000.0 / fps)


# -- projects ------------------------------------------------------------------------
def project(
    path: Path,
    book: Codebook,
    *,
    sessions: int = 1,
    coders: Iterable[str] = ("Alice", "Ben"),
    pi: str | None = "Dr. Rivera",
    visits: Sequence[str] = (),
) -> ProjectRepository:
    """A project file with the codebook, the coders (+ a PI), one dyad per session
    (D01, D02 ...; visit from *visits* in turn) and no videos. The caller closes it."""
    repo = create_project(path, name="test project")
    repo.store_codebook(book)
    for name in coders:
        repo.add_coder(name)
    if pi is not None:
        repo.add_coder(pi, is_pi=True)
    for i in range(sessions):
        dyad = repo.add_dyad(f"D{i + 1:02d}")
        visit = visits[i % len(visits)] if visits else ""
        repo.add_session(dyad.id, "visit", visit=visit)
    return repo


def coding(
    repo: ProjectRepository,
    session_id: int,
    coder: str,
    events: Iterable[Event] = (),
    role: CodingRole = CodingRole.PRIMARY,
) -> Coding:
    """A coding of *session_id* by the named coder with *events*; returns it."""
    version = max(repo.list_codebook_versions(), key=lambda v: v.id)
    who = repo.find_coder(coder)
    assert who is not None, f"no coder {coder!r}"
    made = repo.create_coding(session_id, who.id, version.id, role)
    repo.add_events(made.id, list(events))
    return made


# -- agreement counts ----------------------------------------------------------------
def confusion_counts(
    table: Sequence[Sequence[int]], categories: Sequence[str] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Two raters' labels that produce the confusion *table* (rows: rater A, columns: B),
    in a fixed order: (labels of A, labels of B)."""
    counts = np.asarray(table, dtype=int)
    names = list(categories or [str(i) for i in range(counts.shape[0])])
    a: list[str] = []
    b: list[str] = []
    for i, j in itertools.product(range(counts.shape[0]), range(counts.shape[1])):
        a += [names[i]] * int(counts[i, j])
        b += [names[j]] * int(counts[i, j])
    return np.array(a), np.array(b)


def small_codebook(
    version: str = "1", *, markers: bool = True, segments: Sequence[str] = ()
) -> Codebook:
    """The storage and workflow tests' codebook: maternal sensitivity (exclusive states S,
    I), an infant freezing marker (F) and a 1-9 sensitivity scale."""
    groups = [
        group(
            "sens",
            state("sensitive", key="S", name="Sensitive", color="#2a9d8f"),
            state("intrusive", key="I", name="Intrusive", color="#e76f51"),
            exclusive=True,
            name="Sensitivity",
        )
    ]
    if markers:
        groups.append(
            group(
                "markers",
                point("freeze", key="F", name="Freezing", color="#264653"),
                subject="infant",
                name="Markers",
            )
        )
    return Codebook(
        id="test",
        name="Test codebook",
        version=version,
        subjects=(Subject("mother", "Mother"), Subject("infant", "Infant")),
        groups=tuple(groups),
        scales=(RatingScale("sens_global", "Sensitivity", "mother", 1, 9),),
        segments=tuple(SegmentType(s, s.capitalize()) for s in segments),
    )
