"""Bad import files of every format (and mapping files): one line, nothing imported."""

from __future__ import annotations

import copy
import gzip
import io
import json
import os
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.exchange.test_boris import boris_project

from .conftest import Case, dump, run_cli

MiB = 1024 * 1024

# -- CSV -------------------------------------------------------------------------------------

CSV_GOOD = "onset,offset,code\n0.5,1.0,m_pos\n1.5,2.0,i_cry\n"


def _csv_args(case: Case, path: Path, *extra: object) -> list[object]:
    return ["import", case.project, path, "--from", "csv", "--session", "visit 1",
            "--coder", "Bob", *extra]  # fmt: skip


CSV_CASES: list[tuple[str, str | bytes, str, str | None]] = [
    ("empty", "", "empty", None),
    ("blank", "\n\n  \n", "empty", None),
    ("not-utf8", b"onset,offset,code\n0.5,1.0,m\xe9\n", "UTF-8", "byte"),
    ("row-at-1e9-s", "onset,offset,code\n1e9,1e9,m_pos\n", "limit", "row 2"),
    ("nan-onset", "onset,offset,code\nnan,1.0,m_pos\n", "", "row 2"),
    ("inf-offset", "onset,offset,code\n0.5,inf,m_pos\n", "", "row 2"),
    ("negative", "onset,offset,code\n-5,1.0,m_pos\n", "", "row 2"),
    ("offset-before-onset", "onset,offset,code\n2.0,1.0,m_pos\n", "", "row 2"),
    ("unknown-code", "onset,offset,code\n0.5,1.0,zzz\n", "no code", "row 2 at 0.500 s: 'zzz'"),
    ("no-code-column", "onset,offset,what\n0.5,1.0,m_pos\n", "code", None),
    ("past-video-end", "onset,offset,code\n0.5,500,m_pos\n", "after the video", "row 2"),
    ("same-code-overlap", "onset,offset,code\n0.5,1.5,i_cry\n1.0,2.0,i_cry\n", "overlap", "row 3"),
    ("exclusive-overlap", "onset,offset,code\n0.5,1.5,m_pos\n1.0,2.0,m_neg\n", "overlap", "row 3"),
    ("huge-field", "onset,offset,code\n0.5,1.0," + "x" * 200_000 + "\n", "", None),
    ("bad-modifier", "onset,offset,code,modifiers\n0.5,1.0,m_neg,intensity=extreme\n", "extreme",
     "row 2"),
    ("text-time", "onset,offset,code\nsoon,1.0,m_pos\n", "soon", "row 2"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "expect", "place"), CSV_CASES, ids=[c[0] for c in CSV_CASES]
)
def test_bad_csv(
    case: Case, name: str, content: str | bytes, expect: str, place: str | None
) -> None:
    path = case.folder / "events.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    case.refused(_csv_args(case, path), [path, expect], place)


def test_csv_control_imports(case: Case) -> None:
    """The good file the cases are made from does import (so they fail for their reason)."""
    path = case.folder / "events.csv"
    path.write_text(CSV_GOOD, encoding="utf-8")
    outcome = run_cli([str(a) for a in _csv_args(case, path)], case.folder)
    assert outcome.code == 0, outcome.stderr


def test_csv_not_regular_files(case: Case) -> None:
    fifo = case.folder / "pipe.csv"
    os.mkfifo(fifo)
    case.refused(_csv_args(case, fifo), [fifo, "FIFO"])
    case.refused(_csv_args(case, "/dev/zero"), ["/dev/zero", "device"])
    case.refused(_csv_args(case, case.folder), [case.folder, "folder"], usage=True)
    case.refused(_csv_args(case, case.folder / "nope.csv"), ["nope.csv"], usage=True)
    big = case.folder / "big.csv"
    with big.open("wb") as fh:
        fh.truncate(300 * MiB)  # sparse
    case.refused(_csv_args(case, big), [big, "limit"])


def test_csv_unreadable(case: Case) -> None:
    case.public()
    path = case.folder / "secret.csv"
    path.write_text(CSV_GOOD, encoding="utf-8")
    path.chmod(0o000)
    case.refused(_csv_args(case, path), [path, "Permission denied"], as_nobody=True)


