"""The editable timeline: coded events on rows against master-video frames.

``model/`` is Qt-free and tested headless: ``TimelineState`` (what is shown: rows,
viewport, selection, drag, playhead, versions), ``InputHandler`` (plain mouse/key values
in, typed intents out), geometry, hit testing and drag limits. The Qt edge sits on top:
``view.TimelineWidget`` converts Qt events (``qt_input``), emits its signals from the
intents and keeps the scroll bars (``scrolling``) in step; ``painter.TimelinePainter``
(with ``chrome``) draws the state and owns its caches; ``popups`` builds tooltips and the
context menu. Imports only go downwards (an import-linter layers contract), and the widget
is imported lazily so the model stays importable without Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interactioncoder.ui.timeline.view import TimelineWidget

__all__ = ["TimelineWidget"]


def __getattr__(name: str) -> Any:
    if name == "TimelineWidget":
        from interactioncoder.ui.timeline.view import TimelineWidget

        return TimelineWidget
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
