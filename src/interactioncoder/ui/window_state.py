"""The coding window's size, dock layout and camera layout, kept in QSettings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QTabBar, QWidget

from interactioncoder.ui.video_grid import LAYOUTS

if TYPE_CHECKING:
    from interactioncoder.ui.main_window import MainWindow


def restore_window(window: MainWindow) -> None:
    """The last size and layout; on the first start most of the screen, video first."""
    settings = window.settings
    geometry, state = settings.value("window/geometry"), settings.value("window/state")
    if geometry is None or state is None:
        screen = window.screen().availableGeometry()
        window.resize(min(1600, int(screen.width() * 0.9)), min(1000, int(screen.height() * 0.9)))
        h, v = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        window.resizeDocks([window.docks["codebook"]], [int(window.width() * 0.3)], h)
        window.resizeDocks([window.docks["timeline"]], [int(window.height() * 0.38)], v)
    else:
        window.restoreGeometry(geometry)
        window.restoreState(state)
    layout = settings.value("window/camera_layout", "auto")
    if layout in LAYOUTS:
        window.video_grid.set_layout_id(str(layout))


def save_window(window: MainWindow) -> None:
    window.settings.setValue("window/geometry", window.saveGeometry())
    window.settings.setValue("window/state", window.saveState())
    window.settings.setValue("window/camera_layout", window.video_grid.layout_id())


def close_child_windows(window: QWidget) -> None:
    """Close and delete the dialogs and windows *window* opened (not its menus or docks)."""
    direct = Qt.FindChildOption.FindDirectChildrenOnly
    for widget in window.findChildren(QWidget, options=direct):
        if widget.isWindow() and not isinstance(widget, QMenu | QDockWidget):
            widget.close()
            widget.deleteLater()


def drop_stale_tab_bars(window: QMainWindow) -> None:
    """Hide the dock tab bar Qt leaves over the video after tabifying three docks.

    Tabifying a third dock makes a new tab bar; the earlier two-tab one stays visible in
    the middle of the window (over the video). No dock tab bar belongs over the central
    widget, so one found there once the window is laid out is hidden.
    """

    def hide() -> None:
        central = window.centralWidget()
        if central is None:
            return
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        for bar in window.findChildren(QTabBar, options=direct):
            if bar.isVisible() and bar.geometry().intersects(central.geometry()):
                bar.hide()

    QTimer.singleShot(0, hide)
