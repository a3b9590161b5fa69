"""A BORIS ethogram (``behaviors_conf``) and subjects -> an interactioncoder codebook.

BORIS lets any behaviour be coded for any subject; here a code group is about ONE
subject. So each behavioural category becomes one group per subject (code ids are
prefixed by the subject when there is more than one). Exclusions: a set of state
behaviours that all exclude each other (a clique of the exclusion graph) becomes one
exclusive group; exclusions that do not form a clique cannot be expressed by exclusive
groups, so those behaviours stay in non-exclusive groups and the importer reports it.
Keys must be unique and not reserved: BORIS keys are kept where possible, other codes get
a free key while there are any (then none: a keyless code is coded by clicking), and the
importer reports each change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from interactioncoder.core.codebook import (
    Code,
    Codebook,
    CodeGroup,
    CodeKind,
    Modifier,
    ModifierChoice,
    ModifierKind,
    Subject,
)
from interactioncoder.core.keys import RESERVED_KEYS, InvalidKeyError, normalize_key
from interactioncoder.core.limits import is_digits

NO_FOCAL = Subject("no_focal_subject", "No focal subject")
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
_KEY_SUFFIX = re.compile(r"\s*\(([^()]{1,12})\)\s*$")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def slug(text: str, fallback: str) -> str:
    """An id the codebook accepts: letters, digits, ``_.-``, starting alphanumeric."""
    s = re.sub(r"[^A-Za-z0-9_.-]+", "_", text.strip()).strip("_.-")
    return s if s and s[0].isalnum() else fallback


def strip_key(value: str) -> str:
    """A BORIS modifier value without its shortcut suffix: ``"fast (f)"`` -> ``"fast"``."""
    return _KEY_SUFFIX.sub("", value).strip()


@dataclass(frozen=True)
class BorisModifierSet:
    name: str
    kind: int  # 0 single choice, 1 multiple choice, 2 numeric, 3 external data
    values: tuple[str, ...]


@dataclass(frozen=True)
class BorisBehaviour:
    code: str
    is_state: bool
    key: str
    description: str
    category: str
    color: str
    modifier_sets: tuple[BorisModifierSet, ...]
    excluded: tuple[str, ...]


@dataclass
class EthogramResult:
    codebook: Codebook
    # (subject name as in events, behaviour code) -> code id
    code_ids: dict[tuple[str, str], str]
    # code id -> modifier ids in BORIS set order
    modifier_ids: dict[str, tuple[str, ...]]
    notes: list[str] = field(default_factory=list)


def _unique(base: str, taken: set[str]) -> str:
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}_{n}", n + 1
    taken.add(ident)
    return ident


def _modifier(
    mset: BorisModifierSet, taken: set[str], combos: set[str], notes: list[str], owner: str
) -> Modifier:
    ident = _unique(slug(mset.name, "modifier"), taken)
    name = mset.name.strip() or ident
    if mset.kind in (2, 3):
        return Modifier(ident, name, ModifierKind.NUMBER)
    values = [strip_key(v) for v in mset.values if strip_key(v)]
    if mset.kind == 1 and combos:
        notes.append(
            f"behaviour {owner!r}: multiple-choice modifier {name!r} imported as one "
            f"choice per combination used ({', '.join(sorted(combos))})"
        )
        values += sorted(combos)
    choice_ids: set[str] = set()
    choices = []
    for value in dict.fromkeys(values):
        choices.append(ModifierChoice(_unique(slug(value, "choice"), choice_ids), value))
    return Modifier(ident, name, ModifierKind.CHOICE, tuple(choices))


def _exclusive_sets(states: list[BorisBehaviour], notes: list[str]) -> list[list[str]]:
    """Connected parts of the exclusion graph that are cliques (size >= 2)."""
    names = {b.code for b in states}
    edges = {
        frozenset((b.code, other))
        for b in states
        for other in b.excluded
        if other in names and other != b.code
    }
    neighbours: dict[str, set[str]] = {n: set() for n in names}
    for edge in edges:
        a, b = tuple(edge)
        neighbours[a].add(b)
        neighbours[b].add(a)
    seen: set[str] = set()
    cliques: list[list[str]] = []
    for start in [b.code for b in states]:
        if start in seen or not neighbours[start]:
            continue
        part, todo = [], [start]
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            part.append(node)
            todo.extend(neighbours[node] - seen)
        part.sort(key=[b.code for b in states].index)
        if all(frozenset(p) in edges for p in combinations(part, 2)):
            cliques.append(part)
        else:
            missing = [
                f"{a}/{b}" for a, b in combinations(part, 2) if frozenset((a, b)) not in edges
            ]
            notes.append(
                f"exclusions among {', '.join(part)} do not form a clique (not excluded: "
                f"{', '.join(missing)}); these behaviours were put in non-exclusive groups, so "
                "their exclusions are not enforced"
            )
    return cliques


def free_keys() -> Iterator[str]:
    """Keys to give codes that have none: letters, digits, then with modifiers."""
    singles = [chr(c) for c in range(ord("a"), ord("z") + 1)] + [str(d) for d in range(10)]
    for prefix in ("", "Shift+", "Alt+", "Ctrl+Shift+", "Ctrl+Alt+"):
        for s in singles:
            yield normalize_key(prefix + s)


def build_codebook(
    name: str,
    version: str,
    subjects: list[Subject],
    behaviours: list[BorisBehaviour],
    combos: dict[tuple[str, int], set[str]],
) -> EthogramResult:
    """The codebook; *subjects* is BORIS's list plus NO_FOCAL when events use no subject.

    *combos* gives, per (behaviour, modifier set index), the multiple-choice combinations
    the observations use.
    """
    notes: list[str] = []
    cliques = _exclusive_sets([b for b in behaviours if b.is_state], notes)
    layout = _group_layout(behaviours, cliques)
    by_code = {b.code: b for b in behaviours}
    builder = _GroupBuilder(combos, notes, multi_subject=len(subjects) > 1)
    groups = [
        builder.group(subject, label, exclusive, [by_code[code] for code in members])
        for subject in subjects
        for label, exclusive, members in layout
    ]
    codebook = Codebook(
        id=slug(name, "boris"),
        name=name.strip() or "BORIS ethogram",
        version=version.strip() or "1",
        description="Imported from a BORIS project",
        subjects=tuple(subjects),
        groups=tuple(groups),
    )
    return EthogramResult(codebook, builder.code_ids, builder.modifier_ids, notes)


# A group "layout": (label, exclusive, behaviour codes), the same for every subject.
_Layout = list[tuple[str, bool, list[str]]]


def _group_layout(behaviours: list[BorisBehaviour], cliques: list[list[str]]) -> _Layout:
    """An exclusive group per clique, then per category the behaviours in no clique."""
    layout: _Layout = []
    for i, part in enumerate(cliques):
        categories = {next(b.category for b in behaviours if b.code == c) for c in part}
        label = (
            categories.pop()
            if len(categories) == 1 and "" not in categories
            else f"exclusive set {i + 1}"
        )
        layout.append((label or "Behaviours", True, part))
    in_clique = {code for part in cliques for code in part}
    for category in dict.fromkeys(b.category for b in behaviours):
        rest = [b.code for b in behaviours if b.category == category and b.code not in in_clique]
        if rest:
            label = category or "Behaviours"
            if any(lbl == label for lbl, _, _ in layout):
                label += " (other)"
            layout.append((label, False, rest))
    return layout


@dataclass
class _GroupBuilder:
    """Makes every subject's groups: the ids and keys handed out so far are shared by all
    of them, and it records which code id and modifier ids each BORIS behaviour got."""

    combos: dict[tuple[str, int], set[str]]
    notes: list[str]
    multi_subject: bool
    group_ids: set[str] = field(default_factory=set)
    code_id_set: set[str] = field(default_factory=set)
    used_keys: set[str] = field(default_factory=set)
    key_pool: Iterator[str] = field(default_factory=free_keys)
    # (subject name as in events, behaviour code) -> code id
    code_ids: dict[tuple[str, str], str] = field(default_factory=dict)
    # code id -> modifier ids in BORIS set order
    modifier_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def group(
        self, subject: Subject, label: str, exclusive: bool, members: list[BorisBehaviour]
    ) -> CodeGroup:
        gid = _unique(
            slug(f"{subject.id}_{label}" if self.multi_subject else label, "group"),
            self.group_ids,
        )
        event_subject = "" if subject is NO_FOCAL else subject.name
        codes = tuple(self.code(subject, event_subject, b) for b in members)
        return CodeGroup(
            id=gid,
            name=f"{label} ({subject.name})" if self.multi_subject else label,
            subject=subject.id,
            exclusive=exclusive,
            codes=codes,
        )

    def code(self, subject: Subject, event_subject: str, b: BorisBehaviour) -> Code:
        base = slug(f"{subject.id}_{b.code}" if self.multi_subject else b.code, "code")
        cid = _unique(base, self.code_id_set)
        key = _key_for(b, cid, self.used_keys, self.key_pool, self.notes)
        taken_mods: set[str] = set()
        mods = tuple(
            _modifier(m, taken_mods, self.combos.get((b.code, i), set()), self.notes, b.code)
            for i, m in enumerate(b.modifier_sets)
        )
        color = (
            b.color.lower()
            if _HEX.match(b.color)
            else PALETTE[len(self.code_id_set) % len(PALETTE)]
        )
        code = Code(
            id=cid,
            name=b.code.strip() or cid,
            kind=CodeKind.STATE if b.is_state else CodeKind.POINT,
            key=key,
            color=color,
            definition=b.description.strip(),
            modifiers=mods,
        )
        self.code_ids[(event_subject, b.code)] = cid
        self.modifier_ids[cid] = tuple(m.id for m in mods)
        return code


def _key_for(
    b: BorisBehaviour, code_id: str, used: set[str], free: Iterator[str], notes: list[str]
) -> str:
    try:
        key = normalize_key(b.key) if b.key.strip() else ""
    except InvalidKeyError:
        key = ""
    if key and key not in used and key not in RESERVED_KEYS:
        used.add(key)
        return key
    for candidate in free:
        if candidate not in used and candidate not in RESERVED_KEYS:
            used.add(candidate)
            if b.key.strip():
                notes.append(
                    f"code {code_id!r}: BORIS key {b.key!r} is taken or reserved; "
                    f"key {candidate!r} given instead"
                )
            return candidate
    # More codes than free keys (e.g. 13 subjects x 22 behaviours): the rest are coded by
    # clicking; imported codings need no keys.
    if b.key.strip():
        notes.append(f"code {code_id!r}: BORIS key {b.key!r} is taken; the code has no key")
    return ""


def parse_behaviour(raw: Any) -> BorisBehaviour | str:
    """One ``behaviors_conf`` entry, or an error message."""
    if not isinstance(raw, dict):
        return "must be an object"
    code = raw.get("code")
    kind = raw.get("type")
    if not isinstance(code, str) or not code.strip():
        return "has no behaviour 'code'"
    if not isinstance(kind, str) or not kind.strip().lower().startswith(("state", "point")):
        return f"behaviour {code!r} has an unknown type {kind!r} (State event / Point event)"
    sets: list[BorisModifierSet] = []
    mods = raw.get("modifiers", {})
    if isinstance(mods, str):  # very old projects: "a,b,c|d,e"
        sets = [
            BorisModifierSet(f"modifier {i + 1}", 0, tuple(p.split(",")))
            for i, p in enumerate(mods.split("|"))
            if p
        ]
    elif isinstance(mods, dict):
        for idx in sorted(mods, key=lambda k: int(k) if is_digits(str(k), 9) else 0):
            m = mods[idx]
            if not isinstance(m, dict):
                return f"behaviour {code!r}: modifier set {idx} must be an object"
            values = m.get("values", [])
            mkind = m.get("type", 0)
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                return f"behaviour {code!r}: modifier set {idx} values must be a list of text"
            if mkind not in (0, 1, 2, 3):
                return f"behaviour {code!r}: modifier set {idx} has unknown type {mkind!r}"
            sets.append(BorisModifierSet(str(m.get("name", "")), int(mkind), tuple(values)))
    else:
        return f"behaviour {code!r}: 'modifiers' must be an object"
    excluded = raw.get("excluded", "")
    excluded_list = [e.strip() for e in excluded.split(",")] if isinstance(excluded, str) else []
    return BorisBehaviour(
        code=code,
        is_state=kind.strip().lower().startswith("state"),
        key=str(raw.get("key", "") or ""),
        description=str(raw.get("description", "") or ""),
        category=str(raw.get("category", "") or "").strip(),
        color=str(raw.get("color", "") or ""),
        modifier_sets=tuple(sets),
        excluded=tuple(e for e in excluded_list if e),
    )
