"""CSV writing: parse-back equality, BOM, locale-independent numbers, formula defusing."""

from __future__ import annotations

import io
import locale
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from interactioncoder.exchange.exporters import csv_file as csv_export
from interactioncoder.exchange.exporters.csv_file import csv_text, write_csv, write_csv_tables
from interactioncoder.exchange.tables.events import events_table, summary_table
from interactioncoder.exchange.tables.timeseries import timeseries_table
from tests.exchange.export_sample import sample_project

TEXT_COLUMNS = [
    "project", "dyad", "visit", "session", "session_code", "coder", "role", "codebook",
    "codebook_version",
    "subject", "group", "code", "code_name", "kind", "segment", "mod_sens__quality", "comment",
]  # fmt: skip


def _read_back(path: Path, text_columns: list[str]) -> pd.DataFrame:
    back = pd.read_csv(
        path,
        dtype={
            **dict.fromkeys(text_columns, "object"),
            "onset_frame": "Int64",
            "offset_frame": "Int64",
        },
        encoding="utf-8-sig",
    )
    for name in text_columns:
        if not name.startswith("mod_"):
            back[name] = back[name].fillna("")
    return back


def test_events_parse_back_equal(tmp_path: Path) -> None:
    table = events_table(sample_project())
    target = write_csv(table, tmp_path / "events.csv")
    back = _read_back(target, TEXT_COLUMNS)
    # Only the comment was neutralised; undo that for the comparison.
    assert back.comment.iloc[0] == "'=SUM(A1)"
    back.loc[0, "comment"] = "=SUM(A1)"
    expected = table.copy()
    expected["mod_sens__quality"] = expected["mod_sens__quality"].astype(object)
    back["mod_sens__quality"] = back["mod_sens__quality"].where(
        back["mod_sens__quality"].notna(), None
    )
    for name in TEXT_COLUMNS:
        if name != "mod_sens__quality":
            expected[name] = expected[name].astype(object)
    pd.testing.assert_frame_equal(back, expected, check_dtype=False)


def test_summary_and_timeseries_parse_back(tmp_path: Path) -> None:
    project = sample_project()
    for table in (summary_table(project), timeseries_table(project, interval_s=0.25)):
        back = pd.read_csv(io.StringIO(csv_text(table)), keep_default_na=True)
        numeric = table.select_dtypes(include="number").columns
        pd.testing.assert_frame_equal(
            back[numeric].astype("float64"), table[numeric].astype("float64")
        )


def test_exact_text_of_a_small_table() -> None:
    table = pd.DataFrame(
        {
            "name": ["Müller", "a,b", 'say "hi"', "=1+1", "multi\nline"],
            "value": [-2.5, 0.1, 1.033, np.nan, 1e-05],
            "n": pd.array([1, None, -3, 4, 5], dtype="Int64"),
            "flag": pd.array([True, False, None, True, False], dtype="boolean"),
        }
    )
    assert csv_text(table) == (
        "name,value,n,flag\r\n"
        "Müller,-2.5,1,True\r\n"
        '"a,b",0.1,,False\r\n'
        '"say ""hi""",1.033,-3,\r\n'
        "'=1+1,,4,True\r\n"
        '"multi\nline",0.00001,5,False\r\n'
    )


def test_bom_only_with_excel(tmp_path: Path) -> None:
    table = pd.DataFrame({"coder": ["Zoë"]})
    plain = write_csv(table, tmp_path / "plain.csv").read_bytes()
    excel = write_csv(table, tmp_path / "excel.csv", excel=True).read_bytes()
    assert plain == "coder\r\nZoë\r\n".encode()
    assert excel == b"\xef\xbb\xbf" + plain


@pytest.mark.parametrize(
    ("raw", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("ok", "ok"),
    ],
)
def test_formula_cells_neutralised_in_text_columns(raw: str, written: str) -> None:
    table = pd.DataFrame({"comment": [raw], "number": [-2.5]})
    for column in (table, table.astype({"comment": "object"})):  # str and object dtypes
        back = pd.read_csv(io.StringIO(csv_text(column)), keep_default_na=False)
        assert back.comment.iloc[0] == written
        assert back.number.iloc[0] == -2.5  # a genuine negative number stays a number
    assert csv_text(table).endswith(",-2.5\r\n")


def test_formula_in_header_is_neutralised() -> None:
    assert csv_text(pd.DataFrame({"=cmd": [1]})).startswith("'=cmd\r\n")


def test_numbers_ignore_locale() -> None:
    previous = locale.setlocale(locale.LC_NUMERIC)
    for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "de_DE.utf8"):
        try:
            locale.setlocale(locale.LC_NUMERIC, name)
            break
        except locale.Error:
            continue
    try:
        assert csv_text(pd.DataFrame({"x": [1.5, -0.25]})) == "x\r\n1.5\r\n-0.25\r\n"
    finally:
        locale.setlocale(locale.LC_NUMERIC, previous)


def test_write_failure_keeps_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "events.csv"
    target.write_text("old,content\n", encoding="utf-8")
    real_write_rows = csv_export._write_rows

    def half_then_fail(table: pd.DataFrame, handle: io.StringIO) -> None:
        real_write_rows(table.head(3), handle)  # part of the new file reaches the disk
        handle.flush()
        raise OSError("disk full")

    monkeypatch.setattr(csv_export, "_write_rows", half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        write_csv(events_table(sample_project()), target)
    assert target.read_bytes() == b"old,content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]


def test_write_tables_into_folder(tmp_path: Path) -> None:
    project = sample_project()
    paths = write_csv_tables(
        {"events": events_table(project), "summary": summary_table(project)}, tmp_path
    )
    assert [p.name for p in paths] == ["events.csv", "summary.csv"]
    assert all(p.read_text(encoding="utf-8").startswith("project,") for p in paths)


def test_write_tables_error_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "events.csv").write_text("old\n", encoding="utf-8")
    real = csv_export.csv_text
    calls = []

    def fail_on_second(table: pd.DataFrame) -> str:
        calls.append(1)
        if len(calls) == 2:
            raise ValueError("broken table")
        return real(table)

    monkeypatch.setattr(csv_export, "csv_text", fail_on_second)
    project = sample_project()
    with pytest.raises(ValueError, match="broken table"):
        write_csv_tables(
            {"events": events_table(project), "summary": summary_table(project)}, tmp_path
        )
    assert (tmp_path / "events.csv").read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such folder"):
        write_csv_tables({"events": pd.DataFrame()}, tmp_path / "nope")
