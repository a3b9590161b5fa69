"""Writing a codebook as YAML in the file schema (``codebooks/README.md``).

Used by importers that create codebooks (BORIS, Datavyu, ...) and by "save codebook as".
The text loads back (:func:`interactioncoder.core.codebook.loader.load_codebook_text`) to an
equal codebook. Fields that hold their default value are left out to keep files short.
"""

from __future__ import annotations

from typing import Any

import yaml

from interactioncoder.core.codebook import (
    AffectCategory,
    Code,
    Codebook,
    CodeGroup,
    Modifier,
    ModifierKind,
    RatingScale,
    ScaleScope,
    ScaleTotal,
    SegmentType,
)


class _Dumper(yaml.SafeDumper):
    """Safe dumper that indents list items under their field and writes multi-line text
    as a readable literal block (``|``)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def _put(d: dict[str, Any], name: str, value: Any) -> None:
    """Add an optional field only when it is not empty."""
    if value not in ("", (), [], {}, None):
        d[name] = value


def _modifier(m: Modifier) -> dict[str, Any]:
    d: dict[str, Any] = {"id": m.id, "name": m.name, "kind": m.kind.value}
    if m.required:
        d["required"] = True
    if m.kind is ModifierKind.CHOICE:
        choices = []
        for c in m.choices:
            choice: dict[str, Any] = {"id": c.id, "name": c.name}
            _put(choice, "key", c.key)
            choices.append(choice)
        d["choices"] = choices
    else:
        _put(d, "min", m.minimum)
        _put(d, "max", m.maximum)
    return d


def _code(c: Code) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": c.id,
        "name": c.name,
        "kind": c.kind.value,
        "key": c.key,
        "color": c.color,
    }
    _put(d, "definition", c.definition)
    _put(d, "examples", list(c.examples))
    _put(d, "modifiers", [_modifier(m) for m in c.modifiers])
    return d


def _group(g: CodeGroup) -> dict[str, Any]:
    d: dict[str, Any] = {"id": g.id, "name": g.name, "subject": g.subject}
    d["exclusive"] = g.exclusive
    _put(d, "description", g.description)
    d["codes"] = [_code(c) for c in g.codes]
    return d


def _scale(s: RatingScale) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": s.id,
        "name": s.name,
        "subject": s.subject,
        "min": s.minimum,
        "max": s.maximum,
    }
    if s.scope is not ScaleScope.SESSION:
        d["scope"] = s.scope.value
    _put(d, "description", s.description)
    _put(d, "anchors", {a.value: a.label for a in s.anchors})
    return d


def _total(t: ScaleTotal) -> dict[str, Any]:
    d: dict[str, Any] = {"id": t.id, "name": t.name, "scales": list(t.scales)}
    _put(d, "cutoff", t.cutoff)
    _put(d, "cutoff_label", t.cutoff_label)
    return d


def _segment(s: SegmentType) -> dict[str, Any]:
    d: dict[str, Any] = {"id": s.id, "name": s.name, "color": s.color}
    _put(d, "description", s.description)
    return d


def _affect(a: AffectCategory) -> dict[str, Any]:
    d: dict[str, Any] = {"id": a.id, "name": a.name, "codes": list(a.codes)}
    _put(d, "description", a.description)
    return d


def codebook_to_yaml(codebook: Codebook) -> str:
    """The codebook as YAML text in the file schema."""
    header: dict[str, Any] = {
        "id": codebook.id,
        "name": codebook.name,
        "version": codebook.version,
    }
    _put(header, "description", codebook.description)
    doc: dict[str, Any] = {"codebook": header}
    subjects = []
    for s in codebook.subjects:
        subject: dict[str, Any] = {"id": s.id, "name": s.name}
        _put(subject, "description", s.description)
        subjects.append(subject)
    _put(doc, "subjects", subjects)
    _put(doc, "segments", [_segment(s) for s in codebook.segments])
    _put(doc, "groups", [_group(g) for g in codebook.groups])
    _put(doc, "scales", [_scale(s) for s in codebook.scales])
    _put(doc, "totals", [_total(t) for t in codebook.totals])
    _put(doc, "affect", [_affect(a) for a in codebook.affect])
    text: str = yaml.dump(
        doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2
    )
    return text
