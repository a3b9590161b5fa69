"""Random damage to a valid codebook text never escapes as anything but CodebookError.

Whatever a research assistant does to a file, the loader either returns a complete
codebook (which then survives a write/read round trip) or a list of located problems.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.codebook.loader import (
    CodebookError,
    codebook_to_yaml,
    load_codebook_text,
)

VALID = """\
codebook:
  id: fuzz
  name: Fuzz
  version: "2"
subjects:
  - {id: mother, name: Mother}
  - {id: infant, name: Infant}
segments:
  - {id: play, name: Play, color: "#3aa655"}
groups:
  - id: maternal
    name: Maternal
    subject: mother
    exclusive: true
    codes:
      - id: sensitive
        name: Sensitive
        kind: state
        key: Q
        color: "#2e9e57"
        examples: [one, two]
        modifiers: &mods
          - id: intensity
            name: Intensity
            kind: choice
            choices:
              - {id: low, name: Low, key: "1"}
              - {id: high, name: High, key: "2"}
          - {id: seconds, name: Seconds, kind: number, min: 0, max: 60}
  - id: infant
    name: Infant
    subject: infant
    codes:
      - {id: freeze, name: Freezing, kind: point, key: "1", color: "#1c7ed6", modifiers: *mods}
scales:
  - id: w1
    name: W1
    subject: infant
    min: 0
    max: 4
    anchors: {0: none, 4: severe}
  - {id: w2, name: W2, subject: infant, min: 0, max: 4, scope: session}
  - {id: s, name: S, subject: mother, min: 1, max: 5, scope: segment}
totals:
  - {id: t, name: T, scales: [w1, w2], cutoff: 3, cutoff_label: high}
