"""Sample drawing (population, strata, reproducibility, one transaction) and the relink rule."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interactioncoder.core.project import CodingRole, Video
from interactioncoder.storage import ProjectRepository, create_project
from interactioncoder.workflow.relink import check_candidate
from interactioncoder.workflow.sampling import (
    NO_VISIT,
    NoSessionsToSampleError,
    draw_sample,
    store_sample,
)
from tests.reliability.helpers import codebook


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[ProjectRepository]:
    r = create_project(tmp_path / "s.icproj", name="s")
    version = r.store_codebook(codebook())
    ann = r.add_coder("ann")
    for i in range(10):
        dyad = r.add_dyad(f"D{i}")
        s = r.add_session(dyad.id, "home", visit="" if i == 9 else ("T1" if i < 5 else "T2"))
        r.create_coding(s.id, ann.id, version.id, CodingRole.PRIMARY)
    yield r
    r.close()


def test_the_draw_leaves_out_own_sessions_and_is_reproducible(repo: ProjectRepository) -> None:
    ann = repo.list_coders()[0]
    with pytest.raises(NoSessionsToSampleError, match="no session that ann could double-code"):
        draw_sample(repo, ann, share=0.5, seed=1)
    bob = repo.add_coder("bob")
    first = repo.list_sessions()[0]
    repo.create_coding(first.id, bob.id, repo.list_codebook_versions()[0].id, CodingRole.PRIMARY)
    a = draw_sample(repo, bob, share=0.5, seed=7, stratify_by="visit")
    b = draw_sample(repo, bob, share=0.5, seed=7, stratify_by="visit")
    assert a.draw == b.draw
    assert a.left_out == 1 and a.draw.population == 9
    assert first.id not in a.draw.selected
    assert {s for s, _, _ in a.draw.by_stratum} == {"T1", "T2", NO_VISIT}
    assert repo.list_codings(coder_id=bob.id, role=CodingRole.RELIABILITY) == []  # not stored
    stored = store_sample(repo, a)
    assert set(stored.session_ids) == set(a.draw.selected)
    mine = repo.list_codings(coder_id=bob.id, role=CodingRole.RELIABILITY)
    assert {c.session_id for c in mine} == set(a.draw.selected)


def test_bad_share_is_a_value_error(repo: ProjectRepository) -> None:
    bob = repo.add_coder("bob")
    with pytest.raises(ValueError, match="share"):
        draw_sample(repo, bob, share=0.0, seed=1)


def test_relink_same_recording_or_a_confirmed_other(tmp_path: Path) -> None:
    moved = tmp_path / "moved.mp4"
    moved.write_bytes(b"x" * 2048)
    video = Video(1, "/old/a.mp4", 2048, "fp-a", 1000.0, 25, 25.0, False)
    same = check_candidate(video, str(moved), lambda _p: "fp-a")
    assert same.matches and not same.needs_confirmation
    assert same.verdict().startswith("✓ Same recording")
    other = check_candidate(video, str(moved), lambda _p: "fp-b")
    assert other.needs_confirmation
    assert "not the same file" in other.verdict()
    assert "Its size" not in other.verdict()  # the same size: no size note
    smaller = check_candidate(
        Video(1, "/old/a.mp4", 4096, "fp-a", 1000.0, 25, 25.0, False), str(moved), lambda _p: "z"
    )
    assert "Its size is 2.0 KB, the original was 4.0 KB." in smaller.verdict()
    real = check_candidate(video, str(moved))  # the media fingerprint by default
    assert real.fingerprint.startswith("v1:") and not real.matches
    with pytest.raises(OSError):
        check_candidate(video, str(tmp_path / "gone.mp4"))
