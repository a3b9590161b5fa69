"""VideoView: numpy frames on screen with the right aspect ratio, zoom, pan and overlay."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot

from interactioncoder.core.timefmt import format_timecode
from interactioncoder.media.synthetic import draw_frame_number, read_frame_number
from interactioncoder.ui.video_view import VideoView


def _image(width: int = 160, height: int = 120, number: int = 42) -> np.ndarray:
    img = np.zeros((height, width, 3), np.uint8)
    img[..., 1] = 200  # green
    draw_frame_number(img, number)
    return img


@pytest.fixture
def view(qtbot: QtBot) -> VideoView:
    widget = VideoView("mother")
    qtbot.addWidget(widget)
    widget.resize(400, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_frame_is_letterboxed_with_its_aspect_ratio(view: VideoView) -> None:
    view.set_frame(_image(), index=42, pts_ms=1400.0)
    rect = view.fitted_rect()
    assert (rect.width(), rect.height()) == (400, 300)
    assert (rect.x(), rect.y()) == (0, 50)
    shot = view.grab().toImage()
    assert shot.pixelColor(390, 45).getRgb()[:3] == (16, 16, 16)  # letterbox bar
    centre = shot.pixelColor(200, 300).getRgb()[:3]  # lower half of the picture: green
    assert centre[1] > 180 and centre[0] < 40
    assert view.frame_index() == 42


def test_displayed_pixels_are_the_frame(view: VideoView) -> None:
    view.set_overlay_enabled(False)
    view.set_frame(_image(number=1234), index=1234)
    shot = view.grab().toImage().convertToFormat(view.image().format())
    rect = view.fitted_rect().toRect()
    width, height = shot.width(), shot.height()
    data = np.frombuffer(shot.constBits(), np.uint8).reshape(height, shot.bytesPerLine())
    pixels = data[:, : width * 3].reshape(height, width, 3)
    inner = pixels[rect.top() : rect.bottom() + 1, rect.left() : rect.right() + 1]
    assert read_frame_number(inner) == 1234


def test_wheel_and_keys_zoom_and_reset(view: VideoView, qtbot: QtBot) -> None:
    view.set_frame(_image())
    zooms: list[float] = []
    view.zoomChanged.connect(zooms.append)
    view.set_zoom(2.0, QPointF(100, 100))
    assert view.zoom() == 2.0
    rect = view.image_rect()
    assert rect.width() == pytest.approx(800)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom() == pytest.approx(2.5)
    qtbot.keyClick(view, Qt.Key.Key_0)
    assert view.zoom() == 1.0
    assert view.image_rect() == view.fitted_rect()
    view.set_zoom(100)
    assert view.zoom() == 8.0  # clamped
    assert zooms[-1] == 8.0


def test_pan_is_clamped_to_the_image(view: VideoView, qtbot: QtBot) -> None:
    view.set_frame(_image())
    view.set_zoom(2.0)
    view.pan(-5, -5)  # far past the top-left corner
    rect = view.image_rect()
    assert rect.left() == pytest.approx(0) and rect.top() <= 50
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(200, 200))
    qtbot.mouseMove(view, QPoint(150, 150))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(150, 150))
    assert view.image_rect().left() <= 0


def test_overlay_and_message(view: VideoView) -> None:
    view.set_frame(_image(), index=7, pts_ms=3_723_456.0)
    assert view.overlay_enabled()
    view.set_overlay_enabled(False)
    assert not view.overlay_enabled()
    view.clear("video missing: relink it")
    assert view.message() == "video missing: relink it"
    assert view.frame_index() is None
    view.grab()  # paints the message without Qt warnings
    assert format_timecode(3_723_456.0) == "01:02:03.456"


def test_useful_size_follows_zoom(view: VideoView) -> None:
    view.set_frame(_image())
    base = view.useful_size()
    view.set_zoom(2.0)
    assert view.useful_size().width() == 2 * base.width()


def test_rejects_non_rgb(view: VideoView) -> None:
    with pytest.raises(ValueError, match="RGB"):
        view.set_frame(np.zeros((10, 10), np.uint8))
