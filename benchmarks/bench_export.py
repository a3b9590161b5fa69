"""Events export speed: 100,000 events to CSV (target: at most 1 s) and XLSX (at most 3 s).

A synthetic project of 20 sessions x 5 coders x 1,000 events (states, points, running
states, modifiers, comments, some of them formula-like) on a variable-frame-rate
timebase. Measures, in the same run:

* ours: ``events_table`` (build the tidy table) + ``write_csv`` (formula neutralisation,
  atomic write with fsync), end to end;
* baseline 1: the stdlib ``csv`` module writing the same rows naively (rows made in
  advance, no neutralisation, no rounding, no temp file) - the floor for "a CSV of these
  rows";
* baseline 2: pandas ``to_csv`` of the finished table straight to a file (no processing).

XLSX: ``write_xlsx`` of the finished events table against openpyxl's write-only mode
(the previous writer: one cell object per value, bold header, formula-like text
neutralised) on the same table, with XlsxWriter's constant-memory mode as a second
baseline (once each: the baselines take 10-15 s).

    .venv/bin/python benchmarks/bench_export.py
"""

from __future__ import annotations

import csv
import math
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from interactioncoder.core.codebook import (
    Code,
    Codebook,
    CodeGroup,
    CodeKind,
    Modifier,
    ModifierChoice,
    ModifierKind,
)
from interactioncoder.core.events import Event
from interactioncoder.core.project import (
    CodebookVersion,
    Coder,
    Coding,
    Dyad,
    Segment,
    Session,
)
from interactioncoder.core.timebase import Timebase
from interactioncoder.exchange.atomic import neutralise_formula
from interactioncoder.exchange.exporters.csv_file import write_csv
from interactioncoder.exchange.exporters.xlsx import write_xlsx
from interactioncoder.exchange.project_data import CodingData, ProjectData, SessionData
from interactioncoder.exchange.tables.events import events_table

SESSIONS, CODERS, EVENTS_PER_CODING = 20, 5, 1000
FRAMES = 18_000  # ten minutes at ~30 fps
REPEATS = 5


def build_codebook() -> Codebook:
    intensity = Modifier("intensity", "Intensity", ModifierKind.NUMBER, minimum=0, maximum=5)
    quality = Modifier(
        "quality",
        "Quality",
        ModifierKind.CHOICE,
        choices=(ModifierChoice("warm", "Warm"), ModifierChoice("flat", "Flat")),
    )
    groups = []
    for g in range(4):
        codes = tuple(
            Code(
                f"g{g}c{c}",
                f"Code {g}.{c}",
                CodeKind.POINT if c == 4 else CodeKind.STATE,
                "",
                "#336699",
                modifiers=(intensity, quality) if c == 0 else (),
            )
            for c in range(5)
        )
        groups.append(CodeGroup(f"g{g}", f"Group {g}", "mother", g % 2 == 0, codes))
    return Codebook("bench", "Bench", "1", groups=tuple(groups))


def vfr_timebase(rng: random.Random) -> Timebase:
    times, t = [], 0.0
    for _ in range(FRAMES):
        times.append(round(t, 3))
        t += rng.choice((33.366, 33.367, 33.4, 41.7, 66.733))  # phone video: uneven steps
    return Timebase.from_times(times)


def build_project() -> ProjectData:
    rng = random.Random(7)
    codebook = build_codebook()
    version = CodebookVersion(1, codebook, codebook.content_hash())
    codes = codebook.codes()
    tb = vfr_timebase(rng)
    sessions = []
    for s in range(SESSIONS):
        segments = (
            Segment(2 * s, s, "play", 0, tb.frame_to_ms(0), 9000, tb.frame_to_ms(9000)),
            Segment(
                2 * s + 1,
                s,
                "still-face",
                9000,
                tb.frame_to_ms(9000),
                17_999,
                tb.frame_to_ms(17_999),
            ),
        )
        codings = []
        for c in range(CODERS):
            events = []
            for i in range(EVENTS_PER_CODING):
                code = codes[rng.randrange(len(codes))]
                on = rng.randrange(FRAMES - 100)
                if code.kind is CodeKind.POINT:
                    off: int | None = on
                elif i % 97 == 0:
                    off = None
                else:
                    off = on + rng.randrange(1, 90)
                mods = (
                    {"intensity": rng.choice((1.5, 2.0, 4.25)), "quality": "warm"}
                    if code.modifiers
                    else {}
                )
                comment = rng.choice(("", "", "", "looks away", "=HYPERLINK(x)", "-2 s late"))
                events.append(
                    Event(
                        f"e{s}-{c}-{i}",
                        code.id,
                        on,
                        tb.frame_to_ms(on),
                        off,
                        None if off is None else tb.frame_to_ms(off),
                        mods,
                        comment,
                    )
                )
            codings.append(
                CodingData(
                    Coding(s * CODERS + c, s, c, 1), Coder(c, f"coder{c}"), version, tuple(events)
                )
            )
        sessions.append(
            SessionData(
                Session(s, s, f"s{s:02d}", visit="3m"),
                Dyad(s, f"D{s:02d}"),
                tuple(codings),
                segments,
                tb,
            )
        )
    return ProjectData("Bench", tuple(sessions))


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(best wall time, best CPU time) in seconds over REPEATS runs.

    CPU time (this process only) is reported too because the machine is shared: under
    load, wall time mostly measures waiting for a core.
    """
    walls, cpus = [], []
    for _ in range(REPEATS):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return min(walls), min(cpus)


def _plain(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return neutralise_formula(value) if isinstance(value, str) else value


def openpyxl_write_only(table: pd.DataFrame, target: Path) -> None:
    """The previous writer, in short: openpyxl's write-only mode (lxml installed)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("events")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=str(column))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.astype(object).itertuples(index=False):
        sheet.append([_plain(v) for v in row])
    book.save(target)


