"""The optional affect section of a codebook: load, check, write back, old files unchanged."""

from __future__ import annotations

import pytest

from interactioncoder.core.codebook import codebook_from_dict
from interactioncoder.core.codebook.loader import (
    CodebookError,
    codebook_to_yaml,
    load_codebook,
    load_codebook_text,
)
from interactioncoder.core.codebook.shipped import shipped_codebook_dir

BASE = """\
codebook: {id: cb, name: CB, version: "1"}
subjects:
  - {id: mother, name: Mother}
  - {id: infant, name: Infant}
groups:
  - id: m
    name: Mother
    subject: mother
    exclusive: true
    codes:
      - {id: warm, name: Warm, kind: state, key: Q, color: "#00aa00"}
      - {id: harsh, name: Harsh, kind: state, key: W, color: "#aa0000"}
  - id: i
    name: Infant
    subject: infant
    exclusive: true
    codes:
      - {id: smile, name: Smile, kind: state, key: A, color: "#00aa00"}
      - {id: cry, name: Cry, kind: state, key: S, color: "#aa0000"}
  - id: p
    name: Points
    subject: infant
    exclusive: false
    codes:
      - {id: bid, name: Bid, kind: point, key: Z, color: "#0000aa"}
"""

AFFECT = """\
affect:
  - id: positive
    name: Positive
    codes: [warm, smile]
  - id: negative
    name: Negative
    codes: [harsh, cry]
"""


def test_affect_section_loads_and_round_trips() -> None:
    cb = load_codebook_text(BASE + AFFECT)
    assert [a.id for a in cb.affect] == ["positive", "negative"]
    assert cb.affect_of("smile") == "positive"
    assert cb.affect_of("cry") == "negative"
    assert cb.affect_of("bid") is None
    assert load_codebook_text(codebook_to_yaml(cb)) == cb
    assert codebook_from_dict(cb.to_dict()) == cb


def test_codebooks_without_affect_keep_their_canonical_form() -> None:
    cb = load_codebook_text(BASE)
    assert cb.affect == ()
    assert "affect" not in cb.to_dict()
    assert "affect" not in codebook_to_yaml(cb)
    for path in sorted(shipped_codebook_dir().glob("*.yaml")):
        shipped = load_codebook(path)
        assert "affect" not in shipped.to_dict()


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        ("[warm, nosuch]", "does not have"),
        ("[warm, bid]", "only states of exclusive groups"),
    ],
)
def test_bad_affect_codes_are_located(codes: str, message: str) -> None:
    text = BASE + f"affect:\n  - id: positive\n    name: Positive\n    codes: {codes}\n"
    with pytest.raises(CodebookError, match=message) as info:
        load_codebook_text(text, "cb.yaml")
    assert "cb.yaml:" in str(info.value)


def test_a_code_in_two_categories_is_refused() -> None:
    text = BASE + AFFECT + "  - id: also\n    name: Also\n    codes: [warm]\n"
    with pytest.raises(CodebookError, match="'warm' is in affect categories"):
        load_codebook_text(text)