@pytest.mark.parametrize(
    ("extra", "expect"),
    [
        (["--fps", "nan"], "--fps"),
        (["--fps", "1e9"], "--fps"),
        (["--fps", "-25"], "--fps"),
        (["--columns", "onset"], "--columns"),
        (["--time-unit", "hours"], "hours"),
        (["--from", "xls"], "xls"),
    ],
    ids=["fps-nan", "fps-huge", "fps-negative", "columns-no-equals", "bad-unit", "bad-format"],
)
def test_bad_import_arguments(case: Case, extra: list[str], expect: str) -> None:
    path = case.folder / "events.csv"
    path.write_text(CSV_GOOD, encoding="utf-8")
    usage = expect in ("hours", "xls")
    argv = _csv_args(case, path, *extra)
    if "--session" in extra or "--fps" in extra:
        argv = ["import", case.project, path, "--from", "csv", "--dyad", "New", "--session",
                "new one", "--coder", "Bob", *extra]  # fmt: skip
    case.refused(argv, [expect], usage=usage)


def test_csv_new_session_far_in_time(case: Case) -> None:
    """A row at 1e9 s into a session without video, with --fps 25: refused at once."""
    path = case.folder / "late.csv"
    path.write_text("onset,offset,code\n1e9,1000000001,m_pos\n", encoding="utf-8")
    case.refused(
        ["import", case.project, path, "--from", "csv", "--dyad", "New", "--session", "s2",
         "--coder", "Bob", "--fps", "25"],
        [path, "limit"], "row 2",
    )  # fmt: skip


# -- BORIS -----------------------------------------------------------------------------------


def _boris(change: Callable[[dict[str, Any]], object]) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        doc = copy.deepcopy(boris_project())
        change(doc)
        path = folder / "p.boris"
        path.write_text(json.dumps(doc), encoding="utf-8")
        return path

    return make


def _media(doc: dict[str, Any], key: str, value: object) -> None:
    info = doc["observations"]["D01"]["media_info"]
    info[key] = dict.fromkeys(info[key], value)


def _gzip_bomb(folder: Path) -> Path:
    path = folder / "bomb.boris.gz"
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)
    zeros = bytes(MiB)
    with path.open("wb") as fh:
        for _ in range(300):  # 300 MB of zeros in about 300 KB
            fh.write(packer.compress(zeros))
        fh.write(packer.flush())
    return path


def _bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return make


def _set_events(events: list[list[object]]) -> Callable[[dict[str, Any]], object]:
    return lambda d: d["observations"]["D01"].__setitem__("events", events)


BORIS_CASES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("not-json", _bytes("p.boris", b"{not json"), "JSON"),
    ("deep-json", _bytes("p.boris", b"[" * 200_000 + b"]" * 200_000), "nested"),
    ("json-list", _bytes("p.boris", b"[1, 2, 3]"), ""),
    ("gzip-bomb", _gzip_bomb, "decompresses to more than"),
    ("gzip-damaged", _bytes("p.boris.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 6 + b"garbage"), ""),
    ("gzip-truncated", _bytes("p.boris.gz", gzip.compress(b'{"a": 1}' * 100)[:30]), ""),
    ("missing-video-1e8-s", _boris(lambda d: _media(d, "length", 1e8)), "limit"),
    ("fps-times-length-overflow", _boris(lambda d: _media(d, "fps", 1e300)), ""),
    ("fps-nan", _boris(lambda d: _media(d, "fps", float("nan"))), ""),
    ("length-negative", _boris(lambda d: _media(d, "length", -5.0)), ""),
    ("offset-infinite", _boris(lambda d: d["observations"]["D01"]["media_info"].__setitem__(
        "offset", {"1": float("inf"), "2": 0.0})), ""),
    ("event-at-1e9-s", _boris(_set_events([[1e9, "mother", "positive", "", ""],
                                           [1e9 + 1, "mother", "positive", "", ""]])), ""),
    ("event-time-text", _boris(_set_events([["soon", "mother", "positive", "", ""]])), ""),
    ("unpaired-state", _boris(_set_events([[1.0, "mother", "positive", "", ""]])), "unpaired"),
    ("unknown-behaviour", _boris(_set_events([[1.0, "mother", "dance", "", ""]])), "dance"),
    ("format-too-new", _boris(lambda d: d.__setitem__("project_format_version", "99.0")), "99"),
    ("events-not-list", _boris(_set_events("nope")), ""),  # type: ignore[arg-type]
    ("no-observations", _boris(lambda d: d.__setitem__("observations", {})), ""),
]  # fmt: skip


@pytest.mark.parametrize(("name", "make", "expect"), BORIS_CASES, ids=[c[0] for c in BORIS_CASES])
def test_bad_boris(case: Case, name: str, make: Callable[[Path], Path], expect: str) -> None:
    path = make(case.folder)
    case.refused(
        ["import", case.project, path, "--from", "boris", "--coder", "Bob"], [path, expect]
    )


def test_boris_control_imports(case: Case) -> None:
    path = _boris(lambda d: None)(case.folder)
    outcome = run_cli(["import", str(case.project), str(path), "--from", "boris", "--coder",
                       "Bob", "--close-unpaired-at-end"], case.folder)  # fmt: skip
    assert outcome.code == 0, outcome.stderr


# -- ELAN ------------------------------------------------------------------------------------

EAF = """<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="" DATE="2024-01-01T00:00:00" FORMAT="3.0" VERSION="3.0">
<HEADER MEDIA_FILE="" TIME_UNITS="milliseconds"/>
<TIME_ORDER><TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="{t1}"/>
<TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="{t2}"/></TIME_ORDER>
<TIER TIER_ID="mother" ANNOTATOR="Ana" LINGUISTIC_TYPE_REF="default"><ANNOTATION>
<ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="{ref2}">
<ANNOTATION_VALUE>{value}</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>
<LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="default" TIME_ALIGNABLE="true"/>
</ANNOTATION_DOCUMENT>
"""


def _eaf(**change: str) -> str:
    fields = {"t1": "500", "t2": "1000", "ref2": "ts2", "value": "m_pos"} | change
    return EAF.format(**fields)


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    "<ANNOTATION_DOCUMENT>&lol2;</ANNOTATION_DOCUMENT>"
)

