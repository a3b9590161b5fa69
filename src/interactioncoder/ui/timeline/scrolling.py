"""The scroll bars: set from the state's viewport and row offset, never the other way round
except through the widget's bar handlers (a user dragging a bar)."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QScrollBar

from interactioncoder.ui.timeline.model.layout import TOP
from interactioncoder.ui.timeline.model.state import TimelineState


def sync_bars(hbar: QScrollBar, vbar: QScrollBar, s: TimelineState) -> None:
    """Scroll bar ranges and values from the state (without feeding back)."""
    v = s.view
    hbar.blockSignals(True)
    hbar.setRange(0, max(0, math.ceil(v.frame_count - v.frames_visible)))
    hbar.setPageStep(max(1, int(v.frames_visible)))
    hbar.setSingleStep(max(1, int(v.frames_visible / 20)))
    hbar.setValue(round(v.first_frame))
    hbar.blockSignals(False)
    s.clamp_v_offset()
    vbar.blockSignals(True)
    vbar.setRange(0, s.max_v_offset)
    vbar.setPageStep(max(1, int(s.rows_bottom - TOP)))
    vbar.setSingleStep(20)
    vbar.setValue(int(s.v_offset))
    vbar.blockSignals(False)


def place_bars(hbar: QScrollBar, vbar: QScrollBar, s: TimelineState, extent: int) -> None:
    """After a resize or style change: the bars along the bottom and right of the rows."""
    width, height = round(s.width), round(s.rows_bottom) + extent
    x0 = int(s.view.x0)
    hbar.setGeometry(x0, height - extent, max(0, width - x0 - extent), extent)
    vbar.setGeometry(width - extent, int(TOP), extent, max(0, height - int(TOP) - extent))
