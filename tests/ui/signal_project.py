"""A small project for the signal GUI tests: a generated two-person scene, two sessions."""

from __future__ import annotations

from pathlib import Path

from interactioncoder.cli import main
from interactioncoder.core.codebook import Code, Codebook, CodeGroup, CodeKind, Subject
from interactioncoder.core.codebook.writer import codebook_to_yaml

from ..signals.scenes import two_person_scene, write_scene_video

CODEBOOK = Codebook(
    id="voice",
    name="Voice",
    version="1",
    subjects=(Subject("mother", "Mother"),),
    groups=(
        CodeGroup(
            "vocal",
            "Vocal",
            "mother",
            False,
            (Code("speaking", "Speaking", CodeKind.STATE, "s", "#3366cc"),),
        ),
    ),
)
MOVES = [(40, 55), (120, 140), (200, 230)]
FOLLOW = 15


def build_signal_project(folder: Path) -> Path:
    """Sessions S1 and S2, each with camera "Wide" filming the scene (300 frames, 30 fps):
    region A moves during MOVES, region B FOLLOW frames later. No regions yet."""
    scene = two_person_scene(300, MOVES, follow=FOLLOW)
    video = write_scene_video(folder / "wide.mp4", scene)
    book = folder / "voice.yaml"
    book.write_text(codebook_to_yaml(CODEBOOK))
    path = folder / "study.icproj"
    assert main(["project", "new", str(path)]) == 0
    for name in ("S1", "S2"):
        args = ["session", "add", str(path), "--dyad", "D1", "--name", name]
        args += ["--video", str(video), "--camera", "Wide", "--codebook", str(book)]
        assert main(args) == 0
    return path
