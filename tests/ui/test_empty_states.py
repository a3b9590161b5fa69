"""Issue 12 item 12: with nothing open the widgets look empty, not broken."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from interactioncoder.core.timebase import Timebase
from interactioncoder.ui.timeline import TimelineWidget
from interactioncoder.ui.transport_bar import TransportBar
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


def reddish_pixels(image: QImage) -> int:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if c.red() - c.green() > 25 and c.red() - c.blue() > 25:
                count += 1
    return count


def test_an_empty_timeline_has_no_pink_block_and_no_placeholder_time(qtbot) -> None:
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(600, 240)
    w.show()
    qtbot.waitExposed(w)
    assert reddish_pixels(w.grab().toImage()) == 0  # no "#0" highlight, no playhead
    w.set_timebase(Timebase.constant(25.0, 100))
    w.set_playhead(10)
    w.repaint()
    assert reddish_pixels(w.grab().toImage()) > 0  # the playhead once a session is open


def test_the_transport_bar_shows_no_dashes_before_a_session(qtbot) -> None:
    bar = TransportBar()
    qtbot.addWidget(bar)
    assert "--" not in bar.time_label.text() and "–" not in bar.frame_label.text()
    assert not bar.jump_edit.isEnabled()
    bar.set_timebase(Timebase.constant(25.0, 100))
    bar.set_frame(5)
    assert bar.frame_label.text() == "frame 5 / 99" and bar.jump_edit.isEnabled()
