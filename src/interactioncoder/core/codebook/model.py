"""The codebook: what coders can mark, and how.

A codebook is immutable once loaded. It is validated by the YAML loader
(:mod:`interactioncoder.core.codebook.loader`); the dataclasses here only describe it and
offer look-ups. ``to_dict``/``codebook_from_dict`` give the canonical plain form that the
project store snapshots (with a hash), so a coding always says which version it used.
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
        return codebook_to_dict(self)

    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON form: equal content gives an equal hash."""
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _modifier_to_dict(m: Modifier) -> dict[str, Any]:
    d: dict[str, Any] = {"id": m.id, "name": m.name, "kind": m.kind.value}
    if m.kind is ModifierKind.CHOICE:
        d["choices"] = [{"id": c.id, "name": c.name, "key": c.key} for c in m.choices]
    else:
        d["min"] = m.minimum
        d["max"] = m.maximum
    d["required"] = m.required
    return d


def codebook_to_dict(cb: Codebook) -> dict[str, Any]:
    d = _codebook_to_dict(cb)
    if cb.affect:  # only when used: older codebooks keep their content hash
        d["affect"] = [
            {"id": a.id, "name": a.name, "codes": list(a.codes), "description": a.description}
            for a in cb.affect
        ]
    return d


def _codebook_to_dict(cb: Codebook) -> dict[str, Any]:
    return {
        "id": cb.id,
        "name": cb.name,
        "version": cb.version,
        "description": cb.description,
        "subjects": [
            {"id": s.id, "name": s.name, "description": s.description} for s in cb.subjects
        ],
        "groups": [
            {
                "id": g.id,
                "name": g.name,
                "subject": g.subject,
                "exclusive": g.exclusive,
                "description": g.description,
                "codes": [
                    {
                        "id": c.id,
                        "name": c.name,
                        "kind": c.kind.value,
                        "key": c.key,
                        "color": c.color,
                        "definition": c.definition,
                        "examples": list(c.examples),
                        "modifiers": [_modifier_to_dict(m) for m in c.modifiers],
                    }
                    for c in g.codes
                ],
            }
            for g in cb.groups
        ],
        "scales": [
            {
                "id": s.id,
                "name": s.name,
                "subject": s.subject,
                "min": s.minimum,
                "max": s.maximum,
                "scope": s.scope.value,
                "description": s.description,
                "anchors": {str(a.value): a.label for a in s.anchors},
            }
            for s in cb.scales
        ],
        "totals": [
            {
                "id": t.id,
                "name": t.name,
                "scales": list(t.scales),
                "cutoff": t.cutoff,
                "cutoff_label": t.cutoff_label,
            }
            for t in cb.totals
        ],
        "segments": [
            {"id": s.id, "name": s.name, "color": s.color, "description": s.description}
            for s in cb.segments
        ],
    }


def _modifier_from_dict(d: dict[str, Any]) -> Modifier:
    kind = ModifierKind(d["kind"])
    return Modifier(
        id=d["id"],
        name=d["name"],
        kind=kind,
        choices=tuple(
            ModifierChoice(id=c["id"], name=c["name"], key=c.get("key", ""))
            for c in d.get("choices", [])
        ),
        minimum=d.get("min"),
        maximum=d.get("max"),
        required=bool(d.get("required", False)),
    )


def codebook_from_dict(d: dict[str, Any]) -> Codebook:
    """Rebuild a codebook from its canonical form (a stored snapshot: already validated)."""
    return Codebook(
        id=d["id"],
        name=d["name"],
        version=d["version"],
        description=d.get("description", ""),
        subjects=tuple(
            Subject(id=s["id"], name=s["name"], description=s.get("description", ""))
            for s in d.get("subjects", [])
        ),
        groups=tuple(
            CodeGroup(
                id=g["id"],
                name=g["name"],
                subject=g["subject"],
                exclusive=bool(g["exclusive"]),
                description=g.get("description", ""),
                codes=tuple(
                    Code(
                        id=c["id"],
                        name=c["name"],
                        kind=CodeKind(c["kind"]),
                        key=c["key"],
                        color=c["color"],
                        definition=c.get("definition", ""),
                        examples=tuple(c.get("examples", [])),
                        modifiers=tuple(_modifier_from_dict(m) for m in c.get("modifiers", [])),
                    )
                    for c in g["codes"]
                ),
            )
            for g in d.get("groups", [])
        ),
        scales=tuple(
            RatingScale(
                id=s["id"],
                name=s["name"],
                subject=s["subject"],
                minimum=int(s["min"]),
                maximum=int(s["max"]),
                scope=ScaleScope(s.get("scope", "session")),
                description=s.get("description", ""),
                anchors=tuple(
                    ScaleAnchor(value=int(v), label=label)
                    for v, label in sorted(s.get("anchors", {}).items(), key=lambda kv: int(kv[0]))
                ),
            )
            for s in d.get("scales", [])
        ),
        totals=tuple(
            ScaleTotal(
                id=t["id"],
                name=t["name"],
                scales=tuple(t["scales"]),
                cutoff=t.get("cutoff"),
                cutoff_label=t.get("cutoff_label", ""),
            )
            for t in d.get("totals", [])
        ),
        segments=tuple(
            SegmentType(
                id=s["id"],
                name=s["name"],
                color=s.get("color", "#888888"),
                description=s.get("description", ""),
            )
            for s in d.get("segments", [])
        ),
        affect=tuple(
            AffectCategory(
                id=a["id"],
                name=a["name"],
                codes=tuple(a["codes"]),
                description=a.get("description", ""),
            )
            for a in d.get("affect", [])
        ),
    )
