"""Per-frame and per-interval time series, checked frame by frame against the sample."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interactioncoder.core.codebook import Codebook, CodeGroup
from interactioncoder.core.events import Event
from interactioncoder.core.project import CodebookVersion
from interactioncoder.exchange.project_data import CodingData, ProjectData, SessionData
from interactioncoder.exchange.tables.events import META_COLUMNS
from interactioncoder.exchange.tables.timeseries import _cover_per_interval, timeseries_table
from tests.exchange.export_sample import sample_codebook, sample_project


def _block(table: pd.DataFrame, session: str, coder: str) -> pd.DataFrame:
    return table[(table.session == session) & (table.coder == coder)]


@pytest.fixture
def frames() -> pd.DataFrame:
    return timeseries_table(sample_project())


def test_frame_columns(frames: pd.DataFrame) -> None:
    assert list(frames.columns[len(META_COLUMNS) :]) == [
        "frame",
        "time_s",
        "code_sens",
        "code_intr",
        "code_gaze",
        "code_cry",
        "state_mat",
    ]


def test_frames_follow_vfr_times(frames: pd.DataFrame) -> None:
    alice = _block(frames, "s1", "alice")
    assert alice.frame.tolist() == list(range(10))
    assert alice.time_s.tolist() == [0.0, 0.033, 0.067, 0.1, 0.15, 0.2, 0.267, 0.333, 0.4, 0.5]


def test_frame_codes(frames: pd.DataFrame) -> None:
    alice = _block(frames, "s1", "alice")
    assert alice.code_sens.tolist() == [0, 1, 1, 1, 0, 0, 0, 1, 1, 0]  # 1-4 and 7-9, offsets excl.
    assert alice.code_intr.tolist() == [0, 0, 0, 0, 1, 1, 0, 0, 0, 0]
    assert alice.code_gaze.tolist() == [0, 0, 1, 1, 1, 1, 1, 1, 1, 1]  # running to the end
    assert alice.code_cry.tolist() == [0, 0, 0, 0, 0, 1, 0, 0, 0, 0]  # point: its own frame
    assert alice.state_mat.tolist() == [
        "none", "sens", "sens", "sens", "intr", "intr", "none", "sens", "sens", "none",
    ]  # fmt: skip


def test_shorter_session_is_not_padded(frames: pd.DataFrame) -> None:
    assert len(_block(frames, "s1", "alice")) == 10
    assert len(_block(frames, "s1", "bob")) == 10
    s2 = _block(frames, "s2", "alice")
    assert len(s2) == 5
    assert s2.time_s.tolist() == [0.0, 0.1, 0.2, 0.3, 0.4]
    assert s2.code_gaze.tolist() == [1, 1, 1, 0, 0]
    assert len(frames) == 25


def test_overlapping_exclusive_states_report_the_later_one() -> None:
    project = sample_project()
    s1 = project.sessions[0]
    bob = s1.codings[1]
    late = bob.events[0].with_changes(
        id="late", code_id="sens", onset_frame=1, onset_ms=33.367, offset_frame=3, offset_ms=100.1
    )
    patched = ProjectData(
        "P",
        (
            SessionData(
                s1.session,
                s1.dyad,
                (CodingData(bob.coding, bob.coder, bob.codebook_version, (*bob.events, late)),),
                s1.segments,
                s1.timebase,
            ),
        ),
    )
    table = timeseries_table(patched)
    assert table.state_mat.tolist()[:4] == ["intr", "sens", "sens", "none"]


def test_session_without_video_refuses_frames() -> None:
    project = sample_project()
    s2 = project.sessions[1]
    no_video = ProjectData("P", (SessionData(s2.session, s2.dyad, s2.codings),))
    with pytest.raises(ValueError, match=r"D02/s2 has no master video"):
        timeseries_table(no_video)
    assert len(timeseries_table(no_video, interval_s=0.1)) == 3  # 0-300 ms from events


@pytest.fixture
def intervals() -> pd.DataFrame:
    return timeseries_table(sample_project(), interval_s=0.25)


def test_interval_bounds_cut_at_session_end(intervals: pd.DataFrame) -> None:
    alice = _block(intervals, "s1", "alice")
    assert alice.interval_start_s.tolist() == [0.0, 0.25, 0.5]
    assert alice.interval_end_s.tolist() == [0.25, 0.5, 0.6]
    s2 = _block(intervals, "s2", "alice")
    assert s2.interval_end_s.tolist() == [0.25, 0.5]  # 500 ms session: not padded


def test_interval_occurrence_and_proportions(intervals: pd.DataFrame) -> None:
    alice = _block(intervals, "s1", "alice")
    assert alice.code_sens.tolist() == [1, 1, 0]
    assert alice.prop_sens.tolist() == [0.4665, 0.6665, 0.0]  # 116.633/250, 166.633/250
    assert alice.code_intr.tolist() == [1, 1, 0]
    assert alice.prop_intr.tolist() == [0.4, 0.0668, 0.0]  # 150-250, 250-266.7
    assert alice.prop_gaze.tolist() == [0.7331, 1.0, 1.0]  # running to the 600 ms end
    assert alice.code_cry.tolist() == [1, 0, 0]
    assert alice.n_cry.tolist() == [1, 0, 0]
    assert alice.state_mat.tolist() == ["sens", "sens", "none"]
    assert "prop_cry" not in intervals.columns
    assert "n_sens" not in intervals.columns


def test_interval_without_proportions() -> None:
    table = timeseries_table(sample_project(), interval_s=1.0, proportions=False)
    assert not [c for c in table.columns if c.startswith(("prop_", "n_"))]
    assert len(table) == 3  # one 1-s interval per coding, cut at each session's end
    assert table.interval_end_s.tolist() == [0.6, 0.6, 0.5]


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf")])
def test_bad_interval_is_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="positive number of seconds"):
        timeseries_table(sample_project(), interval_s=bad)


def test_code_missing_from_a_codebook_is_empty_not_zero() -> None:
    project = sample_project()
    s2 = project.sessions[1]
    full = sample_codebook()
    reduced = Codebook(
        id=full.id,
        name=full.name,
        version="0.9",
        groups=(CodeGroup("inf", "Infant", "infant", False, (full.code("gaze"),)),),
    )
    version = CodebookVersion(2, reduced, reduced.content_hash())
    old = s2.codings[0]
    patched = ProjectData(
        "P",
        (
            project.sessions[0],
            SessionData(
                s2.session,
                s2.dyad,
                (CodingData(old.coding, old.coder, version, old.events),),
                timebase=s2.timebase,
            ),
        ),
    )
    table = timeseries_table(patched)
    s2_rows = table[table.session == "s2"]
    assert s2_rows.code_gaze.tolist() == [1, 1, 1, 0, 0]
    assert s2_rows.code_sens.isna().all()
    assert s2_rows.state_mat.isna().all()
    assert (table[table.session == "s1"].code_sens.notna()).all()


def test_empty_project_has_header() -> None:
    table = timeseries_table(ProjectData("Empty"), interval_s=1.0)
    assert len(table) == 0
    assert "interval_start_s" in table.columns


@settings(max_examples=100, deadline=None)
@given(
    spans=st.lists(
        st.tuples(
            st.floats(0, 10_000, allow_nan=False),
            st.one_of(st.none(), st.floats(0.001, 5_000, allow_nan=False)),
        ),
        max_size=12,
    ),
    step=st.floats(50.0, 3_000.0, allow_nan=False),
)
def test_cover_matches_brute_force(spans: list[tuple[float, float | None]], step: float) -> None:
    start, end = 0.0, 10_000.0
    events = [
        Event(f"e{i}", "x", i, on, None if d is None else i + 1, None if d is None else on + d)
        for i, (on, d) in enumerate(spans)
    ]
    count = math.ceil((end - start) / step - 1e-9)
    starts = start + np.arange(count) * step
    ends = np.minimum(starts + step, end)
    cover = _cover_per_interval(events, start, end, np.append(starts, ends[-1]))
    for k in range(count):
        expected = 0.0
        for e in events:
            off = min(end if e.offset_ms is None else e.offset_ms, end)
            expected += max(0.0, min(off, ends[k]) - max(e.onset_ms, starts[k]))
        assert cover[k] == pytest.approx(expected, abs=1e-3)
        if expected == 0.0:
            assert cover[k] == 0.0  # no spurious occurrence from rounding noise
        elif expected > 1e-3:
            assert cover[k] > 0.0
