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
