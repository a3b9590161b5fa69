"""ELAN .eaf export and import: round trip, pympi-ling cross-check, hand-written files."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from interactioncoder.core.events import Event
from interactioncoder.core.timebase import Timebase
from interactioncoder.exchange.exporters.eaf import EafCoding, EafDocument, EafMedia, write_eaf
from interactioncoder.exchange.importers.common import ImportFormatError, UnknownValuesError
from interactioncoder.exchange.importers.eaf import read_eaf
from interactioncoder.exchange.importers.frames import FrameRounding, load_mapping, to_frame_events

from ._import_fixtures import codebook, sample_events, vfr_timebase


def _strip_ids(events: list[Event]) -> list[tuple[object, ...]]:
    return sorted(
        (
            e.code_id,
            e.onset_frame,
            round(e.onset_ms, 6),
            e.offset_frame,
            None if e.offset_ms is None else round(e.offset_ms, 6),
            tuple(sorted(e.modifiers.items())),
            e.comment,
        )
        for e in events
    )


def _export(tmp_path: Path, tb: Timebase, events: list[Event], **kw: object) -> Path:
    out = tmp_path / "session.eaf"
    doc = EafDocument(
        codebook=codebook(),
        timebase=tb,
        codings=[EafCoding("Ana", events), EafCoding("Ben", events[:2])],
        media=[
            EafMedia(str(tmp_path / "cam1.mp4"), 0.0, True),
            EafMedia(str(tmp_path / "cam 2.mp4"), 1500.0),
        ],
        properties={"interactioncoder.session": "D01 visit 1"},
        **kw,  # type: ignore[arg-type]
    )
    write_eaf(out, doc)
    return out


@pytest.mark.parametrize("tb", [vfr_timebase(), Timebase.constant(25.0, 120)], ids=["vfr", "cfr"])
def test_round_trip_recovers_every_event_exactly(tmp_path: Path, tb: Timebase) -> None:
    events = sample_events(tb)
    path = _export(tmp_path, tb, events)
    bundle = read_eaf(path, codebook())
    (session,) = bundle.sessions
    assert session.name == "D01 visit 1"
    by_coder = {c.coder: c for c in session.codings}
    assert set(by_coder) == {"Ana", "Ben"}
    notes: list[str] = []
    back = to_frame_events(
        str(path), by_coder["Ana"].events, tb, codebook(), FrameRounding.NEAREST, notes
    )
    assert _strip_ids(back) == _strip_ids(events)
    assert notes == []
    ben = to_frame_events(
        str(path), by_coder["Ben"].events, tb, codebook(), FrameRounding.NEAREST, []
    )
    assert _strip_ids(ben) == _strip_ids(events[:2])
    media = session.media
    assert [m.offset_ms for m in media] == [0.0, 1500.0]
    assert media[1].path.endswith("cam 2.mp4")


def test_one_annotator_under_another_name(tmp_path: Path) -> None:
    tb = vfr_timebase()
    events = sample_events(tb)
    path = _export(tmp_path, tb, events)
    bundle = read_eaf(path, codebook(), coder="Copy", annotator="Ben")
    (coding,) = bundle.sessions[0].codings
    assert coding.coder == "Copy" and len(coding.events) == 2
    merged = read_eaf(path, codebook(), coder="Copy")
    assert any("2 annotators (Ana, Ben) all imported as 'Copy'" in n for n in merged.notes)
    with pytest.raises(ImportFormatError, match="no tier of 'Cy'"):
        read_eaf(path, codebook(), annotator="Cy")


def test_pympi_reads_identical_annotations(tmp_path: Path) -> None:
    pympi = pytest.importorskip("pympi")
    tb = vfr_timebase()
    events = sample_events(tb)
    path = _export(tmp_path, tb, events)
    eaf = pympi.Elan.Eaf(str(path))
    tier = "Maternal affect (Mother) - Ana"
    assert tier in eaf.get_tier_names()
    got = sorted(eaf.get_annotation_data_for_tier(tier))
    want = sorted(
        (
            round(e.onset_ms),
            round(tb.duration_ms if e.offset_frame == 120 else tb.frame_to_ms(e.offset_frame or 0)),
            e.code_id,
        )
        for e in events
        if e.code_id in ("m_pos", "m_neg")
    )
    assert [(s, e, v) for s, e, v, *_ in got] == want
    point_tier = "Infant events (Infant) - Ana"
    points = sorted(eaf.get_annotation_data_for_tier(point_tier))
    look = [p for p in points if p[2] == "i_look"]
    # a point is one frame long: its frame's start to the next frame's start
    assert (look[0][0], look[0][1]) == (round(tb.frame_to_ms(45)), round(tb.frame_to_ms(46)))
    mods = eaf.get_ref_annotation_data_for_tier(tier + " modifiers")
    assert [m[2] for m in mods] == ["intensity=high"]
    assert eaf.get_parameters_for_tier(tier)["ANNOTATOR"] == "Ana"
    assert "cv-m_affect" in eaf.get_controlled_vocabulary_names()
    assert eaf.media_descriptors[1]["TIME_ORIGIN"] == "-1500"


def test_pympi_sees_every_annotation_our_reader_sees(tmp_path: Path) -> None:
    """All tiers: pympi's (start, end, value) equal the exported events; no tier overlaps."""
    pympi = pytest.importorskip("pympi")
    tb = vfr_timebase()
    events = sample_events(tb)
    path = _export(tmp_path, tb, events)
    eaf = pympi.Elan.Eaf(str(path))
    seen: dict[str, list[tuple[int, int, str]]] = {}
    for tier in eaf.get_tier_names():
        params = eaf.get_parameters_for_tier(tier)
        if "PARENT_REF" in params:
            continue
        rows = sorted((s, e, v) for s, e, v, *_ in eaf.get_annotation_data_for_tier(tier))
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(rows)), tier
        seen.setdefault(params["ANNOTATOR"], []).extend(rows)

    def span(e: Event) -> tuple[int, int, str]:
        if e.offset_frame is None or e.offset_frame == tb.frame_count:
            end = tb.duration_ms
        elif e.is_point:
            end = tb.frame_end_ms(e.onset_frame)
        else:
            end = tb.frame_to_ms(e.offset_frame)
        return round(e.onset_ms), round(end), e.code_id

    assert sorted(seen["Ana"]) == sorted(span(e) for e in events)
    assert sorted(seen["Ben"]) == sorted(span(e) for e in events[:2])
    # the running cry and the last glance overlap: the glance went to a second tier
    assert "Infant events (Infant) - Ana [2]" in eaf.get_tier_names()
    # and our reader agrees with pympi on every annotation
    ours = read_eaf(path, codebook())
    back = {c.coder: c.events for c in ours.sessions[0].codings}
    assert len(back["Ana"]) == len(seen["Ana"])


