"""BORIS events of one observation -> imported events: START/STOP pairing, modifiers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interactioncoder.core.events import ModifierValue
from interactioncoder.exchange.importers.boris_ethogram import BorisBehaviour, strip_key
from interactioncoder.exchange.importers.common import (
    ImportedEvent,
    ImportFormatError,
    finite_number,
    format_ms,
)


def split_modifiers(text: Any, sets: int) -> list[str]:
    if not isinstance(text, str):
        text = ""
    parts = text.split("|") if text else []
    parts += [""] * (sets - len(parts))
    return [("" if p.strip() == "None" else p.strip()) for p in parts]


def pair_events(
    source: Path,
    place: str,
    rows: list[Any],
    by_code: Mapping[str, BorisBehaviour],
    code_ids: Mapping[tuple[str, str], str],
    modifier_ids: Mapping[str, tuple[str, ...]],
    codebook: Any,
    offset_ms: float,
    end_ms: float | None,
    close_unpaired: bool,
    notes: list[str],
) -> list[ImportedEvent]:
    """One observation's events in time order: points as they are, each state START
    paired with the next STOP of the same subject, behaviour and modifiers."""
    ethogram = _Ethogram(by_code, code_ids, modifier_ids, codebook)
    events: list[ImportedEvent] = []
    open_states: dict[_StateKey, tuple[float, ImportedEvent]] = {}
    for ms, i, row in _timed_rows(source, place, rows, offset_ms):
        where = f"{place} event {i + 1} at {format_ms(ms)}"
        _check_within_media(source, where, ms, end_ms)
        state_key, event = ethogram.event(source, where, ms, row)
        if state_key is None:
            events.append(event)
        elif state_key in open_states:
            start, ev = open_states.pop(state_key)
            joined = " / ".join(c for c in (ev.comment, event.comment) if c)
            events.append(ImportedEvent(event.code_id, start, ms, ev.modifiers, joined, ev.place))
        else:
            open_states[state_key] = (ms, event)
    if open_states:
        events += _close_unpaired(source, place, open_states, end_ms, close_unpaired, notes)
    events.sort(key=lambda e: (e.onset_ms, e.code_id))
    return events


# A running state is identified by (subject, behaviour code, modifiers as in the file).
_StateKey = tuple[str, str, str]


def _timed_rows(
    source: Path, place: str, rows: list[Any], offset_ms: float
) -> list[tuple[float, int, list[Any]]]:
    """(ms on the media, row index, row), in time order (ties: file order)."""
    timed: list[tuple[float, int, list[Any]]] = []
    for i, row in enumerate(rows):
        where = f"{place} event {i + 1}"
        if not isinstance(row, list) or len(row) < 3:
            raise ImportFormatError(
                source, where, "an event is [time, subject, code, modifiers, comment]"
            )
        t = finite_number(row[0])
        if t is None:
            raise ImportFormatError(source, where, f"time {row[0]!r} is not a number")
        timed.append((t * 1000.0 - offset_ms, i, row))
    timed.sort(key=lambda x: (x[0], x[1]))
    return timed


def _check_within_media(source: Path, where: str, ms: float, end_ms: float | None) -> None:
    if ms < 0:
        raise ImportFormatError(source, where, "negative time (before the media starts)")
    if end_ms is not None and ms > end_ms + 1.0:
        raise ImportFormatError(source, where, f"after the end of the media ({format_ms(end_ms)})")


@dataclass(frozen=True)
class _Ethogram:
    """The imported ethogram: BORIS behaviours, and the code and modifier ids they got."""

    by_code: Mapping[str, BorisBehaviour]
    code_ids: Mapping[tuple[str, str], str]
    modifier_ids: Mapping[str, tuple[str, ...]]
    codebook: Any

    def event(
        self, source: Path, where: str, ms: float, row: list[Any]
    ) -> tuple[_StateKey | None, ImportedEvent]:
        """The row's event (a state's is still running) and, for a state, its key."""
        subject = row[1] if isinstance(row[1], str) else ""
        code = row[2]
        if not isinstance(code, str) or code not in self.by_code:
            raise ImportFormatError(source, where, f"behaviour {code!r} is not in the ethogram")
        b = self.by_code[code]
        cid = self.code_ids[(subject, code)]
        raw_mods = row[3] if len(row) > 3 else ""
        ids = self.modifier_ids[cid]
        modifiers = _modifiers(source, where, b, cid, ids, self.codebook, raw_mods)
        comment = str(row[4]).strip() if len(row) > 4 and row[4] is not None else ""
        if not b.is_state:
            return None, ImportedEvent(cid, ms, ms, modifiers, comment, where)
        state_key = (subject, code, raw_mods if isinstance(raw_mods, str) else "")
        return state_key, ImportedEvent(cid, ms, None, modifiers, comment, where)


def _close_unpaired(
    source: Path,
    place: str,
    open_states: dict[_StateKey, tuple[float, ImportedEvent]],
    end_ms: float | None,
    close_unpaired: bool,
    notes: list[str],
) -> list[ImportedEvent]:
    """States started but never stopped: ended at the end of the media when asked to
    (and the media length is known), else an error listing them."""
    listed = [
        ev.place + f" ({key[1]!r}, subject {key[0] or 'none'!r})"
        for key, (_, ev) in open_states.items()
    ]
    if not close_unpaired or end_ms is None:
        why = "" if end_ms is not None or not close_unpaired else " (the media length is unknown)"
        raise ImportFormatError(
            source,
            place,
            f"{len(listed)} state event(s) started but never stopped{why} "
            "(use --close-unpaired-at-end to end them at the end of the media):\n  "
            + "\n  ".join(listed),
        )
    closed: list[ImportedEvent] = []
    for key, (start, ev) in open_states.items():
        closed.append(ImportedEvent(ev.code_id, start, end_ms, ev.modifiers, ev.comment, ev.place))
        notes.append(
            f"{ev.place}: unpaired {key[1]!r} closed at the end of the media ({format_ms(end_ms)})"
        )
    return closed


def _modifiers(
    source: Path,
    where: str,
    b: BorisBehaviour,
    code_id: str,
    ids: tuple[str, ...],
    codebook: Any,
    raw: Any,
) -> dict[str, ModifierValue]:
    values: dict[str, ModifierValue] = {}
    if not b.modifier_sets:
        return values
    parts = split_modifiers(raw, len(b.modifier_sets))
    if len(parts) > len(b.modifier_sets):
        raise ImportFormatError(
            source, where, f"{len(parts)} modifier values for {len(b.modifier_sets)} sets: {raw!r}"
        )
    code = codebook.code(code_id)
    for mset, mod_id, part in zip(b.modifier_sets, ids, parts, strict=True):
        if not part:
            continue
        modifier = next(m for m in code.modifiers if m.id == mod_id)
        if mset.kind in (2, 3):
            number = finite_number(part)
            if number is None:
                raise ImportFormatError(
                    source, where, f"modifier {mset.name!r} needs a number, not {part!r}"
                )
            values[mod_id] = number
            continue
        label = (
            " + ".join(strip_key(p) for p in part.split(",") if strip_key(p))
            if mset.kind == 1
            else strip_key(part)
        )
        choice = next((c for c in modifier.choices if c.name == label), None)
        if choice is None:
            raise ImportFormatError(source, where, f"modifier {mset.name!r} has no value {part!r}")
        values[mod_id] = choice.id
    return values
