"""The codebook: what coders can mark, and how.

A codebook is immutable once loaded. It is validated by the YAML loader
(:mod:`interactioncoder.core.codebook.loader`); the dataclasses here only describe it and
offer look-ups. ``to_dict``/``codebook_from_dict`` (:mod:`.canonical`) give the canonical
plain form that the project store snapshots (with a hash), so a coding always says which
version it used.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class CodeKind(StrEnum):
    """A state has an onset and an offset; a point marks one frame."""

    STATE = "state"
    POINT = "point"


class ModifierKind(StrEnum):
    CHOICE = "choice"
    NUMBER = "number"


class ScaleScope(StrEnum):
    """A rating is given once per session, or once per segment (epoch)."""

    SESSION = "session"
    SEGMENT = "segment"


@dataclass(frozen=True)
class ModifierChoice:
    id: str
    name: str
    key: str = ""  # key used in the modifier popup; empty = first letter / digit order


@dataclass(frozen=True)
class Modifier:
    """An extra attribute asked when a code is marked (a choice list or a number)."""

    id: str
    name: str
    kind: ModifierKind
    choices: tuple[ModifierChoice, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    required: bool = False

    def choice(self, choice_id: str) -> ModifierChoice:
        for c in self.choices:
            if c.id == choice_id:
                return c
        raise KeyError(f"modifier {self.id!r} has no choice {choice_id!r}")


@dataclass(frozen=True)
class Code:
    id: str
    name: str
    kind: CodeKind
    key: str
    color: str  # "#rrggbb"
    definition: str = ""
    examples: tuple[str, ...] = ()
    modifiers: tuple[Modifier, ...] = ()


@dataclass(frozen=True)
class CodeGroup:
    """Codes about one subject; in an exclusive group at most one state runs at a time."""

    id: str
    name: str
    subject: str
    exclusive: bool
    codes: tuple[Code, ...]
    description: str = ""


@dataclass(frozen=True)
class Subject:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class ScaleAnchor:
    value: int
    label: str


@dataclass(frozen=True)
class RatingScale:
    id: str
    name: str
    subject: str
    minimum: int
    maximum: int
    scope: ScaleScope = ScaleScope.SESSION
    anchors: tuple[ScaleAnchor, ...] = ()
    description: str = ""

    def anchor_label(self, value: int) -> str:
        for a in self.anchors:
            if a.value == value:
                return a.label
        return ""

    def values(self) -> range:
        return range(self.minimum, self.maximum + 1)


@dataclass(frozen=True)
class ScaleTotal:
    """A sum of several scales (e.g. the eight withdrawal items) with a clinical cut-off."""

    id: str
    name: str
    scales: tuple[str, ...]
    cutoff: int | None = None
    cutoff_label: str = ""

    def is_at_or_above_cutoff(self, total: int) -> bool:
        return self.cutoff is not None and total >= self.cutoff


@dataclass(frozen=True)
class SegmentType:
    """A named part of a session (e.g. play, still-face, reunion)."""

    id: str
    name: str
    color: str = "#888888"
    description: str = ""


@dataclass(frozen=True)
class AffectCategory:
    """An affect category (e.g. positive) and the states of both partners that show it."""

    id: str
    name: str
    codes: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class Codebook:
    id: str
    name: str
    version: str
    description: str = ""
    subjects: tuple[Subject, ...] = ()
    groups: tuple[CodeGroup, ...] = ()
    scales: tuple[RatingScale, ...] = ()
    totals: tuple[ScaleTotal, ...] = ()
    segments: tuple[SegmentType, ...] = ()
    # Optional (match / mismatch / repair analysis); see core/codebook/affect.py.
    affect: tuple[AffectCategory, ...] = ()
    _codes: dict[str, tuple[CodeGroup, Code]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        index = {c.id: (g, c) for g in self.groups for c in g.codes}
        object.__setattr__(self, "_codes", index)

    # -- look-ups -------------------------------------------------------------------
    def codes(self) -> tuple[Code, ...]:
        return tuple(c for g in self.groups for c in g.codes)

    def code(self, code_id: str) -> Code:
        try:
            return self._codes[code_id][1]
        except KeyError:
            raise KeyError(f"codebook {self.id!r} has no code {code_id!r}") from None

    def has_code(self, code_id: str) -> bool:
        return code_id in self._codes

    def group_of(self, code_id: str) -> CodeGroup:
        try:
            return self._codes[code_id][0]
        except KeyError:
            raise KeyError(f"codebook {self.id!r} has no code {code_id!r}") from None

    def group(self, group_id: str) -> CodeGroup:
        for g in self.groups:
            if g.id == group_id:
                return g
        raise KeyError(f"codebook {self.id!r} has no group {group_id!r}")

    def subject(self, subject_id: str) -> Subject:
        for s in self.subjects:
            if s.id == subject_id:
                return s
        raise KeyError(f"codebook {self.id!r} has no subject {subject_id!r}")

    def scale(self, scale_id: str) -> RatingScale:
        for s in self.scales:
            if s.id == scale_id:
                return s
        raise KeyError(f"codebook {self.id!r} has no rating scale {scale_id!r}")

    def affect_of(self, code_id: str) -> str | None:
        """The affect category a state is mapped to, or None."""
        for category in self.affect:
            if code_id in category.codes:
                return category.id
        return None

    def code_for_key(self, key: str) -> Code | None:
        for c in self.codes():
            if c.key == key:
                return c
        return None

    # -- canonical form ---------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        # Imported here: the canonical form is built from the classes of this module.
        from interactioncoder.core.codebook.canonical import codebook_to_dict

        return codebook_to_dict(self)

    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON form: equal content gives an equal hash."""
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
