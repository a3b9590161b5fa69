"""Relinking a moved video is an undo step: one repository call to do, one to undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from interactioncoder.core.project import Video
from interactioncoder.storage import ProjectRepository, create_project
from interactioncoder.storage.errors import StorageError
from interactioncoder.ui.undo_commands import RelinkVideoCommand, push_applied


@pytest.fixture
def project(tmp_path: Path) -> Iterator[tuple[ProjectRepository, Video]]:
    repo = create_project(tmp_path / "study.icproj", name="Study")
    video = repo.add_video("/old drive/D01 mother.mp4", 1000, "fp-old", 10_000.0, 250, 25.0, False)
    yield repo, video
    repo.close()


def test_relink_undo_redo_against_the_database(qtbot, project) -> None:
    repo, video = project
    stack = QUndoStack()
    reports: list[str] = []
    command = RelinkVideoCommand(repo, video, "/new/D01 mother.mp4", 1200, "fp-new", reports.append)
    assert push_applied(stack, command, reports.append)
    stored = repo.get_video(video.id)
    assert (stored.path, stored.size_bytes, stored.fingerprint) == (
        "/new/D01 mother.mp4",
        1200,
        "fp-new",
    )
    assert stack.count() == 1 and stack.undoText() == "relink D01 mother.mp4"
    stack.undo()
    stored = repo.get_video(video.id)
    assert (stored.path, stored.size_bytes, stored.fingerprint) == (
        "/old drive/D01 mother.mp4",
        1000,
        "fp-old",
    )
    stack.redo()
    assert repo.get_video(video.id).path == "/new/D01 mother.mp4"
    assert reports == []


def test_a_relink_the_store_refuses_leaves_no_undo_step(
    qtbot, project, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, video = project

    def refuse(*_args: object) -> Video:
        raise StorageError("the project is locked by another program")

    monkeypatch.setattr(repo, "relink_video", refuse)
    stack = QUndoStack()
    reports: list[str] = []
    command = RelinkVideoCommand(repo, video, "/new/D01.mp4", 1, "fp", reports.append)
    assert not push_applied(stack, command, reports.append)
    assert stack.count() == 0
    assert reports == [
        "relink D01 mother.mp4 was not stored: the project is locked by another program"
    ]
