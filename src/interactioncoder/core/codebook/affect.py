"""Affect categories: an optional codebook section for match / mismatch / repair analysis.

Each category (e.g. positive, neutral, negative) lists states of exclusive groups, for
both partners: the mother's "sensitive" and the infant's "infant-positive" both map to
"positive". Two partners are *matched* at a moment when their running states map to the
same category (Tronick & Gianino 1986). In the file::

    affect:
      - id: positive
        name: Positive
        codes: [sensitive, infant-positive]
      - id: negative
        name: Negative
        codes: [intrusive, harsh, infant-fussy, infant-crying]

The section is optional: a codebook without it is unchanged (its canonical form, and so
its content hash, has no ``affect`` key).
"""

from __future__ import annotations

from yaml.nodes import Node

from interactioncoder.core.codebook.codes import IdRegistry
from interactioncoder.core.codebook.model import AffectCategory, CodeGroup, CodeKind
from interactioncoder.core.codebook.nodes import Fields, ProblemLog, label, scalar_text

AFFECT_FIELDS = ("id", "name", "codes", "description")


def read_affect(log: ProblemLog, node: Node, index: int, ids: IdRegistry) -> AffectCategory:
    f = Fields(
        log, node, label(node, "affect category '{id}'", f"affect category {index}"), AFFECT_FIELDS
    )
    ident = f.ident()
    ids.claim(ident, f.where("id"))
    codes = tuple(
        scalar_text(log, c, "a code id in an affect category")
        for c in f.sequence("codes", required=True)
    )
    return AffectCategory(ident, f.text("name", required=True), codes, f.text("description"))


def check_affect(
    log: ProblemLog,
    nodes: list[Node],
    categories: tuple[AffectCategory, ...],
    groups: tuple[CodeGroup, ...],
) -> None:
    """Each listed code must be a state of an exclusive group, in one category only."""
    index = {c.id: (g, c) for g in groups for c in g.codes}
    seen: dict[str, str] = {}
    for node, category in zip(nodes, categories, strict=True):
        for code_id in category.codes:
            if not code_id:
                continue
            if code_id not in index:
                log.add(
                    node,
                    f"affect category '{category.id}' lists code '{code_id}', "
                    "which the codebook does not have",
                )
                continue
            group, code = index[code_id]
            if code.kind is not CodeKind.STATE or not group.exclusive:
                log.add(
                    node,
                    f"affect category '{category.id}' lists '{code_id}', but only states of "
                    "exclusive groups can be matched over time",
                )
            if code_id in seen and seen[code_id] != category.id:
                log.add(
                    node,
                    f"code '{code_id}' is in affect categories '{seen[code_id]}' and "
                    f"'{category.id}'; give it one",
                )
            seen.setdefault(code_id, category.id)