"""

TOKENS = [
    "",
    " ",
    "\n",
    "\t",
    ":",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "#",
    "&a ",
    "*a",
    "*mods",
    "!!binary ",
    "!custom ",
    "|",
    ">",
    "'",
    '"',
    "~",
    "null",
    "yes",
    "no",
    "on",
    "1.5",
    "-1",
    ".nan",
    ".inf",
    "0x1F",
    "0o17",
    "1:30",
    "99999999999999999999999",
    "1e400",
    "<<: *mods",
    "? ",
    "%YAML 1.1",
    "---",
    "...",
    "\x00",
    "\u2028",
    "\ufeff",
    "é",
    "key",
    "id",
    "kind",
    "point",
    "state",
    "exclusive",
    "codes",
    "scope",
    "segment",
    "Space",
    "Ctrl+Z",
    "#fff",
    "min",
    "max",
]


def _apply(text: str, ops: list[tuple[int, int, int, str]]) -> str:
    for kind, a, b, token in ops:
        if not text:
            text = token
            continue
        i, j = sorted((a % len(text), b % len(text)))
        if kind == 0:  # delete a slice
            text = text[:i] + text[i + 1 + (j - i) % 40 :]
        elif kind == 1:  # insert a token
            text = text[:i] + token + text[i:]
        elif kind == 2:  # replace a slice with a token
            text = text[:i] + token + text[min(j, i + 12) :]
        else:  # swap or duplicate lines
            lines = text.split("\n")
            x, y = a % len(lines), b % len(lines)
            if kind == 3:
                lines[x], lines[y] = lines[y], lines[x]
            else:
                lines.insert(y, lines[x])
            text = "\n".join(lines)
    return text


_op = st.tuples(
    st.integers(0, 4),
    st.integers(0, 10_000),
    st.integers(0, 10_000),
    st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)),
)


def _load_or_problems(text: str) -> Codebook | CodebookError:
    try:
        return load_codebook_text(text, "fuzz.yaml")
    except CodebookError as exc:
        return exc


def test_the_unmutated_text_is_valid() -> None:
    assert isinstance(_load_or_problems(VALID), Codebook)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_op, min_size=1, max_size=4))
def test_mutations_give_a_codebook_or_located_problems(
    ops: list[tuple[int, int, int, str]],
) -> None:
    text = _apply(VALID, ops)
    result = _load_or_problems(text)
    if isinstance(result, CodebookError):
        assert result.problems
        n_lines = text.count("\n") + 2
        for p in result.problems:
            assert p.file == "fuzz.yaml"
            assert 1 <= p.line <= n_lines
            assert p.column >= 1
            assert p.message
    else:
        assert load_codebook_text(codebook_to_yaml(result)) == result


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_gives_a_codebook_or_located_problems(text: str) -> None:
    result = _load_or_problems(text)
    assert isinstance(result, (Codebook, CodebookError))


def _bomb(fan_out: int) -> str:
    """Groups, codes, modifiers and choices each listed ``fan_out`` times through aliases."""
    more = ", "
    return (
        "codebook: {id: bomb, name: Bomb, version: '1'}\n"
        "subjects: [{id: m, name: M}]\n"
        "groups:\n"
        "  - &g\n"
        "    {id: g, name: G, subject: m, codes: [\n"
        "      &c {id: a, name: A, kind: state, key: Q, color: '#123456', modifiers: [\n"
        "        &m {id: mod, name: Mod, kind: choice, choices: [\n"
        f"          &ch {{id: x, name: X}}{more}{more.join(['*ch'] * (fan_out - 1))}]}}"
        f"{more}{more.join(['*m'] * (fan_out - 1))}]}}"
        f"{more}{more.join(['*c'] * (fan_out - 1))}]}}\n"
        + "".join("  - *g\n" for _ in range(fan_out - 1))
    )


def test_alias_bomb_is_refused_with_a_bounded_report() -> None:
    small = _load_or_problems(_bomb(2))
    assert isinstance(small, CodebookError)  # duplicate ids, but every one is reported
    assert not any("stopped checking" in p.message for p in small.problems)
    # 30**4 = 810,000 choices if expanded: checking must stop early with a short report.
    big = _load_or_problems(_bomb(30))
    assert isinstance(big, CodebookError)
    assert len(big.problems) <= 3  # repeats of one problem at one place are shown once
    assert big.problems[-1].message in (
        "stopped checking after 500 problems; fix these first",
        "YAML syntax error: the YAML stands for more than 500,000 items (through aliases)",
    )


def _wide(n: int) -> str:
    """n codes sharing n modifiers sharing n choices (all ids distinct where they must be)."""
    choices = ", ".join(f"{{id: ch{i}, name: C}}" for i in range(n))
    lines = [
        "codebook: {id: x, name: X, version: '1'}",
        "subjects: [{id: m, name: M}]",
        "groups:",
        "  - id: g",
        "    name: G",
        "    subject: m",
        "    codes:",
        "      - id: c0",
        "        name: C",
        "        kind: point",
        "        key: Alt+A",
        "        color: '#123456'",
        "        modifiers: &mods",
        f"          - {{id: m0, name: M, kind: choice, choices: &chs [{choices}]}}",
    ]
    lines += [
        f"          - {{id: m{i}, name: M, kind: choice, choices: *chs}}" for i in range(1, n)
    ]
    for i in range(1, n):
        key = f"Alt+{chr(65 + i)}" if i < 26 else f"Ctrl+Alt+{chr(65 + i - 26)}"
        lines.append(
            f"      - {{id: c{i}, name: C, kind: point, key: '{key}', color: '#123456', "
            "modifiers: *mods}"
        )
    return "\n".join(lines) + "\n"


def test_alias_expansion_without_mistakes_is_bounded() -> None:
    small = _load_or_problems(_wide(3))
    assert isinstance(small, Codebook), small
    assert len(small.codes()) == 3
    assert all(len(m.choices) == 3 for c in small.codes() for m in c.modifiers)
    # 30 x 30 x 30 = 27,000 choices: more than any real codebook, so checking stops.
    big = _load_or_problems(_wide(30))
    assert isinstance(big, CodebookError)
    assert [p.message for p in big.problems] == [
        "the file stands for more than 20000 items (through YAML aliases); "
        "that cannot be a real codebook"
    ]
