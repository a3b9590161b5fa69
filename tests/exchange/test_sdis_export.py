"""SDIS timed-event export for GSEQ: golden files in seconds and frames."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from interactioncoder.core.events import Event
from interactioncoder.core.project import CodebookVersion, Coder, Coding, Dyad, Session
from interactioncoder.exchange.exporters.sdis import code_names, sdis_name, sdis_text, write_sdis
from interactioncoder.exchange.project_data import CodingData, ProjectData, SessionData
from tests.exchange.export_sample import sample_project
from tests.factories import codebook as make_codebook
from tests.factories import group, point, state

GOLDEN_SECONDS = """\
% SDIS timed-event data exported by interactioncoder from project Sample
% times in seconds (3 decimals)
% created 2026-11-26T07:00:00
Timed sens intr gaze cry ;
<D01_s1_alice_primary>
,0.000
sens,0.033-0.150
gaze,0.067-0.600
intr,0.150-0.267
cry,0.200
sens,0.333-0.500
,0.600/
<D01_s1_bob_reliability>
,0.000
intr,0.000-0.067
,0.600/
<D02_s2_alice_primary>
,0.000
gaze,0.000-0.300
,0.500/
"""

GOLDEN_FRAMES = """\
% SDIS timed-event data exported by interactioncoder from project Sample
% times in master-video frames
Timed sens intr gaze cry ;
<D01_s1_alice_primary>
,0
sens,1-4
gaze,2-10
intr,4-6
cry,5
sens,7-9
,10/
<D01_s1_bob_reliability>
,0
intr,0-2
,10/
<D02_s2_alice_primary>
,0
gaze,0-3
,5/
"""


def test_golden_seconds(tmp_path: Path) -> None:
    created = dt.datetime(2026, 11, 26, 7, 0, 0)
    target = write_sdis(sample_project(), tmp_path / "sample.sds", created=created)
    assert target.read_text(encoding="utf-8") == GOLDEN_SECONDS


def test_golden_frames() -> None:
    assert sdis_text(sample_project(), unit="frames") == GOLDEN_FRAMES


def test_unknown_unit_refused() -> None:
    with pytest.raises(ValueError, match="time unit"):
        sdis_text(sample_project(), unit="minutes")


def test_frames_need_a_video() -> None:
    project = sample_project()
    s2 = project.sessions[1]
    no_video = ProjectData("P", (SessionData(s2.session, s2.dyad, s2.codings),))
    with pytest.raises(ValueError, match="D02/s2 has no master video"):
        sdis_text(no_video, unit="frames")
    assert sdis_text(no_video).endswith("gaze,0.000-0.300\n,0.300/\n")


def test_names_are_sanitised_and_unique() -> None:
    assert sdis_name("still-face") == "still_face"
    assert sdis_name("2nd look") == "c2nd_look"
    assert sdis_name("") == "c"
    codebook = make_codebook(
        group("g", state("look-at", key="A", name="A"), state("look_at", key="B", name="B"),
              point("LOOK.AT", key="C", name="C"), subject="s"),
        codebook_id="x", name="x",
    )  # fmt: skip
    version = CodebookVersion(1, codebook, codebook.content_hash())
    coding = CodingData(
        Coding(1, 1, 1, 1),
        Coder(1, "Zoë M."),
        version,
        (Event("e", "LOOK.AT", 0, 0.0, 0, 0.0),),
    )
    project = ProjectData("P\nQ", (SessionData(Session(1, 1, "s 1"), Dyad(1, "D/1"), (coding,)),))
    assert code_names(project) == {
        "look-at": "look_at",
        "look_at": "look_at_2",
        "LOOK.AT": "LOOK_AT_3",
    }
    text = sdis_text(project)
    assert "% renamed codes: look-at = look_at; look_at = look_at_2; LOOK.AT = LOOK_AT_3" in text
    assert "from project P Q\n" in text
    assert "<D_1_s_1_Zo__M__primary>" in text
    assert "LOOK_AT_3,0.000\n" in text
