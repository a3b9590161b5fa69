"""The timeline's popups: event tooltips and the event context menu.

Both read the state through the input handler; the menu's actions hand the handler's
intents to *apply* (the widget's, which emits its signals), so nothing here knows the widget.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu, QWidget

from interactioncoder.ui.timeline.model import hits
from interactioncoder.ui.timeline.model.handler import InputHandler
from interactioncoder.ui.timeline.model.intents import Intent
from interactioncoder.ui.timeline.model.interaction import HitKind
from interactioncoder.ui.timeline.model.tooltip import event_tooltip

Apply = Callable[[list[Intent]], None]


def tooltip_at(handler: InputHandler, x: float, y: float) -> str:
    s = handler.state
    if x < s.view.x0:  # the row names: the full name (they may be shortened)
        named = hits.row_at_y(s, y)
        if named is None or not named.label:
            return ""
        return named.label + (f"  [{named.shortcut}]" if named.shortcut else "")
    hit = handler.hit_at(x, y)
    if hit.kind not in (HitKind.EVENT, HitKind.EVENT_EDGE, HitKind.LANE_EVENT):
        return ""
    row = hits.row_at_y(s, y)
    ev = s.event_for(row, hit.event_id) if row is not None else None
    if ev is None or s.codebook is None:
        return ""
    lane = s.lane_names[row.lane] if row is not None and row.lane >= 0 else ""
    return event_tooltip(ev, s.codebook, s.timebase, lane)


def build_context_menu(
    parent: QWidget,
    handler: InputHandler,
    x: float,
    y: float,
    apply: Apply,
    zoom_to_event: Callable[[str], None],
) -> QMenu | None:
    """The menu for an own event at x, y (selecting it first), for an empty place on an own
    code row (add the code there), or None elsewhere."""
    target = handler.context_event(x, y)
    if target is None:
        return _empty_row_menu(parent, handler, x, y, apply)
    eid, selected = target
    apply(selected)
    ids = handler.state.selection
    read_only = handler.state.read_only
    menu = QMenu(parent)
    label = "Delete" if len(ids) == 1 else f"Delete {len(ids)} events"
    act = menu.addAction(label, lambda: apply(handler.delete_selection()))
    act.setEnabled(not read_only)
    act = menu.addAction("Split at playhead", lambda: apply(handler.split_at_playhead(eid)))
    act.setEnabled(handler.can_split(eid))
    act = menu.addAction("Edit…", lambda: apply(handler.edit(eid)))
    act.setEnabled(not read_only)
    menu.addSeparator()
    menu.addAction("Zoom to event", lambda: zoom_to_event(eid))
    return menu


def _empty_row_menu(
    parent: QWidget, handler: InputHandler, x: float, y: float, apply: Apply
) -> QMenu | None:
    place = handler.context_create(x, y)
    codebook = handler.state.codebook
    if place is None or codebook is None or not codebook.has_code(place[0]):
        return None
    code_id, frame = place
    menu = QMenu(parent)
    name = codebook.code(code_id).name
    menu.addAction(f"Add {name} at frame {frame}", lambda: apply(handler.create_at(code_id, frame)))
    hint = menu.addAction("Alt+drag on the row draws a state")
    hint.setEnabled(False)
    return menu
