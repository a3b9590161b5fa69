"""The coder's editing rules, as pure functions from the current events to a change set.

Every function takes the coding's events as they are now and returns the
:class:`EventChangeSet` that makes the edit (the UI wraps it in an undo command and the
project store applies it atomically), or raises :class:`EditRejected` with a message that
tells the coder why nothing happened. Nothing here mutates anything.

Rules kept by every edit (checked only for the events an edit touches, so an imported
coding with old overlaps can still be edited elsewhere):

* frames stay inside the video: an onset is a frame of the video (0 .. last frame), a
  state's offset is at most ``frame_count`` (the first frame after the last one);
* a finished state covers at least one frame (offset > onset);
* two states of the same code never overlap, and in an *exclusive* group no two states
  overlap. A running state (offset None) counts as covering every frame from its onset on.

Decisions about key coding (:func:`press_code_key`):

* pressing a running state's key ends it at the pressed frame: the state covers
  ``onset .. frame - 1`` and its offset is ``frame`` (the first frame after it). Ending
  at the onset frame itself makes the state cover exactly that one frame;
* starting a state of an exclusive group ends the group's running state at the same
  frame, in the same change set (one undo step). If that running state started on this
  very frame it would cover no frame at all: it is *removed* instead (the coder corrected
  which code it is), with its modifiers and comment dropped;
* starting a state in a gap before a later state of the same code (or of its exclusive
  group) makes a finished state that ends where that later state starts: the coder fills
  the gap instead of being refused. Starting inside a coded state is still refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from interactioncoder.core.codebook import Code, Codebook, CodeKind, ModifierKind
from interactioncoder.core.events import (
    Event,
    EventChangeSet,
    EventUpdate,
    ModifierValue,
    new_event_id,
)
from interactioncoder.core.timebase import Timebase


class EditRejected(ValueError):  # noqa: N818 - the name the UI and brief use
    """An edit that would break a rule; the message says which and where."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class _Extent:
    start: int
    stop: int | None  # exclusive; None = running (open to the end)

    def overlaps(self, other: _Extent) -> bool:
        a_stop = self.stop if self.stop is not None else 1 << 62
        b_stop = other.stop if other.stop is not None else 1 << 62
        return self.start < b_stop and other.start < a_stop


def _extent(e: Event) -> _Extent | None:
    """The frames a state occupies; None for a point (points never conflict)."""
    if e.is_point:
        return None
    return _Extent(e.onset_frame, e.offset_frame)


def frame_ms(timebase: Timebase, frame: int) -> float:
    """Time of *frame*; ``frame_count`` (one past the last frame) maps to the duration."""
    if frame == timebase.frame_count:
        return timebase.duration_ms
    return timebase.frame_to_ms(frame)


def _by_id(events: Iterable[Event]) -> dict[str, Event]:
    return {e.id: e for e in events}


def _get(events: Mapping[str, Event], event_id: str) -> Event:
    try:
        return events[event_id]
    except KeyError:
        raise EditRejected(f"the event {event_id} is no longer in this coding") from None


def find_event(events: Iterable[Event], event_id: str) -> Event:
    """The event *event_id* of *events* (:class:`EditRejected` when it is gone)."""
    return _get(_by_id(events), event_id)


def _code_name(codebook: Codebook, code_id: str) -> str:
    return codebook.code(code_id).name if codebook.has_code(code_id) else code_id


def _conflicts(codebook: Codebook, a: Event, b: Event) -> bool:
    ea, eb = _extent(a), _extent(b)
    if ea is None or eb is None or not ea.overlaps(eb):
        return False
    if a.code_id == b.code_id:
        return True
    if not (codebook.has_code(a.code_id) and codebook.has_code(b.code_id)):
        return False
    ga, gb = codebook.group_of(a.code_id), codebook.group_of(b.code_id)
    return ga.id == gb.id and ga.exclusive


def _describe(e: Event) -> str:
    if e.offset_frame is None:
        return f"running since frame {e.onset_frame}"
    return f"frames {e.onset_frame}-{e.offset_frame - 1}"


def check_changes(
    codebook: Codebook, events: Iterable[Event], changes: EventChangeSet, timebase: Timebase | None
) -> None:
    """Raise :class:`EditRejected` if *changes* would break a rule for the events it touches."""
    before = _by_id(events)
    try:
        after = changes.apply_to(before)
    except KeyError as exc:
        raise EditRejected(f"the coding changed meanwhile ({exc.args[0]})") from None
    touched = [*changes.added, *(u.after for u in changes.updated)]
    for e in touched:
        if timebase is not None:
            _check_inside(e, timebase)
        for other in after.values():
            if other.id != e.id and _conflicts(codebook, e, other):
                group = codebook.group_of(e.code_id) if codebook.has_code(e.code_id) else None
                why = (
                    f"the group {group.name!r} is exclusive"
                    if group is not None and group.exclusive and e.code_id != other.code_id
                    else "a code cannot overlap itself"
                )
                raise EditRejected(
                    f"{_code_name(codebook, e.code_id)} ({_describe(e)}) would overlap "
                    f"{_code_name(codebook, other.code_id)} ({_describe(other)}): {why}"
                )


