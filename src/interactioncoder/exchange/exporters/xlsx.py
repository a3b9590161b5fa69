"""Writing tables to an Excel workbook: one sheet per table, bold frozen header row.

Numbers are written as numbers (missing values as empty cells). Text is always written
as text, never as a formula; text that a spreadsheet would run as a formula once the
cell is edited (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return)
gets Excel's *quote prefix* cell style, so it stays exactly what the coder typed
(``=SUM(A1)``, not ``'=SUM(A1)``) and stays text after an edit. Characters that XML
cannot hold (control characters other than tab, newline and carriage return) are
dropped, and the workbook is written all-or-nothing.

The workbook is streamed straight into its zip file, a block of rows at a time, with
each column's cells built in one vectorised step and every distinct text stored once
(shared strings). There are no temporary files besides the one :func:`atomic_output`
renames into place (and removes on any failure). 100,000 events take about a second;
openpyxl's write-only mode takes 14 s and XlsxWriter's constant-memory mode 12 s, both
spending their time on one Python call per cell (``benchmarks/bench_export.py``).
"""

from __future__ import annotations

import math
import os
import re
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from interactioncoder.exchange.atomic import FORMULA_TRIGGERS, atomic_output

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
EXCEL_MAX_CELL_TEXT = 32_767
BLOCK_ROWS = 20_000
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")

# cell styles (index into cellXfs below)
PLAIN, BOLD, QUOTED, BOLD_QUOTED = 0, 1, 2, 3

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (<= 31 characters, none of ``[]:*?/\\``)."""
    base = _SHEET_FORBIDDEN.sub("_", _XML_ILLEGAL.sub("", name)).strip("'") or "Sheet"
    title = base[:31]
    n = 2
    while title.lower() in taken:
        suffix = f"_{n}"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title.lower())
    return title


def cell_text(value: str) -> str:
    """*value* as a text cell holds it: XML-illegal characters dropped, length checked."""
    text = _XML_ILLEGAL.sub("", value)
    if len(text) > EXCEL_MAX_CELL_TEXT:
        raise ValueError(
            f"a text cell has {len(text)} characters; Excel holds at most "
            f"{EXCEL_MAX_CELL_TEXT} (export as CSV instead)"
        )
    return text


def needs_quote_prefix(text: str) -> bool:
    """True when a spreadsheet would run *text* as a formula once the cell is edited."""
    return text.startswith(FORMULA_TRIGGERS)


def column_letter(index: int) -> str:
    """``0 -> A``, ``25 -> Z``, ``26 -> AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xml_text(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Excel reads _xHHHH_ as an escaped character: escape a literal one; a CR would
    # become a newline in any XML parser unless written as a reference.
    return _EXCEL_ESCAPE.sub(r"_x005F_\1", text).replace("\r", "&#13;")


def _xml_attr(text: str) -> str:
    return _xml_text(text).replace('"', "&quot;")


class SharedStrings:
    """Every distinct text of the workbook, stored once; cells refer to its index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def add(self, text: str) -> int:
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index)
        return found

    def xml(self) -> Iterator[str]:
        yield f'{_HEAD}<sst xmlns="{_MAIN}" uniqueCount="{len(self.index)}">'
        for text in self.index:
            yield f'<si><t xml:space="preserve">{_xml_text(text)}</t></si>'
        yield "</sst>"


def _text_tail(text: str, strings: SharedStrings, bold: bool = False) -> str:
    """The part of a text cell after its reference (empty text: an empty cell)."""
    text = cell_text(text)
    if not text:
        return ""
    style = (BOLD if bold else PLAIN) + (QUOTED if needs_quote_prefix(text) else 0)
    styled = f' s="{style}"' if style else ""
    return f'"{styled} t="s"><v>{strings.add(text)}</v></c>'


def _value_tail(value: Any, strings: SharedStrings) -> str:
    """The part of any cell after its reference ('' for a missing value)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str):
        return _text_tail(value, strings)
    if isinstance(value, bool):
        return f'" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'"><v>{value}</v></c>'
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if math.isinf(value):
            return _text_tail(str(value), strings)
        return f'"><v>{value!r}</v></c>'
    return _text_tail(str(value), strings)


