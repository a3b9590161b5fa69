"""The repository round-trips core objects and applies edits atomically."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from interactioncoder.core.events import Event, EventChangeSet, EventUpdate, new_event_id
from interactioncoder.core.project import CodingRole, CodingStatus
from interactioncoder.storage import ProjectRepository, create_project, open_project
from interactioncoder.storage.errors import (
    ConflictError,
    ConstraintError,
    NotFoundError,
    StorageError,
)
from tests.storage.conftest import small_codebook


def ev(code: str, on: int, off: int | None, **kw: object) -> Event:
    return Event(
        id=new_event_id(),
        code_id=code,
        onset_frame=on,
        onset_ms=on * 40.0,
        offset_frame=off,
        offset_ms=None if off is None else off * 40.0,
        **kw,  # type: ignore[arg-type]
    )


def test_records_round_trip(repo: ProjectRepository, populated: dict[str, int]) -> None:
    session = repo.get_session(populated["session"])
    assert session.visit == "3 months" and session.infant_age_days == 92
    assert [v.camera for v in session.videos] == ["mother", "infant"]
    assert session.master is not None and session.master.video_id == populated["v1"]
    assert session.videos[1].offset_ms == 1500.0
    assert repo.find_coder("Alice") is not None and repo.find_coder("Nobody") is None
    assert repo.project_name == "Test project"
    tb = repo.session_timebase(populated["session"])
    assert tb is not None and tb.frame_count == 250 and tb.frame_to_ms(10) == pytest.approx(400.0)
    # a video without stored frame times but constant rate still has a timebase
    tb2 = repo.video_timebase(populated["v2"])
    assert tb2 is not None and tb2.frame_count == 250


def test_codebook_versions_are_deduplicated_by_content(repo: ProjectRepository) -> None:
    first = repo.store_codebook(small_codebook("1"))
    again = repo.store_codebook(small_codebook("1"))
    other = repo.store_codebook(small_codebook("2"))
    assert first.id == again.id != other.id
    assert repo.get_codebook_version(first.id).codebook == small_codebook("1")
    assert first.sha256 == small_codebook("1").content_hash()


def test_event_changes_apply_and_undo(repo: ProjectRepository, populated: dict[str, int]) -> None:
    coding = populated["coding"]
    a = ev("sensitive", 10, 20, modifiers={"intensity": "high"}, comment="look")
    b = ev("freeze", 15, 15)
    add = EventChangeSet(added=(a, b), description="add")
    repo.apply_event_changes(coding, add)
    assert repo.list_events(coding) == [a, b]
    assert repo.get_coding(coding).status is CodingStatus.IN_PROGRESS

    moved = a.with_changes(onset_frame=12, onset_ms=480.0)
    change = EventChangeSet(updated=(EventUpdate(a, moved),), removed=(b,))
    repo.apply_event_changes(coding, change)
    assert repo.list_events(coding) == [moved]

    repo.apply_event_changes(coding, change.inverse())
    assert repo.list_events(coding) == [a, b]
    repo.apply_event_changes(coding, add.inverse())
    assert repo.list_events(coding) == []


def test_stale_change_is_refused_and_changes_nothing(
    repo: ProjectRepository, populated: dict[str, int]
) -> None:
    coding = populated["coding"]
    a = ev("sensitive", 10, 20)
    repo.apply_event_changes(coding, EventChangeSet(added=(a,)))
    stale = a.with_changes(offset_frame=30, offset_ms=1200.0)  # not what is stored
    newer = a.with_changes(offset_frame=40, offset_ms=1600.0)
    c = ev("freeze", 5, 5)
    with pytest.raises(ConflictError):
        repo.apply_event_changes(
            coding, EventChangeSet(added=(c,), updated=(EventUpdate(stale, newer),))
        )
    assert repo.list_events(coding) == [a]
    with pytest.raises(ConflictError):
        repo.apply_event_changes(coding, EventChangeSet(added=(a,)))


def test_atomic_block_is_all_or_nothing(repo: ProjectRepository) -> None:
    with pytest.raises(RuntimeError), repo.atomic():
        repo.add_dyad("D100")
        repo.add_coder("Carol")
        assert repo.find_dyad("D100") is not None  # visible inside the block
        raise RuntimeError("import failed halfway")
    assert repo.find_dyad("D100") is None
    assert repo.find_coder("Carol") is None
    with repo.atomic():
        repo.add_dyad("D101")
    assert repo.find_dyad("D101") is not None


def test_ratings_set_clear_and_previous(repo: ProjectRepository, populated: dict[str, int]) -> None:
    coding = populated["coding"]
    assert repo.set_rating(coding, "sens_global", 7) is None
    assert repo.set_rating(coding, "sens_global", 5) == 7
    seg = repo.add_segment(populated["session"], "still-face", 0, 0.0, 100, 4000.0)
    assert repo.set_rating(coding, "sens_global", 3, segment_id=seg.id) is None
    ratings = {(r.scale_id, r.segment_id): r.value for r in repo.list_ratings(coding)}
    assert ratings == {("sens_global", None): 5, ("sens_global", seg.id): 3}
    assert repo.set_rating(coding, "sens_global", None) == 5
    assert [r.segment_id for r in repo.list_ratings(coding)] == [seg.id]


def test_segments_update_delete_restore(repo: ProjectRepository, populated: dict[str, int]) -> None:
    sid = populated["session"]
    seg = repo.add_segment(sid, "play", 0, 0.0, 50, 2000.0)
    prev = repo.update_segment(
        seg.__class__(**{**seg.__dict__, "offset_frame": 60, "offset_ms": 2400.0})
    )
    assert prev == seg
    assert repo.list_segments(sid)[0].offset_frame == 60
    deleted = repo.delete_segment(seg.id)
    assert repo.list_segments(sid) == []
    repo.restore_segment(deleted)
    assert repo.list_segments(sid) == [deleted]


def test_codings_status_comment_and_blind_queries(
    repo: ProjectRepository, populated: dict[str, int]
) -> None:
    sid = populated["session"]
    rel = repo.create_coding(sid, populated["bob"], populated["cbv"], CodingRole.RELIABILITY)
    assert [c.id for c in repo.list_codings(session_id=sid, coder_id=populated["bob"])] == [rel.id]
    assert len(repo.list_codings(session_id=sid)) == 2
    assert repo.set_coding_status(rel.id, CodingStatus.DONE) is CodingStatus.NOT_STARTED
    assert repo.set_coding_comment(rel.id, "camera 2 blurry") == ""
    assert repo.get_coding(rel.id).comment == "camera 2 blurry"
    with pytest.raises(ConstraintError):
        repo.create_coding(sid, populated["bob"], populated["cbv"], CodingRole.RELIABILITY)


def test_audit_trail_records_actor(repo: ProjectRepository, populated: dict[str, int]) -> None:
    repo.set_actor(populated["alice"])
    repo.apply_event_changes(populated["coding"], EventChangeSet(added=(ev("freeze", 1, 1),)))
    entry = repo.list_audit(coding_id=populated["coding"], limit=1)[0]
    assert entry.action == "edit_events" and entry.coder_id == populated["alice"]


def test_not_found_and_duplicates(repo: ProjectRepository, populated: dict[str, int]) -> None:
    with pytest.raises(NotFoundError):
        repo.get_session(999)
    with pytest.raises(NotFoundError):
        repo.list_events(999)
    with pytest.raises(ConstraintError):
        repo.add_dyad("D001")
    with pytest.raises(ConstraintError):
        repo.add_coder("Alice")


def test_reopen_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "again.icproj"
    repo = create_project(path, name="Again")
    d = repo.add_dyad("D9")
    repo.close()
    repo = open_project(path)
    assert repo.find_dyad("D9") == d and repo.project_name == "Again"
    assert repo.integrity_check() == []
    repo.close()


def test_create_refuses_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "x.icproj"
    path.write_text("hello")
    with pytest.raises(StorageError, match="exists already"):
        create_project(path)
    assert path.read_text() == "hello"


def test_sqlite_is_configured_for_crash_safety(tmp_path: Path) -> None:
    path = tmp_path / "wal.icproj"
    create_project(path).close()
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        con.close()


def test_atomic_block_belongs_to_its_thread(repo: ProjectRepository) -> None:
    """An import on a worker thread does not pull other threads into its transaction."""
    inside, checked = threading.Event(), threading.Event()

    def worker() -> None:
        with repo.atomic():
            repo.add_dyad("D-import")
            inside.set()
            checked.wait(10)

    thread = threading.Thread(target=worker)
    thread.start()
    assert inside.wait(10)
    try:
        assert repo.find_dyad("D-import") is None  # not committed yet, not visible here
    finally:
        checked.set()
        thread.join()
    assert repo.find_dyad("D-import") is not None
