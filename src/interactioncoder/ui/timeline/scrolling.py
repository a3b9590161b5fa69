"""Scrolling: the scroll bars, following the playhead, and fitting the view to the size."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtWidgets import QStyle

from interactioncoder.ui.timeline.layout import TOP, content_height

if TYPE_CHECKING:
    from interactioncoder.ui.timeline.view import TimelineWidget


def keep_playhead_visible(w: TimelineWidget) -> None:
    """During playback: when the playhead leaves the view, page (or jump) to it."""
    first, visible = w.view.first_frame, w.view.frames_visible
    if first <= w.playhead < first + visible:
        return
    ahead = first + visible <= w.playhead < first + 2 * visible
    # Playing forward off the right edge: page on, leaving a little context behind.
    w.view.first_frame = w.playhead - 0.1 * visible if ahead else w.playhead - visible / 2
    w.view.clamp()
    sync_bars(w)


def sync_bars(w: TimelineWidget) -> None:
    """Scroll bar ranges and values from the view (without feeding back), then repaint."""
    v = w.view
    w.hbar.blockSignals(True)
    w.hbar.setRange(0, max(0, int(np.ceil(v.frame_count - v.frames_visible))))
    w.hbar.setPageStep(max(1, int(v.frames_visible)))
    w.hbar.setSingleStep(max(1, int(v.frames_visible / 20)))
    w.hbar.setValue(round(v.first_frame))
    w.hbar.blockSignals(False)
    overflow = content_height(w.rows) - (w.rows_bottom() - TOP)
    w.vbar.blockSignals(True)
    w.vbar.setRange(0, max(0, int(np.ceil(overflow))))
    w.vbar.setPageStep(max(1, int(w.rows_bottom() - TOP)))
    w.vbar.setSingleStep(20)
    w.v_offset = float(min(max(w.v_offset, 0.0), w.vbar.maximum()))
    w.vbar.setValue(int(w.v_offset))
    w.vbar.blockSignals(False)
    w.refresh()


def update_geometry(w: TimelineWidget) -> None:
    """After a resize or style change: place the scroll bars, size the events area."""
    extent = w.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    width, height = w.width(), w.height()
    x0 = int(w.view.x0)
    w.hbar.setGeometry(x0, height - extent, max(0, width - x0 - extent), extent)
    w.vbar.setGeometry(width - extent, int(TOP), extent, max(0, height - int(TOP) - extent))
    w.view.width = max(10.0, width - w.view.x0 - extent)
    if w.fitted:
        w.view.show_range(0, w.view.frame_count - 1)
    w.view.clamp()
    sync_bars(w)
