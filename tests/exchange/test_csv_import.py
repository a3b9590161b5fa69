"""CSV event import: mapped columns, units, subjects, modifiers, bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from interactioncoder.core.timebase import Timebase
from interactioncoder.exchange.importers.common import ImportFormatError, UnknownValuesError
from interactioncoder.exchange.importers.csv_events import read_csv_events
from interactioncoder.exchange.importers.frames import FrameRounding, to_frame_events

from ._import_fixtures import codebook


def _csv(tmp_path: Path, text: str, name: str = "events.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_mapped_columns_in_seconds(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "start_time,end_time,label,who,mods,note\n"
        "1.0,2.5,m_pos,mother,,\n"
        "2.5,4.0,Negative,Mother,intensity=High,model said so\n"
        "3.0,,i_look,infant,distance=2,\n",
    )
    bundle = read_csv_events(
        path,
        codebook(),
        columns={"onset": "start_time", "offset": "end_time", "code": "label", "subject": "who",
                 "modifiers": "mods", "comment": "note"},
        coder="Ana",
    )  # fmt: skip
    events = bundle.sessions[0].codings[0].events
    got = [(e.code_id, e.onset_ms, e.offset_ms, dict(e.modifiers), e.comment) for e in events]
    assert got == [
        ("m_pos", 1000.0, 2500.0, {}, ""),
        ("m_neg", 2500.0, 4000.0, {"intensity": "high"}, "model said so"),
        ("i_look", 3000.0, 3000.0, {"distance": 2.0}, ""),
    ]
    assert bundle.sessions[0].codings[0].coder == "Ana"


def test_missing_column_is_named(tmp_path: Path) -> None:
    path = _csv(tmp_path, "start,label\n1,m_pos\n")
    with pytest.raises(ImportFormatError) as info:
        read_csv_events(path, codebook(), columns={"onset": "start_time"})
    assert "no column 'start_time' (for onset)" in str(info.value)
    assert str(path) in str(info.value)
    with pytest.raises(ImportFormatError, match="no 'code' column"):
        read_csv_events(_csv(tmp_path, "onset,offset,what\n1,2,x\n"), codebook())


def test_frames_semicolons_and_decimal_comma(tmp_path: Path) -> None:
    path = _csv(tmp_path, "onset;offset;code\n10;20;m_pos\n12;;i_look\n")
    bundle = read_csv_events(path, codebook(), time_unit="frames")
    events = bundle.sessions[0].codings[0].events
    tb = Timebase.constant(25.0, 100)
    frames = to_frame_events(str(path), events, tb, codebook(), FrameRounding.ON_SCREEN, [])
    assert [(e.onset_frame, e.offset_frame) for e in frames] == [(10, 20), (12, 12)]
    path = _csv(tmp_path, "onset;offset;code\n1,5;2,25;m_pos\n", "comma.csv")
    (event,) = read_csv_events(path, codebook()).sessions[0].codings[0].events
    assert (event.onset_ms, event.offset_ms) == (1500.0, 2250.0)


def test_milliseconds_and_on_screen_frames(tmp_path: Path) -> None:
    path = _csv(tmp_path, "onset,offset,code\n1010,1990,m_pos\n")
    bundle = read_csv_events(path, codebook(), time_unit="ms")
    tb = Timebase.constant(25.0, 100)  # frames every 40 ms
    (event,) = to_frame_events(
        str(path), bundle.sessions[0].codings[0].events, tb, codebook(), FrameRounding.ON_SCREEN, []
    )
    # 1010 ms shows frame 25; 1990 ms shows frame 49: one rule for onsets and ends, so the
    # state covers 25..48 and frame 49 belongs to whatever starts at 1990 ms
    assert (event.onset_frame, event.offset_frame) == (25, 49)


def test_a_shared_mid_frame_boundary_maps_to_one_frame(tmp_path: Path) -> None:
    path = _csv(tmp_path, "onset,offset,code\n1010,1990,m_pos\n1990,2500,m_neg\n")
    bundle = read_csv_events(path, codebook(), time_unit="ms")
    tb = Timebase.constant(25.0, 100)
    first, second = to_frame_events(
        str(path), bundle.sessions[0].codings[0].events, tb, codebook(), FrameRounding.ON_SCREEN, []
    )
    assert first.offset_frame == second.onset_frame == 49  # no frame counted twice


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("onset,offset,code\nsoon,2,m_pos\n", "row 2, column 'onset'"),
        ("onset,offset,code\n-1,2,m_pos\n", "negative time"),
        ("onset,offset,code\n3,2,m_pos\n", "offset is before onset"),
        ("onset,offset,code\n1,,m_pos\n", "needs an offset"),
        ("onset,offset,code,subject\n1,2,m_pos,infant\n", "about subject 'mother'"),
        ("onset,offset,code,modifiers\n1,2,m_neg,intensity=huge\n", "no choice 'huge'"),
        ("onset,offset,code,modifiers\n1,2,m_neg,colour=red\n", "no modifier 'colour'"),
        ("onset,offset,code\n1,2,\n", "empty code"),
        ("onset,offset,code\n1.5,2,i_look\n", ""),
        ("\n\n", "empty"),
    ],
)
def test_bad_rows(tmp_path: Path, text: str, message: str) -> None:
    path = _csv(tmp_path, text)
    unit = "frames" if "1.5,2,i_look" in text else "s"
    with pytest.raises(ImportFormatError) as info:
        read_csv_events(path, codebook(), time_unit=unit)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_unknown_codes_listed_or_skipped(tmp_path: Path) -> None:
    path = _csv(tmp_path, "onset,offset,code\n1,2,m_pos\n2,3,wiggle\n4,5,jiggle\n")
    with pytest.raises(UnknownValuesError) as info:
        read_csv_events(path, codebook())
    assert info.value.unknown == ["row 3 at 2.000 s: 'wiggle'", "row 4 at 4.000 s: 'jiggle'"]
    bundle = read_csv_events(path, codebook(), skip_unknown=True)
    assert len(bundle.sessions[0].codings[0].events) == 1
    assert "skipped 2 row(s)" in bundle.notes[0]


def test_rows_are_kept_as_a_table_and_checked_with_their_places(tmp_path: Path) -> None:
    """A big table is held column by column (no object per row); events built from it,
    and the rows the bundle checks look at, still say which row they came from."""
    from interactioncoder.exchange.importers.bounds import check_bundle_limits
    from interactioncoder.exchange.importers.event_table import ImportedEventTable

    path = _csv(tmp_path, "onset,offset,code,comment\n1,2,m_pos,\n3,,i_look,fine\n4,5,m_pos,\n")
    events = read_csv_events(path, codebook()).sessions[0].codings[0].events
    assert isinstance(events, ImportedEventTable)
    assert [e.place for e in events] == ["row 2 at 1.000 s", "row 3 at 3.000 s", "row 4 at 4.000 s"]
    assert events[-1] == events[2] and [e.code_id for e in events[1:]] == ["i_look", "m_pos"]
    assert [e.place for e in events.flagged(86_400_000.0, 100)] == ["row 3 at 3.000 s"]  # text
    late = _csv(tmp_path, "onset,offset,code\n1,2,m_pos\n90000,90001,m_pos\n", "late.csv")
    with pytest.raises(
        ImportFormatError, match=r"late.csv: row 3 at 90000.000 s: time 90000.0 s is beyond"
    ):
        check_bundle_limits(read_csv_events(late, codebook()))
    nul = _csv(tmp_path, "onset,offset,code,comment\n1,2,m_pos,\n3,4,m_pos,a\x00b\n", "nul.csv")
    with pytest.raises(ImportFormatError, match=r"nul.csv: row 3 at 3.000 s: the comment"):
        check_bundle_limits(read_csv_events(nul, codebook()))
