"""Schema 0004 (study set-up): the migration builds exactly the tables the models describe."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from interactioncoder.core.events import Event, new_event_id
from interactioncoder.core.project import SessionVideo
from interactioncoder.storage import ProjectRepository, create_project
from interactioncoder.storage.errors import ConstraintError, NotFoundError
from interactioncoder.storage.schema import Base
from tests.storage.conftest import small_codebook

STUDY_TABLES = {"study_fields", "dyad_field_values", "session_blind_codes"}


def test_migration_matches_the_models_for_the_study_tables(tmp_path: Path) -> None:
    create_project(tmp_path / "p.icproj").close()
    engine = create_engine(f"sqlite:///{tmp_path / 'p.icproj'}")
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    about_study = [d for d in diff if STUDY_TABLES & set(str(d).split("'"))]
    assert about_study == []


def test_dyad_fields_are_stored_per_dyad(repo: ProjectRepository) -> None:
    d1, d2 = repo.add_dyad("D1"), repo.add_dyad("D2")
    repo.add_study_field("site")
    with pytest.raises(ConstraintError, match="already has a field"):
        repo.add_study_field("site")
    assert repo.list_study_fields() == ["arm", "site"]
    assert repo.set_dyad_field(d1.id, "arm", "treatment") == ""
    repo.set_dyad_field(d2.id, "arm", "usual care")
    assert repo.set_dyad_field(d1.id, "arm", "control") == "treatment"
    repo.set_dyad_field(d1.id, "site", "Berlin")
    with pytest.raises(NotFoundError, match="no field named 'cohort'"):
        repo.set_dyad_field(d1.id, "cohort", "A")
    assert repo.dyad_fields() == {
        d1.id: {"arm": "control", "site": "Berlin"},
        d2.id: {"arm": "usual care"},
    }


def test_options_and_blind_codes(repo: ProjectRepository, populated: dict[str, int]) -> None:
    assert repo.pi_passphrase_hash() is None and not repo.blind_to_condition
    repo.set_pi_passphrase_hash("scrypt$1$2$3$aa$bb")
    repo.set_blind_to_condition(True)
    assert repo.pi_passphrase_hash() == "scrypt$1$2$3$aa$bb" and repo.blind_to_condition
    codes = iter(["S-A", "S-A", "S-B"])  # a repeat is drawn again
    assert repo.ensure_blind_codes(lambda: next(codes)) == {populated["session"]: "S-A"}
    assert repo.ensure_blind_codes(lambda: "never") == {populated["session"]: "S-A"}


def test_update_and_delete_session(repo: ProjectRepository, populated: dict[str, int]) -> None:
    sid = populated["session"]
    cams = [SessionVideo(populated["v2"], 0.0, "infant", True)]
    previous = repo.update_session(
        sid, name="visit 1b", visit="t1", infant_age_days=95, videos=cams
    )
    assert previous.name == "visit1" and len(previous.videos) == 2
    now = repo.get_session(sid)
    assert (now.name, now.visit, now.infant_age_days, now.videos) == (
        "visit 1b",
        "t1",
        95,
        tuple(cams),
    )
    with pytest.raises(ValueError, match="exactly one master"):
        repo.update_session(sid, name="x", videos=[SessionVideo(populated["v1"], 0.0, "m")])
    repo.add_events(populated["coding"], [Event(new_event_id(), "sensitive", 0, 0.0, 5, 200.0)])
    repo.set_rating(populated["coding"], "sens_global", 5)
    repo.ensure_blind_codes(lambda: "S-X")
    assert repo.count_session_codings(sid) == 1
    with pytest.raises(ConstraintError, match="1 coding"):
        repo.delete_session(sid)
    repo.delete_session(sid, with_codings=True)
    assert repo.list_sessions() == [] and repo.list_codings() == []
    assert repo.blind_codes() == {} and [d.label for d in repo.list_dyads()] == ["D001"]


def test_move_coding_to_another_codebook_version(
    repo: ProjectRepository, populated: dict[str, int]
) -> None:
    v2 = repo.store_codebook(small_codebook("2"))
    previous = repo.move_coding_to_codebook_version(populated["coding"], v2.id)
    assert previous.codebook_version_id == populated["cbv"]
    assert repo.get_coding(populated["coding"]).codebook_version_id == v2.id
    with pytest.raises(NotFoundError):
        repo.move_coding_to_codebook_version(populated["coding"], 999)