def test_writer_refuses_codes_not_in_the_codebook(tmp_path: Path) -> None:
    tb = vfr_timebase()
    stray = Event("x", "not_a_code", 1, tb.frame_to_ms(1), 2, tb.frame_to_ms(2))
    with pytest.raises(ValueError, match="not_a_code"):
        write_eaf(tmp_path / "x.eaf", EafDocument(codebook(), tb, [EafCoding("Ana", [stray])]))
    assert not (tmp_path / "x.eaf").exists()


HAND_WRITTEN = """<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="" DATE="2020-01-01T00:00:00+01:00" FORMAT="3.0" VERSION="3.0">
    <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
        <MEDIA_DESCRIPTOR MEDIA_URL="file:///data/v.mp4" MIME_TYPE="video/mp4"/>
    </HEADER>
    <TIME_ORDER>
        <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/>
        <TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="1200"/>
        <TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="2000"/>
        <TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="2500"/>
        <TIME_SLOT TIME_SLOT_ID="ts5" TIME_VALUE="3000"/>
        <TIME_SLOT TIME_SLOT_ID="ts6" TIME_VALUE="3040"/>
    </TIME_ORDER>
    <TIER LINGUISTIC_TYPE_REF="default-lt" TIER_ID="Mother">
        <ANNOTATION><ALIGNABLE_ANNOTATION
            ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">
            <ANNOTATION_VALUE>positive</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
        <ANNOTATION><ALIGNABLE_ANNOTATION
            ANNOTATION_ID="a2" TIME_SLOT_REF1="ts2" TIME_SLOT_REF2="ts3">
            <ANNOTATION_VALUE>grumpy</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    </TIER>
    <TIER LINGUISTIC_TYPE_REF="default-lt" TIER_ID="Baby">
        <ANNOTATION><ALIGNABLE_ANNOTATION
            ANNOTATION_ID="a3" TIME_SLOT_REF1="ts4" TIME_SLOT_REF2="ts5">
            <ANNOTATION_VALUE>CRY</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
        <ANNOTATION><ALIGNABLE_ANNOTATION
            ANNOTATION_ID="a4" TIME_SLOT_REF1="ts5" TIME_SLOT_REF2="ts6">
            <ANNOTATION_VALUE>yawn</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    </TIER>
    <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="default-lt"
        TIME_ALIGNABLE="true"/>
</ANNOTATION_DOCUMENT>
"""


