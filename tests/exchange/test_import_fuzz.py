"""Every importer, fed random bytes and damaged valid files, fails only with
ImportFormatError (never another exception), and a failing import changes nothing."""

from __future__ import annotations

import copy
import json
import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interactioncoder.core.project import SessionVideo
from interactioncoder.exchange.exporters.eaf import EafCoding, EafDocument, eaf_bytes
from interactioncoder.exchange.importers.apply import ImportOptions, apply_bundle
from interactioncoder.exchange.importers.boris import read_boris
from interactioncoder.exchange.importers.common import ImportBundle, ImportFormatError
from interactioncoder.exchange.importers.csv_events import read_csv_events
from interactioncoder.exchange.importers.datavyu import read_opf
from interactioncoder.exchange.importers.eaf import read_eaf
from interactioncoder.storage import ProjectRepository, create_project

from ._import_fixtures import codebook, sample_events, vfr_timebase
from .test_boris import boris_project
from .test_datavyu import DB, PROJECT

FUZZ = settings(
    max_examples=int(os.environ.get("IC_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

VALID_EAF = eaf_bytes(
    EafDocument(codebook(), vfr_timebase(), [EafCoding("Ana", sample_events(vfr_timebase()))])
)
VALID_BORIS = json.dumps(boris_project()).encode()
VALID_CSV = (
    b"onset,offset,code,subject,modifiers,comment\n1,2,m_neg,mother,intensity=low,x\n3,,i_look,,,\n"
)


def _opf_bytes(db: str, project: str) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("db", db)
        z.writestr("project", project)
    return buffer.getvalue()


VALID_OPF = _opf_bytes(DB, PROJECT)


@st.composite
def mangled(draw: st.DrawFn, valid: bytes) -> bytes:
    """*valid* with a few random cuts, insertions, byte flips or a truncation."""
    data = bytearray(valid)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "cut", "insert", "truncate", "dup"]))
        if op == "flip":
            data[i] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[i : i + draw(st.integers(1, 40))]
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=12))
        elif op == "truncate":
            del data[i:]
        else:
            data[i:i] = data[i : i + draw(st.integers(1, 60))]
    return bytes(data)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**20)
    | st.floats(allow_nan=True)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=8,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


@st.composite
def mangled_boris(draw: st.DrawFn) -> bytes:
    """The valid project with one to three nodes replaced by random JSON."""
    doc = copy.deepcopy(boris_project())
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p]
        path = draw(st.sampled_from(paths))
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = draw(JSON_VALUES)
    return json.dumps(doc).encode()


@st.composite
def mangled_db(draw: st.DrawFn) -> bytes:
    lines = DB.splitlines()
    i = draw(st.integers(0, len(lines) - 1))
    lines[i] = draw(
        st.sampled_from(
            [
                lines[i][: draw(st.integers(0, len(lines[i])))],
                lines[i] + draw(st.text(max_size=10)),
                draw(st.text(alphabet="0123456789:,()\\ab-", max_size=40)),
            ]
        )
    )
    return _opf_bytes("\n".join(lines), draw(st.sampled_from([PROJECT, "--- !x\n[", "a: [b"])))


@pytest.fixture
def project(tmp_path: Path) -> Iterator[tuple[ProjectRepository, int]]:
    repo = create_project(tmp_path / "fuzz.icproj", name="fuzz")
    repo.store_codebook(codebook())
    tb = vfr_timebase()
    video = repo.add_video(
        "/v.mp4",
        1,
        "fp",
        tb.duration_ms,
        tb.frame_count,
        30.0,
        True,
        frame_times_ms=tb.frame_times_ms,
    )
    dyad = repo.add_dyad("D")
    repo.add_session(dyad.id, "s", [SessionVideo(video.id, 0.0, "", True)])
    yield repo, video.id
    repo.close()


def _counts(repo: ProjectRepository) -> tuple[int, ...]:
    codings = repo.list_codings()
    return (
        len(repo.list_dyads()),
        len(repo.list_sessions()),
        len(repo.list_coders()),
        len(repo.list_videos()),
        len(repo.list_codebook_versions()),
        len(codings),
        sum(len(repo.list_events(c.id)) for c in codings),
    )


