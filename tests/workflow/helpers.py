"""Shared builders for the workflow tests: a small codebook and tiny generated videos."""

from __future__ import annotations

from pathlib import Path

from interactioncoder.core.codebook import (
    Codebook,
)
from interactioncoder.media.synthetic import write_test_video
from interactioncoder.storage import ProjectRepository
from interactioncoder.workflow.project_setup import CoderSpec, ProjectSpec, create_study_project
from tests import factories

PASSPHRASE = "correct horse battery"


def small_codebook(version: str = "1") -> Codebook:
    return factories.small_codebook(version, markers=False, segments=("play", "still-face"))


def study_project(tmp_path: Path, *, blind: bool = True) -> ProjectRepository:
    spec = ProjectSpec(
        location=str(tmp_path / "study.icproj"),
        name="Still-face trial",
        codebook=small_codebook(),
        coders=(CoderSpec("Pia", is_pi=True), CoderSpec("Ria")),
        pi_passphrase=PASSPHRASE,
        blind_to_condition=blind,
        study_fields=("site",),
    )
    return create_study_project(spec)


def tiny_video(folder: Path, name: str, frames: int = 12) -> Path:
    return write_test_video(folder / name, frames, 25, width=64, height=48).path
