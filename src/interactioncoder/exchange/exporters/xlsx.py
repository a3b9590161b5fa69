"""Writing tables to an Excel workbook: one sheet per table, bold frozen header row.

Numbers are written as numbers (missing values as empty cells), text with the same
formula neutralisation as CSV (openpyxl would otherwise store ``=SUM(A1)`` as a live
formula), characters that XML cannot hold (control characters other than tab, newline
and carriage return) are dropped, and the workbook is written all-or-nothing.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from interactioncoder.exchange.atomic import atomic_output, neutralise_formula

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
EXCEL_MAX_CELL_TEXT = 32_767
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (<= 31 characters, none of ``[]:*?/\\``)."""
    base = _SHEET_FORBIDDEN.sub("_", name).strip("'") or "Sheet"
    title = base[:31]
    n = 2
    while title.lower() in taken:
        suffix = f"_{n}"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title.lower())
    return title


def cell_value(value: Any) -> Any:
    """A table value as openpyxl should store it (None for missing)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        text = neutralise_formula(_XML_ILLEGAL.sub("", value))
        if len(text) > EXCEL_MAX_CELL_TEXT:
            raise ValueError(
                f"a text cell has {len(text)} characters; Excel holds at most "
                f"{EXCEL_MAX_CELL_TEXT} (export as CSV instead)"
            )
        return text
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None if math.isnan(value) else str(value)
    return value


def _rows(table: pd.DataFrame) -> Iterator[list[Any]]:
    columns = [table[c].astype(object).tolist() for c in table.columns]
    for row in zip(*columns, strict=True):
        yield [cell_value(v) for v in row]


def _check_size(name: str, table: pd.DataFrame) -> None:
    if len(table) + 1 > EXCEL_MAX_ROWS:
        raise ValueError(
            f"table {name!r} has {len(table)} rows; an Excel sheet holds at most "
            f"{EXCEL_MAX_ROWS - 1} (export it as CSV, or per interval instead of per frame)"
        )
    if len(table.columns) > EXCEL_MAX_COLUMNS:
        raise ValueError(f"table {name!r} has more columns than an Excel sheet holds")


def write_xlsx(tables: Mapping[str, pd.DataFrame], path: str | os.PathLike[str]) -> Path:
    """Write each table to its own sheet of a new workbook at *path* (atomically)."""
    if not tables:
        raise ValueError("no tables to write")
    for name, table in tables.items():
        _check_size(name, table)
    # Write-only mode streams rows to temporary files instead of holding every cell.
    workbook = Workbook(write_only=True)
    try:
        _fill(workbook, tables)
        target = Path(path)
        with atomic_output(target, "wb") as handle:
            workbook.save(handle)
    except BaseException:
        _discard(workbook)
        raise
    return target


def _fill(workbook: Workbook, tables: Mapping[str, pd.DataFrame]) -> None:
    bold = Font(bold=True)
    taken: set[str] = set()
    for name, table in tables.items():
        sheet = workbook.create_sheet(title=sheet_title(name, taken))
        sheet.freeze_panes = "A2"
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=cell_value(str(column)))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in _rows(table):
            sheet.append(row)


def _discard(workbook: Workbook) -> None:
    """Close and delete the sheets' temporary files after a failed export."""
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is None:
            continue
        with contextlib.suppress(Exception):
            if not sheet.closed:
                sheet.close()
        with contextlib.suppress(Exception):
            writer.cleanup()