def xlsxwriter_constant_memory(table: pd.DataFrame, target: Path) -> None:
    """XlsxWriter's constant-memory mode, one write call per cell."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(target), {"constant_memory": True})
    sheet = book.add_worksheet("events")
    sheet.freeze_panes(1, 0)
    bold = book.add_format({"bold": True})
    for col, column in enumerate(table.columns):
        sheet.write_string(0, col, str(column), bold)
    for r, row in enumerate(table.astype(object).itertuples(index=False), start=1):
        for col, value in enumerate(row):
            value = _plain(value)
            if isinstance(value, str):
                sheet.write_string(r, col, value)
            elif value is not None:
                sheet.write_number(r, col, value)
    book.close()


def bench_xlsx(table: pd.DataFrame, out: Path) -> None:
    ours = timed(lambda: write_xlsx({"events": table}, out / "events.xlsx"))
    baselines = [("openpyxl write-only", openpyxl_write_only)]
    try:
        import xlsxwriter  # noqa: F401

        baselines.append(("XlsxWriter constant_memory", xlsxwriter_constant_memory))
    except ImportError:
        pass
    print(f"\nXLSX, {len(table):,} events             wall s   CPU s")
    print(f"ours, write_xlsx           {ours[0]:7.3f} {ours[1]:7.3f}   (best of {REPEATS})")
    for label, fn in baselines:
        wall, cpu = time.perf_counter(), time.process_time()
        fn(table, out / "baseline.xlsx")
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"baseline {label:<26}{wall:7.3f} {cpu:7.3f}   (once)")
        print(f"  baseline / ours: {wall / ours[0]:.1f}x wall, {cpu / ours[1]:.1f}x CPU")
    verdict = "OK" if ours[1] <= 3.0 else "MISSED"
    wall_verdict = "OK" if ours[0] <= 3.0 else "MISSED"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"XLSX target <= 3 s: CPU {verdict}, wall {wall_verdict} (load average {load:.1f})")


def main() -> None:
    project = build_project()
    n = sum(len(c.events) for _, c in project.codings())
    table = events_table(project)
    rows = table.astype(object).where(table.notna(), "").values.tolist()
    header = list(table.columns)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)

        def ours() -> None:
            write_csv(events_table(project), out / "events.csv")

        def table_only() -> None:
            events_table(project)

        def stdlib_csv() -> None:
            with (out / "naive.csv").open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                writer.writerows(rows)

        def pandas_plain() -> None:
            table.to_csv(out / "plain.csv", index=False)

        ours_t, table_t = timed(ours), timed(table_only)
        csv_t, pandas_t = timed(stdlib_csv), timed(pandas_plain)
        size = (out / "events.csv").stat().st_size
        bench_xlsx(table, out)
    print(f"events exported: {n:,} ({len(table.columns)} columns, {size / 1e6:.1f} MB)")
    print(f"best of {REPEATS} runs          wall s   CPU s")
    print(f"ours, table + write_csv    {ours_t[0]:7.3f} {ours_t[1]:7.3f}")
    print(f"  of which events_table    {table_t[0]:7.3f} {table_t[1]:7.3f}")
    print(f"baseline stdlib csv        {csv_t[0]:7.3f} {csv_t[1]:7.3f}   (rows made in advance)")
    print(f"baseline pandas to_csv     {pandas_t[0]:7.3f} {pandas_t[1]:7.3f}   (finished table)")
    for label, (wall, cpu) in (("stdlib csv", csv_t), ("pandas to_csv", pandas_t)):
        print(f"ours / {label}: {ours_t[0] / wall:.2f}x wall, {ours_t[1] / cpu:.2f}x CPU")

    def verdict(seconds: float) -> str:
        return "OK" if seconds <= 1.0 else "MISSED"

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"target <= 1 s: CPU {verdict(ours_t[1])}, wall {verdict(ours_t[0])} "
        f"(load average {load:.1f} on {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
