"""Bad codebook files, given to ``session add --codebook``: refused in one line, nothing added."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from interactioncoder.core.codebook.writer import codebook_to_yaml
from tests.exchange._import_fixtures import codebook

from .conftest import Case

GOOD = codebook_to_yaml(codebook())


def _replace(old: str, new: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        assert old in GOOD
        path = folder / "cb.yaml"
        path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
        return path

    return make


def _text(text: str | bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / "cb.yaml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return make


def _alias_bomb(folder: Path) -> Path:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    return _text("\n".join(lines) + "\n")(folder)


def _fifo(folder: Path) -> Path:
    path = folder / "cb.yaml"
    os.mkfifo(path)
    return path


def _huge(folder: Path) -> Path:
    path = folder / "cb.yaml"
    with path.open("wb") as fh:
        fh.truncate(5 * 1024 * 1024)  # sparse: a 5 MB file in no time
    return path


# (id, maker, expected substring in the one line (besides the file), place)
CASES: list[tuple[str, Callable[[Path], Path], str, str | None]] = [
    ("empty", _text(""), "empty", ":1:"),
    ("not-utf8", _text(b"codebook:\n  name: \xff\xfe\n"), "UTF-8", ":2:"),
    ("yaml-syntax", _text("codebook: [1\n"), "YAML", ":2:"),
    ("tab-indent", _text("codebook:\n\tid: x\n"), "tabs", ":2:"),
    ("alias-bomb", _alias_bomb, "aliases", None),
    ("deep-nesting", _text("x: " + "[" * 200 + "]" * 200 + "\n"), "nested", ":1:"),
    ("huge-hex-scale", _text(
        "codebook: {id: c, name: C, version: '1'}\nsubjects: [{id: m, name: M}]\n"
        "scales: [{id: s, name: S, subject: m, min: 0x" + "f" * 4000 + ", max: 3}]\n"
    ), "too large", ":3:"),
    ("huge-decimal-modifier", _replace("max: 10", "max: 1" + "0" * 400), "too large", None),
    ("nul-character", _text("codebook:\n  id: a\x00b\n"), "character", ":2:"),
    ("scalar-root", _text("just text\n"), "", ":1:"),
    ("fifo", _fifo, "FIFO", ":1:1:"),
    ("too-large", _huge, "limit", ":1:1:"),
    ("reserved-key", _replace("key: q", "key: Space"), "shortcut", None),
    ("duplicate-key", _replace("key: w", "key: q"), "already used", None),
    ("unknown-kind", _replace("kind: point", "kind: blink"), "kind", None),
    ("bad-color", _replace("color: '#aa00aa'", "color: purple-ish"), "color", None),
    ("min-above-max", _replace("min: 0", "min: 11"), "min below max", None),
    ("point-in-exclusive",
     _replace("kind: state\n        key: '1'", "kind: point\n        key: '1'"), "exclusive", None),
    ("nan-number", _replace("max: 10", "max: .nan"), "number", None),
    ("bad-id", _replace("id: i_cry", "id: i cry"), "id", None),
]  # fmt: skip


@pytest.mark.parametrize(("name", "make", "expect", "place"), CASES, ids=[c[0] for c in CASES])
def test_bad_codebook(
    case: Case, name: str, make: Callable[[Path], Path], expect: str, place: str | None
) -> None:
    path = make(case.folder)
    case.refused(
        ["session", "add", case.project, "--dyad", "D9", "--name", "s", "--video",
         case.folder / "none.mp4", "--codebook", path],
        [path, expect],
        place,
    )  # fmt: skip


def test_codebook_folder_device_and_unreadable(case: Case) -> None:
    base = ["session", "add", case.project, "--dyad", "D9", "--name", "s", "--video", "v.mp4"]
    case.refused([*base, "--codebook", case.folder], [case.folder, "no such codebook"])
    case.refused([*base, "--codebook", "/dev/zero"], ["/dev/zero"])
    case.public()
    base[2] = case.project
    secret = case.folder / "secret.yaml"
    secret.write_text(GOOD, encoding="utf-8")
    secret.chmod(0o000)
    case.refused([*base, "--codebook", secret], [secret, "Permission denied"], as_nobody=True)
