"""The editable timeline: coded events on rows against master-video frames.

``TimelineWidget`` (``view.py``) is the widget; ``layout.py``, ``ruler.py`` and
``interaction.py`` hold the pure geometry and drag maths (no Qt), ``hits.py`` hit testing,
``painter.py`` the drawing.
"""

from interactioncoder.ui.timeline.view import TimelineWidget

__all__ = ["TimelineWidget"]
