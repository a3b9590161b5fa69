"""Signal lanes on the timeline widget: values reach the pixels, a click seeks, lanes hide."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from interactioncoder.core.timebase import Timebase
from interactioncoder.ui.timeline import TimelineWidget
from interactioncoder.ui.timeline.model.signal_lanes import (
    LINE_HEIGHT,
    LaneKind,
    SignalLane,
    SynchronyLane,
)

from .test_timeline_widget import make_codebook

FRAMES = 20_000
LEFT = Qt.MouseButton.LeftButton


def _widget(qtbot: QtBot) -> TimelineWidget:
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(1000, 420)
    w.set_codebook(make_codebook())
    w.set_timebase(Timebase.constant(25.0, FRAMES))
    w.show()
    qtbot.waitExposed(w)
    return w


def _grab(w: TimelineWidget) -> QImage:
    return w.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _spike_lane() -> SignalLane:
    values = np.zeros(FRAMES, np.float32)
    values[15_000:15_003] = 1.0  # a three-frame burst
    return SignalLane("Mother:mother", values, LaneKind.LINE, 0.0, 1.0, "#00c000")


def test_lane_values_reach_the_pixels(qtbot: QtBot) -> None:
    w = _widget(qtbot)
    w.set_signal_lanes([_spike_lane()])
    top = w.rows_bottom()
    assert top == 420 - LINE_HEIGHT - w.hbar.height()
    img = _grab(w)
    v = w.view
    spike_x = round(v.frame_to_x(15_001))
    quiet_x = round(v.frame_to_x(5_000))
    mid_y = round(top + LINE_HEIGHT / 2)
    green = QColor(0, 192, 0)
    assert QColor(img.pixel(spike_x, mid_y)) == green  # the burst spans the lane
    assert QColor(img.pixel(quiet_x, mid_y)) != green
    # the horizontal scroll bar moved below the lanes
    assert w.hbar.geometry().top() == 420 - w.hbar.height()


def test_click_on_a_lane_seeks(qtbot: QtBot) -> None:
    w = _widget(qtbot)
    w.set_signal_lanes([_spike_lane()])
    x = w.view.frame_to_x(12_000)
    pos = QPoint(round(x), round(w.rows_bottom() + 10))
    with qtbot.waitSignal(w.seekRequested) as blocker:
        qtbot.mouseClick(w, LEFT, pos=pos)
    assert abs(blocker.args[0] - 12_000) <= FRAMES / w.view.width + 1


def test_lanes_can_be_hidden_from_the_context_menu(qtbot: QtBot) -> None:
    w = _widget(qtbot)
    sync = SynchronyLane("sync", np.arange(0, FRAMES - 100, 50), 100, [-2, 0, 2],
                         np.zeros(((FRAMES - 100 + 49) // 50, 3)))  # fmt: skip
    w.set_signal_lanes([_spike_lane(), sync])
    with_both = w.rows_bottom()
    menu = w.build_lanes_menu(QPointF(300, w.rows_bottom() + 5))
    assert menu is not None
    actions = {a.text(): a for a in menu.actions()}
    assert set(actions) == {"Mother:mother", "sync"}
    actions["sync"].setChecked(False)
    assert w.signal_lanes.hidden == {"sync"}
    assert w.rows_bottom() > with_both
    assert w.build_lanes_menu(QPointF(300, 100)) is None  # over the code rows


# -- the real window on a generated project ------------------------------------------------
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from interactioncoder.storage import open_project  # noqa: E402
from interactioncoder.ui import player_factory  # noqa: E402
from interactioncoder.ui.main_window import CODER_ENV, MainWindow  # noqa: E402
from interactioncoder.workflow.signals import RegionRef, SynchronySettings  # noqa: E402
from interactioncoder.workflow.voice import MACHINE_CODER, MasterSegment, store_machine_coding  # noqa: E402

from ..signals.scenes import REGION_A, REGION_B  # noqa: E402
from .signal_project import FOLLOW, MOVES, build_signal_project  # noqa: E402


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    path = build_signal_project(tmp_path)
    repo = open_project(path)
    s1 = next(s.id for s in repo.list_sessions() if s.name == "S1")
    repo.set_regions(s1, "Wide", [REGION_A, REGION_B])
    repo.add_coder("Ann")
    repo.close()
    monkeypatch.setattr(player_factory, "ASK_RELINK", False)
    monkeypatch.setenv(CODER_ENV, "Ann")
    w = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1200, 900)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_project(str(path))
    assert w.open_session(s1)
    return w


def _compute(qtbot: QtBot, w: MainWindow) -> None:
    pair = SynchronySettings(
        RegionRef("Wide", "mother"), RegionRef("Wide", "infant"), 2.0, 0.2, 1.0, 0
    )
    w.signal_menu.compute_lanes(pair)
    handle = w.signal_menu.handle
    assert handle is not None
    qtbot.waitUntil(lambda: not handle.is_running, timeout=60_000)
    assert handle.outcome == "succeeded", handle.error


def test_computed_lanes_reach_the_painter_and_a_click_seeks(
    qtbot: QtBot, window: MainWindow
) -> None:
    w = window
    _compute(qtbot, w)
    lanes = {lane.name: lane for lane in w.timeline.signal_lanes.lanes}
    assert set(lanes) == {"Wide:infant", "Wide:mother", "synchrony mother · infant"}
    mother = lanes["Wide:mother"]
    assert isinstance(mother, SignalLane) and mother.values.size == 300
    for a, b in MOVES:  # the lane rises while region A moves (the workflow tests the ±1)
        assert mother.values[(a + b) // 2] > 0
    assert np.nanmax(mother.values[80:110]) == 0 and np.nanmax(mother.values[160:190]) == 0
    sync = lanes["synchrony mother · infant"]
    assert isinstance(sync, SynchronyLane)
    r = np.nan_to_num(sync.r, nan=-2.0)
    peaks = sync.lags[r.argmax(axis=1)]
    assert np.median(peaks[r.max(axis=1) > 0.5]) == pytest.approx(FOLLOW, abs=1)
    # the painter draws the lane: the mother's colour in the middle of a movement, not before
    tl = w.timeline
    tl.zoom_to_fit()
    top = next(y for lane, y in tl.signal_lanes.layout(tl.rows_bottom()) if lane is mother)
    img = _grab(tl)
    colour = QColor(mother.color)
    burst = max(range(300), key=lambda f: mother.values[f])
    x = round(tl.view.frame_to_x(burst + 0.5))
    column = [QColor(img.pixel(x, round(top) + dy)) for dy in range(3, round(LINE_HEIGHT) - 3)]
    assert colour in column
    quiet_x = round(tl.view.frame_to_x(100.5))
    assert colour not in [QColor(img.pixel(quiet_x, round(top) + dy)) for dy in range(3, 20)]
    # a click on a lane moves the playhead there
    qtbot.mouseClick(tl, LEFT, pos=QPoint(round(tl.view.frame_to_x(150.5)), round(top) + 10))
    qtbot.waitUntil(lambda: w.controller.frame() == 150, timeout=5000)


def test_stored_lanes_show_when_the_session_opens_again(qtbot: QtBot, window: MainWindow) -> None:
    _compute(qtbot, window)
    s2 = next(s.id for s in window.repo.list_sessions() if s.name == "S2")
    assert window.open_session(s2)
    assert window.timeline.signal_lanes.lanes == []  # S2 has no regions
    s1 = next(s.id for s in window.repo.list_sessions() if s.name == "S1")
    assert window.open_session(s1)
    names = [lane.name for lane in window.timeline.signal_lanes.lanes]
    assert names == ["Wide:infant", "Wide:mother"]  # from the project, without decoding


def test_a_proposal_is_accepted_as_one_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    assert w.ctx is not None
    sid = w.ctx.session.id
    ms = 1000 / 30
    segments = [
        MasterSegment(30, 60, 30 * ms, 60 * ms),
        MasterSegment(100, 130, 100 * ms, 130 * ms),
    ]
    store_machine_coding(w.repo, sid, "speaking", segments)
    assert w.open_session(sid)  # the machine coding shows as a comparison lane
    assert MACHINE_CODER in w.timeline.state.lane_names
    assert len(w.signal_menu.proposals) == 2
    w.controller.seek(110)
    qtbot.waitUntil(lambda: w.controller.frame() == 110, timeout=5000)
    steps = w.undo_stack.count()
    assert w.signal_menu.accept_at_playhead()
    own = w.repo.list_events(w.ctx.coding.id)
    assert [(e.code_id, e.onset_frame, e.offset_frame) for e in own] == [("speaking", 100, 130)]
    assert w.undo_stack.count() == steps + 1
    assert not w.signal_menu.accept_at_playhead()  # would overlap itself: refused, no step
    assert w.undo_stack.count() == steps + 1
    w.undo_stack.undo()
    assert w.repo.list_events(w.ctx.coding.id) == []
    w.controller.seek(200)
    qtbot.waitUntil(lambda: w.controller.frame() == 200, timeout=5000)
    assert not w.signal_menu.accept_at_playhead()  # nothing proposed here


def test_lane_tooltip(qtbot: QtBot) -> None:
    w = _widget(qtbot)
    w.set_signal_lanes([_spike_lane()])
    x = w.view.frame_to_x(15_001) + 0.01
    text = w.tooltip_at(QPointF(x, w.rows_bottom() + 10))
    assert text.startswith("Mother:mother at frame 150") and text.endswith(": 1")


def test_proposed_speech_from_the_menu_is_a_comparison_lane(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interactioncoder.cli import main
    from interactioncoder.core.codebook.writer import codebook_to_yaml
    from interactioncoder.media.synthetic import SyntheticAudio, write_test_video

    from ..signals.speech import espeak
    from .signal_project import CODEBOOK

    voice = espeak("hello little one", tmp_path, 16000)
    audio = SyntheticAudio(noise_level=0.0, sample_rate=16000, inserts=((2.0, voice),))
    video = write_test_video(tmp_path / "talk.mp4", 180, fps=30, audio=audio).path
    book = tmp_path / "voice.yaml"
    book.write_text(codebook_to_yaml(CODEBOOK))
    path = tmp_path / "v.icproj"
    assert main(["project", "new", str(path)]) == 0
    args = ["session", "add", str(path), "--dyad", "D1", "--name", "S1", "--video", str(video)]
    assert main([*args, "--camera", "Mother", "--codebook", str(book)]) == 0
    repo = open_project(path)
    repo.add_coder("Ann")
    repo.close()
    monkeypatch.setattr(player_factory, "ASK_RELINK", False)
    monkeypatch.setenv(CODER_ENV, "Ann")
    w = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(str(path)) and w.ctx is not None
    w.signal_menu.propose_speech("Mother", "Speaking")
    handle = w.signal_menu.handle
    assert handle is not None
    qtbot.waitUntil(lambda: not handle.is_running, timeout=60_000)
    assert handle.outcome == "succeeded", handle.error
    (proposal,) = w.signal_menu.proposals
    assert abs(proposal.onset_frame - 60) <= 3  # spoken at 2.0 s, 30 fps
    lane = w.timeline.state.lane_names.index(MACHINE_CODER)
    assert set(w.timeline.state.lane_events[lane]) == {proposal.id}
    assert w.repo.list_events(w.ctx.coding.id) == []  # the coder's own coding is untouched