def _check(
    tmp_path: Path,
    repo: ProjectRepository,
    name: str,
    data: bytes,
    parse: Callable[[Path], ImportBundle],
    coder: str = "Fuzz",
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    try:
        bundle = parse(path)
    except ImportFormatError as exc:
        assert str(path) in str(exc)
        return
    before = _counts(repo)
    options = ImportOptions(
        coder=coder,
        session="s" if bundle.format in ("eaf", "csv") else None,
        dyad="Fuzz dyad",
        replace=True,
        fps=25.0,
    )
    try:
        apply_bundle(repo, bundle, options, repo.list_codebook_versions()[0])
    except ImportFormatError:
        assert _counts(repo) == before


def _eaf(p: Path) -> ImportBundle:
    return read_eaf(p, codebook(), skip_unknown=True)


def _csv(p: Path) -> ImportBundle:
    return read_csv_events(p, codebook())


def _opf(p: Path) -> ImportBundle:
    return read_opf(p)


def _boris(p: Path) -> ImportBundle:
    return read_boris(p, close_unpaired_at_end=True)


PARSERS = {"x.eaf": _eaf, "x.csv": _csv, "x.opf": _opf, "x.boris": _boris}
VALID = {"x.eaf": VALID_EAF, "x.csv": VALID_CSV, "x.opf": VALID_OPF, "x.boris": VALID_BORIS}


@pytest.mark.parametrize("name", sorted(PARSERS))
@FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes(
    tmp_path: Path, project: tuple[ProjectRepository, int], name: str, data: bytes
) -> None:
    _check(tmp_path, project[0], name, data, PARSERS[name])


@pytest.mark.parametrize("name", sorted(PARSERS))
@FUZZ
@given(st.data())
def test_mangled_valid_files(
    tmp_path: Path, project: tuple[ProjectRepository, int], name: str, data: st.DataObject
) -> None:
    _check(tmp_path, project[0], name, data.draw(mangled(VALID[name])), PARSERS[name])


@FUZZ
@given(data=mangled_boris())
def test_mangled_boris_structure(
    tmp_path: Path, project: tuple[ProjectRepository, int], data: bytes
) -> None:
    _check(tmp_path, project[0], "y.boris", data, _boris)


@FUZZ
@given(data=mangled_db())
def test_mangled_datavyu_spreadsheet(
    tmp_path: Path, project: tuple[ProjectRepository, int], data: bytes
) -> None:
    _check(tmp_path, project[0], "y.opf", data, _opf)


def test_valid_files_import(tmp_path: Path, project: tuple[ProjectRepository, int]) -> None:
    """The un-mangled seeds really import (so the fuzzing starts from working files)."""
    repo = project[0]
    for name, parse in PARSERS.items():
        before = _counts(repo)
        _check(tmp_path, repo, name, VALID[name], parse, coder=f"coder of {name}")
        assert _counts(repo)[-1] > before[-1], name


def test_nul_text_is_refused_naming_the_file_and_the_row(
    tmp_path: Path, project: tuple[ProjectRepository, int]
) -> None:
    """Regression (found by the fuzzing above): a NUL in a comment reached the store and
    raised a storage error naming a database row instead of the file's row."""
    repo = project[0]
    path = tmp_path / "nul.csv"
    path.write_bytes(VALID_CSV.replace(b",x\n", b",a\x00b\n"))
    bundle = read_csv_events(path, codebook())
    before = _counts(repo)
    options = ImportOptions(coder="C", session="s", replace=True, fps=25.0)
    with pytest.raises(ImportFormatError) as caught:
        apply_bundle(repo, bundle, options, repo.list_codebook_versions()[0])
    assert str(caught.value).startswith(f"{path}: row 2 at 1.000 s: the comment contains a NUL")
    assert _counts(repo) == before


def test_nul_in_a_boris_observation_is_an_import_error(
    tmp_path: Path, project: tuple[ProjectRepository, int]
) -> None:
    """A NUL written as JSON's \\u0000 (no NUL byte in the file) is refused the same way."""
    repo = project[0]
    doc = boris_project(tmp_path)
    doc["observations"]["D\x0001"] = doc["observations"].pop("D01")
    path = tmp_path / "nul.boris"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert b"\x00" not in path.read_bytes()
    before = _counts(repo)
    with pytest.raises(ImportFormatError, match=r"session name contains a NUL") as caught:
        apply_bundle(repo, read_boris(path, coder="C"), ImportOptions(dyad="D"))
    assert str(caught.value).startswith(str(path))
    assert _counts(repo) == before


def test_a_store_refusal_of_text_is_an_import_error(
    tmp_path: Path, project: tuple[ProjectRepository, int]
) -> None:
    """Text the bundle check cannot see (a dyad label typed in the app) is refused by the
    store; the import still fails as an import error naming the file, and changes nothing."""
    repo = project[0]
    path = tmp_path / "ok.boris"
    path.write_text(json.dumps(boris_project(tmp_path)), encoding="utf-8")
    before = _counts(repo)
    with pytest.raises(ImportFormatError, match=r"NUL character") as caught:
        apply_bundle(repo, read_boris(path, coder="C"), ImportOptions(dyad="D\x00"))
    assert str(caught.value).startswith(str(path))
    assert _counts(repo) == before
