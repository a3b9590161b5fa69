"""A codebook being edited: a plain draft in the file schema, checked by the file rules.

The codebook editor edits a draft (nested dicts and lists exactly as in a codebook YAML
file, ``codebooks/README.md``). Every check is the loader's own: the draft is written as
YAML and read back, so the editor can never save what a file could not hold. Key
conflicts are listed separately so the editor can show them next to the codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.codebook.loader import (
    CodebookError,
    codebook_to_yaml,
    load_codebook_text,
)
from interactioncoder.core.keys import RESERVED_KEYS, InvalidKeyError, normalize_key

Draft = dict[str, Any]
RESERVED = "the application's own shortcut"


def draft_from_codebook(codebook: Codebook) -> Draft:
    draft = yaml.safe_load(codebook_to_yaml(codebook))
    assert isinstance(draft, dict)
    for name in ("subjects", "segments", "groups", "scales", "totals"):
        draft.setdefault(name, [])
    return draft


def empty_draft(ident: str = "my-codebook", name: str = "My codebook") -> Draft:
    return {
        "codebook": {"id": ident, "name": name, "version": "1"},
        "subjects": [{"id": "mother", "name": "Mother"}, {"id": "infant", "name": "Infant"}],
        "segments": [],
        "groups": [],
        "scales": [],
        "totals": [],
    }


def draft_text(draft: Draft) -> str:
    """The draft as codebook YAML (empty sections left out)."""
    doc = {k: v for k, v in draft.items() if v not in ([], {}, None, "")}
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def codebook_from_draft(draft: Draft, source: str = "codebook") -> Codebook:
    """The checked codebook; raises ``CodebookError`` listing every problem."""
    return load_codebook_text(draft_text(draft), source)


def draft_problems(draft: Draft) -> list[str]:
    """Every problem of the draft as a message (no file positions: there is no file)."""
    try:
        codebook_from_draft(draft)
    except CodebookError as exc:
        return [p.message for p in exc.problems]
    return []


def key_conflicts(draft: Mapping[str, Any]) -> dict[str, list[str]]:
    """Key -> the codes claiming it, for every key used twice or kept by the app."""
    owners: dict[str, list[str]] = {}
    for group in draft.get("groups") or []:
        for code in group.get("codes") or []:
            raw = str(code.get("key") or "")
            if not raw:
                continue
            try:
                key = normalize_key(raw)
            except InvalidKeyError:
                continue  # the loader names a malformed key
            owners.setdefault(key, []).append(str(code.get("id") or "?"))
    conflicts = {k: v for k, v in owners.items() if len(v) > 1}
    for key, codes in owners.items():
        if key in RESERVED_KEYS:
            conflicts[key] = [*codes, RESERVED]
    return conflicts
