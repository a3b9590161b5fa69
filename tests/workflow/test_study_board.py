"""The study board's rules: cells, totals, assigning, reopening, saving the report."""

from __future__ import annotations

import itertools
import uuid
from pathlib import Path

import pytest

from interactioncoder.core.events import Event
from interactioncoder.core.project import CodingRole, CodingStatus, SessionVideo
from interactioncoder.exchange.videos import register_video
from interactioncoder.reliability.report import CSV_COLUMNS
from interactioncoder.storage import ProjectRepository
from interactioncoder.workflow.study_board import (
    BoardError,
    assign_coder,
    build_board,
    reopen_coding,
    save_report,
    session_to_open,
)
from tests.workflow.helpers import study_project, tiny_video


def _two_sessions(tmp_path: Path) -> ProjectRepository:
    repo = study_project(tmp_path, blind=True)
    dyad = repo.add_dyad("D001")
    for name in ("pre", "post"):
        video = register_video(repo, tiny_video(tmp_path, f"D001_{name}.mp4", 25))
        repo.add_session(dyad.id, name, visit=name, videos=[SessionVideo(video.id, 0, "c", True)])
    numbers = itertools.count(1)
    repo.ensure_blind_codes(lambda: f"S-{next(numbers):06d}")
    return repo


def _event(code: str, onset: int, offset: int) -> Event:
    return Event(uuid.uuid4().hex, code, onset, onset * 40.0, offset, offset * 40.0)


def test_board_cells_totals_and_blind_labels(tmp_path: Path) -> None:
    repo = _two_sessions(tmp_path)
    pia, ria = repo.list_coders()
    pre, post = repo.list_sessions()
    coding = assign_coder(repo, pre.id, ria)
    assert coding.role is CodingRole.PRIMARY
    repo.add_events(coding.id, [_event("sensitive", 0, 10), _event("intrusive", 10, 20)])
    repo.set_coding_status(coding.id, CodingStatus.DONE)
    board = build_board(repo, pia)
    assert [r.label for r in board.rows] == ["D001 / post", "D001 / pre"]
    (cell,) = board.row(pre.id).cells[ria.id]
    assert (cell.events, cell.text) == (2, "done · 2 ev.")
    assert board.row(post.id).cells == {}
    assert board.totals[ria.id].text == "1 done, 0 in progress, 0 not started"
    blind = build_board(repo, ria)  # a coder would see the codes only
    assert sorted(r.label for r in blind.rows) == sorted(repo.blind_codes().values())


def test_assign_refuses_a_second_coding_and_a_second_primary(tmp_path: Path) -> None:
    repo = _two_sessions(tmp_path)
    _pia, ria = repo.list_coders()
    pre = repo.list_sessions()[0]
    assign_coder(repo, pre.id, ria)
    with pytest.raises(BoardError, match="already has a coding"):
        assign_coder(repo, pre.id, ria)
    rob = repo.add_coder("Rob")
    with pytest.raises(BoardError, match="primary coding already"):
        assign_coder(repo, pre.id, rob, CodingRole.PRIMARY)
    assert assign_coder(repo, pre.id, rob).role is CodingRole.RELIABILITY


def test_reopen_only_a_done_coding(tmp_path: Path) -> None:
    repo = _two_sessions(tmp_path)
    _pia, ria = repo.list_coders()
    coding = assign_coder(repo, repo.list_sessions()[0].id, ria)
    with pytest.raises(BoardError, match="not done"):
        reopen_coding(repo, coding.id)
    repo.set_coding_status(coding.id, CodingStatus.DONE)
    assert reopen_coding(repo, coding.id).status is CodingStatus.IN_PROGRESS


def test_save_report_as_html_and_csv(tmp_path: Path) -> None:
    repo = _two_sessions(tmp_path)
    _pia, ria = repo.list_coders()
    rob = repo.add_coder("Rob")
    pre = repo.list_sessions()[0]
    a, b = assign_coder(repo, pre.id, ria), assign_coder(repo, pre.id, rob)
    repo.add_events(a.id, [_event("sensitive", 0, 25)])
    repo.add_events(b.id, [_event("sensitive", 0, 20), _event("intrusive", 20, 25)])
    html = save_report(repo, tmp_path / "rel.html")
    csv = save_report(repo, tmp_path / "rel.csv")
    assert "<html" in html.read_text("utf-8").lower()
    header, *rows = csv.read_text("utf-8").splitlines()
    assert header == ",".join(CSV_COLUMNS)
    assert rows and all(r.startswith("primary,reliability,") for r in rows)
    assert any(",D001/post," in r for r in rows)
    with pytest.raises(BoardError, match=r"\.html or \.csv"):
        save_report(repo, tmp_path / "rel.pdf")


def test_session_to_open_never_makes_the_pi_a_primary_coder(tmp_path: Path) -> None:
    repo = _two_sessions(tmp_path)
    pia, ria = repo.list_coders()
    post, pre = sorted(repo.list_sessions(), key=lambda s: s.name)
    assert session_to_open(repo, pia, pre.id) is None  # nothing coded yet
    assert session_to_open(repo, ria, None) == repo.list_sessions()[0].id  # a lone coder
    done = assign_coder(repo, pre.id, ria)
    repo.set_coding_status(done.id, CodingStatus.DONE)
    assign_coder(repo, post.id, ria)
    assert session_to_open(repo, ria, None) == post.id  # the coding not done first
    assert session_to_open(repo, ria, pre.id) == pre.id  # the last one, hers
    assert session_to_open(repo, pia, None) == repo.list_sessions()[0].id  # coded: review
    assert build_board(repo, pia).row(pre.id).progress == "1/1 done"
