"""The editable timeline: coded events on rows against master-video frames.

``TimelineWidget`` (``view.py``) is the widget; ``layout.py``, ``ruler.py`` and
``interaction.py`` hold the pure geometry and drag maths (no Qt, importable without a
display), ``hits.py`` hit testing, ``controls.py`` mouse and keys, ``painter.py`` and
``chrome.py`` the drawing. The widget is imported lazily so the pure modules stay Qt-free.
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
