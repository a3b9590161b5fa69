"""Issue 12, "the same first day found these": each item reproduced in the real window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMenu
from pytestqt.qtbot import QtBot

from interactioncoder.ui.main_window import MainWindow
from tests.ui.workspace_helpers import open_window, press, spans, stored_events
from tests.ui.workspace_project import WorkspaceProject

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

K = Qt.Key


def code_at(qtbot: QtBot, window: MainWindow, frame: int, key: Qt.Key) -> None:
    window.controller.seek(frame)
    qtbot.waitUntil(lambda: window.controller.frame() == frame, timeout=5000)
    window.video_grid.setFocus()
    press(qtbot, key)


def toasts(window: MainWindow) -> list[str]:
    return [
        w.text() for w in window.findChildren(QLabel, "message_toast") if w.isVisible() and w.text()
    ]


# -- item 1: messages are visible, a refused go-to gives the keys back -------------------


def test_status_messages_have_room_next_to_long_running_states(
    qtbot: QtBot, workspace_project: WorkspaceProject, monkeypatch, tmp_path: Path
) -> None:
    window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
    code_at(qtbot, window, 5, K.Key_S)
    code_at(qtbot, window, 8, K.Key_G)
    bar = window.status
    bar.set_running(
        window.ctx.codebook if window.ctx else None,
        [e for e in window.controller.events if e.is_running] * 6,
    )
    bar.show_message("would overlap Gaze avoidance (frames 182-243)")
    qtbot.wait(50)
    permanent = [bar.running_label, bar.status_label, bar.position_label]
    left = min(w.geometry().left() for w in permanent if w.isVisible())
    assert left >= bar.width() * 0.4, "the running states take the message's place"
    assert bar.currentMessage() == "would overlap Gaze avoidance (frames 182-243)"


def test_a_refused_edit_is_shown_over_the_video(
    qtbot: QtBot, workspace_project: WorkspaceProject, monkeypatch, tmp_path: Path
) -> None:
    window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
    code_at(qtbot, window, 5, K.Key_I)
    code_at(qtbot, window, 15, K.Key_W)
    code_at(qtbot, window, 25, K.Key_W)
    (intr,) = [e for e in window.controller.events if e.code_id == "intr"]
    assert not window.controller.trim(intr.id, "offset", 20)
    shown = toasts(window)
    assert shown and "would overlap" in shown[0]


def test_a_refused_go_to_gives_the_keys_back_to_the_coding(
    qtbot: QtBot, workspace_project: WorkspaceProject, monkeypatch, tmp_path: Path
) -> None:
    window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
    box = window.transport.jump_edit
    box.setFocus()
    qtbot.keyClicks(box, "99999")
    qtbot.keyClick(box, K.Key_Return)
    assert QApplication.focusWidget() is not box
    assert any("past the last frame" in t for t in toasts(window))
    press(qtbot, K.Key_C)  # a code key now codes instead of typing "c" into the box
    assert "c" not in box.text().lower()
    assert [s[0] for s in spans(stored_events(workspace_project, "Ann"))] == ["cry"]


# -- item 2: a state in a gap by key; drawing an event on an empty lane ------------------


def test_a_code_key_fills_a_gap_before_a_later_event_of_its_group(
    qtbot: QtBot, workspace_project: WorkspaceProject, monkeypatch, tmp_path: Path
) -> None:
    window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
    code_at(qtbot, window, 30, K.Key_I)
    code_at(qtbot, window, 40, K.Key_I)  # Intrusive 30..39
    code_at(qtbot, window, 10, K.Key_W)  # Withdrawn in the gap before it: 10..29
    assert spans(stored_events(workspace_project, "Ann")) == [("intr", 30, 40), ("with", 10, 30)]


def test_alt_drag_on_an_empty_lane_draws_an_event_as_one_undo_step(
    qtbot: QtBot, workspace_project: WorkspaceProject, monkeypatch, tmp_path: Path
) -> None:
    from PySide6.QtCore import QPoint

    window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
    window.docks["timeline"].raise_()
    tl = window.timeline
    tl.zoom_to(0, 99)
    y = round(tl.row_rect("intr").center().y())
    alt = Qt.KeyboardModifier.AltModifier
    start, end = QPoint(round(tl.frame_to_x(20)), y), QPoint(round(tl.frame_to_x(35)), y)
    qtbot.mousePress(tl, Qt.MouseButton.LeftButton, alt, start)
    for i in range(1, 6):
        qtbot.mouseMove(tl, QPoint(start.x() + (end.x() - start.x()) * i // 5, y))
    qtbot.mouseRelease(tl, Qt.MouseButton.LeftButton, alt, end)
    assert spans(stored_events(workspace_project, "Ann")) == [("intr", 20, 35)]
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert stored_events(workspace_project, "Ann") == []


# -- items 4 and 9: the browser follows the status; a done coding reopens ----------------


def browser_status(window: MainWindow, coder: str) -> str:
    from interactioncoder.ui.panels.project_browser import SESSION_ID_ROLE

    model = window.browser.view.model()
    headers = [
        str(model.headerData(i, Qt.Orientation.Horizontal)) for i in range(model.columnCount())
    ]
    column = next(i for i, h in enumerate(headers) if h.startswith(coder))
    dyad = model.index(0, 0)
    for row in range(model.rowCount(dyad)):
        if model.index(row, 0, dyad).data(SESSION_ID_ROLE) is not None:
            return str(model.index(row, column, dyad).data())
    raise AssertionError("no session row")


def test_browser_status_follows_coding_and_marking_done(
    qtbot: QtBot, workspace_project: WorkspaceProject, monkeypatch, tmp_path: Path
) -> None:
    window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
    assert browser_status(window, "Ann") == "not started"
    code_at(qtbot, window, 5, K.Key_C)
    assert browser_status(window, "Ann") == "in progress"
    window.done_action.trigger()
    assert browser_status(window, "Ann") == "done"


def test_an_edit_after_done_reopens_the_coding_and_reopen_is_an_action(
    qtbot: QtBot, workspace_project: WorkspaceProject, monkeypatch, tmp_path: Path
) -> None:
    from interactioncoder.core.project import CodingStatus
    from interactioncoder.storage import open_project

    def stored_status() -> CodingStatus:
        repo = open_project(workspace_project.path)
        try:
            (coding,) = repo.list_codings(coder_id=workspace_project.coders["Ann"])
            return coding.status
        finally:
            repo.close()

    window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
    c = window.controller
    code_at(qtbot, window, 5, K.Key_C)
    window.done_action.trigger()
    assert stored_status() is CodingStatus.DONE
    c.confirm = lambda title, text: True
    code_at(qtbot, window, 9, K.Key_C)
    assert stored_status() is CodingStatus.IN_PROGRESS
    assert window.status.status_label.text() == "in progress"
    assert browser_status(window, "Ann") == "in progress"
    window.done_action.trigger()
    assert stored_status() is CodingStatus.DONE
    reopen = next(
        a
        for m in window.menuBar().findChildren(QMenu)
        for a in m.actions()
        if a.text().replace("&", "") == "Reopen coding"
    )
    assert reopen.isEnabled()
    reopen.trigger()
    assert stored_status() is CodingStatus.IN_PROGRESS
    assert not reopen.isEnabled() and window.done_action.isEnabled()


# -- item 7: after switching coder (or a consensus reload) the playhead is the video's frame


def test_switching_coder_keeps_the_timeline_playhead_on_the_shown_frame(
    qtbot: QtBot, workspace_project: WorkspaceProject, monkeypatch, tmp_path: Path
) -> None:
    from tests.ui.workspace_helpers import settle

    window = open_window(qtbot, workspace_project, "Pia", monkeypatch, tmp_path)
    # a PI's window opens no session by itself (nobody asked the PI to code it)
    assert window.open_session(workspace_project.session_id)
    window.controller.seek(40)
    qtbot.waitUntil(lambda: window.controller.frame() == 40, timeout=5000)
    assert window.timeline.playhead == 40
    monkeypatch.setenv("INTERACTIONCODER_CODER", "Ann")
    window.switch_coder()
    assert window.coder is not None and window.coder.name == "Ann"
    settle(qtbot, window)
    qtbot.wait(100)
    qtbot.waitUntil(lambda: window.controller.frame() == 40, timeout=5000)  # stays in place
    shown = window.controller.frame()
    assert window.timeline.playhead == shown
    assert window.transport.frame_label.text().startswith(f"frame {shown} ")


# -- item 3: the reliability view leaves the video visible and the transport keys work ---


def test_place_beside_never_covers_the_video() -> None:
    from PySide6.QtCore import QRect

    from interactioncoder.ui.reliability.hookup import MIN_SIZE, place_beside

    screen = QRect(0, 0, 1600, 1000)
    for video, roomy in (
        (QRect(0, 30, 1000, 560), True),
        (QRect(400, 0, 1200, 500), True),
        (QRect(0, 30, 1100, 900), False),  # no band is big enough: smaller, still beside
    ):
        placed = place_beside(screen, video, (1280, 860))
        assert not placed.intersects(video), (video, placed)
        assert screen.contains(placed)
        if roomy:
            assert placed.width() >= MIN_SIZE[0] and placed.height() >= MIN_SIZE[1]


def test_the_reliability_view_takes_the_transport_keys(
    qtbot: QtBot, workspace_project: WorkspaceProject, monkeypatch, tmp_path: Path
) -> None:
    from interactioncoder.ui.reliability.hookup import open_from_window
    from tests.ui.workspace_helpers import settle

    window = open_window(qtbot, workspace_project, "Pia", monkeypatch, tmp_path)
    assert window.open_session(workspace_project.session_id)
    view = open_from_window(window)
    assert view is not None
    qtbot.waitUntil(
        lambda: view.operation is not None and not view.operation.is_running, timeout=30000
    )
    view.activateWindow()
    view.stats.setFocus()
    qtbot.waitUntil(view.isActiveWindow, timeout=5000)
    start = window.controller.frame()
    qtbot.keyClick(view.stats, K.Key_Right)
    settle(qtbot, window)
    assert window.controller.frame() == start + 1
    qtbot.keyClick(view.stats, K.Key_Left)
    settle(qtbot, window)
    assert window.controller.frame() == start
    qtbot.keyClick(view.stats, K.Key_Space)
    assert window.controller.player is not None and window.controller.player.is_playing()
    qtbot.keyClick(view.stats, K.Key_Space)
    view.close()
