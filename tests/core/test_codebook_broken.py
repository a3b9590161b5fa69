"""A corpus of broken codebook files, each with the problems the loader must report.

Every file in ``broken_codebooks/`` starts with ``# expect: LINE:COLUMN: message fragment``
lines; the loader must report exactly those problems (same count, same positions, in file
order) and nothing else.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from interactioncoder.core.codebook.loader import CodebookError, load_codebook

CORPUS = Path(__file__).parent / "broken_codebooks"
_EXPECT = re.compile(rb"^# expect: (\d+):(\d+): (.*)$", re.MULTILINE)


def _expectations(path: Path) -> list[tuple[int, int, str]]:
    found = _EXPECT.findall(path.read_bytes())
    return [(int(line), int(col), frag.decode("utf-8")) for line, col, frag in found]


BROKEN_FILES = sorted(CORPUS.glob("*.yaml"))


def test_corpus_is_large_enough() -> None:
    assert len(BROKEN_FILES) >= 25
    for path in BROKEN_FILES:
        assert _expectations(path), f"{path.name} has no '# expect:' line"


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda p: p.stem)
def test_broken_codebook_reports_exact_problems(path: Path) -> None:
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    problems = info.value.problems
    expected = _expectations(path)
    got = [(p.line, p.column, p.message) for p in problems]
    assert len(problems) == len(expected), got
    for problem, (line, column, fragment) in zip(problems, expected, strict=True):
        assert problem.file == str(path)
        assert (problem.line, problem.column) == (line, column), got
        assert fragment in problem.message, got


def test_error_text_lists_every_problem_as_file_line_column() -> None:
    path = CORPUS / "unknown-top-level-field.yaml"
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    lines = str(info.value).splitlines()
    assert len(lines) == 3
    assert lines[1].startswith(f"{path}:14:1: unknown field 'group'")
    assert all(line.startswith(f"{path}:") for line in lines)