def test_hand_written_file_with_unknown_values_lists_them(tmp_path: Path) -> None:
    path = tmp_path / "elan.eaf"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    with pytest.raises(UnknownValuesError) as info:
        read_eaf(path, codebook(), coder="Ana")
    message = str(info.value)
    assert "tier 'Mother' at 1.200 s: 'grumpy'" in message
    assert "tier 'Baby' at 3.000 s: 'yawn'" in message
    assert str(path) in message
    assert info.value.unknown == [
        "tier 'Mother' at 1.200 s: 'grumpy'",
        "tier 'Baby' at 3.000 s: 'yawn'",
    ]


def test_hand_written_file_skip_unknown_and_names(tmp_path: Path) -> None:
    path = tmp_path / "elan.eaf"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    bundle = read_eaf(path, codebook(), coder="Ana", skip_unknown=True)
    (coding,) = bundle.sessions[0].codings
    # code names match case-insensitively: "positive" -> m_pos, "CRY" -> i_cry
    assert [(e.code_id, e.onset_ms, e.offset_ms) for e in coding.events] == [
        ("m_pos", 0.0, 1200.0),
        ("i_cry", 2500.0, 3000.0),
    ]
    assert any("grumpy" in n for n in bundle.notes)


def test_mapping_file_maps_values(tmp_path: Path) -> None:
    path = tmp_path / "elan.eaf"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    mapping_path = tmp_path / "map.csv"
    mapping_path.write_text(
        "tier,value,code\nMother,grumpy,m_neg\n,yawn,i_look\n", encoding="utf-8"
    )
    bundle = read_eaf(path, codebook(), mapping=load_mapping(mapping_path), coder="Ana")
    codes = [e.code_id for e in bundle.sessions[0].codings[0].events]
    assert codes == ["m_pos", "m_neg", "i_cry", "i_look"]
    point = bundle.sessions[0].codings[0].events[-1]
    assert point.offset_ms == point.onset_ms == 3000.0
    yaml_map = tmp_path / "map.yaml"
    yaml_map.write_text("Mother: {grumpy: m_neg}\nBaby: {yawn: ''}\n", encoding="utf-8")
    bundle = read_eaf(path, codebook(), mapping=load_mapping(yaml_map), coder="Ana")
    assert [e.code_id for e in bundle.sessions[0].codings[0].events] == ["m_pos", "m_neg", "i_cry"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("<ANNOTATION_DOCUMENT VERSION='3.1' FORMAT='3.1'></ANNOTATION_DOCUMENT>", "VERSION"),
        ("<ANNOTATION_DOCUMENT VERSION='3.0'><TIER/>", "line 1"),
        ("<FOO/>", "<FOO>"),
        ("<ANNOTATION_DOCUMENT VERSION='x'/>", "VERSION"),
        ("   ", ""),
        (HAND_WRITTEN.replace('TIME_VALUE="1200"', 'TIME_VALUE="-5"'), "TIME_SLOT ts2"),
        (
            HAND_WRITTEN.replace('TIME_SLOT_REF2="ts2"', 'TIME_SLOT_REF2="ts99"'),
            "tier 'Mother' annotation a1",
        ),
        ('<!DOCTYPE x [<!ENTITY a "b">]><ANNOTATION_DOCUMENT/>', ""),
    ],
)
def test_bad_files_name_file_and_place(tmp_path: Path, text: str, place: str) -> None:
    path = tmp_path / "bad.eaf"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFormatError) as info:
        read_eaf(path, codebook(), coder="Ana")
    assert str(path) in str(info.value)
    assert place in info.value.place
    if "3.1" in text:
        assert "newer" in str(info.value)


def test_time_beyond_video_end_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "elan.eaf"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    bundle = read_eaf(path, codebook(), coder="Ana", skip_unknown=True)
    short = Timebase.constant(25.0, 50)  # a 2 s video
    with pytest.raises(ImportFormatError, match=r"tier 'Baby' at 2.500 s: .*after the video's end"):
        to_frame_events(
            str(path),
            bundle.sessions[0].codings[0].events,
            short,
            codebook(),
            FrameRounding.NEAREST,
            [],
        )
