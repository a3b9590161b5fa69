"""The PI's study board window: cells, draw the share, assign, reopen, save the report."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from interactioncoder.core.events import Event
from interactioncoder.core.project import CodingRole, CodingStatus
from interactioncoder.ui import study_menu
from interactioncoder.ui.reliability.view import ReliabilityView
from interactioncoder.ui.study_board import StudyBoard
from tests.ui.study_helpers import blinded_study, open_as
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


def _event(code: str, onset: int, offset: int) -> Event:
    return Event(uuid.uuid4().hex, code, onset, onset * 40.0, offset, offset * 40.0)


def _wait(qtbot, board: StudyBoard) -> None:
    handle = board.handle
    assert handle is not None
    qtbot.waitUntil(lambda: not handle.is_running, timeout=20000)
    assert handle.outcome == "succeeded", handle.error


def test_the_board_draws_assigns_reopens_and_saves(qtbot, tmp_path: Path, monkeypatch) -> None:
    study = blinded_study(tmp_path)
    window = open_as(qtbot, monkeypatch, tmp_path, study.path, "Pia", session_id=study.session_id)
    repo = window.repo
    assert repo is not None
    pia, ria = repo.list_coders()
    rob = repo.add_coder("Rob")
    board = study_menu.study_board(window)
    assert isinstance(board, StudyBoard)
    assert board.table.rowCount() == 1
    assert board.table.item(0, 0).text() == "K4471 / K4471-pretreatment"
    headers = [board.table.horizontalHeaderItem(c).text() for c in range(5)]
    assert headers == ["Session", "Progress", "Pia (PI)", "Ria", "Rob"]
    assert board.table.item(0, 1).text() == "0/1 done"
    assert board.table.item(0, 2).text() == "not started · 0 ev."  # Pia opened it first
    assert board.table.item(0, 3).text() == "—"

    draw = board.draw_dialog()
    draw.set_coder(ria.id)
    draw.share_spin.setValue(100)
    assert draw.draw is not None and draw.draw.draw.selected == (study.session_id,)
    assert "K4471 / K4471-pretreatment" in draw.preview.text()
    board.store_draw(draw.draw)
    _wait(qtbot, board)
    assert board.table.item(0, 3).text() == "reliability: not started · 0 ev."
    (ria_coding,) = repo.list_codings(coder_id=ria.id)
    assert ria_coding.role is CodingRole.RELIABILITY
    assert [s.session_ids for s in repo.list_reliability_samples()] == [(study.session_id,)]

    board.assign(study.session_id, rob.id)
    _wait(qtbot, board)
    assert board.table.item(0, 4).text() == "reliability: not started · 0 ev."

    (pia_coding,) = repo.list_codings(coder_id=pia.id)
    repo.add_events(pia_coding.id, [_event("sensitive", 0, 30), _event("intrusive", 30, 50)])
    repo.add_events(ria_coding.id, [_event("sensitive", 0, 40), _event("intrusive", 40, 50)])
    repo.set_coding_status(pia_coding.id, CodingStatus.DONE)
    board.refresh()
    assert board.table.item(0, 2).text() == "done · 2 ev."
    board.select(study.session_id, pia.id)
    assert board.selected_coding() == pia_coding.id
    board.reopen_selected()
    _wait(qtbot, board)
    assert repo.get_coding(pia_coding.id).status is CodingStatus.IN_PROGRESS
    assert board.table.item(0, 2).text() == "in progress · 2 ev."

    board.save_report(str(tmp_path / "reliability.html"))
    _wait(qtbot, board)
    assert "kappa" in (tmp_path / "reliability.html").read_text("utf-8").lower()
    board.reportRequested.emit()
    qtbot.waitUntil(
        lambda: any(isinstance(w, ReliabilityView) for w in QApplication.topLevelWidgets())
    )