def _check_inside(e: Event, timebase: Timebase) -> None:
    if not 0 <= e.onset_frame <= timebase.last_frame:
        raise EditRejected(
            f"frame {e.onset_frame} is outside the video (frames 0-{timebase.last_frame})"
        )
    if e.offset_frame is not None and e.offset_frame > timebase.frame_count:
        raise EditRejected(
            f"the end (frame {e.offset_frame}) is after the end of the video "
            f"(frame {timebase.frame_count})"
        )


def _ended(e: Event, frame: int, timebase: Timebase) -> Event:
    """*e* (running) ended at *frame*; at its onset frame it covers that one frame."""
    if frame < e.onset_frame:
        raise EditRejected(
            f"{e.code_id} started at frame {e.onset_frame}; it cannot end at frame {frame}, "
            "before it starts (step forward, or trim it on the timeline)"
        )
    end = max(frame, e.onset_frame + 1)
    return e.with_changes(offset_frame=end, offset_ms=frame_ms(timebase, end))


def press_code_key(
    codebook: Codebook,
    events: Iterable[Event],
    code_id: str,
    frame: int,
    ms: float,
    modifiers: Mapping[str, ModifierValue] | None = None,
    *,
    timebase: Timebase,
) -> EventChangeSet:
    """What pressing a code's key at *frame* (shown at *ms*) does; see the module notes."""
    code = codebook.code(code_id)
    current = list(events)
    if not 0 <= frame <= timebase.last_frame:
        raise EditRejected(f"frame {frame} is outside the video (0-{timebase.last_frame})")
    mods = dict(modifiers or {})
    if mods:
        validate_modifiers(code, mods)
    if code.kind is CodeKind.POINT:
        for e in current:
            if e.code_id == code_id and e.onset_frame == frame:
                raise EditRejected(f"{code.name} is already marked at frame {frame}")
        point = Event(new_event_id(), code_id, frame, ms, frame, ms, mods)
        return EventChangeSet(added=(point,), description=f"mark {code.name}")
    running = next((e for e in current if e.code_id == code_id and e.is_running), None)
    if running is not None:
        changes = EventChangeSet(
            updated=(EventUpdate(running, _ended(running, frame, timebase)),),
            description=f"end {code.name}",
        )
    else:
        stop = _next_start(codebook, current, code_id, frame)
        stop_ms = None if stop is None else frame_ms(timebase, stop)
        started = Event(new_event_id(), code_id, frame, ms, stop, stop_ms, mods)
        changes = _end_group_states(codebook, current, code_id, frame, timebase).then(
            EventChangeSet(added=(started,), description=f"start {code.name}")
        )
        changes = EventChangeSet(
            changes.added, changes.removed, changes.updated, f"start {code.name}"
        )
    check_changes(codebook, current, changes, timebase)
    return changes


def _next_start(
    codebook: Codebook, events: Sequence[Event], code_id: str, frame: int
) -> int | None:
    """Where the first later state that a new *code_id* state at *frame* must not overlap
    starts (same code, or same exclusive group); None when there is none."""
    group = codebook.group_of(code_id)
    rivals = {c.id for c in group.codes} if group.exclusive else {code_id}
    later = [
        e.onset_frame
        for e in events
        if e.code_id in rivals and not e.is_point and e.onset_frame > frame
    ]
    return min(later, default=None)


def _end_group_states(
    codebook: Codebook, events: Sequence[Event], code_id: str, frame: int, timebase: Timebase
) -> EventChangeSet:
    group = codebook.group_of(code_id)
    if not group.exclusive:
        return EventChangeSet()
    in_group = {c.id for c in group.codes}
    removed: list[Event] = []
    updated: list[EventUpdate] = []
    for e in events:
        if e.code_id in in_group and e.is_running and e.code_id != code_id:
            if e.onset_frame == frame:
                removed.append(e)
            elif e.onset_frame < frame:
                updated.append(EventUpdate(e, _ended(e, frame, timebase)))
    return EventChangeSet(removed=tuple(removed), updated=tuple(updated))


def close_running_states(
    events: Iterable[Event],
    frame: int,
    timebase: Timebase,
    code_ids: Iterable[str] | None = None,
) -> EventChangeSet:
    """End every running state (or those of *code_ids*) at *frame*, as one change set.

    A state that started after *frame* is ended one frame after its onset (it cannot end
    before it starts). Used when a coding is marked done or a session is closed.
    """
    wanted = None if code_ids is None else set(code_ids)
    updated = []
    for e in events:
        if e.is_running and (wanted is None or e.code_id in wanted):
            end = timebase.clamp_frame(max(frame, e.onset_frame))
            updated.append(EventUpdate(e, _ended(e, end, timebase)))
    return EventChangeSet(updated=tuple(updated), description="end running states")


