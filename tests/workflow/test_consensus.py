"""Consensus creation: refusal rules, build and store in one transaction (headless)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interactioncoder.core.project import CodingRole, CodingStatus
from interactioncoder.exchange.reliability_data import PairedSession, load_reliability_data
from interactioncoder.reliability.consensus import ConsensusError
from interactioncoder.workflow.consensus import (
    ConsensusRefusedError,
    create_consensus,
    refusal,
    restore_consensus,
    withdraw_consensus,
)
from tests.exchange.reliability_project import PairProject, build_pair_project


@pytest.fixture
def project(tmp_path: Path) -> Iterator[PairProject]:
    p = build_pair_project(tmp_path / "pair.icproj")
    yield p
    p.repo.close()


def _home(project: PairProject) -> PairedSession:
    return load_reliability_data(project.repo).session(project.home_id)


def test_a_pi_stores_the_consensus_in_one_coding(project: PairProject) -> None:
    repo = project.repo
    pi = repo.get_coder(project.pi_id)
    session = _home(project)
    assert refusal(repo, pi, session) is None
    result = create_consensus(repo, pi, session, ["A", "B", "both"])
    (coding,) = repo.list_codings(role=CodingRole.CONSENSUS)
    assert (result.coding_id, result.decided) == (coding.id, 3)
    assert (coding.session_id, coding.coder_id, coding.status) == (
        project.home_id,
        project.pi_id,
        CodingStatus.IN_PROGRESS,  # the PI checks it in the coding window (issue 12, item 6)
    )
    events = repo.list_events(coding.id)
    assert result.events == len(events)
    assert sorted((e.code_id, e.onset_frame, e.offset_frame) for e in events) == [
        ("away", 24, 40),
        ("mother", 0, 24),
        ("smile", 8, 8),
        ("smile", 30, 30),
        ("stroke", 5, 15),
    ]
    assert "Consensus of Ann and Ben: 3 disagreement(s)" in repo.get_coding(coding.id).comment
    # a second one is refused, nothing added
    assert "already has your consensus coding" in (refusal(repo, pi, session) or "")
    with pytest.raises(ConsensusRefusedError):
        create_consensus(repo, pi, session, ["A", "B", "both"])
    assert len(repo.list_events(coding.id)) == len(events)


def test_refusals_and_bad_choices_store_nothing(project: PairProject) -> None:
    repo = project.repo
    ann, pi = repo.get_coder(project.ann_id), repo.get_coder(project.pi_id)
    session = _home(project)
    assert refusal(repo, ann, session) == "Only a PI can create a consensus coding."
    assert refusal(repo, None, session) == "Only a PI can create a consensus coding."
    assert refusal(repo, pi, None) == "Compute the agreement first."
    with pytest.raises(ConsensusRefusedError):
        create_consensus(repo, ann, session, ["A", "B", "both"])
    with pytest.raises(ConsensusError):
        create_consensus(repo, pi, session, ["A"])  # one choice for three items
    with pytest.raises(ConsensusError):
        create_consensus(repo, pi, session, ["A", "both", "A"])  # both where codes compete
    assert repo.list_codings(role=CodingRole.CONSENSUS) == []


def test_the_pis_empty_consensus_is_filled_one_with_events_is_kept(project: PairProject) -> None:
    repo = project.repo
    pi = repo.get_coder(project.pi_id)
    empty = repo.create_coding(project.home_id, pi.id, project.version_id, CodingRole.CONSENSUS)
    result = create_consensus(repo, pi, _home(project), ["A", "B", "neither"])
    assert result.coding_id == empty.id
    assert len(repo.list_codings(role=CodingRole.CONSENSUS)) == 1
    # now it has events: it is never overwritten
    assert refusal(repo, pi, _home(project)) is not None
    with pytest.raises(ConsensusRefusedError):
        create_consensus(repo, pi, _home(project), ["A", "A", "A"])


def test_withdraw_and_restore_are_exact_inverses(project: PairProject) -> None:
    repo = project.repo
    pi = repo.get_coder(project.pi_id)
    empty = repo.create_coding(project.home_id, pi.id, project.version_id, CodingRole.CONSENSUS)
    repo.set_coding_comment(empty.id, "to fill")
    result = create_consensus(repo, pi, _home(project), ["A", "B", "both"])
    stored = sorted(e.id for e in repo.list_events(empty.id))
    withdraw_consensus(repo, result)
    back = repo.get_coding(empty.id)
    assert repo.list_events(empty.id) == []
    assert (back.comment, back.status) == ("to fill", CodingStatus.NOT_STARTED)
    restore_consensus(repo, result)
    assert sorted(e.id for e in repo.list_events(empty.id)) == stored
    assert repo.get_coding(empty.id).status is CodingStatus.IN_PROGRESS
