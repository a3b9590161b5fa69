"""Issue 12 item 6: the consensus includes the ratings, chosen per scale, and starts "in
progress" (the PI goes on checking it in the coding window)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interactioncoder.core.project import CodingRole, CodingStatus
from interactioncoder.exchange.reliability_data import PairedSession, load_reliability_data
from interactioncoder.storage import ProjectRepository, open_project
from interactioncoder.workflow.consensus import (
    ConsensusRefusedError,
    create_consensus,
    restore_consensus,
    withdraw_consensus,
)
from interactioncoder.workflow.consensus_ratings import decide_ratings, rating_items
from tests.workflow.rated_project import build_rated_project


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[ProjectRepository]:
    r = open_project(build_rated_project(tmp_path / "rated.icproj"))
    r.add_coder("pia", is_pi=True)
    yield r
    r.close()


def first(repo: ProjectRepository) -> PairedSession:
    data = load_reliability_data(repo)
    return min(data.sessions, key=lambda s: s.session_id)  # s1: sens 5/6, withdrawal 1/1


def pi(repo: ProjectRepository):
    return next(c for c in repo.list_coders() if c.is_pi)


def choices_for(session: PairedSession) -> list[str]:
    from interactioncoder.reliability.consensus import consensus_items

    codebook = session.coding_a.codebook
    items = consensus_items(
        codebook, session.timebase, session.events_a, session.events_b, str(session.session_id)
    )
    return ["A"] * len(items)


def test_rating_items_show_both_values_and_which_disagree(repo: ProjectRepository) -> None:
    items = {i.scale_id: i for i in rating_items(first(repo))}
    assert (items["sens"].value_a, items["sens"].value_b, items["sens"].agreed) == (5, 6, False)
    assert (items["withdrawal"].value_a, items["withdrawal"].agreed) == (1, True)
    assert items["sens"].scale_name and items["sens"].segment_id is None


def test_decide_ratings_takes_a_b_or_an_own_value_and_checks_the_range(
    repo: ProjectRepository,
) -> None:
    session = first(repo)
    items = rating_items(session)
    codebook = session.coding_a.codebook
    assert decide_ratings(codebook, items, {("sens", None): "B"}) == {
        ("sens", None): 6,
        ("withdrawal", None): 1,  # agreed: taken as it is
    }
    assert decide_ratings(codebook, items, {("sens", None): 4})[("sens", None)] == 4
    with pytest.raises(ValueError, match="sens"):
        decide_ratings(codebook, items, {})  # a disagreement needs a choice
    with pytest.raises(ValueError, match="outside"):
        decide_ratings(codebook, items, {("sens", None): 99})


def test_the_consensus_stores_the_chosen_ratings_in_progress(repo: ProjectRepository) -> None:
    session = first(repo)
    result = create_consensus(
        repo, pi(repo), session, choices_for(session), ratings={("sens", None): "B"}
    )
    coding = repo.get_coding(result.coding_id)
    assert coding.role is CodingRole.CONSENSUS
    assert coding.status is CodingStatus.IN_PROGRESS
    stored = {(r.scale_id, r.segment_id): r.value for r in repo.list_ratings(coding.id)}
    assert stored == {("sens", None): 6, ("withdrawal", None): 1}
    withdraw_consensus(repo, result)
    assert repo.list_ratings(coding.id) == []
    restore_consensus(repo, result)
    assert {r.value for r in repo.list_ratings(coding.id)} == {6, 1}
    assert repo.get_coding(coding.id).status is CodingStatus.IN_PROGRESS


def test_a_missing_rating_choice_stores_nothing(repo: ProjectRepository) -> None:
    session = first(repo)
    with pytest.raises((ValueError, ConsensusRefusedError)):
        create_consensus(repo, pi(repo), session, choices_for(session), ratings={})
    assert repo.list_codings(role=CodingRole.CONSENSUS) == []
