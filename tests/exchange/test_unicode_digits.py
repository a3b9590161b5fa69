"""Keys and numbers that str.isdigit() accepts but int()/float() refuse ('²', '³').

Found by the BORIS structure fuzzer: a modifier set keyed "²" raised a bare ValueError
from ``int()``. Each reader now says what is wrong (or treats the text as text).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interactioncoder.commands.session import _video_spec
from interactioncoder.exchange.importers.apply import find_session
from interactioncoder.exchange.importers.boris import read_boris
from interactioncoder.exchange.importers.common import ImportFormatError
from interactioncoder.exchange.importers.datavyu import read_opf
from interactioncoder.storage import create_project

from .test_boris import boris_project
from .test_datavyu import DB, make_opf


def test_a_boris_modifier_set_keyed_by_a_superscript_digit(tmp_path: Path) -> None:
    doc = boris_project(tmp_path)
    mods = doc["behaviors_conf"]["2"]["modifiers"]
    mods["²"] = mods.pop("0")
    doc["subjects_conf"]["³"] = doc["subjects_conf"].pop("1")
    path = tmp_path / "odd.boris"
    path.write_text(json.dumps(doc), encoding="utf-8")
    bundle = read_boris(path, coder="C")  # read as unnumbered entries, in key order
    assert bundle.codebook is not None
    assert {s.name.lower() for s in bundle.codebook.subjects} >= {"mother", "infant"}


def test_a_datavyu_version_line_of_superscripts_is_refused_by_line(tmp_path: Path) -> None:
    path = make_opf(tmp_path, db="#²" + DB[DB.index("\n") :])
    with pytest.raises(ImportFormatError, match=r"db line 1: unknown version line"):
        read_opf(path)
    path = make_opf(tmp_path, db="#" + "9" * 5000 + DB[DB.index("\n") :])
    with pytest.raises(ImportFormatError, match=r"db line 1: unknown version line"):
        read_opf(path)


def test_a_session_named_by_a_superscript_is_a_name(tmp_path: Path) -> None:
    repo = create_project(tmp_path / "p.icproj", name="t")
    try:
        assert find_session(repo, "²", "x.csv") is None
    finally:
        repo.close()


def test_a_camera_offset_of_superscripts_is_part_of_the_path() -> None:
    assert _video_spec("v.mp4@²") == (Path("v.mp4@²"), 0.0)
    assert _video_spec("v.mp4@-40") == (Path("v.mp4"), -40.0)
