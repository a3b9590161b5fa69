"""``interactioncoder export PROJECT --format ... --out PATH``: tables, SDIS, ELAN, plots."""

from __future__ import annotations

import argparse
import math

from interactioncoder.commands._projects import add_project_argument, opened_project
from interactioncoder.commands.common import SubParsers, UserError
from interactioncoder.core.limits import MAX_DURATION_S, MAX_EXPORT_ROWS, MIN_EXPORT_INTERVAL_S
from interactioncoder.exchange.atomic import ExportTargetError
from interactioncoder.exchange.exporters.run import FORMATS, TABLE_NAMES, ExportError, run_export
from interactioncoder.exchange.exporters.sdis import UNITS
from interactioncoder.exchange.project_data import (
    ExportSelectionError,
    ProjectData,
    load_project_data,
)

DESCRIPTION = """\
Write a project's coded data for analysis.

Tables (--format csv or xlsx):
  events         one row per coded event, with times in s, segment and modifiers
  summary        per session x coder x code (and segment): count, durations, rate, latency
  timeseries     per frame, or per --interval seconds: 0/1 per code, state per group
  ratings        global ratings, one row per rating
  ratings_wide   one row per session x coder, one column per scale, totals and cut-offs
  rating_totals  scale totals with the clinical cut-off
  all            every table: one workbook (xlsx), or one CSV per table (csv: into the
                 folder PATH, or PATH_<table>.csv when PATH ends in .csv)

Other formats: sdis (GSEQ timed events, one file), eaf (ELAN, one file per session;
a folder unless a single session goes to a .eaf PATH), png/svg (ethogram and bar charts
per session into the folder PATH).
"""


def _interval(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"the interval must be positive, not {text}")
    if value < MIN_EXPORT_INTERVAL_S or value > MAX_DURATION_S:
        raise argparse.ArgumentTypeError(
            f"the interval {text} s is outside {MIN_EXPORT_INTERVAL_S:g} .. {MAX_DURATION_S:g} s"
        )
    return value


def _check_rows(project: ProjectData, interval_s: float | None, tables: tuple[str, ...]) -> None:
    """Refuse a time series that would exceed MAX_EXPORT_ROWS rows (per session)."""
    if not any(t in ("timeseries", "all") for t in tables):
        return
    for session in project.sessions:
        if interval_s is not None:
            rows = session.duration_ms / (interval_s * 1000.0)
        else:
            rows = session.timebase.frame_count if session.timebase is not None else 0
        rows *= max(len(session.codings), 1)
        if rows > MAX_EXPORT_ROWS:
            raise UserError(
                f"session {session.session.name!r}: the time series would have {rows:,.0f} "
                f"rows, more than the limit of {MAX_EXPORT_ROWS:,}; give a longer --interval"
            )


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(
        "export",
        help="export coded data: CSV/Excel tables, SDIS (GSEQ), ELAN, plots",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_project_argument(parser)
    parser.add_argument(
        "--table",
        choices=(*TABLE_NAMES, "all"),
        default="events",
        help="which table to write for csv/xlsx (default: events)",
    )
    parser.add_argument("--format", choices=FORMATS, default="csv", help="default: csv")
    parser.add_argument(
        "--interval",
        type=_interval,
        metavar="S",
        help="time series per S-second interval instead of per frame",
    )
    parser.add_argument(
        "--sessions",
        nargs="+",
        metavar="SESSION",
        help="only these sessions (id, name, or DYAD/SESSION)",
    )
    parser.add_argument("--coders", nargs="+", metavar="CODER", help="only these coders")
    parser.add_argument(
        "--excel-bom",
        action="store_true",
        help="start CSV files with a UTF-8 byte-order mark (for Excel)",
    )
    parser.add_argument(
        "--sdis-unit",
        choices=UNITS,
        default="s",
        help="SDIS times in seconds (default) or master-video frames",
    )
    parser.add_argument("--out", required=True, metavar="PATH", help="file or folder to write")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with opened_project(args.project) as repo:
        try:
            project = load_project_data(repo, sessions=args.sessions, coders=args.coders)
        except ExportSelectionError as exc:
            raise UserError(str(exc)) from exc
    if not project.sessions:
        raise UserError("the project has no sessions to export")
    _check_rows(project, args.interval, (args.table,))
    try:
        written = run_export(
            project,
            args.format,
            args.out,
            tables=(args.table,),
            interval_s=args.interval,
            excel_bom=args.excel_bom,
            sdis_unit=args.sdis_unit,
        )
    except ExportError as exc:
        raise UserError(str(exc)) from exc
    except (ExportTargetError, IsADirectoryError) as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise UserError(
            f"could not write {exc.filename or args.out}: {exc.strerror or exc}"
        ) from exc
    for path in written:
        print(f"wrote {path}")
    return 0
