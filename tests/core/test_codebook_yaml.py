"""Loading, writing and round-tripping codebook files; the shipped codebooks."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from interactioncoder.core.codebook import (
    Code,
    CodeGroup,
    CodeKind,
    ModifierKind,
    ScaleScope,
    codebook_from_dict,
)
from interactioncoder.core.codebook.loader import (
    CodebookError,
    CodebookProblem,
    check_codebook,
    codebook_to_yaml,
    load_codebook,
    load_codebook_text,
)
from interactioncoder.core.codebook.shipped import shipped_codebook_dir, shipped_codebooks
from interactioncoder.core.keys import RESERVED_KEYS

MINIMAL = """\
codebook:
  id: mini
  name: Mini
  version: 1.10
subjects:
  - {id: mother, name: Mother}
groups:
  - id: g
    name: No
    subject: mother
    codes:
      - id: a
        name: "  Yes  "
        kind: point
        key: shift+s
        color: "#AbC"
"""


def _shipped(name: str) -> Path:
    return shipped_codebook_dir() / f"{name}.yaml"


# -- reading values ------------------------------------------------------------------------
def test_values_are_read_as_written_and_normalised() -> None:
    cb = load_codebook_text(MINIMAL, "mini.yaml")
    assert cb.version == "1.10"  # not the float 1.1
    group = cb.group("g")
    assert group.name == "No"  # not the boolean False
    assert group.exclusive is False
    code = cb.code("a")
    assert code.name == "Yes"  # surrounding spaces dropped
    assert code.key == "Shift+S"
    assert code.color == "#aabbcc"
    assert code.kind is CodeKind.POINT
    assert cb.code_for_key("Shift+S") == code


def test_yaml_aliases_are_followed() -> None:
    cb = load_codebook(_shipped("mother-infant-interaction"))
    shared = [c for c in cb.group("disorganisation").codes if c.id != "freezing"]
    assert len(shared) == 6
    assert all(c.modifiers == shared[0].modifiers for c in shared)
    assert shared[0].modifiers[0].required is True


def test_missing_file_is_an_os_error_not_a_codebook_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_codebook(tmp_path / "nope.yaml")


def test_default_source_name_and_problem_str() -> None:
    with pytest.raises(CodebookError) as info:
        load_codebook_text("codebook: [")
    assert str(info.value).startswith("<codebook>:1:")
    p = CodebookProblem("f.yaml", 3, 7, "bad")
    assert str(p) == "f.yaml:3:7: bad"


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    assert load_codebook(path).id == "mini"


def test_problems_are_collected_not_just_the_first() -> None:
    text = MINIMAL.replace('color: "#AbC"', 'color: "#zzz"').replace("key: shift+s", "key: Esc")
    text += "scales:\n  - {id: s, name: S, subject: baby, min: 3, max: 1}\n"
    with pytest.raises(CodebookError) as info:
        load_codebook_text(text, "x.yaml")
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 4
    assert "own shortcuts" in messages[0]
    assert "#rgb or #rrggbb" in messages[1]
    assert "subject 'baby'" in messages[2]
    assert "min below max" in messages[3]


# -- round trips ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", shipped_codebooks(), ids=lambda p: p.stem)
def test_yaml_round_trip(path: Path) -> None:
    cb = load_codebook(path)
    text = codebook_to_yaml(cb)
    again = load_codebook_text(text, "written.yaml")
    assert again == cb
    assert again.content_hash() == cb.content_hash()
    assert codebook_to_yaml(again) == text
    check_codebook(cb)


@pytest.mark.parametrize("path", shipped_codebooks(), ids=lambda p: p.stem)
def test_dict_round_trip_and_stable_hash(path: Path) -> None:
    cb = load_codebook(path)
    assert codebook_from_dict(cb.to_dict()) == cb
    assert load_codebook(path).content_hash() == cb.content_hash()
    assert len(cb.content_hash()) == 64
    changed = replace(cb, version=cb.version + "-changed")
    assert changed.content_hash() != cb.content_hash()


def test_writer_handles_awkward_text() -> None:
    cb = load_codebook_text(MINIMAL)
    group = cb.groups[0]
    code = replace(
        group.codes[0],
        name="yes",
        definition="Line one: with a colon.\n\nParagraph two # not a comment",
        examples=("- starts with a dash", "'quoted'", "on", "null", "1.5"),
    )
    cb = replace(cb, groups=(CodeGroup("g", "No", "mother", False, (code,)),))
    assert load_codebook_text(codebook_to_yaml(cb)) == cb


def test_check_codebook_rejects_invalid_in_memory_codebook() -> None:
    cb = load_codebook_text(MINIMAL)
    bad_code = Code("b", "B", CodeKind.STATE, key="Space", color="#123456")
    group = replace(cb.groups[0], codes=(*cb.groups[0].codes, bad_code))
    with pytest.raises(CodebookError, match="own shortcuts"):
        check_codebook(replace(cb, groups=(group,)), "import.yaml")
    untidy = replace(cb, name=" Mini ")
    with pytest.raises(CodebookError, match="changes when written and read back"):
        check_codebook(untidy)


# -- the shipped codebooks -----------------------------------------------------------------
def test_shipped_codebooks_are_found() -> None:
    names = {p.name for p in shipped_codebooks()}
    assert {"mother-infant-interaction.yaml", "face-to-face-still-face.yaml"} <= names
    assert all(p.is_file() for p in shipped_codebooks())


@pytest.mark.parametrize("path", shipped_codebooks(), ids=lambda p: p.stem)
def test_shipped_codebook_quality(path: Path) -> None:
    cb = load_codebook(path)
    codes = cb.codes()
    assert len({c.key for c in codes}) == len(codes)
    assert not {c.key for c in codes} & RESERVED_KEYS
    assert len({c.color for c in codes}) == len(codes), "colours must tell codes apart"
    for c in codes:
        sentences = c.definition.count(". ") + 1
        assert c.definition.endswith("."), c.id
        assert 1 <= sentences <= 4, c.id
        assert len(c.definition) >= 60, c.id
        # colours readable on light and on dark: neither near-white nor near-black
        r, g, b = (int(c.color[i : i + 2], 16) for i in (1, 3, 5))
        luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
        assert 60 <= luminance <= 200, (c.id, c.color)
    for g in cb.groups:
        if g.exclusive:
            assert all(c.kind is CodeKind.STATE for c in g.codes)


def test_mother_infant_codebook_content() -> None:
    cb = load_codebook(_shipped("mother-infant-interaction"))
    # The demo project and the docs refer to these ids: renaming one is a breaking change.
    stable_codes = (
        "sensitive neutral intrusive unresponsive infant-positive infant-neutral infant-fussy "
        "infant-crying gaze-avoidance reduced-activity freezing apprehension affective-error "
        "withdrawing"
    )
    assert all(cb.has_code(code_id) for code_id in stable_codes.split())
    assert cb.group("maternal-behaviour").exclusive
    assert {"sensitive", "intrusive", "unresponsive", "neutral"} <= {
        c.id for c in cb.group("maternal-behaviour").codes
    }
    disorganisation = cb.group("disorganisation")
    assert not disorganisation.exclusive
    assert len(disorganisation.codes) == 7
    assert all(c.kind is CodeKind.POINT for c in disorganisation.codes)
    assert all(c.kind is CodeKind.POINT for c in cb.group("disrupted-communication").codes)
    intensity = cb.code("intrusive").modifiers[0]
    assert intensity.kind is ModifierKind.CHOICE
    assert [c.id for c in intensity.choices] == ["low", "medium", "high"]
    seconds = cb.code("freezing").modifiers[1]
    assert seconds.kind is ModifierKind.NUMBER
    assert (seconds.minimum, seconds.maximum) == (0, 120)

    sensitivity = cb.scale("maternal-sensitivity")
    assert (sensitivity.minimum, sensitivity.maximum) == (1, 9)
    assert sensitivity.anchor_label(9).startswith("Highly sensitive")
    assert (cb.scale("disorganisation").minimum, cb.scale("disorganisation").maximum) == (1, 9)
    (total,) = cb.totals
    assert len(total.scales) == 8
    for scale_id in total.scales:
        scale = cb.scale(scale_id)
        assert (scale.minimum, scale.maximum) == (0, 4)
        assert len(scale.anchors) == 5
    assert total.cutoff == 5
    assert total.is_at_or_above_cutoff(5)
    assert not total.is_at_or_above_cutoff(4)


def test_still_face_codebook_content() -> None:
    cb = load_codebook(_shipped("face-to-face-still-face"))
    assert [s.id for s in cb.segments] == ["play", "still-face", "reunion"]
    infant = cb.group("infant-engagement")
    caregiver = cb.group("caregiver-engagement")
    assert infant.exclusive and caregiver.exclusive
    assert {"infant-negative", "infant-object", "infant-social-monitor"} <= {
        c.id for c in infant.codes
    }
    assert "caregiver-still" in {c.id for c in caregiver.codes}
    assert all(s.scope is ScaleScope.SEGMENT for s in cb.scales)


def test_readme_example_is_a_valid_codebook() -> None:
    readme = shipped_codebook_dir().resolve() / "README.md"
    if not readme.exists():  # an installed package ships the YAML files only
        pytest.skip("codebooks/README.md is only in a source checkout")
    text = readme.read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    cb = load_codebook_text(example, "README example")
    assert cb.code("intrusive").modifiers[0].required
    assert cb.totals[0].cutoff == 3
