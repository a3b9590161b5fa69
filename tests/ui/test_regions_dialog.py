"""The regions dialog driven with the mouse: drawn rectangles are stored as one undo step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from interactioncoder.core.regions import Region
from interactioncoder.storage import ProjectRepository, open_project
from interactioncoder.ui.dialogs.regions_dialog import RegionsDialog

from .signal_project import build_signal_project

LEFT = Qt.MouseButton.LeftButton
NOMOD = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def repo(tmp_path: Path) -> ProjectRepository:
    r = open_project(build_signal_project(tmp_path))
    yield r
    r.close()


def _session(repo: ProjectRepository, name: str) -> int:
    return next(s.id for s in repo.list_sessions() if s.name == name)


def _dialog(qtbot: QtBot, repo: ProjectRepository, stack: QUndoStack) -> RegionsDialog:
    errors: list[str] = []
    d = RegionsDialog(repo, _session(repo, "S1"), stack, errors.append, frame=10)
    qtbot.addWidget(d)
    d.resize(1000, 600)
    d.show()
    qtbot.waitExposed(d)
    qtbot.waitUntil(lambda: d.canvas.image is not None, timeout=20_000)
    return d


def _drag(qtbot: QtBot, d: RegionsDialog, a: tuple[float, float], b: tuple[float, float]) -> None:
    c = d.canvas
    start, end = c.to_widget(*a).toPoint(), c.to_widget(*b).toPoint()
    qtbot.mousePress(c, LEFT, NOMOD, start)
    qtbot.mouseMove(c, QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    qtbot.mouseMove(c, end)
    qtbot.mouseRelease(c, LEFT, NOMOD, end)


def test_drawn_rectangles_are_stored_as_one_undo_step(
    qtbot: QtBot, repo: ProjectRepository
) -> None:
    stack = QUndoStack()
    d = _dialog(qtbot, repo, stack)
    assert d.canvas.image.width() == 320  # the decoded still, scene scaled x2
    _drag(qtbot, d, (0.05, 0.1), (0.45, 0.9))
    _drag(qtbot, d, (0.55, 0.1), (0.95, 0.9))
    assert [r.name for r in d.edited["Wide"]] == ["region 1", "region 2"]
    assert d.rename(0, "mother") and d.rename(1, "infant")
    # refusals are shown in the dialog and change nothing
    assert not d.rename(1, "mother")
    assert "already has a region 'mother'" in d.error.text()
    assert not d.rename(0, "  ")
    assert "needs a name" in d.error.text()
    assert d.names.item(0).text() == "mother"
    d.save()
    stored = repo.list_regions(_session(repo, "S1"))["Wide"]
    assert [r.name for r in stored] == ["infant", "mother"]
    mother = next(r for r in stored if r.name == "mother")
    (x0, y0), (x1, y1) = mother.points
    assert x0 == pytest.approx(0.05, abs=0.01) and x1 == pytest.approx(0.45, abs=0.01)
    assert y0 == pytest.approx(0.1, abs=0.01) and y1 == pytest.approx(0.9, abs=0.01)
    assert stack.count() == 1
    stack.undo()
    assert repo.list_regions(_session(repo, "S1")) == {}
    stack.redo()
    assert len(repo.list_regions(_session(repo, "S1"))["Wide"]) == 2


def test_copy_from_another_session_and_delete(qtbot: QtBot, repo: ProjectRepository) -> None:
    repo.set_regions(_session(repo, "S2"), "Wide", [Region.rectangle("face", 0.1, 0.1, 0.3, 0.3)])
    stack = QUndoStack()
    d = _dialog(qtbot, repo, stack)
    d.source.setCurrentIndex(d.source.findText("S2"))
    d.copy_from_selected()
    assert [r.name for r in d.edited["Wide"]] == ["face"]
    _drag(qtbot, d, (0.5, 0.5), (0.9, 0.9))
    d.names.setCurrentRow(0)
    d.delete_selected()
    assert [r.name for r in d.edited["Wide"]] == ["region 2"]
    d.save()
    assert [r.name for r in repo.list_regions(_session(repo, "S1"))["Wide"]] == ["region 2"]
    assert stack.count() == 1


def test_a_click_selects_and_a_tiny_drag_draws_nothing(
    qtbot: QtBot, repo: ProjectRepository
) -> None:
    stack = QUndoStack()
    d = _dialog(qtbot, repo, stack)
    _drag(qtbot, d, (0.1, 0.1), (0.4, 0.4))
    d.names.setCurrentRow(-1)
    qtbot.mouseClick(d.canvas, LEFT, NOMOD, d.canvas.to_widget(0.2, 0.2).toPoint())
    assert d.names.currentRow() == 0 and len(d.edited["Wide"]) == 1
    d.save()  # saving with the regions unchanged from the store is no step at all
    d2 = _dialog(qtbot, repo, stack)
    d2.save()
    assert stack.count() == 1
