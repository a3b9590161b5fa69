"""Schema 0003 merges duplicate ratings (newest by id kept, recorded) and then refuses them."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import text

from interactioncoder.storage import open_project
from interactioncoder.storage.migrate import alembic_config, head_revision
from tests.storage.test_open_and_migrate import FIXTURE
from tests.storage.test_two_writers import make_coding

DUPLICATES = (
    # (scale, segment, value) in insertion order: the last of each key must survive
    ("sens_global", None, 6),  # the fixture's own rating is first
    ("sens_global", None, 2),
    ("sens_global", None, 8),
    ("other", None, 1),
)


def test_old_project_with_duplicate_ratings_is_merged(tmp_path: Path) -> None:
    path = tmp_path / "old.icproj"
    shutil.copy(FIXTURE, path)
    con = sqlite3.connect(path)
    (coding,) = con.execute("SELECT id FROM codings").fetchone()
    for scale, segment, value in DUPLICATES[1:]:
        con.execute(
            "INSERT INTO ratings (coding_id, scale_id, segment_id, value, updated_at) "
            "VALUES (?, ?, ?, ?, '2026-01-01 00:00:00.000000')",
            (coding, scale, segment, value),
        )
    con.commit()
    con.close()
    repo = open_project(path)
    try:
        ratings = {(r.scale_id, r.segment_id): r.value for r in repo.list_ratings(coding)}
        assert ratings == {("sens_global", None): 8, ("other", None): 1}
        assert len(repo.list_ratings(coding)) == 2
        (entry,) = [a for a in repo.list_audit() if a.action == "merge_duplicate_ratings"]
        detail = json.loads(entry.detail)
        assert sorted(r["value"] for r in detail["removed"]) == [2, 6]
        # and the index now refuses a second row
        repo.set_rating(coding, "sens_global", 4)
        assert len(repo.list_ratings(coding)) == 2
    finally:
        repo.close()
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    con.close()


def test_migration_merges_duplicates_on_both_databases(project_location: str) -> None:
    repo = open_project(project_location)
    try:
        coding, segment = make_coding(repo)
        cfg = alembic_config()
        with repo._write_engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0002")
        insert = text(
            "INSERT INTO ratings (coding_id, scale_id, segment_id, value, updated_at) "
            "VALUES (:c, :scale, :seg, :v, CURRENT_TIMESTAMP)"
        )
        rows = [
            ("a", None, 1),
            ("a", None, 2),
            ("a", segment, 3),
            ("a", segment, 4),
            ("b", None, 5),
        ]
        with repo._write_engine.begin() as conn:
            for scale, seg, value in rows:
                conn.execute(insert, {"c": coding, "scale": scale, "seg": seg, "v": value})
        with repo._write_engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        got = sorted(
            ((r.scale_id, r.segment_id, r.value) for r in repo.list_ratings(coding)), key=str
        )
        assert got == sorted([("a", None, 2), ("a", segment, 4), ("b", None, 5)], key=str)
    finally:
        repo.close()
