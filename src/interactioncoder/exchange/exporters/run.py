"""Running an export: which tables, into which files. Shared by the CLI and the GUI.

Table names (:data:`TABLE_NAMES`): ``events``, ``summary``, ``timeseries`` (per frame,
or per interval when an interval is given), ``ratings`` (long), ``ratings_wide``,
``rating_totals``; ``all`` means every one of them.

File layout:

* ``csv``, one table: the file PATH (``PATH/<table>.csv`` if PATH is a folder).
  Several tables (``all``): when PATH is an existing folder or has no ``.csv`` suffix,
  ``PATH/<table>.csv`` (the folder is created); when PATH ends in ``.csv``,
  ``<PATH stem>_<table>.csv`` beside it.
* ``xlsx``: one workbook PATH with one sheet per table.
* ``sdis``: one file PATH with every session x coder (events only).
* ``eaf``: one ELAN file per session (all its coders), ``PATH`` itself for a single
  session, else ``PATH/<dyad>_<session>.eaf``.
* ``png``/``svg``: per session an ethogram and duration/count bar charts into folder PATH.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from interactioncoder.exchange.exporters import plots
from interactioncoder.exchange.exporters.csv_file import write_csv, write_csv_tables
from interactioncoder.exchange.exporters.sdis import write_sdis
from interactioncoder.exchange.exporters.xlsx import write_xlsx
from interactioncoder.exchange.project_data import ProjectData, SessionData
from interactioncoder.exchange.tables.events import events_table, summary_table
from interactioncoder.exchange.tables.names import export_ready
from interactioncoder.exchange.tables.ratings import (
    rating_totals_table,
    ratings_long_table,
    ratings_wide_table,
)
from interactioncoder.exchange.tables.timeseries import timeseries_table

if TYPE_CHECKING:
    from interactioncoder.exchange.exporters.eaf import EafDocument

TABLE_NAMES = ("events", "summary", "timeseries", "ratings", "ratings_wide", "rating_totals")
FORMATS = ("csv", "xlsx", "sdis", "eaf", "png", "svg")


class ExportError(ValueError):
    """An export that cannot be made as asked (the message says why and what to do)."""


def build_tables(
    project: ProjectData, names: Sequence[str], interval_s: float | None = None
) -> dict[str, pd.DataFrame]:
    """The named tables (``all`` expands to every table), in :data:`TABLE_NAMES` order,
    ready for R and SPSS (:func:`~interactioncoder.exchange.tables.names.export_ready`)."""
    wanted = set(TABLE_NAMES) if "all" in names else set(names)
    unknown = wanted - set(TABLE_NAMES)
    if unknown:
        choices = ", ".join((*TABLE_NAMES, "all"))
        raise ExportError(f"unknown table {', '.join(sorted(unknown))} (choose from {choices})")
    builders: dict[str, Callable[[], pd.DataFrame]] = {
        "events": lambda: events_table(project),
        "summary": lambda: summary_table(project),
        "timeseries": lambda: timeseries_table(project, interval_s),
        "ratings": lambda: ratings_long_table(project),
        "ratings_wide": lambda: ratings_wide_table(project),
        "rating_totals": lambda: rating_totals_table(project),
    }
    tables = {}
    for name in TABLE_NAMES:
        if name in wanted:
            try:
                tables[name] = export_ready(builders[name]())
            except ValueError as exc:
                raise ExportError(f"{name} table: {exc}") from exc
    return tables


def file_stem(session: SessionData) -> str:
    """``<dyad>_<session>`` with characters unsafe in file names replaced by ``_``."""
    return re.sub(r"[^\w.-]+", "_", f"{session.dyad.label}_{session.session.name}").strip("._")


def csv_targets(out: Path, names: Sequence[str]) -> tuple[Path, str]:
    """(folder, file prefix) for writing several CSV tables (see the module docstring)."""
    if out.suffix.lower() == ".csv" and not out.is_dir():
        return out.parent, f"{out.stem}_"
    return out, ""


def export_tables(
    tables: dict[str, pd.DataFrame], fmt: str, out: Path, excel_bom: bool = False
) -> list[Path]:
    if fmt == "xlsx":
        return [write_xlsx(tables, out)]
    if fmt != "csv":
        raise ExportError(f"tables are written as csv or xlsx, not {fmt}")
    if len(tables) == 1:
        name, table = next(iter(tables.items()))
        target = out / f"{name}.csv" if out.is_dir() else out
        return [write_csv(table, target, excel=excel_bom)]
    folder, prefix = csv_targets(out, list(tables))
    if not prefix:
        folder.mkdir(exist_ok=True)
    return write_csv_tables(tables, folder, excel=excel_bom, prefix=prefix)


def export_eaf(project: ProjectData, out: Path) -> list[Path]:
    """One ELAN file per session (needs :mod:`interactioncoder.exchange.exporters.eaf`)."""
    try:
        from interactioncoder.exchange.exporters.eaf import write_eaf
    except ImportError as exc:  # pragma: no cover - the ELAN module ships with the package
        raise ExportError("EAF export not available yet") from exc
    sessions = [s for s in project.sessions if s.codings]
    if not sessions:
        raise ExportError("no coded sessions to export")
    single = len(sessions) == 1 and out.suffix.lower() == ".eaf"
    if not single:
        out.mkdir(exist_ok=True)
    written = []
    for session in sessions:
        where = f"session {session.dyad.label}/{session.session.name}"
        document = _eaf_document(project, session, where)
        target = out if single else out / f"{file_stem(session)}.eaf"
        try:
            write_eaf(target, document)
        except ValueError as exc:
            raise ExportError(f"{where}: {exc}") from exc
        written.append(target)
    return written


def _eaf_document(project: ProjectData, session: SessionData, where: str) -> EafDocument:
    """The session's ELAN document, one tier set per coding (ExportError when one ELAN
    file cannot hold the session)."""
    from interactioncoder.exchange.exporters.eaf import EafCoding, EafDocument, EafMedia

    if session.timebase is None:
        raise ExportError(f"{where} has no master video; ELAN needs its frame times")
    codebooks = {c.codebook_version.sha256 for c in session.codings}
    if len(codebooks) > 1:
        raise ExportError(
            f"{where} is coded with {len(codebooks)} codebook versions; an ELAN file holds "
            "one (export the coders separately with --coders)"
        )
    labels = [
        c.coder.name
        if c.coding.role.value == "primary"
        else f"{c.coder.name} {c.coding.role.value}"
        for c in session.codings
    ]
    return EafDocument(
        codebook=session.codings[0].codebook,
        timebase=session.timebase,
        codings=[
            EafCoding(coder=label, events=c.events)
            for label, c in zip(labels, session.codings, strict=True)
        ],
        media=[
            EafMedia(path=video.path, offset_ms=link.offset_ms, is_master=link.is_master)
            for link, video in zip(session.session.videos, session.videos, strict=False)
        ],
        properties={
            "project": project.project_name,
            "dyad": session.dyad.label,
            "session": session.session.name,
        },
    )


def export_plots(project: ProjectData, out: Path, fmt: str) -> list[Path]:
    if not project.sessions:
        raise ExportError("no sessions to plot")
    out.mkdir(exist_ok=True)
    return plots.write_session_plots(project, out, fmt)


def run_export(
    project: ProjectData,
    fmt: str,
    out: str | os.PathLike[str],
    tables: Sequence[str] = ("events",),
    interval_s: float | None = None,
    excel_bom: bool = False,
    sdis_unit: str = "s",
) -> list[Path]:
    """Export *project* as asked; returns the files written."""
    target = Path(out)
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if not target.parent.is_dir():
        raise ExportError(f"{target.parent}: no such folder")
    if fmt in ("csv", "xlsx"):
        return export_tables(build_tables(project, tables, interval_s), fmt, target, excel_bom)
    if fmt == "sdis":
        try:
            return [write_sdis(project, target, unit=sdis_unit)]
        except ValueError as exc:
            raise ExportError(str(exc)) from exc
    if fmt == "eaf":
        return export_eaf(project, target)
    return export_plots(project, target, fmt)
