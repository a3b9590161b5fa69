"""Overlaps the editing rules forbid among imported events: found (with places) or merged.

Both work on a :class:`FrameEvents` table. Finding is vectorised (numpy): a million
events are sorted and scanned in a few array passes instead of a Python object each.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.timebase import Timebase
from interactioncoder.exchange.importers.common import format_ms, frame_time
from interactioncoder.exchange.importers.frame_table import RUNNING, FrameEvents

Place = Callable[[int], str]  # where the event of a source index came from ("" unknown)
_NO_KEY = -1
_FOREVER = np.iinfo(np.int64).max  # the end of a running state


def _overlap_key(codebook: Codebook, code_id: str) -> str | None:
    if not codebook.has_code(code_id):
        return None
    group = codebook.group_of(code_id)
    return f"group {group.name!r}" if group.exclusive else f"code {code_id!r}"


def _keys(codebook: Codebook, table: FrameEvents) -> tuple[npt.NDArray[np.int64], list[str]]:
    """Each event's overlap key (an index into the returned names; -1 for none)."""
    names: list[str] = []
    of_code: list[int] = []
    for code_id in table.codes:
        key = _overlap_key(codebook, code_id)
        if key is None:
            of_code.append(_NO_KEY)
            continue
        if key not in names:
            names.append(key)
        of_code.append(names.index(key))
    code, onset, offset = table.columns()
    keys = np.asarray(of_code, dtype=np.int64)[code] if len(table) else code
    return np.where(offset == onset, _NO_KEY, keys), names  # points overlap nothing


def find_overlaps(codebook: Codebook, table: FrameEvents, place: Place) -> list[str]:
    """States that overlap where the editing rules forbid it, each with its place.

    A code overlapping itself, or two states of an exclusive group. Keys are reported
    in the order they first occur, overlaps within a key by onset.
    """
    keys, names = _keys(codebook, table)
    _code, onset, _offset = table.columns()
    order = np.lexsort((onset, keys))  # stable: by key, then onset, then table order
    order = order[keys[order] != _NO_KEY]
    if not len(order):
        return []
    starts = np.flatnonzero(np.diff(keys[order])) + 1
    groups = np.split(order, starts)
    groups.sort(key=lambda g: int(g.min()))
    found: list[str] = []
    for items in groups:
        found.extend(_overlaps_in(table, items, names[int(keys[items[0]])], place))
    return found


def _overlaps_in(
    table: FrameEvents, items: npt.NDArray[np.int64], key: str, place: Place
) -> list[str]:
    """Overlaps among *items* (one key, sorted by onset): each event against the one that
    reaches furthest before it (the first to reach that far)."""
    _code, onset, offset = table.columns()
    ends = offset[items]
    ends = np.where(ends == RUNNING, _FOREVER, ends)
    reach_end = np.maximum.accumulate(ends)
    positions = np.arange(len(items))
    new_reach = np.ones(len(items), dtype=bool)
    new_reach[1:] = ends[1:] > reach_end[:-1]
    reach = np.maximum.accumulate(np.where(new_reach, positions, 0))
    hits = np.flatnonzero(onset[items][1:] < reach_end[:-1]) + 1
    return [_message(table, int(items[p]), int(items[reach[p - 1]]), key, place) for p in hits]


def _message(table: FrameEvents, i: int, held: int, key: str, place: Place) -> str:
    held_place = place(table.source[held])
    at = format_ms(table.onset_ms[i])
    return (
        f"{place(table.source[i]) or 'event'}: {key}: {table.code_id(i)!r} at {at} "
        f"overlaps {table.code_id(held)!r} from {format_ms(table.onset_ms[held])}"
        + (f" ({held_place})" if held_place else "")
    )


def merge_overlaps(
    timebase: Timebase, table: FrameEvents, place: Place
) -> tuple[FrameEvents, list[str]]:
    """Overlapping or touching-inside states of one code merged into one (their union).

    Returns the events (sorted by onset; each keeps its source, so its place) and a
    note per merge. Points and states of different codes are left as they are.
    """
    out = FrameEvents()
    notes: list[str] = []
    open_by_code: dict[str, int] = {}
    _code, onset, _offset = table.columns()
    for i in np.argsort(onset, kind="stable").tolist():
        code_id = table.code_id(i)
        at = open_by_code.get(code_id)
        if not table.is_point(i) and at is not None:
            end = out.offset_frame(at)
            if end is None or table.onset[i] < end:
                mine = table.offset_frame(i)
                new_end = None if end is None or mine is None else max(end, mine)
                out.set_end(at, new_end, None if new_end is None else frame_time(timebase, new_end))
                notes.append(
                    f"{place(table.source[i]) or 'event'}: merged into {code_id!r} "
                    f"from {place(out.source[at])}"
                )
                continue
        out.append_from(table, i)
        if not table.is_point(i):
            open_by_code[code_id] = len(out) - 1
    return out, notes
