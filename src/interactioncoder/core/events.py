"""Coded events and atomic sets of changes to them.

Every edit a coder makes becomes an :class:`EventChangeSet`: events added, removed and
updated (with their state before and after). The project store applies a change set in one
transaction, checking that the "before" states are what it holds, and undo applies
:meth:`EventChangeSet.inverse`. Event ids are made here (UUID hex), so an undone and redone
event keeps its identity.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

ModifierValue = str | float


_UUID4_CLEAR = ~((0xC000 << 48) | (0xF000 << 64))
_UUID4_SET = (0x8000 << 48) | (4 << 76)  # the RFC 4122 variant, version 4


def new_event_id() -> str:
    """A random (version 4) UUID in hex, as ``uuid.uuid4().hex`` makes it.

    Built from the random bytes directly: about half the time of ``uuid4()``, which
    counts when an import makes a million ids.
    """
    bits = int.from_bytes(os.urandom(16), "big") & _UUID4_CLEAR | _UUID4_SET
    return f"{bits:032x}"


#: The one shared, read-only "no modifiers" (a million events need no million empty dicts).
NO_MODIFIERS: Mapping[str, ModifierValue] = MappingProxyType({})


def _frozen_modifiers(values: Mapping[str, ModifierValue] | None) -> Mapping[str, ModifierValue]:
    if not values:
        return NO_MODIFIERS
    return MappingProxyType(dict(sorted(values.items())))


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event of one coding.

    Onset and offset are the frame index of the session's master video and the
    presentation time of that frame in ms. A point event has ``offset == onset``.
    A state that is still running (key pressed once) has ``offset_frame is None``.
    For a finished state the offset frame is the *first frame after* the state: the
    state covers frames ``onset_frame .. offset_frame - 1``, and its duration is
    ``offset_ms - onset_ms``. A state ended at the frame where another starts in an
    exclusive group therefore does not overlap it.
    """

    id: str
    code_id: str
    onset_frame: int
    onset_ms: float
    offset_frame: int | None = None
    offset_ms: float | None = None
    modifiers: Mapping[str, ModifierValue] = field(default_factory=dict)
    comment: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "modifiers", _frozen_modifiers(self.modifiers))
        if (self.offset_frame is None) != (self.offset_ms is None):
            raise ValueError("offset frame and offset time must both be set or both be empty")
        if self.onset_frame < 0:
            raise ValueError(f"onset frame {self.onset_frame} is negative")
        if self.offset_frame is not None and self.offset_frame < self.onset_frame:
            raise ValueError(
                f"event {self.code_id!r} ends (frame {self.offset_frame}) "
                f"before it starts (frame {self.onset_frame})"
            )

    def __hash__(self) -> int:
        return hash((self.id, self.code_id, self.onset_frame, self.offset_frame))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Event):
            return NotImplemented
        return (
            self.id == other.id
            and self.code_id == other.code_id
            and self.onset_frame == other.onset_frame
            and _same_ms(self.onset_ms, other.onset_ms)
            and self.offset_frame == other.offset_frame
            and _same_ms(self.offset_ms, other.offset_ms)
            and dict(self.modifiers) == dict(other.modifiers)
            and self.comment == other.comment
        )

    @property
    def is_running(self) -> bool:
        return self.offset_frame is None

    @property
    def is_point(self) -> bool:
        return self.offset_frame == self.onset_frame

    @property
    def duration_ms(self) -> float | None:
        if self.offset_ms is None:
            return None
        return self.offset_ms - self.onset_ms

    def covers_frame(self, frame: int) -> bool:
        """True when the state is on screen at *frame* (a running state covers onward)."""
        if frame < self.onset_frame:
            return False
        if self.offset_frame is None:
            return True
        if self.offset_frame == self.onset_frame:
            return frame == self.onset_frame
        return frame < self.offset_frame

    def with_changes(self, **changes: Any) -> Event:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code_id": self.code_id,
            "onset_frame": self.onset_frame,
            "onset_ms": self.onset_ms,
            "offset_frame": self.offset_frame,
            "offset_ms": self.offset_ms,
            "modifiers": dict(self.modifiers),
            "comment": self.comment,
        }


def _same_ms(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    # Stored as floating point; one microsecond is far below any frame duration.
    return abs(a - b) < 1e-3


@dataclass(frozen=True)
class EventUpdate:
    before: Event
    after: Event

    def __post_init__(self) -> None:
        if self.before.id != self.after.id:
            raise ValueError("an update must keep the event id")


@dataclass(frozen=True)
class EventChangeSet:
    """Events added, removed and updated together, as one undoable edit."""

    added: tuple[Event, ...] = ()
    removed: tuple[Event, ...] = ()
    updated: tuple[EventUpdate, ...] = ()
    description: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.updated)

    def inverse(self) -> EventChangeSet:
        return EventChangeSet(
            added=self.removed,
            removed=self.added,
            updated=tuple(EventUpdate(u.after, u.before) for u in self.updated),
            description=self.description,
        )

    def then(self, other: EventChangeSet) -> EventChangeSet:
        """Both change sets as one (used to merge a drag into one undo step)."""
        added = {e.id: e for e in self.added}
        removed = {e.id: e for e in self.removed}
        updated = {u.before.id: u for u in self.updated}
        for e in other.removed:
            if e.id in added:
                del added[e.id]
            elif e.id in updated:
                removed[e.id] = updated.pop(e.id).before
            else:
                removed[e.id] = e
        for e in other.added:
            if e.id in removed:
                before = removed.pop(e.id)
                if before != e:
                    updated[e.id] = EventUpdate(before, e)
            else:
                added[e.id] = e
        for u in other.updated:
            if u.before.id in added:
                added[u.before.id] = u.after
            elif u.before.id in updated:
                first = updated[u.before.id].before
                if first == u.after:
                    del updated[u.before.id]
                else:
                    updated[u.before.id] = EventUpdate(first, u.after)
            else:
                updated[u.before.id] = u
        return EventChangeSet(
            added=tuple(added.values()),
            removed=tuple(removed.values()),
            updated=tuple(updated.values()),
            description=self.description or other.description,
        )

    def apply_to(self, events: Mapping[str, Event]) -> dict[str, Event]:
        """The events after this change (pure; used by tests and in-memory previews)."""
        result = dict(events)
        for e in self.removed:
            if e.id not in result:
                raise KeyError(f"event {e.id} to remove is not there")
            del result[e.id]
        for u in self.updated:
            if u.before.id not in result:
                raise KeyError(f"event {u.before.id} to update is not there")
            result[u.after.id] = u.after
        for e in self.added:
            if e.id in result:
                raise KeyError(f"event {e.id} to add is already there")
            result[e.id] = e
        return result
