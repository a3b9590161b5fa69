"""Acceptance: a whole study in the app, from empty settings to an exported CSV, no CLI.

New project (dialog) → two videos as one two-camera session (dialog) → segments from a
template → a coder codes with real key presses and rates → the PI draws the reliability
share on the study board → a second coder codes blind → the PI opens the reliability
report, builds a consensus and exports through the export runner. The stored rows are
checked after every step (a fresh connection to the project file each time).

Who is coding is given by ``INTERACTIONCODER_CODER`` (and a PI's passphrase by
``INTERACTIONCODER_PI_PASSPHRASE``), the app's own non-interactive route past the modal
"Who is coding?" dialog. The consensus covers events and ratings (the PI decides the one
rating disagreement).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from interactioncoder.core.project import CodingRole, CodingStatus
from interactioncoder.media.synthetic import write_test_video
from interactioncoder.storage import ProjectRepository, open_project
from interactioncoder.ui import export_menu, player_factory, study_menu
from interactioncoder.ui.dialogs.add_sessions_dialog import AGE, CAMERA, VISIT
from interactioncoder.ui.main_window import CODER_ENV, PASSPHRASE_ENV, MainWindow
from interactioncoder.ui.reliability.hookup import open_from_window
from interactioncoder.ui.study_board import StudyBoard
from interactioncoder.workflow.blinding import hidden_values
from tests.ui.study_helpers import all_texts, leaks
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING
from tests.ui.workspace_helpers import press

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)
PASSPHRASE = "still-face 2027"
K = Qt.Key
T = TypeVar("T")


def rows(path: Path, read: Callable[[ProjectRepository], T]) -> T:
    """What the project FILE holds now (a fresh connection)."""
    repo = open_project(path)
    try:
        return read(repo)
    finally:
        repo.close()


def step_to(qtbot: QtBot, window: MainWindow, frame: int) -> None:
    """Step with the arrow keys (a switched coder keeps the frame on screen)."""
    while window.controller.frame() < frame:
        press(qtbot, K.Key_Right)
    while window.controller.frame() > frame:
        press(qtbot, K.Key_Left)
    assert window.controller.frame() == frame


def become(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv(CODER_ENV, name)
    window.switch_coder()
    qtbot.wait(20)  # the last coder's dialogs are deleted
    assert window.coder is not None and window.coder.name == name
    window.activateWindow()
    window.video_grid.setFocus()


def code_keys(qtbot: QtBot, window: MainWindow, keys: list[tuple[int, Qt.Key]]) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.video_grid.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    for frame, key in keys:
        step_to(qtbot, window, frame)
        press(qtbot, key)


def events_of(path: Path, name: str) -> list[tuple[str, int, int | None]]:
    def read(repo: ProjectRepository) -> list[tuple[str, int, int | None]]:
        coder = repo.find_coder(name)
        assert coder is not None
        return sorted(
            (e.code_id, e.onset_frame, e.offset_frame)
            for c in repo.list_codings(coder_id=coder.id)
            for e in repo.list_events(c.id)
        )

    return rows(path, read)


def test_a_whole_study_from_empty_settings_to_an_exported_csv(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(player_factory, "ASK_RELINK", False)
    monkeypatch.setenv(CODER_ENV, "Pia")
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    settings = QSettings(str(tmp_path / "empty.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    assert window.recent_projects() == [] and window.repo is None

    # 1. File ▸ New project…
    new = study_menu.new_project(window)
    project = tmp_path / "trial.icproj"
    new.location_edit.setText(str(project))
    new.name_edit.setText("Still-face trial")
    new.codebook_combo.setCurrentText("face-to-face-still-face")
    for name, pi in (("Pia", True), ("Ria", False), ("Rob", False)):
        new.add_coder_row(name, pi)
    new.passphrase_edit.setText(PASSPHRASE)
    new.passphrase_repeat.setText(PASSPHRASE)
    new.blind_check.setChecked(True)
    new.buttons.accepted.emit()
    qtbot.waitUntil(lambda: window.repo is not None, timeout=20000)
    assert window.coder is not None and window.coder.name == "Pia" and window.coder.is_pi
    assert rows(project, lambda repo: [(c.name, c.is_pi) for c in repo.list_coders()]) == [
        ("Pia", True),
        ("Ria", False),
        ("Rob", False),
    ]
    assert rows(project, lambda repo: repo.blind_to_condition) is True

    # 2. File ▸ Study ▸ Add sessions…: two cameras of one session
    media = tmp_path / "media"
    media.mkdir()
    for name in ("D017_mother.mp4", "D017_infant.mp4"):
        write_test_video(media / name, 75, fps=25, width=96, height=64)
    add = study_menu.add_sessions(window)
    assert add is not None
    add.add_paths([media])
    assert add.table.rowCount() == 2
    add.set_cell(0, VISIT, "pre")
    add.set_cell(0, AGE, "120")
    cameras = sorted(add.cell(r, CAMERA) for r in range(2))
    add.add_button.click()
    qtbot.waitUntil(lambda: add.report is not None, timeout=30000)
    add.reject()
    (session,) = rows(project, lambda repo: repo.list_sessions())
    assert (session.visit, session.infant_age_days) == ("pre", 120)
    assert sorted(v.camera for v in session.videos) == cameras
    assert sum(v.is_master for v in session.videos) == 1
    sid = session.id
    code = rows(project, lambda repo: repo.blind_codes())[sid]
    assert window.browser.select_session(session.id)

    # 3. Coding ▸ Segments from template… on the chosen session (not opened: no coding)
    template = study_menu.segment_template(window)
    assert template is not None
    for row in range(3):
        template.table.item(row, 1).setText("1")
    template.accept()
    assert rows(
        project,
        lambda repo: [(s.name, s.onset_frame, s.offset_frame) for s in repo.list_segments(sid)],
    ) == [("Play", 0, 25), ("Still-face", 25, 50), ("Reunion", 50, 75)]
    assert rows(project, lambda repo: repo.list_codings()) == []

    # 4. Ria codes with the keyboard (blind: she sees the code only) and rates
    become(qtbot, window, monkeypatch, "Ria")
    assert window.open_session(session.id)
    assert code in window.windowTitle() and "D017" not in window.windowTitle()
    code_keys(qtbot, window, [(0, K.Key_S), (10, K.Key_D), (20, K.Key_D)])
    play = rows(project, lambda repo: repo.list_segments(sid)[0].id)
    window.ratings.ratingChanged.emit("infant-positive-affect", 3, play)
    window.done_action.trigger()
    assert events_of(project, "Ria") == [("infant-object", 10, 20), ("infant-withdrawn", 0, 10)]
    ria = rows(project, lambda repo: [(c.role, c.status) for c in repo.list_codings(coder_id=2)])
    assert ria == [(CodingRole.PRIMARY, CodingStatus.DONE)]
    assert rows(project, lambda repo: [(r.scale_id, r.value) for r in repo.list_ratings(1)]) == [
        ("infant-positive-affect", 3)
    ]
    hidden = rows(project, lambda repo: hidden_values(repo, sid))
    assert leaks(all_texts(window), frozenset(hidden)) == []

    # 5. The PI draws the reliability share on the study board (Rob, every session)
    become(qtbot, window, monkeypatch, "Pia")
    board = study_menu.study_board(window)
    assert isinstance(board, StudyBoard)
    draw = board.draw_dialog()
    draw.set_coder(rows(project, lambda repo: repo.get_coder(3).id))
    draw.share_spin.setValue(100)
    assert draw.draw is not None and draw.draw.draw.selected == (session.id,)
    board.store_draw(draw.draw)
    qtbot.waitUntil(lambda: board.handle is not None and not board.handle.is_running)
    board.accept()
    assert rows(
        project, lambda repo: [(s.coder_id, s.session_ids) for s in repo.list_reliability_samples()]
    ) == [(3, (session.id,))]

    # 6. Rob codes blind: his own coding only, the session under its code
    become(qtbot, window, monkeypatch, "Rob")
    assert window.ctx is not None and window.ctx.coding.role is CodingRole.RELIABILITY
    assert window.ctx.others == () and code in window.windowTitle()
    code_keys(qtbot, window, [(0, K.Key_S), (14, K.Key_D), (20, K.Key_D)])
    window.ratings.ratingChanged.emit("infant-positive-affect", 4, play)
    window.done_action.trigger()
    assert events_of(project, "Rob") == [("infant-object", 14, 20), ("infant-withdrawn", 0, 14)]

    # 7. The PI opens the reliability report and builds the consensus (keyboard)
    become(qtbot, window, monkeypatch, "Pia")
    view = open_from_window(window)
    assert view is not None
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.result is not None, timeout=30000)
    dialog = view.consensus.start()
    assert dialog is not None and len(dialog.items) >= 1
    qtbot.waitExposed(dialog)
    for _ in dialog.items:
        qtbot.keyClick(dialog, K.Key_A)  # Ria's version each time
    # the one rating disagreement (Ria 3, Rob 4 in play): the PI takes Rob's value
    assert len(dialog.rating_boxes) == 1
    for box in dialog.rating_boxes.values():
        box.setCurrentIndex(box.findData("B"))
    with qtbot.waitSignal(view.consensusCreated, timeout=10000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    consensus = rows(
        project,
        lambda repo: [(c.coder_id, c.status) for c in repo.list_codings(role=CodingRole.CONSENSUS)],
    )
    assert consensus == [(1, CodingStatus.IN_PROGRESS)]  # the PI marks it done when satisfied
    assert events_of(project, "Pia") == events_of(project, "Ria")
    pia_ratings = rows(
        project,
        lambda repo: [
            (r.scale_id, r.value, r.segment_id)
            for c in repo.list_codings(role=CodingRole.CONSENSUS)
            for r in repo.list_ratings(c.id)
        ],
    )
    assert pia_ratings == [("infant-positive-affect", 4, play)]

    # 8. The PI exports the events table (the export runner, off the GUI thread)
    out = tmp_path / "events.csv"
    monkeypatch.setattr(export_menu, "choose_target", lambda *a: str(out))
    monkeypatch.setattr(export_menu, "show_message", lambda *a: QMessageBox())
    handle = export_menu.export(window, window.repo, window.coder, "csv", ("events",), "file", "")
    assert handle is not None
    qtbot.waitUntil(lambda: not handle.is_running, timeout=30000)
    assert handle.outcome == "succeeded", handle.error
    with out.open(encoding="utf-8-sig") as f:
        table = list(csv.DictReader(f))
    got = sorted((r["coder"], r["role"], r["code"], r["onset_frame"]) for r in table)
    assert got == sorted(
        [
            ("Ria", "primary", "infant-withdrawn", "0"),
            ("Ria", "primary", "infant-object", "10"),
            ("Rob", "reliability", "infant-withdrawn", "0"),
            ("Rob", "reliability", "infant-object", "14"),
            ("Pia", "consensus", "infant-withdrawn", "0"),
            ("Pia", "consensus", "infant-object", "10"),
        ]
    )
    assert {r["dyad"] for r in table} == {"D017"}  # the PI's export names the dyad
