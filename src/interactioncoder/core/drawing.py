"""Drawing a new event on the timeline (Alt+drag on an empty lane, or "Add here"), by the
same rules as a code key (:mod:`interactioncoder.core.editing`)."""

from __future__ import annotations

from collections.abc import Iterable

from interactioncoder.core.codebook import Codebook, CodeKind
from interactioncoder.core.editing import check_changes, frame_ms, press_code_key
from interactioncoder.core.events import Event, EventChangeSet, new_event_id
from interactioncoder.core.timebase import Timebase


def create_event(
    codebook: Codebook,
    events: Iterable[Event],
    code_id: str,
    onset: int,
    offset: int,
    timebase: Timebase,
) -> EventChangeSet:
    """A new event drawn on the timeline from frame *onset* to *offset* (exclusive; either
    order). A point code is marked at the first frame; *onset* == *offset* (the "Add here"
    menu) does what the code's key does at that frame."""
    code = codebook.code(code_id)
    current = list(events)
    first, last = sorted((onset, offset))
    first = timebase.clamp_frame(first)
    on_ms = timebase.frame_to_ms(first)
    if code.kind is CodeKind.POINT or first == last:
        return press_code_key(codebook, current, code_id, first, on_ms, timebase=timebase)
    stop = min(last, timebase.frame_count)
    event = Event(new_event_id(), code_id, first, on_ms, stop, frame_ms(timebase, stop), {})
    changes = EventChangeSet(added=(event,), description=f"draw {code.name}")
    check_changes(codebook, current, changes, timebase)
    return changes
