"""Keyboard coding in the real main window: keys at known frames end up in the project file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from interactioncoder.core.project import CodingStatus
from interactioncoder.storage import open_project
from interactioncoder.ui.dialogs.modifier_popup import ModifierPopup
from interactioncoder.ui.player import SessionPlayer
from tests.ui.workspace_helpers import (
    open_window,
    press,
    shown_frame_number,
    spans,
    stored_events,
)
from tests.ui.workspace_project import WorkspaceProject

# The offscreen platform cannot size native dock windows; harmless there.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

K = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
MS_PER_FRAME = 40.0  # the generated video is 25 fps


def step_to(qtbot: QtBot, window: object, frame: int) -> None:
    c = window.controller  # type: ignore[attr-defined]
    while c.frame() < frame:
        press(qtbot, K.Key_Right)
    while c.frame() > frame:
        press(qtbot, K.Key_Left)
    assert c.frame() == frame


def test_key_coding_stores_states_points_and_modifiers(
    qtbot: QtBot,
    workspace_project: WorkspaceProject,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
    c = window.controller
    assert c.frame() == 0
    step_to(qtbot, window, 5)
    press(qtbot, K.Key_S)  # Sensitive starts; its modifier popup opens
    popup = c.popup
    assert isinstance(popup, ModifierPopup) and popup.isVisible()
    assert QApplication.focusWidget() is popup
    press(qtbot, K.Key_2)  # "high": picked, popup closes, merged into the same undo step
    assert not popup.isVisible()
    step_to(qtbot, window, 10)
    press(qtbot, K.Key_I)  # exclusive: ends Sensitive at 10, starts Intrusive at 10
    press(qtbot, K.Key_C)  # a point at 10
    step_to(qtbot, window, 13)
    press(qtbot, K.Key_I)  # ends Intrusive: it covers 10..12
    press(qtbot, K.Key_G)  # Gaze starts, stays running
    assert window.undo_stack.count() == 5
    # the real player on the generated video: the picture on screen is frame 13
    assert isinstance(c.player, SessionPlayer)
    assert shown_frame_number(window) == 13 == c.player.displayed_frame()

    events = {e.code_id: e for e in stored_events(workspace_project, "Ann")}
    assert spans(list(events.values())) == [
        ("cry", 10, 10),
        ("gaze", 13, None),
        ("intr", 10, 13),
        ("sens", 5, 10),
    ]
    assert (events["sens"].onset_ms, events["sens"].offset_ms) == (
        5 * MS_PER_FRAME,
        10 * MS_PER_FRAME,
    )
    assert dict(events["sens"].modifiers) == {"intensity": "high"}
    assert (events["intr"].onset_ms, events["intr"].offset_ms) == (400.0, 520.0)
    assert events["cry"].onset_ms == events["cry"].offset_ms == 400.0
    assert "Gaze at mother" in window.status.running_label.text()
    # what the views show (updated in memory after each commit) is what the file holds
    assert c.events == stored_events(workspace_project, "Ann")
    assert set(window.timeline.events.values()) == set(c.events)

    # one undo takes back the key press together with its modifier
    window.undo_stack.undo()
    window.undo_stack.undo()
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert spans(stored_events(workspace_project, "Ann")) == [("sens", 5, None)]
    window.undo_stack.undo()
    assert stored_events(workspace_project, "Ann") == []


def test_transport_keys(
    qtbot: QtBot,
    workspace_project: WorkspaceProject,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
    c = window.controller
    press(qtbot, K.Key_Right, SHIFT)  # one second = 25 frames
    assert c.frame() == 25
    press(qtbot, K.Key_Left)
    assert c.frame() == 24
    press(qtbot, K.Key_End)
    assert c.frame() == workspace_project.frame_count - 1
    press(qtbot, K.Key_Home)
    assert c.frame() == 0
    assert window.transport.time_label.text() == "00:00:00.000"
    step_to(qtbot, window, 3)
    assert window.transport.time_label.text() == "00:00:00.120"
    assert window.timeline.playhead == 3


def test_typing_in_text_fields_does_not_code(
    qtbot: QtBot,
    workspace_project: WorkspaceProject,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
    window.docks["comment"].raise_()
    editor = window.comment.editor
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(editor.hasFocus)
    for key in (K.Key_S, K.Key_I, K.Key_C, K.Key_Space, K.Key_G):
        press(qtbot, key)
    assert editor.toPlainText() == "sic g"
    # jump field: typing a frame number and Enter moves there, no code is marked
    jump = window.transport.jump_edit
    qtbot.mouseClick(jump, Qt.MouseButton.LeftButton)  # leaving the comment commits it
    for key in (K.Key_3, K.Key_0):
        press(qtbot, key)
    assert jump.text() == "30"
    press(qtbot, K.Key_Return)
    assert window.controller.frame() == 30
    assert stored_events(workspace_project, "Ann") == []
    repo = open_project(workspace_project.path)
    try:
        (coding,) = repo.list_codings(coder_id=workspace_project.coders["Ann"])
        assert coding.comment == "sic g"
    finally:
        repo.close()
    # back on the video, the same keys code again
    press(qtbot, K.Key_C)
    assert spans(stored_events(workspace_project, "Ann")) == [("cry", 30, 30)]


def test_exclusive_group_never_overlaps_under_key_coding(
    qtbot: QtBot,
    workspace_project: WorkspaceProject,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
    # a burst of switches, a same-frame correction, going back in time, re-pressing
    keys = {"S": K.Key_S, "I": K.Key_I, "W": K.Key_W}
    plan = "2W 2I 6S 9W 4I 12I 12S 20W 15S 25W"
    script = [(int(step[:-1]), keys[step[-1]]) for step in plan.split()]
    refusals = []
    for frame, key in script:
        step_to(qtbot, window, frame)
        count = window.undo_stack.count()
        press(qtbot, key)
        if window.undo_stack.count() == count:
            refusals.append((frame, window.status.currentMessage()))
        if window.controller.popup is not None:
            press(qtbot, K.Key_Escape)
    events = [
        e for e in stored_events(workspace_project, "Ann") if e.code_id in {"sens", "intr", "with"}
    ]
    for i, a in enumerate(events):
        for b in events[i + 1 :]:
            a_end = a.offset_frame if a.offset_frame is not None else 10**9
            b_end = b.offset_frame if b.offset_frame is not None else 10**9
            assert not (a.onset_frame < b_end and b.onset_frame < a_end), (a, b)
    # W at 2 was replaced by I at 2 (same frame); the refused presses left nothing behind
    assert spans(events) == [
        ("intr", 2, 6),
        ("sens", 6, 9),
        ("sens", 12, 20),
        ("with", 9, 12),
        ("with", 20, 25),
    ]
    # going back into coded time is refused, with the reason in the status bar
    assert [f for f, _ in refusals] == [4, 15]
    assert all("would overlap" in text for _, text in refusals)


def test_mark_done_ends_running_states_and_confirms_later_edits(
    qtbot: QtBot,
    workspace_project: WorkspaceProject,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
    c = window.controller
    step_to(qtbot, window, 4)
    press(qtbot, K.Key_G)
    step_to(qtbot, window, 8)
    window.done_action.trigger()
    assert spans(stored_events(workspace_project, "Ann")) == [("gaze", 4, 8)]
    assert c.ctx is not None and c.ctx.coding.status is CodingStatus.DONE
    asked: list[str] = []
    c.confirm = lambda title, text: asked.append(title) is None and False
    press(qtbot, K.Key_C)
    assert asked and spans(stored_events(workspace_project, "Ann")) == [("gaze", 4, 8)]
    c.confirm = lambda title, text: asked.append(title) is None
    press(qtbot, K.Key_C)
    step_to(qtbot, window, 9)
    press(qtbot, K.Key_C)
    assert len(asked) == 2  # asked once, then coding goes on
    assert len(stored_events(workspace_project, "Ann")) == 3


def test_keys_during_playback_code_the_frame_on_screen(
    qtbot: QtBot,
    workspace_project: WorkspaceProject,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
    player = window.controller.player
    seen: list[int] = []
    original = player.displayed_frame

    def displayed() -> int:
        seen.append(original())
        return seen[-1]

    monkeypatch.setattr(player, "displayed_frame", displayed)
    window.transport.speed_box.setCurrentIndex(window.transport.speed_box.findData(0.5))
    press(qtbot, K.Key_Space)
    assert player.is_playing()
    qtbot.waitUntil(lambda: original() >= 8, timeout=10000)
    before = len(seen)
    press(qtbot, K.Key_C)  # while playing
    during = seen[before:]  # what the player showed while the key was handled
    assert player.is_playing()
    press(qtbot, K.Key_Space)
    assert not player.is_playing()
    (cry,) = stored_events(workspace_project, "Ann")
    # the frame shown when the key was pressed (not the one shown when playback stopped,
    # which a loaded machine may have advanced by then)
    assert during and cry.onset_frame == during[-1] >= 8
    assert cry.onset_ms == cry.onset_frame * MS_PER_FRAME


def test_modifier_popup_never_blocks_coding(
    qtbot: QtBot,
    workspace_project: WorkspaceProject,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
    c = window.controller
    step_to(qtbot, window, 2)
    press(qtbot, K.Key_S)  # stored at once; the popup asks for the intensity
    assert c.popup is not None and c.popup.isVisible()
    assert spans(stored_events(workspace_project, "Ann")) == [("sens", 2, None)]
    press(qtbot, K.Key_Space)  # play/pause still works with the popup open
    assert c.player.is_playing()
    press(qtbot, K.Key_Space)
    step_to(qtbot, window, 6)  # so do the arrows
    press(qtbot, K.Key_G)  # another code key: the popup is skipped, Gaze is coded
    assert c.popup is None
    events = {e.code_id: e for e in stored_events(workspace_project, "Ann")}
    assert dict(events["sens"].modifiers) == {} and events["gaze"].onset_frame == 6
    press(qtbot, K.Key_S)  # ends Sensitive: no popup for an ending
    assert c.popup is None
    assert spans(stored_events(workspace_project, "Ann")) == [("gaze", 6, None), ("sens", 2, 6)]
