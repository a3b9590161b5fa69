"""Writing tables as CSV that R, SPSS, pandas and Excel all read the same way.

* UTF-8; ``excel=True`` adds a byte-order mark so Excel recognises UTF-8 (accents in
  coder names and comments survive).
* Comma separator, ``.`` decimal point whatever the computer's locale (numbers are
  formatted by Python/pandas, never with locale settings), CRLF line ends (RFC 4180;
  it also makes the writer quote every field holding a line feed or a carriage return),
  fields quoted only when needed. Empty cell = missing.
* Floats are written in plain positional notation (shortest form that reads back to the
  same value); the table builders round times to the millisecond.
* Text cells that a spreadsheet would run as a formula (starting with ``= + - @``, tab or
  carriage return) get a leading apostrophe (:func:`~.atomic.neutralise_formula`).
  Numeric columns are left alone, so -2.5 stays the number -2.5.
* Written all-or-nothing (temporary file in the same folder, fsync, rename).
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from pathlib import Path

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


def neutralise_text_column(column: pd.Series) -> pd.Series:
    """*column* with formula-like strings prefixed; non-string cells untouched."""
    if pd.api.types.is_string_dtype(column) and not pd.api.types.is_object_dtype(column):
        risky = column.str.startswith(FORMULA_TRIGGERS).fillna(False).astype(bool)
        if not risky.any():
            return column
        return column.where(~risky, "'" + column)
    values = column.tolist()
    changed = False
    for i, v in enumerate(values):
        if isinstance(v, str) and v.startswith(FORMULA_TRIGGERS):
            values[i] = neutralise_formula(v)
            changed = True
    if not changed:
        return column
    return pd.Series(values, index=column.index, name=column.name, dtype=object)


def _positional_floats(column: pd.Series) -> pd.Series:
    """A float column as text when plain repr would use an exponent (1e-05), else as is."""
    values = column.to_numpy(dtype=np.float64, na_value=np.nan)
    finite = np.isfinite(values)
    magnitude = np.abs(values[finite])
    if not ((magnitude[magnitude > 0] < 1e-4).any() or (magnitude >= 1e16).any()):
        return column
    text = [
        np.format_float_positional(v, trim="-") if np.isfinite(v) else "" for v in values.tolist()
    ]
    return pd.Series(text, index=column.index, name=column.name, dtype=object)


def prepare_for_csv(table: pd.DataFrame) -> pd.DataFrame:
    """The table as it will be written: safe text cells and headers, positional floats."""
    prepared = {}
    for name in table.columns:
        column = table[name]
        if _is_text_column(column):
            column = neutralise_text_column(column)
        elif pd.api.types.is_float_dtype(column):
            column = _positional_floats(column)
        prepared[neutralise_formula(str(name))] = column
    return pd.DataFrame(prepared, index=table.index)


def csv_text(table: pd.DataFrame) -> str:
    """The CSV text of *table* (no byte-order mark)."""
    buffer = io.StringIO()
    prepare_for_csv(table).to_csv(buffer, index=False, lineterminator=LINE_END, decimal=".")
    return buffer.getvalue()


def _encoding(excel: bool) -> str:
    return "utf-8-sig" if excel else "utf-8"


def write_csv(table: pd.DataFrame, path: str | os.PathLike[str], excel: bool = False) -> Path:
    """Write *table* to *path* atomically; ``excel=True`` adds a UTF-8 byte-order mark."""
    target = Path(path)
    prepared = prepare_for_csv(table)
    with atomic_output(target, "w", encoding=_encoding(excel), newline="") as handle:
        prepared.to_csv(handle, index=False, lineterminator=LINE_END, decimal=".")
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
