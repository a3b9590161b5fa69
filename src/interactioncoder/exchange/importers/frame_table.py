"""Frame-exact imported events kept column by column; event ids are made as they are stored.

An :class:`Event` object with its UUID hex id, two float times and frame numbers takes
about 300 bytes, so a million of them alone would break the import's memory budget
(issue 14: at most 500 bytes per stored event). A :class:`FrameEvents` table holds the
same values in typed arrays (about 45 bytes an event) and builds each Event only when
it is stored (:meth:`FrameEvents.events`).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from interactioncoder.core.events import NO_MODIFIERS, Event, ModifierValue, new_event_id

RUNNING = -1  # the offset frame of a state still running (Event.offset_frame None)


class FrameEvents:
    """Events on frames, in the order added; ``source[i]`` says where event *i* came from
    (an index into the imported events, or -1), so messages can name its place."""

    def __init__(self) -> None:
        self.codes: list[str] = []
        self._code_index: dict[str, int] = {}
        self.code = array("I")
        self.onset = array("q")
        self.offset = array("q")  # RUNNING for a running state
        self.onset_ms = array("d")
        self.offset_ms = array("d")
        self.source = array("q")
        # Few events have modifiers or a comment: kept by index, not one per event.
        self.modifiers: dict[int, Mapping[str, ModifierValue]] = {}
        self.comments: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.code)

    def append(
        self,
        code_id: str,
        onset: int,
        onset_ms: float,
        offset: int | None,
        offset_ms: float | None,
        modifiers: Mapping[str, ModifierValue] = NO_MODIFIERS,
        comment: str = "",
        source: int = -1,
    ) -> None:
        index = self._code_index.get(code_id)
        if index is None:
            index = self._code_index[code_id] = len(self.codes)
            self.codes.append(code_id)
        i = len(self.code)
        self.code.append(index)
        self.onset.append(onset)
        self.onset_ms.append(onset_ms)
        self.offset.append(RUNNING if offset is None else offset)
        self.offset_ms.append(0.0 if offset_ms is None else offset_ms)
        self.source.append(source)
        if modifiers:
            self.modifiers[i] = modifiers
        if comment:
            self.comments[i] = comment

    def append_event(self, e: Event, source: int = -1) -> None:
        self.append(
            e.code_id,
            e.onset_frame,
            e.onset_ms,
            e.offset_frame,
            e.offset_ms,
            e.modifiers,
            e.comment,
            source,
        )

    def append_from(self, other: FrameEvents, i: int) -> None:
        """Add event *i* of *other* (same source)."""
        self.append(
            other.code_id(i),
            other.onset[i],
            other.onset_ms[i],
            other.offset_frame(i),
            other.end_ms(i),
            other.modifiers.get(i, NO_MODIFIERS),
            other.comments.get(i, ""),
            other.source[i],
        )

    def set_end(self, i: int, frame: int | None, ms: float | None) -> None:
        self.offset[i] = RUNNING if frame is None else frame
        self.offset_ms[i] = 0.0 if ms is None else ms

    def code_id(self, i: int) -> str:
        return self.codes[self.code[i]]

    def offset_frame(self, i: int) -> int | None:
        frame = self.offset[i]
        return None if frame == RUNNING else frame

    def end_ms(self, i: int) -> float | None:
        return None if self.offset[i] == RUNNING else self.offset_ms[i]

    def is_point(self, i: int) -> bool:
        return self.offset[i] == self.onset[i]

    def event(self, i: int, event_id: str) -> Event:
        return Event(
            id=event_id,
            code_id=self.code_id(i),
            onset_frame=self.onset[i],
            onset_ms=self.onset_ms[i],
            offset_frame=self.offset_frame(i),
            offset_ms=self.end_ms(i),
            modifiers=self.modifiers.get(i, NO_MODIFIERS),
            comment=self.comments.get(i, ""),
        )

    def events(self) -> Iterator[Event]:
        """Each event with a new id, one at a time (so they need not all be held at once)."""
        return (self.event(i, new_event_id()) for i in range(len(self)))

    def columns(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Code index, onset frame and offset frame of every event as arrays (no copies)."""
        if not len(self):
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        code = np.frombuffer(self.code, dtype=f"u{self.code.itemsize}").astype(np.int64)
        return (
            code,
            np.frombuffer(self.onset, dtype=np.int64),
            np.frombuffer(self.offset, dtype=np.int64),
        )

    @classmethod
    def of(cls, events: Sequence[Event]) -> FrameEvents:
        table = cls()
        for e in events:
            table.append_event(e)
        return table

    def extended(self, other: FrameEvents) -> FrameEvents:
        """A new table: these events, then *other*'s."""
        out = FrameEvents()
        for table in (self, other):
            for i in range(len(table)):
                out.append_from(table, i)
        return out
