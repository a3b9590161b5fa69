"""Excel workbooks: one sheet per table, bold frozen header, numbers stay numbers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet._writer import ALL_TEMP_FILES

from interactioncoder.exchange.exporters import xlsx as xlsx_export
from interactioncoder.exchange.exporters.xlsx import sheet_title, write_xlsx
from interactioncoder.exchange.tables.events import events_table, summary_table
from tests.exchange.export_sample import sample_project


def test_one_sheet_per_table_with_bold_frozen_header(tmp_path: Path) -> None:
    project = sample_project()
    events = events_table(project)
    target = write_xlsx(
        {"events": events, "summary": summary_table(project)}, tmp_path / "out.xlsx"
    )
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["events", "summary"]
    sheet = book["events"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header == list(events.columns)
    assert all(c.font.b for c in sheet[1])
    assert sheet.max_row == len(events) + 1


def test_values_round_trip(tmp_path: Path) -> None:
    events = events_table(sample_project())
    write_xlsx({"events": events}, tmp_path / "e.xlsx")
    back = pd.read_excel(
        tmp_path / "e.xlsx",
        sheet_name="events",
        keep_default_na=False,
        na_values={
            "offset_s": [""],
            "duration_s": [""],
            "offset_frame": [""],
            "mod_sens__intensity": [""],
        },
    )
    assert back.onset_s.tolist() == events.onset_s.tolist()
    assert back.offset_frame.isna().tolist() == events.offset_frame.isna().tolist()
    assert back.loc[0, "mod_sens__intensity"] == 2.5
    assert back.loc[0, "comment"] == "'=SUM(A1)"
    assert back.loc[1, "comment"] == ""


@pytest.mark.parametrize("raw", ["=SUM(A1)", "+1", "-2", "@x", "\tx", "\rx"])
def test_formulas_neutralised_numbers_kept(tmp_path: Path, raw: str) -> None:
    table = pd.DataFrame({"comment": [raw], "value": [-2.5], "n": pd.array([-3], dtype="Int64")})
    write_xlsx({"t": table}, tmp_path / "f.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "f.xlsx")["t"]
    comment, value, n = sheet[2]
    assert comment.data_type == "s"  # text, not a formula
    # openpyxl keeps a CR with lxml and reads it back as LF without; either way neutralised
    assert comment.value.replace("\r", "\n") == ("'" + raw).replace("\r", "\n")
    assert value.data_type == "n"
    assert value.value == -2.5
    assert n.value == -3


def test_control_characters_are_dropped(tmp_path: Path) -> None:
    table = pd.DataFrame({"comment": ["bell\x07 and\x00 null"], "x": [np.nan]})
    write_xlsx({"t": table}, tmp_path / "c.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "c.xlsx")["t"]
    assert sheet["A2"].value == "bell and null"
    assert sheet["B2"].value is None


def test_sheet_titles_are_valid_and_unique() -> None:
    taken: set[str] = set()
    assert sheet_title("events", taken) == "events"
    assert sheet_title("Events", taken) == "Events_2"
    assert sheet_title("a/b:c*d?e[f]" + "x" * 40, taken) == ("a_b_c_d_e_f_" + "x" * 40)[:31]


def test_too_many_rows_refused_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_export, "EXCEL_MAX_ROWS", 3)
    target = tmp_path / "big.xlsx"
    with pytest.raises(ValueError, match="at most 2"):
        write_xlsx({"events": events_table(sample_project())}, target)
    assert not target.exists()


def test_failure_while_saving_keeps_old_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "old.xlsx"
    target.write_bytes(b"old workbook")

    def explode(self: object, handle: object) -> None:
        handle.write(b"PK\x03\x04 half a zip")  # type: ignore[attr-defined]
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", explode)
    with pytest.raises(OSError, match="disk full"):
        write_xlsx({"events": events_table(sample_project())}, target)
    assert target.read_bytes() == b"old workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["old.xlsx"]
    assert ALL_TEMP_FILES == []  # openpyxl's per-sheet temporary files were removed


def test_no_tables_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no tables"):
        write_xlsx({}, tmp_path / "x.xlsx")
