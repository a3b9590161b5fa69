"""Read-only views of the timeline state, for the widget's owner and tests.

``TimelineWidget`` mixes these in: the owner reads the playhead, events, rows and geometry
through them, while every change goes through the widget's setters (which keep the
scroll bars and the repaint in step) or the input handler.
"""

from __future__ import annotations

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.events import Event
from interactioncoder.core.timebase import Timebase
from interactioncoder.ui.timeline.model.interaction import Drag
from interactioncoder.ui.timeline.model.layout import Row, RowEvents, Viewport
from interactioncoder.ui.timeline.model.state import TimelineState


class StateViews:
    state: TimelineState

    @property
    def view(self) -> Viewport:
        return self.state.view

    @property
    def rows(self) -> list[Row]:
        return self.state.rows

    @property
    def events(self) -> dict[str, Event]:
        return self.state.events

    @property
    def lane_names(self) -> list[str]:
        return self.state.lane_names

    @property
    def lane_events(self) -> list[dict[str, Event]]:
        return self.state.lane_events

    @property
    def playhead(self) -> int:
        return self.state.playhead

    @property
    def highlight(self) -> tuple[int, int] | None:
        return self.state.highlight

    @property
    def selection(self) -> tuple[str, ...]:
        return self.state.selection

    @property
    def drag(self) -> Drag | None:
        return self.state.drag

    @property
    def codebook(self) -> Codebook | None:
        return self.state.codebook

    @property
    def timebase(self) -> Timebase | None:
        return self.state.timebase

    def selected_event_ids(self) -> tuple[str, ...]:
        return self.state.selection

    def rows_for(self, code_id: str) -> list[Row]:
        return self.state.rows_for(code_id)

    def row_events(self, row: Row) -> RowEvents:
        return self.state.row_events(row)

    def event_for(self, row: Row, event_id: str) -> Event | None:
        return self.state.event_for(row, event_id)

    def blocking_neighbours(self, ev: Event) -> list[Event]:
        """Events *ev* may not overlap (see ``interaction.blocking_neighbours``)."""
        return self.state.blocking_neighbours(ev)

    def frame_to_x(self, frame: float) -> float:
        return self.state.view.frame_to_x(frame)

    def x_to_frame(self, x: float) -> int:
        return self.state.view.x_to_frame(x)

    def row_screen_y(self, row: Row) -> float:
        return self.state.row_screen_y(row)

    def events_right(self) -> float:
        return self.state.view.right

    def rows_bottom(self) -> float:
        return self.state.rows_bottom

    def visible_range(self) -> tuple[int, int]:
        return self.state.view.visible_frames()