def trim(
    codebook: Codebook,
    events: Iterable[Event],
    event_id: str,
    edge: str,
    new_frame: int,
    timebase: Timebase,
) -> EventChangeSet:
    """Move one edge of a state (``"onset"`` or ``"offset"``); a point moves as a whole."""
    current = _by_id(events)
    e = _get(current, event_id)
    name = _code_name(codebook, e.code_id)
    if e.is_point:
        return move(codebook, current.values(), (event_id,), new_frame - e.onset_frame, timebase)
    if edge == "onset":
        f = timebase.clamp_frame(new_frame)
        if e.offset_frame is not None and f >= e.offset_frame:
            raise EditRejected(f"{name} must keep at least one frame (it ends at {e.offset_frame})")
        after = e.with_changes(onset_frame=f, onset_ms=timebase.frame_to_ms(f))
    elif edge == "offset":
        if e.offset_frame is None:
            raise EditRejected(f"{name} is still running; end it with its key first")
        f = min(max(new_frame, e.onset_frame + 1), timebase.frame_count)
        after = e.with_changes(offset_frame=f, offset_ms=frame_ms(timebase, f))
    else:
        raise ValueError(f"edge must be 'onset' or 'offset', not {edge!r}")
    if after == e:
        return EventChangeSet()
    changes = EventChangeSet(updated=(EventUpdate(e, after),), description=f"trim {name}")
    check_changes(codebook, current.values(), changes, timebase)
    return changes


def move(
    codebook: Codebook,
    events: Iterable[Event],
    ids: Iterable[str],
    delta: int,
    timebase: Timebase,
) -> EventChangeSet:
    """Shift events by *delta* frames, clamped so that all of them stay inside the video."""
    current = _by_id(events)
    moving = [_get(current, i) for i in dict.fromkeys(ids)]
    if not moving or delta == 0:
        return EventChangeSet()
    lowest = min(e.onset_frame for e in moving)
    # Running states and points must keep their onset on a frame; states their offset
    # at most one past the last frame.
    highest_room = min(
        (timebase.frame_count - e.offset_frame)
        if e.offset_frame is not None and not e.is_point
        else (timebase.last_frame - e.onset_frame)
        for e in moving
    )
    delta = min(max(delta, -lowest), highest_room)
    if delta == 0:
        return EventChangeSet()
    updated = []
    for e in moving:
        on = e.onset_frame + delta
        off = None if e.offset_frame is None else e.offset_frame + delta
        after = e.with_changes(
            onset_frame=on,
            onset_ms=timebase.frame_to_ms(on),
            offset_frame=off,
            offset_ms=None if off is None else frame_ms(timebase, off),
        )
        updated.append(EventUpdate(e, after))
    what = _code_name(codebook, moving[0].code_id) if len(moving) == 1 else f"{len(moving)} events"
    changes = EventChangeSet(updated=tuple(updated), description=f"move {what}")
    check_changes(codebook, current.values(), changes, timebase)
    return changes


def delete(events: Iterable[Event], ids: Iterable[str]) -> EventChangeSet:
    current = _by_id(events)
    removed = tuple(_get(current, i) for i in dict.fromkeys(ids))
    n = len(removed)
    return EventChangeSet(removed=removed, description=f"delete {n} event{'s' * (n != 1)}")


def split(
    codebook: Codebook,
    events: Iterable[Event],
    event_id: str,
    frame: int,
    timebase: Timebase,
) -> EventChangeSet:
    """Cut a state in two at *frame*: the first part ends there, the second starts there."""
    current = _by_id(events)
    e = _get(current, event_id)
    name = _code_name(codebook, e.code_id)
    if e.is_point:
        raise EditRejected(f"{name} is a point; only states can be split")
    stop = e.offset_frame if e.offset_frame is not None else timebase.frame_count
    if not e.onset_frame < frame < stop:
        raise EditRejected(
            f"frame {frame} is not inside {name} ({_describe(e)}); "
            "split at a frame after its first one"
        )
    ms = timebase.frame_to_ms(frame)
    first = e.with_changes(offset_frame=frame, offset_ms=ms)
    second = Event(
        new_event_id(), e.code_id, frame, ms, e.offset_frame, e.offset_ms, e.modifiers, e.comment
    )
    return EventChangeSet(
        added=(second,), updated=(EventUpdate(e, first),), description=f"split {name}"
    )


def validate_modifiers(code: Code, values: Mapping[str, ModifierValue]) -> None:
    known = {m.id: m for m in code.modifiers}
    for key, value in values.items():
        mod = known.get(key)
        if mod is None:
            raise EditRejected(f"{code.name} has no modifier {key!r}")
        if mod.kind is ModifierKind.CHOICE:
            if value not in {c.id for c in mod.choices}:
                raise EditRejected(f"{value!r} is not a choice of {code.name} / {mod.name}")
        else:
            if isinstance(value, str):
                raise EditRejected(f"{code.name} / {mod.name} needs a number, not {value!r}")
            if (mod.minimum is not None and value < mod.minimum) or (
                mod.maximum is not None and value > mod.maximum
            ):
                raise EditRejected(
                    f"{value} is outside {mod.minimum}..{mod.maximum} for {code.name} / {mod.name}"
                )


def running_states(events: Iterable[Event]) -> list[Event]:
    return [e for e in events if e.is_running]
