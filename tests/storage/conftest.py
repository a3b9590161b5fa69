"""Fixtures: a fresh project with one dyad, a two-camera session, two coders and a codebook."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.project import SessionVideo
from interactioncoder.core.timebase import Timebase
from interactioncoder.storage import ProjectRepository, create_project
from tests import factories


def small_codebook(version: str = "1") -> Codebook:
    return factories.small_codebook(version)


POSTGRES_URL = os.environ.get("INTERACTIONCODER_TEST_POSTGRES_URL", "")


@contextmanager
def fresh_postgres_database(server_url: str) -> Iterator[str]:
    """A new empty database on the test server, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"ic_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def repo(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ProjectRepository]:
    """The same repository tests run on a SQLite file and, when a server is given, PostgreSQL.

    Set INTERACTIONCODER_TEST_POSTGRES_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres)
    to run them on PostgreSQL too; .ci/run starts a local server for that.
    """
    if request.param == "sqlite":
        r = create_project(tmp_path / "p.icproj", name="Test project")
        yield r
        r.close()
        return
    if not POSTGRES_URL:
        pytest.skip("no PostgreSQL test server (INTERACTIONCODER_TEST_POSTGRES_URL unset)")
    with fresh_postgres_database(POSTGRES_URL) as url:
        r = create_project(url, name="Test project")
        yield r
        r.close()


@pytest.fixture
def populated(repo: ProjectRepository) -> dict[str, int]:
    tb = Timebase.constant(25, 250)
    v1 = repo.add_video(
        "/videos/mother.mp4",
        1000,
        "fp-m",
        tb.duration_ms,
        250,
        25.0,
        False,
        frame_times_ms=tb.frame_times_ms,
    )
    v2 = repo.add_video("/videos/infant.mp4", 1000, "fp-i", tb.duration_ms, 250, 25.0, False)
    dyad = repo.add_dyad("D001")
    session = repo.add_session(
        dyad.id,
        "visit1",
        videos=[SessionVideo(v1.id, 0.0, "mother", True), SessionVideo(v2.id, 1500.0, "infant")],
        visit="3 months",
        infant_age_days=92,
    )
    a = repo.add_coder("Alice")
    b = repo.add_coder("Bob")
    cbv = repo.store_codebook(small_codebook())
    coding = repo.create_coding(session.id, a.id, cbv.id)
    return {
        "v1": v1.id,
        "v2": v2.id,
        "dyad": dyad.id,
        "session": session.id,
        "alice": a.id,
        "bob": b.id,
        "cbv": cbv.id,
        "coding": coding.id,
    }


@pytest.fixture(params=["sqlite", "postgresql"])
def project_location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new project's location (file path or URL), for tests that open it several times."""
    if request.param == "sqlite":
        path = tmp_path / "shared.icproj"
        create_project(path, name="Shared").close()
        yield str(path)
        return
    if not POSTGRES_URL:
        pytest.skip("no PostgreSQL test server (INTERACTIONCODER_TEST_POSTGRES_URL unset)")
    with fresh_postgres_database(POSTGRES_URL) as url:
        create_project(url, name="Shared").close()
        yield url
