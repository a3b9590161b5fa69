"""Rebuilds tests/storage/fixtures/schema_0001.icproj: a project as schema 0001 wrote it.

Kept for the record only: the committed fixture must stay exactly as the first schema
made it, so the upgrade path is tested against a real old file. Do not re-run it after the
schema has changed (it would write the new schema).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from interactioncoder.core.events import Event
from interactioncoder.core.project import SessionVideo
from interactioncoder.core.timebase import Timebase
from interactioncoder.storage import create_project
from tests.storage.conftest import small_codebook


def build(path: Path) -> None:
    repo = create_project(path, name="Schema 0001 fixture")
    tb = Timebase.constant(25, 100)
    video = repo.add_video(
        "/lost/drive/mother.mp4",
        12345,
        "fp-0001",
        tb.duration_ms,
        100,
        25.0,
        False,
        frame_times_ms=tb.frame_times_ms,
    )
    dyad = repo.add_dyad("D001")
    session = repo.add_session(dyad.id, "visit1", [SessionVideo(video.id, 0.0, "mother", True)])
    coder = repo.add_coder("Alice")
    cbv = repo.store_codebook(small_codebook())
    coding = repo.create_coding(session.id, coder.id, cbv.id)
    repo.add_events(
        coding.id,
        [
            Event("a" * 32, "sensitive", 10, 400.0, 20, 800.0, {"note": "x"}, "first"),
            Event("b" * 32, "freeze", 30, 1200.0, 30, 1200.0),
        ],
    )
    repo.set_rating(coding.id, "sens_global", 6)
    repo.close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()


if __name__ == "__main__":
    build(Path(sys.argv[1]))
