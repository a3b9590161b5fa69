"""Opening a session for a coder (role policy) and blind coding (visibility), headless."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interactioncoder.core.project import Coder, CodingRole, SessionVideo
from interactioncoder.storage import ProjectRepository, create_project
from interactioncoder.workflow.sessions import (
    SessionOpenError,
    open_session_context,
    role_for_new_coding,
)
from interactioncoder.workflow.visibility import (
    export_coders,
    sees_everyone,
    visible_coders,
    visible_codings,
)
from tests.reliability.helpers import codebook


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[ProjectRepository]:
    r = create_project(tmp_path / "p.icproj", name="p")
    yield r
    r.close()


def _session(repo: ProjectRepository) -> int:
    video = repo.add_video("/videos/a.mp4", 10, "fp", 4000.0, 100, 25.0, False)
    dyad = repo.add_dyad("D01")
    return repo.add_session(dyad.id, "home", [SessionVideo(video.id, is_master=True)]).id


def test_role_policy_first_primary_then_reliability_pi_consensus() -> None:
    ann, pi = Coder(1, "ann", False), Coder(2, "pat", True)
    assert role_for_new_coding(ann, session_has_primary=False) is CodingRole.PRIMARY
    assert role_for_new_coding(pi, session_has_primary=False) is CodingRole.PRIMARY
    assert role_for_new_coding(ann, session_has_primary=True) is CodingRole.RELIABILITY
    assert role_for_new_coding(pi, session_has_primary=True) is CodingRole.CONSENSUS


def test_opening_makes_one_coding_per_coder_and_blinds_non_pis(repo: ProjectRepository) -> None:
    repo.store_codebook(codebook())
    sid = _session(repo)
    ann, bob, pat = repo.add_coder("ann"), repo.add_coder("bob"), repo.add_coder("pat", is_pi=True)
    a = open_session_context(repo, sid, ann)
    b = open_session_context(repo, sid, bob)
    p = open_session_context(repo, sid, pat)
    assert (a.coding.role, b.coding.role, p.coding.role) == (
        CodingRole.PRIMARY,
        CodingRole.RELIABILITY,
        CodingRole.CONSENSUS,
    )
    assert open_session_context(repo, sid, ann).coding.id == a.coding.id  # reopened, not new
    assert b.others == ()  # blind: bob never gets ann's coding
    assert {c.id for c in p.others} == {a.coding.id, b.coding.id}
    assert a.timebase.frame_count == 100  # from the video's metadata (none stored)
    assert [c.present for c in a.cameras] == [False]


def test_no_codebook_is_a_message_not_a_coding(repo: ProjectRepository) -> None:
    sid = _session(repo)
    ann = repo.add_coder("ann")
    with pytest.raises(SessionOpenError, match="no codebook yet"):
        open_session_context(repo, sid, ann)
    assert repo.list_codings(session_id=sid) == []


def test_visibility_rule() -> None:
    ann, bob, pat = Coder(1, "ann", False), Coder(2, "bob", False), Coder(3, "pat", True)
    everyone = [ann, bob, pat]
    assert visible_coders(ann, everyone) == [ann]
    assert visible_coders(pat, everyone) == everyone
    assert visible_coders(None, everyone) == []
    assert visible_coders(ann, everyone, blind=False) == everyone
    assert (sees_everyone(ann), sees_everyone(pat), sees_everyone(None)) == (False, True, False)
    assert export_coders(ann) == ["1"]
    assert export_coders(pat) is None
    assert visible_codings(ann, [], 5) == ()
