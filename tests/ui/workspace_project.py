"""A tiny coding project for the workspace tests: one session, one generated video, three
coders (two coders and a PI), and a small codebook with an exclusive group, a free state,
a point and a choice modifier. Also used by the kill-recovery script in a subprocess."""

from __future__ import annotations

from dataclasses import dataclass
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
    Subject,
)
from interactioncoder.core.project import SessionVideo
from interactioncoder.exchange.videos import register_video
from interactioncoder.storage import create_project

INTENSITY = Modifier(
    "intensity",
    "Intensity",
    ModifierKind.CHOICE,
    (ModifierChoice("low", "low", "1"), ModifierChoice("high", "high", "2")),
)

CODEBOOK = Codebook(
    id="ws",
    name="Workspace test codebook",
    version="1",
    subjects=(Subject("mother", "Mother"), Subject("infant", "Infant")),
    groups=(
        CodeGroup(
            "mat",
            "Maternal behaviour",
            "mother",
            exclusive=True,
            codes=(
                Code("sens", "Sensitive", CodeKind.STATE, "S", "#2e9d5b", modifiers=(INTENSITY,)),
                Code("intr", "Intrusive", CodeKind.STATE, "I", "#d64545"),
                Code("with", "Withdrawn", CodeKind.STATE, "W", "#5b6ee1"),
            ),
        ),
        CodeGroup(
            "inf",
            "Infant",
            "infant",
            exclusive=False,
            codes=(
                Code("gaze", "Gaze at mother", CodeKind.STATE, "G", "#f0b429"),
                Code("cry", "Cry", CodeKind.POINT, "C", "#8e44ad"),
            ),
        ),
    ),
    scales=(RatingScale("sens_global", "Sensitivity", "mother", 1, 9),),
)


@dataclass(frozen=True)
class WorkspaceProject:
    path: Path
    session_id: int
    coders: dict[str, int]  # name -> id
    frame_count: int


def build_workspace_project(
    path: Path, video_path: Path, infant_video: Path | None = None
) -> WorkspaceProject:
    repo = create_project(path, name="study")
    try:
        video = register_video(repo, video_path)
        cameras = [SessionVideo(video.id, 0.0, "mother", is_master=True)]
        if infant_video is not None:
            cameras.append(SessionVideo(register_video(repo, infant_video).id, 200.0, "infant"))
        repo.store_codebook(CODEBOOK)
        dyad = repo.add_dyad("D07")
        session = repo.add_session(dyad.id, "visit 1", cameras)
        coders = {
            c.name: c.id
            for c in (
                repo.add_coder("Ann"),
                repo.add_coder("Ben"),
                repo.add_coder("Pia", is_pi=True),
            )
        }
        return WorkspaceProject(path, session.id, coders, video.frame_count)
    finally:
        repo.close()
