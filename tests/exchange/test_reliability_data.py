"""Loading a project's double-coded sessions for the reliability analysis."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interactioncoder.exchange.reliability_data import (
    NoPairedSessionsError,
    load_reliability_data,
)
from interactioncoder.reliability.analysis import AnalysisParams, analyse_codings
from tests.exchange.reliability_project import (
    CODEBOOK,
    EVENTS_ANN,
    EVENTS_BEN,
    TIMEBASE,
    PairProject,
    build_pair_project,
)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[PairProject]:
    p = build_pair_project(tmp_path / "pair.icproj")
    yield p
    p.repo.close()


def test_primary_against_reliability_per_session(project: PairProject) -> None:
    steps: list[tuple[float, str]] = []
    data = load_reliability_data(project.repo, progress=lambda f, t: steps.append((f, t)))
    assert data.labels == ("primary", "reliability")
    assert data.codebook == CODEBOOK
    assert data.codebook_version_id == project.version_id
    assert data.warnings == ()
    # "lab" has only a primary coding: not paired, no warning.
    (paired,) = data.sessions
    assert paired.session_id == project.home_id
    assert paired.label == "D01/home"
    assert paired.coder_names() == ("Ann", "Ben")
    assert paired.timebase.frame_times_ms == TIMEBASE.frame_times_ms
    assert paired.timebase.is_variable()
    (codings,) = data.session_codings()
    assert codings.session_id == str(project.home_id)
    assert list(codings.events_by_coder) == ["primary", "reliability"]
    by_onset = sorted(EVENTS_ANN, key=lambda e: e.onset_frame)
    assert list(codings.events_by_coder["primary"]) == by_onset
    assert list(codings.events_by_coder["reliability"]) == sorted(
        EVENTS_BEN, key=lambda e: e.onset_frame
    )
    assert codings.timebase.duration_ms == TIMEBASE.duration_ms
    assert [(g.name, g.onset_frame, g.offset_frame) for g in codings.segments] == [
        ("still-face", 10, 30)
    ]
    assert [f for f, _ in steps] == [0.0, 0.5, 1.0]  # two sessions read, then done
    assert data.session(str(project.home_id)) is paired


def test_named_coders_and_their_disagreements_lead_back_to_the_session(
    project: PairProject,
) -> None:
    data = load_reliability_data(
        project.repo, [project.home_id, project.lab_id], (project.ben_id, project.ann_id)
    )
    assert data.labels == ("Ben", "Ann")
    (paired,) = data.sessions
    assert paired.coder_names() == ("Ben", "Ann")
    report = analyse_codings(data.codebook, data.session_codings(), AnalysisParams())
    gaze = [d for d in report.disagreements if d.variable_id == "gaze" and d.method == "time-unit"]
    assert [(d.session_id, d.start_frame, d.end_frame, d.code_a, d.code_b) for d in gaze] == [
        (str(project.home_id), 20, 24, "mother", "away")
    ]
    assert gaze[0].start_ms == TIMEBASE.frame_to_ms(20)


def test_bad_selections_name_what_is_missing(project: PairProject) -> None:
    with pytest.raises(NoPairedSessionsError, match="primary and a reliability"):
        load_reliability_data(project.repo, [project.lab_id])
    with pytest.raises(NoPairedSessionsError, match=r"both Ann and Dr\. Pi"):
        load_reliability_data(project.repo, None, (project.ann_id, project.pi_id))
    with pytest.raises(KeyError, match="no session with id 999"):
        load_reliability_data(project.repo, [999])
    with pytest.raises(KeyError, match="no coder with id 999"):
        load_reliability_data(project.repo, None, (project.ann_id, 999))
    with pytest.raises(ValueError, match="two different coders"):
        load_reliability_data(project.repo, None, (project.ann_id, project.ann_id))
