"""A reliability report as text table, tidy CSV, JSON or one self-contained HTML file.

:mod:`.common` holds what the formats share; each format is its own module importing only
``common`` (no module imports another format or this package back).
"""

from __future__ import annotations

from interactioncoder.reliability.analysis import ReliabilityReport
from interactioncoder.reliability.report.common import (
    CSV_COLUMNS,
    FORMATS,
    RatingRow,
    num,
    parameter_lines,
    rating_rows,
    stat_rows,
)
from interactioncoder.reliability.report.html_report import to_html
from interactioncoder.reliability.report.json_report import plain, to_json
from interactioncoder.reliability.report.text import matrix_text, to_csv, to_table

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "RatingRow",
    "matrix_text",
    "num",
    "parameter_lines",
    "plain",
    "rating_rows",
    "render",
    "stat_rows",
    "to_csv",
    "to_html",
    "to_json",
    "to_table",
]


def render(report: ReliabilityReport, fmt: str) -> str:
    if fmt == "table":
        return to_table(report)
    if fmt == "csv":
        return to_csv(report)
    if fmt == "json":
        return to_json(report)
    if fmt == "html":
        return to_html(report)
    raise ValueError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")