def _column_tails(series: pd.Series, strings: SharedStrings) -> np.ndarray:
    """Each cell's tail for one column of a block ('' where the cell stays empty)."""
    if pd.api.types.is_float_dtype(series.dtype) and not isinstance(
        series.dtype, pd.CategoricalDtype
    ):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        tails = np.full(len(values), "", dtype=object)
        finite = np.isfinite(values)
        tails[finite] = [f'"><v>{v!r}</v></c>' for v in values[finite].tolist()]
        infinite = np.isinf(values)
        tails[infinite] = [_text_tail(str(v), strings) for v in values[infinite].tolist()]
        return tails
    if pd.api.types.is_integer_dtype(series.dtype):
        tails = np.full(len(series), "", dtype=object)
        present = series.notna().to_numpy()
        ints = series[present].astype("int64").tolist()
        tails[present] = [f'"><v>{v}</v></c>' for v in ints]
        return tails
    objects = series.to_numpy(dtype=object)  # None, NaN and pd.NA all count as missing
    if pd.api.types.infer_dtype(objects, skipna=True) in ("string", "empty"):
        codes, uniques = pd.factorize(objects, use_na_sentinel=True)
        tails = np.array([_text_tail(u, strings) for u in uniques] + [""], dtype=object)
        return tails[codes]  # code -1 (missing) picks the last, empty tail
    return np.array([_value_tail(v, strings) for v in objects.tolist()], dtype=object)


def _sheet_rows(table: pd.DataFrame, strings: SharedStrings) -> Iterator[str]:
    letters = [f'<c r="{column_letter(i)}' for i in range(len(table.columns))]
    header = "".join(
        letter + "1" + tail
        for letter, column in zip(letters, table.columns, strict=True)
        if (tail := _text_tail(str(column), strings, bold=True))
    )
    yield f'<row r="1">{header}</row>'
    for start in range(0, len(table), BLOCK_ROWS):
        block = table.iloc[start : start + BLOCK_ROWS]
        numbers = np.array([str(r) for r in range(start + 2, start + 2 + len(block))], object)
        cells = []
        for letter, column in zip(letters, block.columns, strict=True):
            tails = _column_tails(block[column], strings)
            cells.append(np.where(tails == "", "", letter + numbers + tails))
        rows = (
            f'<row r="{r}">{"".join(row)}</row>'
            for r, row in zip(numbers.tolist(), zip(*cells, strict=True), strict=True)
        )
        yield "".join(rows)


def _sheet_xml(table: pd.DataFrame, strings: SharedStrings, first: bool) -> Iterator[str]:
    last = f"{column_letter(max(len(table.columns), 1) - 1)}{len(table) + 1}"
    selected = ' tabSelected="1"' if first else ""
    yield (
        f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="A1:{last}"/>'
        f'<sheetViews><sheetView{selected} workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/><sheetData>'
    )
    yield from _sheet_rows(table, strings)
    yield "</sheetData></worksheet>"


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
    target = Path(path)
    with atomic_output(target, "wb") as handle:
        write_workbook(tables, handle)
    return target


def write_workbook(tables: Mapping[str, pd.DataFrame], handle: IO[bytes]) -> None:
    """Write the workbook's zip package to an open binary file."""
    taken: set[str] = set()
    titles = [sheet_title(name, taken) for name in tables]
    strings = SharedStrings()
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", _content_types(len(titles)))
        package.writestr("_rels/.rels", _root_rels())
        package.writestr("xl/workbook.xml", _workbook(titles))
        package.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(titles)))
        package.writestr("xl/styles.xml", _STYLES)
        for number, table in enumerate(tables.values(), start=1):
            big = len(table) * max(len(table.columns), 1) > 5_000_000
            name = f"xl/worksheets/sheet{number}.xml"
            with package.open(name, "w", force_zip64=big) as part:
                for chunk in _sheet_xml(table, strings, number == 1):
                    part.write(chunk.encode("utf-8"))
        with package.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            for chunk in strings.xml():
                part.write(chunk.encode("utf-8"))


def _content_types(sheets: int) -> str:
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    kinds = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{sheet_type}"/>'
        for n in range(1, sheets + 1)
    )
    return (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{kinds}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{kinds}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kinds}.sharedStrings+xml"/>'
        f"{overrides}</Types>"
    )


def _root_rels() -> str:
    return (
        f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )


def _workbook(titles: list[str]) -> str:
    sheets = "".join(
        f'<sheet name="{_xml_attr(title)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, title in enumerate(titles, start=1)
    )
    return (
        f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews>'
        f'<workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets></workbook>'
    )


def _workbook_rels(sheets: int) -> str:
    links = [
        f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)
    ]
    links.append(f'<Relationship Id="rId{sheets + 1}" Type="{_REL}/styles" Target="styles.xml"/>')
    links.append(
        f'<Relationship Id="rId{sheets + 2}" Type="{_REL}/sharedStrings" '
        'Target="sharedStrings.xml"/>'
    )
    return f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{"".join(links)}</Relationships>'


_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    "</cellStyleXfs>"
    '<cellXfs count="4">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
    'quotePrefix="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
