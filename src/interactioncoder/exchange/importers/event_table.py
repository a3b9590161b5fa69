"""Imported events kept column by column: what a million-row table becomes before applying.

A row held as an :class:`ImportedEvent` (a slotted object, two floats, a code string and
a ``"row N at T s"`` place) takes about 300 bytes; here it takes about 30 (issue 14: an
import may grow memory by at most 500 bytes per stored event). Each event is built on
access, with its place, so the code that checks and applies a bundle reads a table like
any other sequence of events.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator, Mapping, Sequence
from typing import overload

import numpy as np
import numpy.typing as npt

from interactioncoder.core.events import NO_MODIFIERS, ModifierValue
from interactioncoder.exchange.importers.common import ImportedEvent, format_ms

_NO_FRAME = -1


class ImportedEventTable(Sequence[ImportedEvent]):
    """Events read from the rows of a table (CSV); each one's place is its row and time.

    With *frames*, the file gave frame indexes (``onset_frame``/``offset_frame``) and
    places name the onset frame; otherwise times in ms, and places name the onset time.
    """

    def __init__(self, frames: bool = False) -> None:
        self.frames = frames
        self._codes: list[str] = []
        self._code_index: dict[str, int] = {}
        self._code = array("I")
        self._row = array("Q")
        self._onset_ms = array("d")
        self._offset_ms = array("d")  # NaN: a running state
        self._onset_frame = array("q")
        self._offset_frame = array("q")
        # Few rows have modifiers or a comment: kept by index, not one per row.
        self._modifiers: dict[int, Mapping[str, ModifierValue]] = {}
        self._comments: dict[int, str] = {}

    def append(
        self,
        row: int,
        code_id: str,
        onset_ms: float,
        offset_ms: float | None,
        modifiers: Mapping[str, ModifierValue] = NO_MODIFIERS,
        comment: str = "",
        frames: tuple[int, int] | None = None,
    ) -> None:
        """Add the event of table row *row*; *frames* (onset, offset) for a table in frames."""
        index = self._code_index.get(code_id)
        if index is None:
            index = self._code_index[code_id] = len(self._codes)
            self._codes.append(code_id)
        if self.frames:
            if frames is None:
                raise ValueError("a table in frames needs each event's frames")
            self._onset_frame.append(frames[0])
            self._offset_frame.append(frames[1])
        i = len(self._code)
        self._code.append(index)
        self._row.append(row)
        self._onset_ms.append(onset_ms)
        self._offset_ms.append(math.nan if offset_ms is None else offset_ms)
        if modifiers:
            self._modifiers[i] = modifiers
        if comment:
            self._comments[i] = comment

    def __len__(self) -> int:
        return len(self._code)

    @overload
    def __getitem__(self, index: int) -> ImportedEvent: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[ImportedEvent]: ...

    def __getitem__(self, index: int | slice) -> ImportedEvent | Sequence[ImportedEvent]:
        if isinstance(index, slice):
            return tuple(self._event(i) for i in range(len(self))[index])
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("event index out of range")
        return self._event(index)

    def __iter__(self) -> Iterator[ImportedEvent]:
        return (self._event(i) for i in range(len(self)))

    def place(self, i: int) -> str:
        at = f"frame {self._onset_frame[i]}" if self.frames else format_ms(self._onset_ms[i])
        return f"row {self._row[i]} at {at}"

    def _event(self, i: int) -> ImportedEvent:
        offset = self._offset_ms[i]
        return ImportedEvent(
            self._codes[self._code[i]],
            self._onset_ms[i],
            None if math.isnan(offset) else offset,
            self._modifiers.get(i, NO_MODIFIERS),
            self._comments.get(i, ""),
            self.place(i),
            onset_frame=self._onset_frame[i] if self.frames else None,
            offset_frame=self._offset_frame[i] if self.frames else None,
        )

    def latest_ms(self) -> float:
        """The latest onset or offset (0 for no events)."""
        if not len(self):
            return 0.0
        offsets = _floats(self._offset_ms)
        ends = np.where(np.isnan(offsets), _floats(self._onset_ms), offsets)
        return float(ends.max())

    def flagged(self, limit_ms: float, max_frame: int) -> Iterator[ImportedEvent]:
        """The events a bundle check could refuse, in order; every other event passes.

        That is: a time not finite or beyond *limit_ms*, a frame outside 0..*max_frame*,
        any text besides a NUL-free code. Checking only these keeps the checks of a
        million-row table to a few vectorised passes.
        """
        suspect = ~(np.abs(_floats(self._onset_ms)) <= limit_ms)
        offsets = _floats(self._offset_ms)
        suspect |= ~np.isnan(offsets) & ~(np.abs(offsets) <= limit_ms)
        if self.frames:
            for frames in (self._onset_frame, self._offset_frame):
                values = np.frombuffer(frames, dtype=np.int64)
                suspect |= (values < 0) | (values > max_frame)
        bad_codes = [i for i, code in enumerate(self._codes) if "\x00" in code]
        if bad_codes:
            codes = np.frombuffer(self._code, dtype=f"u{self._code.itemsize}")
            suspect |= np.isin(codes, bad_codes)
        indexes = set(np.flatnonzero(suspect).tolist()) | set(self._modifiers) | set(self._comments)
        return (self._event(i) for i in sorted(indexes))


def _floats(values: array[float]) -> npt.NDArray[np.float64]:
    return np.frombuffer(values, dtype=np.float64) if len(values) else np.zeros(0)


def latest_ms(events: Sequence[ImportedEvent]) -> float:
    """The latest onset or offset of *events* (0 for none)."""
    if isinstance(events, ImportedEventTable):
        return events.latest_ms()
    return max(
        (e.offset_ms if e.offset_ms is not None else e.onset_ms for e in events), default=0.0
    )
