"""GUI tests: every test here is marked ``ui`` and runs with an offscreen Qt platform."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.ui)


# -- the coding workspace: a tiny project with a generated video --------------------------
# (fixtures for tests/ui/test_workspace*.py; the project builder is shared with the
# kill-recovery test, which starts the real app in a subprocess)

from tests.ui.workspace_project import (  # noqa: E402
    WorkspaceProject,
    build_workspace_project,
)


@pytest.fixture(scope="session")
def workspace_video(tmp_path_factory: pytest.TempPathFactory) -> object:
    from interactioncoder.media.synthetic import write_test_video

    folder = tmp_path_factory.mktemp("workspace_video")
    return write_test_video(folder / "mother.mp4", 60, fps=25, width=96, height=64)


@pytest.fixture
def workspace_project(tmp_path: object, workspace_video: object) -> WorkspaceProject:
    from pathlib import Path

    return build_workspace_project(Path(str(tmp_path)) / "study.icproj", workspace_video.path)  # type: ignore[attr-defined]
