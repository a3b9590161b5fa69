"""The import runner (File ▸ Import's worker): same results as the CLI, cancel = nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interactioncoder.core.project import SessionVideo
from interactioncoder.core.timebase import Timebase
from interactioncoder.exchange.exporters.eaf import EafCoding, EafDocument, write_eaf
from interactioncoder.exchange.importers.common import ImportFormatError
from interactioncoder.exchange.importers.runner import ImportRequest, guess_format, run_import
from interactioncoder.storage import ProjectRepository, create_project

from ._import_fixtures import codebook, sample_events

TIMEBASE = Timebase.constant(25.0, 120)  # 4.8 s


def project_with_session(path: Path) -> ProjectRepository:
    """A project with the test codebook and session "visit 1" of dyad D01 (one video)."""
    repo = create_project(path, name="import test")
    repo.store_codebook(codebook())
    video = repo.add_video(
        "/videos/d01.mp4", 1000, "fp", TIMEBASE.duration_ms, TIMEBASE.frame_count, 25.0, False,
        frame_times_ms=TIMEBASE.frame_times_ms,
    )  # fmt: skip
    dyad = repo.add_dyad("D01")
    repo.add_session(dyad.id, "visit 1", [SessionVideo(video.id, 0.0, "front", True)])
    repo.add_coder("Ana")
    return repo


def counts(repo: ProjectRepository) -> tuple[int, ...]:
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


def write_events_csv(path: Path) -> Path:
    path.write_text(
        "start,end,label,note\n1.0,2.0,m_pos,\n2.0,3.2,Negative,upset\n2.5,,i_look,\n",
        encoding="utf-8",
    )
    return path


def write_session_eaf(path: Path) -> Path:
    events = sample_events(TIMEBASE)
    write_eaf(path, EafDocument(codebook(), TIMEBASE, [EafCoding("Ben", events)]))
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[ProjectRepository]:
    r = project_with_session(tmp_path / "p.icproj")
    yield r
    r.close()


def test_guess_format() -> None:
    assert guess_format("a/b.BORIS") == "boris"
    assert guess_format("x.boris.gz") == "boris"
    assert guess_format("x.eaf") == "eaf"
    assert guess_format("x.opf") == "opf"
    assert guess_format("x.tsv") == "csv"
    assert guess_format("x.mp4") is None


def test_csv_into_existing_session(tmp_path: Path, repo: ProjectRepository) -> None:
    seen: list[tuple[float, str]] = []
    req = ImportRequest(
        write_events_csv(tmp_path / "ev.csv"), "csv", session="visit 1", coder="Ana",
        columns={"onset": "start", "offset": "end", "code": "label", "comment": "note"},
    )  # fmt: skip
    summary = run_import(repo, req, lambda f, t: seen.append((f, t)))
    assert summary.events == 3
    (coding,) = repo.list_codings()
    got = [(e.code_id, e.onset_frame, e.offset_frame) for e in repo.list_events(coding.id)]
    assert got == [("m_pos", 25, 50), ("m_neg", 50, 80), ("i_look", 62, 62)]
    assert repo.get_coder(coding.coder_id).name == "Ana"
    assert [f for f, _ in seen] == sorted(f for f, _ in seen) and seen[-1][0] == 1.0


def test_eaf_names_its_coder(tmp_path: Path, repo: ProjectRepository) -> None:
    req = ImportRequest(write_session_eaf(tmp_path / "s.eaf"), "eaf", session="visit 1")
    summary = run_import(repo, req)
    assert summary.events == len(sample_events(TIMEBASE))
    (coding,) = repo.list_codings()
    assert repo.get_coder(coding.coder_id).name == "Ben"


def test_cancel_at_the_last_moment_rolls_everything_back(
    tmp_path: Path, repo: ProjectRepository
) -> None:
    before = counts(repo)

    class CancelledError(Exception):
        pass

    def progress(fraction: float, _text: str) -> None:
        if fraction >= 0.95:  # after every event was added, before the commit
            raise CancelledError

    req = ImportRequest(
        write_session_eaf(tmp_path / "s.eaf"), "eaf", session="new", dyad="D02", fps=25.0
    )
    with pytest.raises(CancelledError):
        run_import(repo, req, progress)
    assert counts(repo) == before
    # and the same request without cancelling does import (so the test can fail)
    run_import(repo, req)
    assert counts(repo) != before


def test_malformed_file_changes_nothing(tmp_path: Path, repo: ProjectRepository) -> None:
    before = counts(repo)
    bad = tmp_path / "bad.csv"
    bad.write_text("onset,code\n1.0,i_look\nsoon,i_look\n", encoding="utf-8")
    with pytest.raises(ImportFormatError) as info:
        run_import(repo, ImportRequest(bad, "csv", session="visit 1", coder="Ana"))
    assert str(bad) in str(info.value) and "row 3" in str(info.value)
    assert counts(repo) == before


def test_unknown_format_is_refused(tmp_path: Path, repo: ProjectRepository) -> None:
    with pytest.raises(ImportFormatError, match="unknown import format"):
        run_import(repo, ImportRequest(tmp_path / "x.xyz", "xyz"))
