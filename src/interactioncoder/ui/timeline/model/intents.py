"""Plain input values in, typed intents out: the vocabulary of the timeline's input handler.

The widget converts Qt's events to ``Button``/``Mod``/``Key`` values, hands them to the
``InputHandler`` and turns the intents it gets back into its signals. An intent is what
the user asked for; the handler has already updated the view state (selection, zoom,
scroll, drag preview), while edits (trim, move, split, delete, create) are requests the
owner applies through the editing rules, or refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntFlag


class Button(Enum):
    LEFT = "left"
    RIGHT = "right"
    MIDDLE = "middle"
    OTHER = "other"


class Mod(IntFlag):
    NONE = 0
    SHIFT = 1
    CTRL = 2
    ALT = 4


class Key(Enum):
    DELETE = "delete"
    BACKSPACE = "backspace"
    PLUS = "plus"
    EQUAL = "equal"
    MINUS = "minus"
    ZERO = "zero"
    ESCAPE = "escape"
    OTHER = "other"


@dataclass(frozen=True)
class Seek:
    """Go to *frame*; ``scrub``: a move of a playhead drag (a quick preview frame will
    do; the drag's release seeks again, exactly)."""

    frame: int
    scrub: bool = False


@dataclass(frozen=True)
class Select:
    """The selection changed (already applied to the state) to *ids*."""

    ids: tuple[str, ...]


@dataclass(frozen=True)
class RubberBandSelect:
    """A rubber band added events; *ids* is the whole new selection."""

    ids: tuple[str, ...]


@dataclass(frozen=True)
class Trim:
    event_id: str
    edge: str  # "onset" | "offset"
    frame: int


@dataclass(frozen=True)
class Move:
    event_ids: tuple[str, ...]
    delta: int


@dataclass(frozen=True)
class SegmentTrim:
    segment_id: int
    edge: str
    frame: int


@dataclass(frozen=True)
class Split:
    event_id: str
    frame: int


@dataclass(frozen=True)
class Delete:
    event_ids: tuple[str, ...]


@dataclass(frozen=True)
class Edit:
    event_id: str


@dataclass(frozen=True)
class Create:
    """A state drawn on an empty part of a code row: onset..offset (offset exclusive)."""

    code_id: str
    onset: int
    offset: int


@dataclass(frozen=True)
class Zoom:
    factor: float  # the requested factor (the viewport clamps it)


@dataclass(frozen=True)
class Scroll:
    frames: float = 0.0
    pixels: float = 0.0  # rows, vertically


@dataclass(frozen=True)
class ToggleRows:
    key: str  # a subject or group header collapsed or expanded


@dataclass(frozen=True)
class CancelDrag:
    pass


Intent = (
    Seek | Select | RubberBandSelect | Trim | Move | SegmentTrim | Split | Delete | Edit
    | Create | Zoom | Scroll | ToggleRows | CancelDrag
)  # fmt: skip
