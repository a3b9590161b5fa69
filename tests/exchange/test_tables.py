"""Events and summary tables on a hand-built project with hand-computed values."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from interactioncoder.core.events import Event
from interactioncoder.core.timebase import Timebase
from interactioncoder.exchange.project_data import ProjectData, SessionData
from interactioncoder.exchange.tables.events import (
    META_COLUMNS,
    events_table,
    modifier_column,
    segment_at,
    summary_table,
)
from tests.exchange.export_sample import sample_project


def _nan_to_none(values: list[object]) -> list[object]:
    return [None if (v is pd.NA or (isinstance(v, float) and math.isnan(v))) else v for v in values]


@pytest.fixture
def events() -> pd.DataFrame:
    return events_table(sample_project())


def test_event_columns(events: pd.DataFrame) -> None:
    assert list(events.columns) == [
        *META_COLUMNS,
        "subject",
        "group",
        "code",
        "code_name",
        "kind",
        "onset_frame",
        "offset_frame",
        "onset_s",
        "offset_s",
        "duration_s",
        "segment",
        "mod_sens__intensity",
        "mod_sens__quality",
        "comment",
    ]


def test_event_rows_sorted_by_session_coder_onset(events: pd.DataFrame) -> None:
    assert list(zip(events.session, events.coder, events.code, strict=True)) == [
        ("s1", "alice", "sens"),
        ("s1", "alice", "gaze"),
        ("s1", "alice", "intr"),
        ("s1", "alice", "cry"),
        ("s1", "alice", "sens"),
        ("s1", "bob", "intr"),
        ("s2", "alice", "gaze"),
    ]
    assert list(events.role[:6]) == ["primary"] * 5 + ["reliability"]
    assert list(events.dyad) == ["D01"] * 6 + ["D02"]
    assert list(events.visit) == ["3m"] * 6 + ["6m"]


def test_event_times_from_irregular_vfr_ms(events: pd.DataFrame) -> None:
    alice = events[(events.session == "s1") & (events.coder == "alice")]
    assert _nan_to_none(alice.onset_s.tolist()) == [0.033, 0.067, 0.15, 0.2, 0.333]
    assert _nan_to_none(alice.offset_s.tolist()) == [0.15, None, 0.267, 0.2, 0.5]
    assert _nan_to_none(alice.duration_s.tolist()) == [0.117, None, 0.117, 0.0, 0.167]
    assert _nan_to_none(alice.onset_frame.tolist()) == [1, 2, 4, 5, 7]
    assert _nan_to_none(alice.offset_frame.tolist()) == [4, None, 6, 5, 9]
    assert str(events.onset_frame.dtype) == "Int64"


def test_event_kind_subject_group_segment(events: pd.DataFrame) -> None:
    alice = events[(events.session == "s1") & (events.coder == "alice")]
    assert alice.kind.tolist() == ["state", "state", "state", "point", "state"]
    assert alice.subject.tolist() == ["mother", "infant", "mother", "infant", "mother"]
    assert alice.group.tolist() == ["mat", "inf", "mat", "inf", "mat"]
    # onset frames 1, 2, 4 are in play (frames 0-4), 5 and 7 in still-face (5-9)
    assert alice.segment.tolist() == ["play", "play", "play", "still-face", "still-face"]
    assert events.segment.iloc[-1] == ""  # s2 has no segments


def test_modifiers_and_comment(events: pd.DataFrame) -> None:
    first = events.iloc[0]
    assert first["mod_sens__intensity"] == 2.5
    assert first["mod_sens__quality"] == "warm"
    assert first["comment"] == "=SUM(A1)"  # tables hold raw text; writers neutralise
    assert events["mod_sens__intensity"].dtype == "float64"
    assert events["mod_sens__intensity"].isna().sum() == len(events) - 1
    assert events["mod_sens__quality"].iloc[1] is None


def test_undeclared_modifier_gets_its_own_column() -> None:
    project = sample_project()
    session = project.sessions[1]
    coding = session.codings[0]
    e = coding.events[0].with_changes(modifiers={"legacy": "x"})
    patched = ProjectData(
        project.project_name,
        (
            project.sessions[0],
            SessionData(
                session.session,
                session.dyad,
                (type(coding)(coding.coding, coding.coder, coding.codebook_version, (e,)),),
                session.segments,
                session.timebase,
            ),
        ),
    )
    table = events_table(patched)
    assert modifier_column("gaze", "legacy") in table.columns
    assert table[modifier_column("gaze", "legacy")].iloc[-1] == "x"


def test_empty_project_gives_header_only() -> None:
    table = events_table(ProjectData("Empty"))
    assert len(table) == 0
    assert "onset_s" in table.columns


def test_segment_at_uses_half_open_frame_ranges() -> None:
    segments = sample_project().sessions[0].segments
    assert segment_at(segments, 4) == "play"
    assert segment_at(segments, 5) == "still-face"
    assert segment_at(segments, 10) == ""


# -- summary -------------------------------------------------------------------------------


@pytest.fixture
def summary() -> pd.DataFrame:
    return summary_table(sample_project())


def _row(summary: pd.DataFrame, coder: str, code: str, segment: str) -> dict[str, object]:
    rows = summary[
        (summary.session == "s1")
        & (summary.coder == coder)
        & (summary.code == code)
        & (summary.segment == segment)
    ]
    assert len(rows) == 1
    row = rows.iloc[0].to_dict()
    return {k: (None if (isinstance(v, float) and math.isnan(v)) else v) for k, v in row.items()}


def test_summary_shape(summary: pd.DataFrame) -> None:
    # s1: 2 coders x 4 codes x (session + 2 segments); s2: 1 coder x 4 codes x session
    assert len(summary) == 2 * 4 * 3 + 4
    assert summary["count"].dtype == "int64"


def test_summary_state_over_session(summary: pd.DataFrame) -> None:
    row = _row(summary, "alice", "sens", "")
    # bouts 33.367-150 (116.633 ms) and 333.367-500 (166.633 ms); session 0-600 ms
    assert row["window_s"] == 0.6
    assert row["count"] == 2
    assert row["total_duration_s"] == 0.283
    assert row["mean_duration_s"] == 0.142
    assert row["sd_duration_s"] == 0.035  # sample SD of 0.116633 and 0.166633
    assert row["proportion_of_session"] == 0.4721
    assert row["proportion_of_segment"] is None
    assert row["rate_per_min"] == 200.0
    assert row["latency_s"] == 0.033


def test_summary_state_in_segment(summary: pd.DataFrame) -> None:
    row = _row(summary, "alice", "sens", "play")
    assert row["window_s"] == 0.2
    assert row["count"] == 1
    assert row["total_duration_s"] == 0.117
    assert row["sd_duration_s"] is None
    assert row["proportion_of_session"] == 0.1944
    assert row["proportion_of_segment"] == 0.5832
    assert row["rate_per_min"] == 300.0
    # intr 150-266.7 crosses into still-face: it is a bout there too, clipped at 200
    intr = _row(summary, "alice", "intr", "still-face")
    assert intr["count"] == 1
    assert intr["total_duration_s"] == 0.067
    assert intr["latency_s"] == 0.0


def test_summary_running_state_runs_to_session_end(summary: pd.DataFrame) -> None:
    row = _row(summary, "alice", "gaze", "")
    assert row["total_duration_s"] == 0.533  # 66.733 -> 600
    assert row["proportion_of_session"] == 0.8888


def test_summary_point_code(summary: pd.DataFrame) -> None:
    row = _row(summary, "alice", "cry", "")
    assert row["count"] == 1
    assert row["total_duration_s"] is None
    assert row["proportion_of_session"] is None
    assert row["latency_s"] == 0.2
    assert _row(summary, "alice", "cry", "play")["count"] == 0  # 200 ms is not < 200
    assert _row(summary, "alice", "cry", "still-face")["latency_s"] == 0.0


def test_summary_code_never_coded(summary: pd.DataFrame) -> None:
    row = _row(summary, "bob", "sens", "")
    assert row["count"] == 0
    assert row["total_duration_s"] == 0.0
    assert row["mean_duration_s"] is None
    assert row["latency_s"] is None
    assert row["rate_per_min"] == 0.0


def test_summary_without_video_uses_last_event_end() -> None:
    project = sample_project()
    s2 = project.sessions[1]
    no_video = ProjectData("P", (SessionData(s2.session, s2.dyad, s2.codings),))
    table = summary_table(no_video)
    gaze = table[(table.code == "gaze") & (table.segment == "")].iloc[0]
    assert gaze["window_s"] == 0.3  # the last event ends at 300 ms
    assert gaze["proportion_of_session"] == 1.0


def test_seconds_rounding_to_ms_of_vfr_times() -> None:
    tb = Timebase.from_times([0.0, 41.708, 83.417, 125.125])
    e = Event("x", "gaze", 1, tb.frame_to_ms(1), 3, tb.frame_to_ms(3))
    project = sample_project()
    s2 = project.sessions[1]
    coding = s2.codings[0]
    patched = ProjectData(
        "P",
        (
            SessionData(
                s2.session,
                s2.dyad,
                (type(coding)(coding.coding, coding.coder, coding.codebook_version, (e,)),),
                timebase=tb,
            ),
        ),
    )
    row = events_table(patched).iloc[0]
    assert (row.onset_s, row.offset_s, row.duration_s) == (0.042, 0.125, 0.083)