EAF_CASES: list[tuple[str, str | bytes, str]] = [
    ("not-xml", "this is not xml", "XML"),
    ("truncated", _eaf()[:200], "XML"),
    ("entity-bomb", BOMB, "entity"),
    ("wrong-root", "<?xml version='1.0'?><html></html>", ""),
    ("time-1e12-ms", _eaf(t2="1000000000000"), ""),
    ("negative-time", _eaf(t1="-500"), ""),
    ("time-not-number", _eaf(t1="soon"), ""),
    ("missing-slot", _eaf(ref2="ts9"), "ts9"),
    ("end-before-start", _eaf(t1="1000", t2="500"), ""),
    ("unknown-value", _eaf(value="dancing"), "no code"),
    ("bad-encoding", b"<?xml version='1.0' encoding='nope'?><a/>", ""),
    ("nul-byte", _eaf().replace("m_pos", "m_\x00pos"), ""),
]


@pytest.mark.parametrize(("name", "content", "expect"), EAF_CASES, ids=[c[0] for c in EAF_CASES])
def test_bad_eaf(case: Case, name: str, content: str | bytes, expect: str) -> None:
    path = case.folder / "coding.eaf"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    case.refused(
        ["import", case.project, path, "--from", "eaf", "--session", "visit 1"], [path, expect]
    )


def test_eaf_control_imports(case: Case) -> None:
    path = case.folder / "coding.eaf"
    path.write_text(_eaf(), encoding="utf-8")
    outcome = run_cli(["import", str(case.project), str(path), "--from", "eaf", "--session",
                       "visit 1", "--coder", "Bob"], case.folder)  # fmt: skip
    assert outcome.code == 0, outcome.stderr


# -- Datavyu ---------------------------------------------------------------------------------

DB = "#4\nMom (MATRIX,true,)-code|NOMINAL\n00:00:01:000,00:00:02:000,(smile)\n"
PROJECT = "--- !project\nname: D01\nviewerSettingsList: []\n"


def _opf(db: str | None = DB, project: str | None = PROJECT, extra: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        if db is not None:
            z.writestr("db", db)
        if project is not None:
            z.writestr("project", project)
    return buffer.getvalue() + extra


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z,
        z.open("db", "w", force_zip64=True) as member,
    ):
        member.write(b"#4\nA (TEXT,true,)\n")
        zeros = b"0" * MiB
        for _ in range(70):
            member.write(zeros)
    return buffer.getvalue()


def _lying_zip() -> bytes:
    """A member whose headers claim 10 bytes but which inflates to 70 MB."""
    data = bytearray(_zip_bomb())
    for marker, field in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(marker)
        data[at + field : at + field + 4] = (10).to_bytes(4, "little")
    return bytes(data)


