"""A reliability sample is stored with its seed, and assigns reliability codings in one go."""

from __future__ import annotations

import pytest

from interactioncoder.core.project import CodingRole
from interactioncoder.storage import ProjectRepository
from interactioncoder.storage.errors import ConstraintError, NotFoundError


def test_sample_creates_reliability_codings_with_primary_codebook(
    repo: ProjectRepository, populated: dict[str, int]
) -> None:
    sample = repo.assign_reliability_sample(
        populated["bob"], [populated["session"]], seed=42, share=0.2, stratify_by="visit"
    )
    assert (sample.seed, sample.share, sample.stratify_by) == (42, 0.2, "visit")
    (rel,) = repo.list_codings(role=CodingRole.RELIABILITY)
    assert rel.coder_id == populated["bob"]
    assert rel.codebook_version_id == populated["cbv"]
    assert repo.list_reliability_samples() == [sample]
    # assigning again does not duplicate the coding
    repo.assign_reliability_sample(populated["bob"], [populated["session"]], seed=42, share=0.2)
    assert len(repo.list_codings(role=CodingRole.RELIABILITY)) == 1


def test_primary_coder_cannot_double_code_own_session(
    repo: ProjectRepository, populated: dict[str, int]
) -> None:
    with pytest.raises(ConstraintError, match="primary coder"):
        repo.assign_reliability_sample(
            populated["alice"], [populated["session"]], seed=1, share=0.2
        )
    assert repo.list_reliability_samples() == []


def test_unknown_session_assigns_nothing(
    repo: ProjectRepository, populated: dict[str, int]
) -> None:
    with pytest.raises(NotFoundError):
        repo.assign_reliability_sample(
            populated["bob"], [populated["session"], 999], seed=1, share=0.2
        )
    assert repo.list_codings(role=CodingRole.RELIABILITY) == []
