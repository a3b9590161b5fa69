"""Applying parsed imports to a real project: all or nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from interactioncoder.core.project import SessionVideo
from interactioncoder.exchange.exporters.eaf import EafCoding, EafDocument, write_eaf
from interactioncoder.exchange.importers.apply import (
    ImportOptions,
    apply_bundle,
    choose_codebook_version,
)
from interactioncoder.exchange.importers.boris import read_boris
from interactioncoder.exchange.importers.common import ImportFormatError
from interactioncoder.exchange.importers.eaf import read_eaf
from interactioncoder.storage import ProjectRepository, create_project

from ._import_fixtures import codebook, sample_events, vfr_timebase
from .test_boris import boris_project


def counts(repo: ProjectRepository) -> tuple[int, ...]:
    codings = repo.list_codings()
    return (
        len(repo.list_dyads()),
        len(repo.list_sessions()),
        len(repo.list_coders()),
        len(repo.list_videos()),
        len(repo.list_codebook_versions()),
        len(codings),
        sum(len(repo.list_events(c.id)) for c in codings),
    )


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[ProjectRepository]:
    r = create_project(tmp_path / "p.icproj", name="test")
    yield r
    r.close()


def vfr_session(repo: ProjectRepository) -> int:
    tb = vfr_timebase()
    video = repo.add_video(
        "/videos/d01.mp4", 1000, "fp", tb.duration_ms, tb.frame_count, 30.0, True,
        frame_times_ms=tb.frame_times_ms,
    )  # fmt: skip
    dyad = repo.add_dyad("D01")
    return repo.add_session(dyad.id, "visit 1", [SessionVideo(video.id, 0.0, "front", True)]).id


def test_boris_project_into_a_new_project(tmp_path: Path, repo: ProjectRepository) -> None:
    path = tmp_path / "p.boris"
    path.write_text(json.dumps(boris_project(tmp_path)), encoding="utf-8")
    bundle = read_boris(path, coder="Ana")
    summary = apply_bundle(repo, bundle, ImportOptions(dyad="Pilot"))
    assert {s.name for s in repo.list_sessions()} == {"D01", "D02"}
    d01 = next(s for s in repo.list_sessions() if s.name == "D01")
    (coding,) = repo.list_codings(session_id=d01.id)
    events = repo.list_events(coding.id)
    # missing video: constant 25 fps timebase from BORIS; 1.0 s -> frame 25, 4.0 s -> 100
    positive = next(e for e in events if e.code_id == "mother_positive")
    assert (positive.onset_frame, positive.offset_frame) == (25, 100)
    glance = next(e for e in events if e.code_id == "infant_glance")
    assert glance.is_point and glance.onset_frame == 62  # 2.5 s at 25 fps: frame 62 on screen
    assert any("missing: recorded for relinking" in n for n in summary.notes)
    assert repo.find_coder("Ana") is not None
    (video,) = [v for v in repo.list_videos() if v.path.endswith("obs1.mp4")]
    assert video.frame_count == 1500 and video.fingerprint == ""
    # importing the same file again for another coder reuses the sessions and codebook
    before = counts(repo)
    apply_bundle(repo, read_boris(path, coder="Ben"), ImportOptions(dyad="Pilot"))
    after = counts(repo)
    assert after[:2] == before[:2] and after[4] == before[4]
    assert after[5] == before[5] + 2


def test_eaf_round_trip_through_a_project(tmp_path: Path, repo: ProjectRepository) -> None:
    version = repo.store_codebook(codebook())
    session_id = vfr_session(repo)
    tb = repo.session_timebase(session_id)
    assert tb is not None
    events = sample_events(tb)
    out = tmp_path / "s.eaf"
    write_eaf(out, EafDocument(codebook(), tb, [EafCoding("Ana", events)]))
    bundle = read_eaf(out, version.codebook)
    apply_bundle(repo, bundle, ImportOptions(session="visit 1"), version)
    (coding,) = repo.list_codings(session_id=session_id)
    got = sorted((e.code_id, e.onset_frame, e.offset_frame, dict(e.modifiers), e.comment)
                 for e in repo.list_events(coding.id))  # fmt: skip
    want = sorted((e.code_id, e.onset_frame, e.offset_frame, dict(e.modifiers), e.comment)
                  for e in events)  # fmt: skip
    assert got == want
    # a second import into the same coding is refused unless --replace / --append
    before = counts(repo)
    with pytest.raises(ImportFormatError, match="--replace or --append"):
        apply_bundle(repo, bundle, ImportOptions(session="visit 1"), version)
    assert counts(repo) == before
    apply_bundle(repo, bundle, ImportOptions(session="visit 1", replace=True), version)
    assert counts(repo) == before


def test_failure_midway_leaves_project_unchanged(tmp_path: Path, repo: ProjectRepository) -> None:
    doc = boris_project(tmp_path)
    # D02 is fine, but its event lies after its 30 s media: fails after D01 was applied
    doc["observations"]["D02"]["events"] = [[29.0, "infant", "glance", "face|", ""]]
    doc["observations"]["D02"]["media_info"]["length"][str(tmp_path / "obs2.mp4")] = 10.0
    path = tmp_path / "p.boris"
    path.write_text(json.dumps(doc), encoding="utf-8")
    repo.add_coder("Existing")
    before = counts(repo)
    with pytest.raises(ImportFormatError, match="D02"):
        apply_bundle(repo, read_boris(path, coder="Ana"), ImportOptions(dyad="Pilot"))
    assert counts(repo) == before


def test_no_coder_and_no_codebook_are_clear_errors(tmp_path: Path, repo: ProjectRepository) -> None:
    with pytest.raises(ImportFormatError, match="no codebook yet"):
        choose_codebook_version(repo, None, "x.eaf")
    path = tmp_path / "p.boris"
    path.write_text(json.dumps(boris_project(tmp_path)), encoding="utf-8")
    before = counts(repo)
    with pytest.raises(ImportFormatError, match="give --coder"):
        apply_bundle(repo, read_boris(path), ImportOptions(dyad="Pilot"))
    assert counts(repo) == before


def test_boris_video_present_is_registered_with_its_frame_times(
    tmp_path: Path, repo: ProjectRepository
) -> None:
    synthetic = pytest.importorskip("interactioncoder.media.synthetic")
    # 10 frames at 10 fps, then 10 at 5 fps: a VFR clip of 3 s
    written = synthetic.write_test_video(
        tmp_path / "obs1.mp4", 20, fps=10, vfr_schedule=[0.1] * 10 + [0.2] * 10
    )
    doc = boris_project(tmp_path)
    doc["observations"] = {"D01": doc["observations"]["D01"]}
    doc["observations"]["D01"]["media_info"]["length"][str(written.path)] = 3.0
    doc["observations"]["D01"]["events"] = [
        [0.35, "mother", "positive", "", ""],
        [1.5, "mother", "positive", "", ""],
        [2.55, "infant", "glance", "face|", ""],
    ]
    path = tmp_path / "p.boris"
    path.write_text(json.dumps(doc), encoding="utf-8")
    summary = apply_bundle(repo, read_boris(path, coder="Ana"), ImportOptions(dyad="Pilot"))
    assert not any("missing" in n for n in summary.notes)
    (video,) = repo.list_videos()
    assert video.fingerprint and video.frame_count == 20 and video.is_vfr
    (session,) = repo.list_sessions()
    tb = repo.session_timebase(session.id)
    assert tb is not None and tb.frame_times_ms[10:12] == pytest.approx([1000.0, 1200.0])
    (coding,) = repo.list_codings(session_id=session.id)
    got = [(e.code_id, e.onset_frame, e.offset_frame) for e in repo.list_events(coding.id)]
    # 0.35 s shows frame 3; 1.5 s shows frame 12 (1.4-1.6 s): one rule for onsets and ends,
    # so the state ends where frame 12 starts; 2.55 s shows frame 17 (2.4-2.6 s)
    assert got == [("mother_positive", 3, 12), ("infant_glance", 17, 17)]


def test_overlaps_are_refused_with_their_places_or_merged(
    tmp_path: Path, repo: ProjectRepository
) -> None:
    version = repo.store_codebook(codebook())
    vfr_session(repo)
    csv = tmp_path / "machine.csv"
    csv.write_text(
        "onset,offset,code\n0.0,2.0,m_pos\n1.0,3.0,m_neg\n0.5,1.0,i_cry\n0.7,1.2,i_cry\n"
        "1.5,1.6,i_look\n",
        encoding="utf-8",
    )
    from interactioncoder.exchange.importers.csv_events import read_csv_events

    bundle = read_csv_events(csv, version.codebook, coder="Bot")
    with pytest.raises(ImportFormatError) as refused:
        apply_bundle(repo, bundle, ImportOptions(session="visit 1"), version)
    text = str(refused.value)
    assert "2 overlap(s)" in text and "--merge-overlaps" in text
    assert "group 'Maternal affect': 'm_neg' at 1.000 s overlaps 'm_pos'" in text
    assert "row 5 at 0.700 s: code 'i_cry'" in text
    assert not any(repo.list_events(c.id) for c in repo.list_codings())  # nothing stored
    # --merge-overlaps joins the two cries; two states of an exclusive group stay refused
    with pytest.raises(ImportFormatError, match="1 overlap"):
        apply_bundle(repo, bundle, ImportOptions(session="visit 1", merge_overlaps=True), version)
    csv.write_text(
        "onset,offset,code\n0.5,1.0,i_cry\n0.7,1.2,i_cry\n1.5,1.6,i_look\n", encoding="utf-8"
    )
    bundle = read_csv_events(csv, version.codebook, coder="Bot")
    summary = apply_bundle(
        repo, bundle, ImportOptions(session="visit 1", merge_overlaps=True), version
    )
    assert summary.events == 2
    assert any("merged into 'i_cry'" in n for n in summary.notes)


def test_appended_events_overlapping_stored_ones_are_refused_with_both_places(
    tmp_path: Path, repo: ProjectRepository
) -> None:
    from interactioncoder.exchange.importers.csv_events import read_csv_events

    version = repo.store_codebook(codebook())
    vfr_session(repo)
    csv = tmp_path / "first.csv"
    csv.write_text("onset,offset,code\n0.5,1.0,i_cry\n", encoding="utf-8")
    first = read_csv_events(csv, version.codebook, coder="Bot")
    apply_bundle(repo, first, ImportOptions(session="visit 1"), version)
    csv.write_text("onset,offset,code\n1.5,1.6,i_look\n0.7,1.2,i_cry\n", encoding="utf-8")
    more = read_csv_events(csv, version.codebook, coder="Bot")
    with pytest.raises(ImportFormatError) as refused:
        apply_bundle(repo, more, ImportOptions(session="visit 1", append=True), version)
    assert "row 3 at 0.700 s: code 'i_cry'" in str(refused.value)
    assert "(existing event at 0.500 s)" in str(refused.value)
    (coding,) = repo.list_codings()
    assert len(repo.list_events(coding.id)) == 1  # nothing of the second file stored
