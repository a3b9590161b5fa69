"""Schema 0004 (study set-up): the migration builds exactly the tables the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from interactioncoder.storage import create_project
from interactioncoder.storage.schema import Base

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


def test_dyad_fields_are_stored_per_dyad(tmp_path: Path) -> None:
    repo = create_project(tmp_path / "p.icproj")
    try:
        d1, d2 = repo.add_dyad("D1"), repo.add_dyad("D2")
        repo.add_study_field("site")
        assert repo.list_study_fields() == ["arm", "site"]
        assert repo.set_dyad_field(d1.id, "arm", "treatment") == ""
        repo.set_dyad_field(d2.id, "arm", "usual care")
        assert repo.set_dyad_field(d1.id, "arm", "control") == "treatment"
        repo.set_dyad_field(d1.id, "site", "Berlin")
        assert repo.dyad_fields() == {
            d1.id: {"arm": "control", "site": "Berlin"},
            d2.id: {"arm": "usual care"},
        }
    finally:
        repo.close()
