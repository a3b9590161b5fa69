"""Fixtures: a fresh project with one dyad, a two-camera session, two coders and a codebook."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interactioncoder.core.codebook import Code, Codebook, CodeGroup, CodeKind, RatingScale, Subject
from interactioncoder.core.project import SessionVideo
from interactioncoder.core.timebase import Timebase
from interactioncoder.storage import ProjectRepository, create_project


def small_codebook(version: str = "1") -> Codebook:
    return Codebook(
        id="test",
        name="Test codebook",
        version=version,
        subjects=(Subject("mother", "Mother"), Subject("infant", "Infant")),
        groups=(
            CodeGroup(
                id="sens",
                name="Sensitivity",
                subject="mother",
                exclusive=True,
                codes=(
                    Code("sensitive", "Sensitive", CodeKind.STATE, "S", "#2a9d8f"),
                    Code("intrusive", "Intrusive", CodeKind.STATE, "I", "#e76f51"),
                ),
            ),
            CodeGroup(
                id="markers",
                name="Markers",
                subject="infant",
                exclusive=False,
                codes=(Code("freeze", "Freezing", CodeKind.POINT, "F", "#264653"),),
            ),
        ),
        scales=(RatingScale("sens_global", "Sensitivity", "mother", 1, 9),),
    )


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[ProjectRepository]:
    r = create_project(tmp_path / "p.icproj", name="Test project")
    yield r
    r.close()


@pytest.fixture
def populated(repo: ProjectRepository) -> dict[str, int]:
    tb = Timebase.constant(25, 250)
    v1 = repo.add_video(
        "/videos/mother.mp4",
        1000,
        "fp-m",
        tb.duration_ms,
        250,
        25.0,
        False,
        frame_times_ms=tb.frame_times_ms,
    )
    v2 = repo.add_video("/videos/infant.mp4", 1000, "fp-i", tb.duration_ms, 250, 25.0, False)
    dyad = repo.add_dyad("D001")
    session = repo.add_session(
        dyad.id,
        "visit1",
        videos=[SessionVideo(v1.id, 0.0, "mother", True), SessionVideo(v2.id, 1500.0, "infant")],
        visit="3 months",
        infant_age_days=92,
    )
    a = repo.add_coder("Alice")
    b = repo.add_coder("Bob")
    cbv = repo.store_codebook(small_codebook())
    coding = repo.create_coding(session.id, a.id, cbv.id)
    return {
        "v1": v1.id,
        "v2": v2.id,
        "dyad": dyad.id,
        "session": session.id,
        "alice": a.id,
        "bob": b.id,
        "cbv": cbv.id,
        "coding": coding.id,
    }
