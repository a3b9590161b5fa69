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


def test_the_real_coding_window_opens_the_view_seeks_and_reloads_the_consensus(
    qtbot: QtBot,
    workspace_project: object,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from PySide6.QtCore import Qt

    from interactioncoder.core.events import Event
    from interactioncoder.core.project import CodingRole
    from interactioncoder.storage import open_project
    from interactioncoder.ui.reliability import ReliabilityView
    from tests.ui.workspace_helpers import open_window, spans, stored_events
    from tests.ui.workspace_project import WorkspaceProject

    assert isinstance(workspace_project, WorkspaceProject)
    p = workspace_project
    repo = open_project(p.path)
    try:  # Ann codes Sensitive 0-20, Ben 0-26: frames 20-25 differ.
        version = repo.list_codebook_versions()[0].id
        for coder, role, end in (
            ("Ann", CodingRole.PRIMARY, 20),
            ("Ben", CodingRole.RELIABILITY, 26),
        ):
            coding = repo.create_coding(p.session_id, p.coders[coder], version, role)
            repo.add_events(coding.id, [Event(f"{coder}1", "sens", 0, 0.0, end, end * 40.0)])
    finally:
        repo.close()
    window = open_window(qtbot, p, "Pia", monkeypatch, tmp_path)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Coding")
    menu.aboutToShow.emit()
    action = next(a for a in menu.actions() if a.text() == "&Reliability…")
    assert action.isEnabled()
    action.trigger()
    view = window.findChild(ReliabilityView)
    assert view is not None
    with qtbot.waitSignal(view.computed, timeout=30_000):
        pass
    model = view.disagreement_model
    (row,) = [i for i in range(model.rowCount()) if model.item(i).method == "time-unit"]
    assert (model.item(row).start_frame, model.item(row).end_frame) == (20, 26)
    view.disagreements.selectRow(row)
    qtbot.waitUntil(lambda: window.controller.frame() == 20, timeout=5000)
    # Pia's consensus coding (made empty when the window opened the session) is filled
    # and the window shows it at once.
    dialog = view.consensus.start()
    assert dialog is not None
    qtbot.keyClick(dialog, Qt.Key.Key_B)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert spans(stored_events(p, "Pia")) == [("sens", 0, 26)]
    assert spans(window.controller.events) == [("sens", 0, 26)]
    view.close()
