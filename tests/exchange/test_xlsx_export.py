"""Excel workbooks: one sheet per table, bold frozen header, numbers stay numbers.

Every workbook is read back with openpyxl (an independent reader).
"""

from __future__ import annotations

import itertools
import math
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

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
    assert back.loc[0, "comment"] == "=SUM(A1)"  # exact text, kept as text (quote prefix)
    assert back.loc[1, "comment"] == ""


@pytest.mark.parametrize("raw", ["=SUM(A1)", "+1", "-2", "@x", "\tx", "\rx"])
def test_formulas_neutralised_numbers_kept(tmp_path: Path, raw: str) -> None:
    table = pd.DataFrame({"comment": [raw], "value": [-2.5], "n": pd.array([-3], dtype="Int64")})
    write_xlsx({"t": table}, tmp_path / "f.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "f.xlsx")["t"]
    comment, value, n = sheet[2]
    assert comment.data_type == "s"  # text, not a formula
    assert comment.value == raw  # exactly what was typed: no visible apostrophe
    assert comment.quotePrefix  # and Excel keeps it text when the cell is edited
    assert value.data_type == "n"
    assert value.value == -2.5
    assert not value.quotePrefix
    assert n.value == -3
    with zipfile.ZipFile(tmp_path / "f.xlsx") as package:
        assert b"<f>" not in package.read("xl/worksheets/sheet1.xml")


def test_read_back_cells_are_identical(tmp_path: Path) -> None:
    events = events_table(sample_project())
    odd = pd.DataFrame(
        {
            "text": ["  spaced  ", "line\nbreak", 'a & b < c > d "q"', "_x0041_", "日本語 🙂", ""],
            "number": [0.1 + 0.2, -0.0, 1e-300, 123456789.125, math.inf, math.nan],
            "count": pd.array([0, -7, 2**40, None, 5, 6], dtype="Int64"),
            "flag": [True, False, True, False, True, False],
            "mixed": ["x", 3, 2.5, None, True, "=1+1"],
        }
    )
    tables = {"events": events, "odd": odd}
    write_xlsx(tables, tmp_path / "same.xlsx")
    book = openpyxl.load_workbook(tmp_path / "same.xlsx")
    for name, table in tables.items():
        rows = list(book[name].iter_rows(values_only=True))
        assert list(rows[0]) == list(table.columns)
        assert len(rows) == len(table) + 1
        for got, want in zip(rows[1:], table.astype(object).itertuples(index=False), strict=True):
            assert list(got) == [_expected(v) for v in want]


def _expected(value: object) -> object:
    """What a cell holds for a table value: missing and empty text are empty cells."""
    if value is None or value is pd.NA or value == "":
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, float) and math.isinf(value):
        return str(value)
    return value


def test_header_looking_like_a_formula_is_bold_and_quoted(tmp_path: Path) -> None:
    write_xlsx({"t": pd.DataFrame({"=x": [1]})}, tmp_path / "h.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "h.xlsx")["t"]["A1"]
    assert (cell.value, cell.font.b, cell.quotePrefix) == ("=x", True, True)


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
    real_rows = xlsx_export._sheet_rows

    def explode(table: pd.DataFrame, strings: object) -> Iterator[str]:
        yield from itertools.islice(real_rows(table, strings), 2)  # type: ignore[arg-type]
        raise OSError("disk full")

    monkeypatch.setattr(xlsx_export, "_sheet_rows", explode)
    with pytest.raises(OSError, match="disk full"):
        write_xlsx({"events": events_table(sample_project())}, target)
    assert target.read_bytes() == b"old workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["old.xlsx"]  # no temporary file left


def test_large_table_streams_in_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_export, "BLOCK_ROWS", 7)
    table = pd.DataFrame({"i": range(50), "s": [f"t{i % 3}" for i in range(50)]})
    write_xlsx({"t": table}, tmp_path / "b.xlsx")
    rows = list(openpyxl.load_workbook(tmp_path / "b.xlsx")["t"].iter_rows(values_only=True))
    assert rows[1:] == [(i, f"t{i % 3}") for i in range(50)]


def test_no_tables_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no tables"):
        write_xlsx({}, tmp_path / "x.xlsx")
