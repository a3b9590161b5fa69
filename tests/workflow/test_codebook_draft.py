"""The codebook editor's draft: round trip, file-rule problems, key conflicts."""

from __future__ import annotations

import copy

from interactioncoder.core.codebook.loader import load_codebook
from interactioncoder.core.codebook.shipped import shipped_codebooks
from interactioncoder.workflow.codebook_draft import (
    RESERVED,
    codebook_from_draft,
    draft_from_codebook,
    draft_problems,
    empty_draft,
    key_conflicts,
)


def test_shipped_codebooks_round_trip_through_a_draft() -> None:
    for path in shipped_codebooks():
        codebook = load_codebook(path)
        assert codebook_from_draft(draft_from_codebook(codebook)) == codebook


def test_empty_draft_says_what_is_missing() -> None:
    assert any("no codes and no rating scales" in p for p in draft_problems(empty_draft()))


def test_problems_and_key_conflicts() -> None:
    draft = empty_draft()
    draft["groups"] = [
        {
            "id": "gaze",
            "name": "Gaze",
            "subject": "infant",
            "exclusive": False,
            "codes": [
                {"id": "look", "name": "Look", "kind": "state", "key": "l", "color": "#112233"},
                {"id": "away", "name": "Away", "kind": "state", "key": "L", "color": "#445566"},
                {"id": "pause", "name": "P", "kind": "point", "key": "Space", "color": "#000000"},
            ],
        }
    ]
    assert key_conflicts(draft) == {"L": ["look", "away"], "Space": ["pause", RESERVED]}
    problems = draft_problems(draft)
    assert any("already used by code 'look'" in p for p in problems)
    assert any("application's own shortcuts" in p for p in problems)
    fixed = copy.deepcopy(draft)
    fixed["groups"][0]["codes"][1]["key"] = "A"
    fixed["groups"][0]["codes"][2]["key"] = "P"
    assert key_conflicts(fixed) == {} and draft_problems(fixed) == []
    assert [c.key for c in codebook_from_draft(fixed).codes()] == ["L", "A", "P"]
    fixed["groups"][0]["codes"][0]["color"] = "blue"
    assert any("colour" in p or "color" in p for p in draft_problems(fixed))
