"""Undo commands against a real project, refused edits, shortcut rebinding, missing video."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QUndoStack
from pytestqt.qtbot import QtBot

from interactioncoder.core.events import Event, EventChangeSet
from interactioncoder.core.project import CodingStatus, Segment
from interactioncoder.core.timebase import Timebase
from interactioncoder.core.timefmt import format_timecode
from interactioncoder.storage import open_project
from interactioncoder.storage.errors import ProjectInUseError
from interactioncoder.ui.clock_player import ClockPlayer
from interactioncoder.ui.shortcuts import ShortcutBindings, ShortcutConflict
from interactioncoder.ui.transport_bar import parse_jump
from interactioncoder.ui.undo_commands import (
    CodingCommentCommand,
    CodingStatusCommand,
    EventChangeCommand,
    RatingCommand,
    SegmentEditCommand,
    VideoOffsetCommand,
    push_applied,
)
from tests.ui.workspace_helpers import open_window, press, spans, stored_events
from tests.ui.workspace_project import CODEBOOK, WorkspaceProject

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def coding(workspace_project: WorkspaceProject):  # type: ignore[no-untyped-def]
    repo = open_project(workspace_project.path)
    version = repo.list_codebook_versions()[0]
    c = repo.create_coding(
        workspace_project.session_id, workspace_project.coders["Ann"], version.id
    )
    yield repo, c
    repo.close()


def test_each_command_does_and_undoes_one_repository_call(coding) -> None:  # type: ignore[no-untyped-def]
    repo, c = coding
    stack = QUndoStack()
    errors: list[str] = []
    e = Event("e1", "cry", 3, 120.0, 3, 120.0)
    assert push_applied(
        stack, EventChangeCommand(repo, c.id, EventChangeSet(added=(e,))), errors.append
    )
    assert push_applied(stack, RatingCommand(repo, c.id, "sens_global", 7), errors.append)
    assert push_applied(stack, CodingCommentCommand(repo, c.id, "noisy room"), errors.append)
    assert push_applied(stack, CodingStatusCommand(repo, c.id, CodingStatus.DONE), errors.append)
    seg = Segment(0, c.session_id, "still face", 10, 400.0, 20, 800.0)
    assert push_applied(stack, SegmentEditCommand(repo, None, seg), errors.append)
    (stored_seg,) = repo.list_segments(c.session_id)
    moved = Segment(stored_seg.id, c.session_id, "still face", 12, 480.0, 20, 800.0)
    assert push_applied(stack, SegmentEditCommand(repo, stored_seg, moved), errors.append)
    session = repo.get_session(c.session_id)
    video_id = session.videos[0].video_id
    assert push_applied(
        stack, VideoOffsetCommand(repo, c.session_id, video_id, 250.0), errors.append
    )

    def state() -> tuple[object, ...]:
        coding_now = repo.get_coding(c.id)
        return (
            [x.id for x in repo.list_events(c.id)],
            [(r.scale_id, r.value) for r in repo.list_ratings(c.id)],
            coding_now.comment,
            coding_now.status,
            [(s.name, s.onset_frame) for s in repo.list_segments(c.session_id)],
            repo.get_session(c.session_id).videos[0].offset_ms,
        )

    done = state()
    assert done == (
        ["e1"],
        [("sens_global", 7)],
        "noisy room",
        CodingStatus.DONE,
        [("still face", 12)],
        250.0,
    )
    states = [done]
    while stack.canUndo():
        stack.undo()
        states.append(state())
    # (the store marks a coding in progress at its first event edit; undo keeps that)
    assert states[-1] == ([], [], "", CodingStatus.IN_PROGRESS, [], 0.0)
    for expected in reversed(states[:-1]):
        stack.redo()
        assert state() == expected
    assert errors == []


def test_a_refused_store_call_pushes_nothing(coding) -> None:  # type: ignore[no-untyped-def]
    repo, c = coding
    stack = QUndoStack()
    errors: list[str] = []
    ghost = Event("ghost", "cry", 3, 120.0, 3, 120.0)  # not stored: removing it conflicts
    command = EventChangeCommand(repo, c.id, EventChangeSet(removed=(ghost,)))
    assert not push_applied(stack, command, errors.append)
    assert stack.count() == 0 and "no longer stored" in errors[0]

    class Locked(RatingCommand):
        def _do(self) -> None:
            raise ProjectInUseError("the project is locked by another program")

    assert not push_applied(stack, Locked(repo, c.id, "sens_global", 3), errors.append)
    assert stack.count() == 0 and "locked" in errors[1]


def test_an_undo_the_store_refuses_drops_the_command(coding) -> None:  # type: ignore[no-untyped-def]
    repo, c = coding
    stack = QUndoStack()
    errors: list[str] = []
    e = Event("e1", "cry", 3, 120.0, 3, 120.0)
    cmd = EventChangeCommand(repo, c.id, EventChangeSet(added=(e,)), errors.append)
    assert push_applied(stack, cmd, errors.append)
    # someone else changed the event meanwhile (another window, an import)
    repo.apply_event_changes(c.id, EventChangeSet(removed=(e,)))
    stack.undo()
    assert errors and "Could not undo" in errors[0]
    assert stack.count() == 0  # obsolete: dropped rather than left out of step


def test_shortcut_rebinding_refuses_conflicts_and_persists(tmp_path: Path) -> None:
    ini = str(tmp_path / "s.ini")
    bindings = ShortcutBindings(QSettings(ini, QSettings.Format.IniFormat))
    assert bindings.key("play_pause") == "Space"
    with pytest.raises(ShortcutConflict, match="Sensitive"):
        bindings.rebind("play_pause", "s", CODEBOOK)
    with pytest.raises(ShortcutConflict, match="Previous frame"):
        bindings.rebind("play_pause", "Left")
    assert bindings.rebind("play_pause", "p", CODEBOOK) == "P"
    refused = bindings.apply_preferences(
        {"shortcuts": {"frame_back": "Right", "frame_forward": "Left"}, "step_seconds": 2.5},
        CODEBOOK,
    )
    assert refused == []  # swapping two keys works
    again = ShortcutBindings(QSettings(ini, QSettings.Format.IniFormat))
    assert (again.key("play_pause"), again.key("frame_back"), again.step_seconds()) == (
        "P",
        "Right",
        2.5,
    )
    refused = again.apply_preferences({"shortcuts": {"go_end": "C"}}, CODEBOOK)
    assert refused and "Cry" in refused[0] and again.key("go_end") == "End"


def test_jump_field_parsing() -> None:
    tb = Timebase.constant(25, 100)
    assert parse_jump("42", tb) == 42
    assert parse_jump("00:00:01.000", tb) == 25
    assert parse_jump("0:02", tb) == 50
    assert parse_jump("1.5s", tb) == 37
    for bad in ("", "abc", "500", "1:00:00"):
        with pytest.raises(ValueError):
            parse_jump(bad, tb)
    # str.isdigit() passed these to int()/float(), which raised Python's own message
    for odd in ("²", "²s", "1²"):
        with pytest.raises(ValueError, match="neither a frame number nor a time"):
            parse_jump(odd, tb)
    with pytest.raises(ValueError, match="past the last frame"):
        parse_jump("9" * 5000, tb)
    assert format_timecode(3_723_456.4) == "01:02:03.456"


def test_missing_video_still_opens_and_codes_on_the_stored_timebase(
    qtbot: QtBot,
    workspace_project: WorkspaceProject,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    repo = open_project(workspace_project.path)
    (video,) = repo.list_videos()
    repo.close()
    moved = tmp_path / "moved.mp4"
    shutil.copy(video.path, moved)
    hidden = Path(video.path).with_suffix(".hidden")
    Path(video.path).rename(hidden)
    try:
        window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
        ctx = window.ctx
        assert ctx is not None and [c.video.id for c in ctx.missing] == [video.id]
        assert "Video not found" in window.status.currentMessage()
        assert ctx.timebase.frame_count == workspace_project.frame_count
        for _ in range(4):
            press(qtbot, Qt.Key.Key_Right)
        press(qtbot, Qt.Key.Key_C)
        assert spans(stored_events(workspace_project, "Ann")) == [("cry", 4, 4)]
        # relinking to a copy (same fingerprint) is recorded in the project
        relinked = ctx.repo.relink_video(video.id, str(moved), video.size_bytes, video.fingerprint)
        assert relinked.path == str(moved)
        assert window.open_session(ctx.session.id)
        assert window.ctx is not None and window.ctx.missing == ()
        assert not isinstance(window.controller.player, ClockPlayer)
    finally:
        hidden.rename(video.path)


def test_export_menu_writes_only_the_coders_own_coding_in_blind_mode(
    qtbot: QtBot,
    workspace_project: WorkspaceProject,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from interactioncoder.ui import export_menu

    repo = open_project(workspace_project.path)
    version = repo.list_codebook_versions()[0].id
    ben = repo.create_coding(workspace_project.session_id, workspace_project.coders["Ben"], version)
    repo.add_events(ben.id, [Event("b1", "cry", 9, 360.0, 9, 360.0)])
    repo.close()
    window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
    press(qtbot, Qt.Key.Key_C)
    out = tmp_path / "events.csv"
    monkeypatch.setattr(export_menu.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    (action,) = [
        a
        for a in window.findChildren(type(window.done_action))
        if a.text() == "Events table (CSV)…"
    ]
    action.trigger()  # runs in the background; the files written are shown in a message box
    qtbot.waitUntil(
        lambda: any(b.isVisible() for b in window.findChildren(export_menu.QMessageBox)),
        timeout=10000,
    )
    text = out.read_text(encoding="utf-8")
    assert "Ann" in text and "Ben" not in text
    assert len(text.strip().splitlines()) == 2  # header + Ann's one point


def test_relink_to_a_different_file_is_flagged(
    qtbot: QtBot,
    workspace_project: WorkspaceProject,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from interactioncoder.media.fingerprint import fingerprint
    from interactioncoder.media.synthetic import write_test_video
    from interactioncoder.ui import player_factory
    from interactioncoder.ui.dialogs import relink_dialog

    other = write_test_video(tmp_path / "other.mp4", 60, fps=25, width=96, height=64, seed=7)
    other_fp = fingerprint(other.path)

    class ChoosesOther:  # the dialog as a user who picked another recording and confirmed
        def __init__(self, video: object, fingerprint_fn: object, parent: object) -> None:
            self.video = video

        def exec(self) -> int:
            return 1

        def chosen_path(self) -> str:
            return str(other.path)

        def chosen_size(self) -> int:
            return other.path.stat().st_size

        def chosen_fingerprint(self) -> str:
            return other_fp

        def fingerprint_matches(self) -> bool:
            return False

    warnings: list[str] = []
    monkeypatch.setattr(relink_dialog, "RelinkDialog", ChoosesOther)
    monkeypatch.setattr(
        player_factory.QMessageBox, "warning", lambda _w, title, text: warnings.append(text)
    )
    repo = open_project(workspace_project.path)
    (video,) = repo.list_videos()
    repo.close()
    hidden = Path(video.path).with_suffix(".hidden")
    Path(video.path).rename(hidden)
    try:
        window = open_window(qtbot, workspace_project, "Ann", monkeypatch, tmp_path)
        assert window.ctx is not None and window.ctx.missing
        window.relink_missing()
        assert window.ctx.missing == ()
        assert window.ctx.cameras[0].video.fingerprint == other_fp
        assert warnings and "not the file that was coded" in warnings[0]
        # the relink is one undo step (kept across the session's reopening)
        stack = window.undo_stack
        assert stack.count() == 1 and stack.undoText() == "relink mother.mp4"
        stack.undo()
        assert window.ctx.repo.get_video(video.id).path == video.path
        assert window.ctx.repo.get_video(video.id).fingerprint == video.fingerprint
        stack.redo()
        assert window.ctx.repo.get_video(video.id).path == str(other.path)
    finally:
        hidden.rename(video.path)


def test_clock_player_steps_seeks_and_plays_on_a_timebase(qtbot: QtBot) -> None:
    player = ClockPlayer(Timebase.constant(100, 50))  # 10 ms frames, 0.5 s
    shown: list[int] = []
    player.frameChanged.connect(shown.append)
    assert player.views() == [] and player.displayed_frame() == 0
    player.step(3)
    player.step(-1)
    player.seek_frame(500)
    assert shown == [3, 2, 49]
    player.seek_ms(105.0)
    assert player.displayed_frame() == 10
    with qtbot.waitSignal(player.playingChanged, timeout=2000):
        player.play()
    qtbot.waitUntil(lambda: player.displayed_frame() >= 20, timeout=3000)
    player.set_speed(4.0)
    with qtbot.waitSignal(player.playingChanged, timeout=3000) as stopped:
        pass  # plays to the end and stops by itself
    assert stopped.args == [False] and player.displayed_frame() == 49
    player.close()


def test_two_cameras_play_in_the_grid_and_open_the_sync_dialog(
    qtbot: QtBot, workspace_video: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from interactioncoder.media.synthetic import write_test_video
    from interactioncoder.ui.dialogs.sync_dialog import SyncDialog
    from tests.ui.workspace_project import build_workspace_project

    infant = write_test_video(tmp_path / "infant.mp4", 60, fps=25, width=96, height=64, seed=3)
    project = build_workspace_project(
        tmp_path / "two.icproj",
        workspace_video.path,  # type: ignore[attr-defined]
        infant.path,
    )
    window = open_window(qtbot, project, "Ann", monkeypatch, tmp_path)
    views = window.video_grid.views()
    assert [v.label for v in views] == ["mother", "infant"]
    assert views[0].geometry().top() == views[1].geometry().top()  # side by side
    window.video_grid.set_layout_id("column")
    qtbot.waitUntil(lambda: views[0].geometry().left() == views[1].geometry().left())  # stacked
    assert views[0].geometry().top() < views[1].geometry().top()
    (sync,) = [a for a in window.findChildren(QAction) if a.text() == "&Synchronise cameras…"]
    sync.trigger()
    dialog = window.findChild(SyncDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    menus = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "&Import" in menus and "&Export" in menus
