"""A codebook's canonical plain form: what the project store snapshots (and hashes).

``codebook_to_dict`` gives it, ``codebook_from_dict`` rebuilds the codebook from a stored
snapshot. The key order is part of the form: stored snapshots and their hashes rely on it.
"""

from __future__ import annotations

from typing import Any

from interactioncoder.core.codebook.model import (
    AffectCategory,
    Code,
    Codebook,
    CodeGroup,
    CodeKind,
    Modifier,
    ModifierChoice,
    ModifierKind,
    RatingScale,
    ScaleAnchor,
    ScaleScope,
    ScaleTotal,
    SegmentType,
    Subject,
)


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
        "groups": [_group_to_dict(g) for g in cb.groups],
        "scales": [_scale_to_dict(s) for s in cb.scales],
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


def _group_to_dict(g: CodeGroup) -> dict[str, Any]:
    return {
        "id": g.id,
        "name": g.name,
        "subject": g.subject,
        "exclusive": g.exclusive,
        "description": g.description,
        "codes": [_code_to_dict(c) for c in g.codes],
    }


def _code_to_dict(c: Code) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "kind": c.kind.value,
        "key": c.key,
        "color": c.color,
        "definition": c.definition,
        "examples": list(c.examples),
        "modifiers": [_modifier_to_dict(m) for m in c.modifiers],
    }


def _scale_to_dict(s: RatingScale) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "subject": s.subject,
        "min": s.minimum,
        "max": s.maximum,
        "scope": s.scope.value,
        "description": s.description,
        "anchors": {str(a.value): a.label for a in s.anchors},
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
        groups=tuple(_group_from_dict(g) for g in d.get("groups", [])),
        scales=tuple(_scale_from_dict(s) for s in d.get("scales", [])),
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


def _group_from_dict(g: dict[str, Any]) -> CodeGroup:
    return CodeGroup(
        id=g["id"],
        name=g["name"],
        subject=g["subject"],
        exclusive=bool(g["exclusive"]),
        description=g.get("description", ""),
        codes=tuple(_code_from_dict(c) for c in g["codes"]),
    )


def _code_from_dict(c: dict[str, Any]) -> Code:
    return Code(
        id=c["id"],
        name=c["name"],
        kind=CodeKind(c["kind"]),
        key=c["key"],
        color=c["color"],
        definition=c.get("definition", ""),
        examples=tuple(c.get("examples", [])),
        modifiers=tuple(_modifier_from_dict(m) for m in c.get("modifiers", [])),
    )


def _scale_from_dict(s: dict[str, Any]) -> RatingScale:
    anchors = sorted(s.get("anchors", {}).items(), key=lambda kv: int(kv[0]))
    return RatingScale(
        id=s["id"],
        name=s["name"],
        subject=s["subject"],
        minimum=int(s["min"]),
        maximum=int(s["max"]),
        scope=ScaleScope(s.get("scope", "session")),
        description=s.get("description", ""),
        anchors=tuple(ScaleAnchor(value=int(v), label=label) for v, label in anchors),
    )
