"""The Qt binding we run on keeps Python's reference counts straight.

PySide6 6.12.0 on Python 3.11 returned None from void methods without a reference, which
aborts the interpreter after a few thousand calls; pyproject.toml excludes that release.
This test catches such a binding (that one or a future one) before a coder's session does.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot


def test_void_methods_do_not_leak_none_references(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(200):
        widget.update()
        painter.drawRect(0, 0, 2, 2)
    painter.end()
    after = sys.getrefcount(None)
    # Other code may take a few references meanwhile; a binding bug loses 400.
    assert after >= before - 20, f"None lost {before - after} references"
