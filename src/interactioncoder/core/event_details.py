"""Edits of one event's details: its modifier values and its comment.

Kept apart from :mod:`.editing` (timing rules); the same contract: a pure function from the
current events to an :class:`EventChangeSet`, or :class:`EditRejected` with a message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.editing import find_event, validate_modifiers
from interactioncoder.core.events import Event, EventChangeSet, EventUpdate, ModifierValue


def set_modifiers(
    codebook: Codebook,
    events: Iterable[Event],
    event_id: str,
    modifiers: Mapping[str, ModifierValue],
) -> EventChangeSet:
    """Replace an event's modifier values (checked against its code's modifiers)."""
    e = find_event(events, event_id)
    code = codebook.code(e.code_id)
    validate_modifiers(code, modifiers)
    after = e.with_changes(modifiers=dict(modifiers))
    if after == e:
        return EventChangeSet()
    return EventChangeSet(updated=(EventUpdate(e, after),), description=f"modifiers {code.name}")


def set_comment(events: Iterable[Event], event_id: str, comment: str) -> EventChangeSet:
    e = find_event(events, event_id)
    after = e.with_changes(comment=comment)
    if after == e:
        return EventChangeSet()
    return EventChangeSet(updated=(EventUpdate(e, after),), description="comment")
