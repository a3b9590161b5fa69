"""The reliability view wired to a coding window (a stand-in with the window's attributes)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QWidget
from pytestqt.qtbot import QtBot

from interactioncoder.ui.reliability.hookup import add_reliability_action, open_from_window
from tests.exchange.reliability_project import PairProject, build_pair_project
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


class FakeController(QObject):
    frameChanged = Signal(int)  # noqa: N815 (Qt naming)

    def __init__(self) -> None:
        super().__init__()
        self.seeks: list[int] = []

    def seek(self, frame: int) -> None:
        self.seeks.append(frame)


class FakeWindow(QWidget):
    def __init__(self, project: PairProject, coder_id: int, session_id: int) -> None:
        super().__init__()
        self.repo = project.repo
        self.coder = project.repo.get_coder(coder_id)
        self.controller = FakeController()
        self.opened: list[int] = []
        self.ctx: SimpleNamespace | None = None
        self.open_session(session_id)

    def open_session(self, session_id: int) -> bool:
        self.opened.append(session_id)
        coding = self.repo.list_codings(session_id=session_id, coder_id=self.coder.id)
        self.ctx = SimpleNamespace(
            session=SimpleNamespace(id=session_id),
            coding=SimpleNamespace(id=coding[0].id if coding else -1),
        )
        return True


@pytest.fixture
def project(tmp_path: Path) -> Iterator[PairProject]:
    p = build_pair_project(tmp_path / "pair.icproj")
    yield p
    p.repo.close()


def test_the_menu_action_is_for_pis_only(qtbot: QtBot, project: PairProject) -> None:
    window = FakeWindow(project, project.ann_id, project.home_id)
    qtbot.addWidget(window)
    menu = QMenu(window)
    action = add_reliability_action(window, menu)
    assert not action.isEnabled()
    assert open_from_window(window) is None
    window.coder = project.repo.get_coder(project.pi_id)
    menu.aboutToShow.emit()
    assert action.isEnabled()


def test_seek_follow_and_session_switch(qtbot: QtBot, project: PairProject) -> None:
    # The window has the (not double-coded) "lab" session open.
    window = FakeWindow(project, project.pi_id, project.lab_id)
    qtbot.addWidget(window)
    view = open_from_window(window)
    assert view is not None
    with qtbot.waitSignal(view.computed, timeout=30_000):
        pass
    assert view.shown_session is not None
    assert view.shown_session.session_id == project.home_id
    # A disagreement in "home": the window opens it, then its player seeks.
    model = view.disagreement_model
    row = next(i for i in range(model.rowCount()) if model.item(i).variable_id == "gaze")
    view.disagreements.selectRow(row)
    assert window.opened == [project.lab_id, project.home_id]
    assert window.controller.seeks == [model.item(row).start_frame]
    # The window's player moves: the view's playhead follows.
    window.controller.frameChanged.emit(17)
    assert view.timeline.playhead == 17
    view.close()
