"""Ratings long and wide, and scale totals with the clinical cut-off."""

from __future__ import annotations

import pandas as pd

from interactioncoder.exchange.project_data import ProjectData
from interactioncoder.exchange.tables.events import META_COLUMNS
from interactioncoder.exchange.tables.ratings import (
    rating_totals_table,
    ratings_long_table,
    ratings_wide_table,
)
from tests.exchange.export_sample import sample_project


def test_ratings_long() -> None:
    table = ratings_long_table(sample_project())
    assert list(table.columns) == [
        *META_COLUMNS, "scale", "scale_name", "subject", "segment", "value", "anchor",
    ]  # fmt: skip
    rows = table[["coder", "scale", "segment", "value", "anchor"]].values.tolist()
    assert rows == [
        ["alice", "sens_global", "", 7, "good"],
        ["alice", "w1", "play", 3, ""],
        ["alice", "w1", "still-face", 2, ""],
        ["alice", "w2", "play", 2, ""],
    ]
    assert table.value.dtype == "int64"


def test_ratings_wide() -> None:
    table = ratings_wide_table(sample_project())
    assert len(table) == 3  # one row per session x coder
    assert list(table.columns[len(META_COLUMNS) :]) == [
        "sens_global",
        "w1__play",
        "w1__still-face",
        "w2__play",
        "w2__still-face",
        "total_withdrawal__play",
        "total_withdrawal__play_complete",
        "total_withdrawal__play_at_or_above_cutoff",
        "total_withdrawal__still-face",
        "total_withdrawal__still-face_complete",
        "total_withdrawal__still-face_at_or_above_cutoff",
    ]
    alice = table.iloc[0]
    assert alice.coder == "alice"
    assert alice.sens_global == 7
    assert alice["w1__play"] == 3
    assert pd.isna(alice["w2__still-face"])
    assert alice["total_withdrawal__play"] == 5  # 3 + 2
    assert bool(alice["total_withdrawal__play_complete"]) is True
    assert bool(alice["total_withdrawal__play_at_or_above_cutoff"]) is True  # cut-off 5
    # w2 missing there: the partial sum, flagged incomplete, the cut-off not judged
    assert alice["total_withdrawal__still-face"] == alice["w1__still-face"]
    assert bool(alice["total_withdrawal__still-face_complete"]) is False
    assert pd.isna(alice["total_withdrawal__still-face_at_or_above_cutoff"])
    assert pd.isna(table.iloc[1].sens_global)  # bob rated nothing
    assert str(table.sens_global.dtype) == "Int64"


def test_rating_totals() -> None:
    table = rating_totals_table(sample_project())
    alice = table[table.coder == "alice"]
    assert alice.segment.tolist() == ["play", "still-face"]
    assert alice.n_rated.tolist() == [2, 1]
    assert alice.complete.tolist() == [True, False]
    assert alice.value.iloc[0] == 5
    # partial: the sum of the one rated item, marked incomplete (never as if complete)
    assert alice.value.iloc[1] == ratings_wide_table(sample_project()).iloc[0]["w1__still-face"]
    assert alice.n_items.tolist() == [2, 2]
    assert alice.cutoff.tolist() == [5, 5]
    assert alice.at_or_above_cutoff.iloc[0]
    assert pd.isna(alice.at_or_above_cutoff.iloc[1])
    # s2 has no segments, so its segment-scoped total has no window at all
    assert (table.session == "s2").sum() == 0


def test_total_below_cutoff_is_false() -> None:
    project = sample_project()
    s1 = project.sessions[0]
    alice = s1.codings[0]
    ratings = tuple(
        r if r.scale_id != "w1" or r.segment_id != 1 else type(r)(r.coding_id, "w1", 1, 1)
        for r in alice.ratings
    )
    patched = ProjectData(
        "P",
        (
            type(s1)(
                s1.session,
                s1.dyad,
                (
                    type(alice)(
                        alice.coding, alice.coder, alice.codebook_version, alice.events, ratings
                    ),
                ),
                s1.segments,
                s1.timebase,
            ),
        ),
    )
    table = rating_totals_table(patched)
    assert table.value.iloc[0] == 3
    assert bool(table.at_or_above_cutoff.iloc[0]) is False


def test_empty_ratings_tables() -> None:
    empty = ProjectData("Empty")
    assert len(ratings_long_table(empty)) == 0
    assert len(rating_totals_table(empty)) == 0
    assert list(ratings_wide_table(empty).columns) == list(META_COLUMNS)