OPF_CASES: list[tuple[str, Callable[[], bytes], str]] = [
    ("not-zip", lambda: b"plain text", "not a Datavyu"),
    ("no-db", lambda: _opf(db=None), "no 'db'"),
    ("zip-bomb", _zip_bomb, "more than"),
    ("zip-member-lies", _lying_zip, ""),
    ("version-2", lambda: _opf(db="#2\nMom (NOMINAL,true,)\n"), "version 2 is not supported"),
    ("version-9", lambda: _opf(db="#9\n"), "newer"),
    ("bad-header", lambda: _opf(db="#4\nthis is no header\n"), "neither"),
    ("bad-time", lambda: _opf(db="#4\nA (TEXT,true,)\n00:00:1:000,00:00:02:000,x\n"), "time"),
    ("offset-before-onset",
     lambda: _opf(db="#4\nA (TEXT,true,)\n00:00:03:000,00:00:02:000,x\n"), "before onset"),
    ("matrix-value-count",
     lambda: _opf(db="#4\nA (MATRIX,true,)-c|NOMINAL\n00:00:01:000,00:00:02:000,(x,y)\n"), "value"),
    ("matrix-without-args", lambda: _opf(db="#4\nA (MATRIX,true,)\n"), "arguments"),
    ("time-999-hours",
     lambda: _opf(db="#4\nA (MATRIX,true,)-c|NOMINAL\n999:00:00:000,999:00:00:001,(x)\n"),
     "limit"),
    ("project-alias-bomb", lambda: _opf(project="a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join(['*a' if i == 1 else f'*a{i - 1}'] * 10)}]\n"
        for i in range(1, 9))), ""),
    ("project-deep", lambda: _opf(project="x: " + "[" * 300 + "]" * 300 + "\n"), ""),
]  # fmt: skip


@pytest.mark.parametrize(("name", "make", "expect"), OPF_CASES, ids=[c[0] for c in OPF_CASES])
def test_bad_opf(case: Case, name: str, make: Callable[[], bytes], expect: str) -> None:
    path = case.folder / "d01.opf"
    path.write_bytes(make())
    case.refused(
        ["import", case.project, path, "--from", "opf", "--coder", "Bob", "--dyad", "D01"],
        [path, expect],
    )


def test_opf_control_imports(case: Case) -> None:
    path = case.folder / "d01.opf"
    path.write_bytes(_opf())
    outcome = run_cli(["import", str(case.project), str(path), "--from", "opf", "--coder", "Bob",
                       "--dyad", "D01", "--fps", "25"], case.folder)  # fmt: skip
    assert outcome.code == 0, outcome.stderr


# -- mapping files -----------------------------------------------------------------------------


def _alias_bomb_yaml() -> str:
    lines = ["a0: &a0 {x: y, z: w, q: r, s: t, u: v}"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


MAPPING_CASES: list[tuple[str, str, str, str]] = [
    ("alias-bomb", "map.yaml", _alias_bomb_yaml(), ""),
    ("deep", "map.yaml", "x: " + "[" * 300 + "]" * 300 + "\n", "nested"),
    ("huge-field", "map.yaml", "mother: {smile: " + "x" * 20_000 + "}\n", "longer than"),
    ("not-a-mapping", "map.yaml", "- just\n- a list of text\n", "mapping"),
    ("scalar", "map.yaml", "hello\n", ""),
    ("yaml-syntax", "map.yaml", "mother: {smile: [\n", "YAML"),
    ("csv-no-value-column", "map.csv", "tier,code\nmother,m_pos\n", "value"),
    ("csv-huge-field", "map.csv", "value,code\n" + "v" * 20_000 + ",m_pos\n", "longer than"),
    ("csv-empty", "map.csv", "", "empty"),
    ("too-large", "map.yaml", "# " + "x" * (2 * MiB) + "\n", "limit"),
]


@pytest.mark.parametrize(
    ("name", "filename", "content", "expect"), MAPPING_CASES, ids=[c[0] for c in MAPPING_CASES]
)
def test_bad_mapping(case: Case, name: str, filename: str, content: str, expect: str) -> None:
    eaf = case.folder / "coding.eaf"
    eaf.write_text(_eaf(value="smile"), encoding="utf-8")
    mapping = case.folder / filename
    mapping.write_text(content, encoding="utf-8")
    case.refused(
        ["import", case.project, eaf, "--from", "eaf", "--session", "visit 1", "--mapping",
         mapping],
        [mapping, expect],
    )  # fmt: skip


def test_mapping_fifo(case: Case) -> None:
    eaf = case.folder / "coding.eaf"
    eaf.write_text(_eaf(value="smile"), encoding="utf-8")
    fifo = case.folder / "map.yaml"
    os.mkfifo(fifo)
    before = dump(case.project)
    case.refused(
        ["import", case.project, eaf, "--from", "eaf", "--session", "visit 1", "--mapping", fifo],
        [fifo, "FIFO"],
    )
    assert dump(case.project) == before
