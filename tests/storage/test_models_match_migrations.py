"""The tables the Alembic revisions build are the tables schema.py declares (both databases)."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from interactioncoder.storage import open_project
from interactioncoder.storage.schema import Base


# SQLite cannot reflect expression indexes (the unique rating index): PostgreSQL compares
# it, and test_two_writers checks that SQLite refuses a second rating row.
@pytest.mark.filterwarnings("ignore:.*expression-based index:UserWarning")
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migrated_database_matches_the_models(project_location: str) -> None:
    repo = open_project(project_location)
    try:
        with repo._read_engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        repo.close()
    assert diff == []
