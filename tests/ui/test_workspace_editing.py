"""Timeline drags, undo/redo and blind coding in the real main window, checked in the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from interactioncoder.ui.main_window import MainWindow
from tests.ui.workspace_helpers import open_window, press, spans, stored_events
from tests.ui.workspace_project import WorkspaceProject

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
LEFT = Qt.MouseButton.LeftButton


def code_at(qtbot: QtBot, window: MainWindow, frame: int, key: Qt.Key) -> None:
    window.controller.seek(frame)
    qtbot.waitUntil(lambda: window.controller.frame() == frame, timeout=5000)
    window.video_grid.setFocus()
    press(qtbot, key)


def drag(
    qtbot: QtBot, window: MainWindow, code_id: str, from_frame: float, to_frame: float
) -> None:
    """Press on the timeline at *from_frame* in the code's row, move, release at *to_frame*."""
    tl = window.timeline
    y = round(tl.row_rect(code_id).center().y())
    start = QPoint(round(tl.frame_to_x(from_frame)), y)
    end = QPoint(round(tl.frame_to_x(to_frame)), y)
    qtbot.mousePress(tl, LEFT, pos=start)
    for i in range(1, 6):  # several moves, as a hand would: still one undo step at release
        qtbot.mouseMove(tl, QPoint(start.x() + (end.x() - start.x()) * i // 5, y))
    qtbot.mouseRelease(tl, LEFT, pos=end)


def test_trim_and_move_by_drag_then_undo_redo_everything(
    qtbot: QtBot,
    workspace_project: WorkspaceProject,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
    window.docks["timeline"].raise_()
    window.timeline.zoom_to_fit()
    code_at(qtbot, window, 10, K.Key_G)
    code_at(qtbot, window, 20, K.Key_G)  # gaze covers 10..19
    code_at(qtbot, window, 30, K.Key_C)  # a point
    history = [spans(stored_events(workspace_project, "Ann"))]
    assert history[0] == [("cry", 30, 30), ("gaze", 10, 20)]

    # the offset edge sits at the boundary before frame 20: drag it to frame 26
    drag(qtbot, window, "gaze", 20, 26)
    history.append(spans(stored_events(workspace_project, "Ann")))
    assert history[-1] == [("cry", 30, 30), ("gaze", 10, 26)]

    # grab the body (frame 15.5) and move it 8 frames left
    drag(qtbot, window, "gaze", 15.5, 7.5)
    history.append(spans(stored_events(workspace_project, "Ann")))
    assert history[-1] == [("cry", 30, 30), ("gaze", 2, 18)]
    (gaze,) = [e for e in stored_events(workspace_project, "Ann") if e.code_id == "gaze"]
    assert (gaze.onset_ms, gaze.offset_ms) == (80.0, 720.0)

    # drag the point to frame 40
    drag(qtbot, window, "cry", 30.5, 40.5)
    history.append(spans(stored_events(workspace_project, "Ann")))
    assert history[-1] == [("cry", 40, 40), ("gaze", 2, 18)]

    # the onset edge: to frame 5
    drag(qtbot, window, "gaze", 2, 5)
    history.append(spans(stored_events(workspace_project, "Ann")))
    assert history[-1] == [("cry", 40, 40), ("gaze", 5, 18)]

    n_edits = 3 + 4  # three key presses, four drags: one undo step each
    assert window.undo_stack.count() == n_edits
    full = [spans(stored_events(workspace_project, "Ann"))]
    for _ in range(n_edits):  # Ctrl+Z all the way back, checking the file each time
        window.video_grid.setFocus()
        press(qtbot, K.Key_Z, CTRL)
        full.append(spans(stored_events(workspace_project, "Ann")))
    assert full[-1] == []
    assert full[:5] == history[::-1]
    for expected in reversed(full[:-1]):  # and forward again with Ctrl+Shift+Z
        press(qtbot, K.Key_Z, CTRL_SHIFT)
        assert spans(stored_events(workspace_project, "Ann")) == expected
    assert window.timeline.events.keys() == {e.id for e in stored_events(workspace_project, "Ann")}


def test_drag_into_exclusive_neighbour_is_refused_or_clamped(
    qtbot: QtBot,
    workspace_project: WorkspaceProject,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
    code_at(qtbot, window, 5, K.Key_I)
    code_at(qtbot, window, 15, K.Key_W)  # Intrusive 5..14, Withdrawn from 15 (running)
    code_at(qtbot, window, 25, K.Key_W)  # Withdrawn 15..24
    drag(qtbot, window, "intr", 15, 22)  # into Withdrawn: the timeline stops at 15
    assert spans(stored_events(workspace_project, "Ann")) == [("intr", 5, 15), ("with", 15, 25)]
    # a refused edit through the controller leaves the file and the undo stack alone
    count = window.undo_stack.count()
    (intr,) = [e for e in stored_events(workspace_project, "Ann") if e.code_id == "intr"]
    assert not window.controller.trim(intr.id, "offset", 20)
    assert "would overlap" in window.status.currentMessage()
    assert window.undo_stack.count() == count


def test_blind_coding_and_pi_comparison(
    qtbot: QtBot,
    workspace_project: WorkspaceProject,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    ann = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
    code_at(qtbot, ann, 3, K.Key_C)
    ann.close()

    ben = open_window(qtbot, workspace_project, "Ben", monkeypatch, tmp_path)
    assert ben.ctx is not None and ben.ctx.coding.role.value == "reliability"
    assert ben.timeline.events == {} and ben.timeline.lane_names == []
    assert ben.event_list.model.events() == []
    code_at(qtbot, ben, 8, K.Key_C)
    assert spans(stored_events(workspace_project, "Ben")) == [("cry", 8, 8)]
    assert spans(stored_events(workspace_project, "Ann")) == [("cry", 3, 3)]  # untouched
    assert [e.onset_frame for e in ben.timeline.events.values()] == [8]
    ben.close()

    pia = open_window(qtbot, workspace_project, "Pia", monkeypatch, tmp_path)
    assert sorted(pia.timeline.lane_names) == ["Ann", "Ben"]
    lanes = dict(zip(pia.timeline.lane_names, pia.timeline.lane_events, strict=True))
    assert [e.onset_frame for e in lanes["Ann"].values()] == [3]
    assert [e.onset_frame for e in lanes["Ben"].values()] == [8]
    assert pia.timeline.events == {}  # the PI's own coding is separate
