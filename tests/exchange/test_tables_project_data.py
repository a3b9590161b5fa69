"""Loading a stored project for export: same tables as the hand-built data, filters."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from interactioncoder.exchange.project_data import ExportSelectionError, load_project_data
from interactioncoder.exchange.tables.events import events_table, summary_table
from interactioncoder.exchange.tables.ratings import ratings_long_table, ratings_wide_table
from interactioncoder.exchange.tables.timeseries import timeseries_table
from interactioncoder.storage import open_project
from tests.exchange.export_sample import build_sample_repository, sample_project


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    return build_sample_repository(tmp_path / "sample.icproj")


def _load(path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    repo = open_project(path)
    try:
        return load_project_data(repo, **kwargs)  # type: ignore[arg-type]
    finally:
        repo.close()


def test_stored_project_gives_the_same_tables(stored: Path) -> None:
    loaded = _load(stored)
    expected = sample_project()
    for build in (
        events_table,
        summary_table,
        timeseries_table,
        ratings_long_table,
        ratings_wide_table,
    ):
        pd.testing.assert_frame_equal(build(loaded), build(expected))
    pd.testing.assert_frame_equal(timeseries_table(loaded, 0.25), timeseries_table(expected, 0.25))
    assert [v.path for v in loaded.sessions[0].videos] == ["/videos/s1.mp4"]


def test_filter_sessions_and_coders(stored: Path) -> None:
    only_s1 = _load(stored, sessions=["D01/s1"])
    assert [s.session.name for s in only_s1.sessions] == ["s1"]
    by_name = _load(stored, sessions=["s2"])
    assert [s.session.name for s in by_name.sessions] == ["s2"]
    bob = _load(stored, coders=["bob"])
    assert [len(s.codings) for s in bob.sessions] == [1, 0]
    assert bob.sessions[0].codings[0].coder.name == "bob"
    table = events_table(bob)
    assert set(table.coder) == {"bob"}


def test_unknown_names_are_reported(stored: Path) -> None:
    with pytest.raises(ExportSelectionError, match=r"no session 'nope'.*known: D01/s1, D02/s2"):
        _load(stored, sessions=["s1", "nope"])
    with pytest.raises(ExportSelectionError, match=r"no coder 'carol'.*known: alice, bob"):
        _load(stored, coders=["carol"])
