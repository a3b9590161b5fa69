"""Datavyu .opf import: a ZIP with db + project, built here to Datavyu's layout."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from interactioncoder.core.codebook import CodeKind, ModifierKind
from interactioncoder.exchange.importers.common import ImportFormatError, UnknownValuesError
from interactioncoder.exchange.importers.datavyu import read_opf

from ._import_fixtures import codebook

DB = """#4
MomAffect (MATRIX,true,)-code|NOMINAL,intensity|NOMINAL
00:00:01:000,00:00:04:000,(positive,)
00:00:04:000,00:00:09:500,(negative,high)
00:00:10:000,00:00:12:000,(negative,low)
InfantLook (MATRIX,true,)-code|NOMINAL,distance|NOMINAL,note|TEXT
00:00:02:500,00:00:02:500,(away,3.5,turns\\, then cries)
00:00:05:000,00:00:05:000,(away,1,)
Notes (TEXT,true,)-
00:00:00:000,00:00:00:000,just a remark
"""

PROJECT = """--- !project
name: D01 visit 1
version: 5
origpath: /data
dbFile: D01.csv
viewerSettingsList:
- !vs
  classifier: datavyu.video
  feed: /data/D01.mp4
  offset: 0
"""


def make_opf(tmp_path: Path, db: str = DB, project: str | None = PROJECT) -> Path:
    path = tmp_path / "d01.opf"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("db", db)
        if project is not None:
            z.writestr("project", project)
    return path


def test_columns_become_groups_and_cells_events(tmp_path: Path) -> None:
    bundle = read_opf(make_opf(tmp_path), coder="Ana")
    cb = bundle.codebook
    assert cb is not None
    affect = next(g for g in cb.groups if g.name == "MomAffect")
    assert affect.subject == "MomAffect"  # one subject per column by default
    assert affect.exclusive  # its cells never overlap
    assert [c.name for c in affect.codes] == ["positive", "negative"]
    neg = next(c for c in affect.codes if c.name == "negative")
    assert neg.kind is CodeKind.STATE
    assert [ch.name for ch in neg.modifiers[0].choices] == ["high", "low"]
    away = next(c for c in cb.codes() if c.name == "away")
    assert away.kind is CodeKind.POINT
    assert [m.kind for m in away.modifiers] == [ModifierKind.NUMBER, ModifierKind.CHOICE]
    (session,) = bundle.sessions
    assert session.name == "D01 visit 1"
    assert session.media[0].path == "/data/D01.mp4"
    events = session.codings[0].events
    got = [(cb.code(e.code_id).name, e.onset_ms, e.offset_ms) for e in events]
    assert got == [
        ("positive", 1000.0, 4000.0),
        ("away", 2500.0, 2500.0),
        ("negative", 4000.0, 9500.0),
        ("away", 5000.0, 5000.0),
        ("negative", 10000.0, 12000.0),
    ]
    first_away = events[1]
    assert first_away.modifiers["distance"] == 3.5
    note_choice = away.modifiers[1].choice(str(first_away.modifiers["note"]))
    assert note_choice.name == "turns, then cries"  # the escaped comma is part of the value
    assert any("'Notes' holds free text" in n for n in bundle.notes)
    assert all(g.name != "Notes" for g in cb.groups)
    assert not next(g for g in cb.groups if g.name == "InfantLook").exclusive  # points only


def test_subject_option_and_code_argument(tmp_path: Path) -> None:
    db = "#4\nMom (MATRIX,true,)-who|NOMINAL,act|NOMINAL\n00:00:01:000,00:00:02:000,(x,smile)\n"
    bundle = read_opf(make_opf(tmp_path, db, None), code_argument="act", subject="mother")
    assert bundle.codebook is not None
    assert [s.name for s in bundle.codebook.subjects] == ["mother"]
    assert [c.name for c in bundle.codebook.codes()] == ["smile"]


def test_into_an_existing_codebook(tmp_path: Path) -> None:
    db = (
        "#4\nmother (MATRIX,true,)-code|NOMINAL,intensity|NOMINAL\n"
        "00:00:01:000,00:00:02:000,(Negative,High)\n00:00:03:000,00:00:04:000,(sulk,)\n"
    )
    path = make_opf(tmp_path, db, None)
    with pytest.raises(UnknownValuesError, match=r"column 'mother' cell 2 .* 'sulk'"):
        read_opf(path, codebook(), coder="Ana")
    bundle = read_opf(path, codebook(), coder="Ana", skip_unknown=True)
    (event,) = bundle.sessions[0].codings[0].events
    assert (event.code_id, dict(event.modifiers)) == ("m_neg", {"intensity": "high"})
    assert bundle.codebook is None


@pytest.mark.parametrize(
    ("db", "place"),
    [
        ("#5\n", "db line 1"),
        ("#4\nA (MATRIX,true,)-code|NOMINAL\n00:00:01:000,00:00:00:500,(x)\n", "db line 3"),
        ("#4\nA (MATRIX,true,)-code|NOMINAL\n00:00:01:000,00:00:02:000,(x,y)\n", "db line 3"),
        ("#4\nA (MATRIX,true,)-code|NOMINAL\n00:00:1:000,00:00:02:000,(x)\n", "db line 3"),
        ("#4\nA (MATRIX,true,)-code|NOMINAL\n00:00:01:000,00:00:02:000,x\n", "db line 3"),
        ("#4\n00:00:01:000,00:00:02:000,(x)\n", "db line 2"),
        ("#4\nthis is not a header\n", "db line 2"),
        ("", "db"),
    ],
)
def test_bad_spreadsheets_name_the_line(tmp_path: Path, db: str, place: str) -> None:
    path = make_opf(tmp_path, db, None)
    with pytest.raises(ImportFormatError) as info:
        read_opf(path, coder="Ana")
    assert info.value.place.startswith(place)
    assert str(path) in str(info.value)


def test_not_a_zip_and_zip_without_db(tmp_path: Path) -> None:
    path = tmp_path / "x.opf"
    path.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(ImportFormatError, match="not a Datavyu"):
        read_opf(path)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project", PROJECT)
    with pytest.raises(ImportFormatError, match="no 'db'"):
        read_opf(path)


def test_zip_of_an_unsupported_version(tmp_path: Path) -> None:
    """A damaged header claiming ZIP version 6.4 (found by the fuzz test)."""
    path = make_opf(tmp_path)
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 64  # "version needed to extract" of the first member
    path.write_bytes(bytes(data))
    with pytest.raises(ImportFormatError, match=r"d01\.opf"):
        read_opf(path)


def test_ordinary_columns_without_arguments_are_read(tmp_path: Path) -> None:
    """Datavyu writes "-arg|TYPE,..." only for MATRIX columns; TEXT/NOMINAL have none."""
    db = (
        "#4\nMood (NOMINAL,true,)\n00:00:01:000,00:00:02:000,happy\n"
        "00:00:03:000,00:00:04:000,sad\nRemark (TEXT,true,)\n00:00:00:500,00:00:00:500,hm\n"
    )
    bundle = read_opf(make_opf(tmp_path, db, None), coder="Ana")
    assert bundle.codebook is not None
    mood = next(g for g in bundle.codebook.groups if g.name == "Mood")
    assert [c.name for c in mood.codes] == ["happy", "sad"]
    assert bundle.event_count() >= 2


def test_format_version_2_is_refused_clearly(tmp_path: Path) -> None:
    path = make_opf(tmp_path, "#2\nMood (NOMINAL,true,)\n00:00:01:000,00:00:02:000,x\n", None)
    with pytest.raises(ImportFormatError, match="format version 2 is not supported") as info:
        read_opf(path, coder="Ana")
    assert info.value.place == "db line 1"


def test_a_member_lying_about_its_size_is_cut_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The header's size is not trusted: the bytes are counted while they are read."""
    from interactioncoder.exchange.importers import datavyu

    monkeypatch.setattr(datavyu, "MAX_UNZIPPED", 1000)
    path = make_opf(
        tmp_path, DB + "Extra (TEXT,true,)\n" + "00:00:00:000,00:00:00:000,x\n" * 200, None
    )
    data = bytearray(path.read_bytes())
    for marker, field in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed size fields
        at = data.index(marker)
        data[at + field : at + field + 4] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(ImportFormatError) as info:
        read_opf(path, coder="Ana")
    assert str(path) in str(info.value)
