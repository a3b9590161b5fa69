"""Writing tables as CSV that R, SPSS, pandas and Excel all read the same way.

* UTF-8; ``excel=True`` adds a byte-order mark so Excel recognises UTF-8 (accents in
  coder names and comments survive).
* Comma separator, ``.`` decimal point whatever the computer's locale (numbers are
  formatted by Python/pandas, never with locale settings), CRLF line ends (RFC 4180;
  it also makes the writer quote every field holding a line feed or a carriage return),
  fields quoted only when needed. Empty cell = missing.
* Floats are written in plain positional notation (shortest form that reads back to the
  same value); the table builders round times to the millisecond. Booleans are written
  ``True``/``False``.
* Rows go through the C ``csv`` writer column-wise prepared (no per-cell pandas
  formatting): 100,000 events take well under a second.
* Text cells that a spreadsheet would run as a formula (starting with ``= + - @``, tab or
  carriage return) get a leading apostrophe (:func:`~.atomic.neutralise_formula`).
  Numeric columns are left alone, so -2.5 stays the number -2.5.
* Written all-or-nothing (temporary file in the same folder, fsync, rename).
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from interactioncoder.exchange.atomic import (
    FORMULA_TRIGGERS,
    atomic_output,
    atomic_write_text,
    neutralise_formula,
)

LINE_END = "\r\n"


def _is_text_column(column: pd.Series) -> bool:
    return bool(pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column))


def _text_cells(values: list[Any]) -> list[Any]:
    """Text cells for the csv writer: formulas defused, missing (None/NaN) empty."""
    # Most text columns (project, coder, code...) repeat a handful of values on every
    # row, so checking the distinct values first is much faster than checking each cell.
    distinct = set(values)
    risky = any(isinstance(v, str) and v.startswith(FORMULA_TRIGGERS) for v in distinct)
    missing = any(v is None or (isinstance(v, float) and math.isnan(v)) for v in distinct)
    if not (risky or missing):
        return values
    return [
        neutralise_formula(v) if isinstance(v, str) else (None if _is_missing(v) else v)
        for v in values
    ]


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def neutralise_text_column(column: pd.Series) -> pd.Series:
    """*column* with formula-like strings prefixed (missing cells become None)."""
    return pd.Series(
        _text_cells(column.astype(object).tolist()),
        index=column.index,
        name=column.name,
        dtype=object,
    )


def _float_cells(column: pd.Series) -> list[Any]:
    """Floats as the csv module writes them (shortest repr), never with an exponent."""
    values = column.to_numpy(dtype=np.float64, na_value=np.nan)
    finite = np.isfinite(values)
    magnitude = np.abs(values[finite])
    if (magnitude[magnitude > 0] < 1e-4).any() or (magnitude >= 1e16).any():
        return [
            np.format_float_positional(v, trim="-") if math.isfinite(v) else None
            for v in values.tolist()
        ]
    cells: list[Any] = values.tolist()
    if not finite.all():
        for i in np.flatnonzero(~finite).tolist():
            cells[i] = None
    return cells


def _cells(column: pd.Series) -> list[Any]:
    """One column as Python values for ``csv.writer`` (None = empty cell)."""
    if _is_text_column(column):
        return _text_cells(column.tolist())
    if pd.api.types.is_float_dtype(column):
        return _float_cells(column)
    if isinstance(column.dtype, pd.api.extensions.ExtensionDtype) and column.hasnans:
        return column.astype(object).where(column.notna(), None).tolist()
    return column.tolist()


def _write_rows(table: pd.DataFrame, handle: IO[str]) -> None:
    writer = csv.writer(handle, lineterminator=LINE_END)
    writer.writerow([neutralise_formula(str(name)) for name in table.columns])
    writer.writerows(zip(*(_cells(table[name]) for name in table.columns), strict=True))


def csv_text(table: pd.DataFrame) -> str:
    """The CSV text of *table* (no byte-order mark)."""
    buffer = io.StringIO()
    _write_rows(table, buffer)
    return buffer.getvalue()


def _encoding(excel: bool) -> str:
    return "utf-8-sig" if excel else "utf-8"


def write_csv(table: pd.DataFrame, path: str | os.PathLike[str], excel: bool = False) -> Path:
    """Write *table* to *path* atomically; ``excel=True`` adds a UTF-8 byte-order mark."""
    target = Path(path)
    with atomic_output(target, "w", encoding=_encoding(excel), newline="") as handle:
        _write_rows(table, handle)
    return target


def write_csv_tables(
    tables: Mapping[str, pd.DataFrame],
    folder: str | os.PathLike[str],
    excel: bool = False,
    prefix: str = "",
) -> list[Path]:
    """Write each table to ``folder/<prefix><name>.csv``; returns the paths written.

    Every file's text is made before the first file is written, so an error in any table
    leaves all files as they were; each file itself is replaced atomically.
    """
    out = Path(folder)
    if not out.is_dir():
        raise FileNotFoundError(f"{out}: no such folder")
    texts = {name: csv_text(table) for name, table in tables.items()}
    written = []
    for name, text in texts.items():
        target = out / f"{prefix}{name}.csv"
        atomic_write_text(target, text, encoding=_encoding(excel))
        written.append(target)
    return written
