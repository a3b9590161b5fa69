"""Importing a million events: time and peak memory per stored event.

Target (issue 14): 1,000,000 events from a CSV file in at most 30 s, with memory growing
by at most 500 bytes per stored event. Each measurement runs in its own child process
(peak RSS from ``getrusage``); growth is the child's peak minus its RSS just before the
import (program loaded, project open), divided by the number of events.

Baseline, in the same run: a bare ``sqlite3`` ``executemany`` inserting the same rows
(streamed from the same CSV file) into a table with the events' columns.

    .venv/bin/python benchmarks/bench_import.py [EVENTS]

Measured (2 shared cores, load average 4-5, so times are high and noisy; compare the
ratio): 1,000,000 events 40.1 s (baseline 17.1 s, 2.3x), +140 B/event; 200,000 events
+150 B/event, 2.3-3.0x the baseline (before the columnar import: 698 B/event, 3.1x).
"""

from __future__ import annotations

import csv
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def write_csv(path: Path, n: int) -> None:
    """*n* events at 25 fps: a 2-frame state of i_cry, then a point i_look, repeating."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["onset", "offset", "code"])
        frame = 0
        for i in range(n):
            if i % 2 == 0:
                out.writerow([f"{frame * 0.04:.3f}", f"{(frame + 2) * 0.04:.3f}", "i_cry"])
                frame += 2
            else:
                out.writerow([f"{frame * 0.04:.3f}", "", "i_look"])
                frame += 1


def child_ours(csv_path: str, folder: str) -> dict[str, float]:
    from interactioncoder.cli import build_parser, main
    from interactioncoder.core.codebook import Code, Codebook, CodeGroup, CodeKind, Subject
    from interactioncoder.storage import create_project

    build_parser()
    import interactioncoder.exchange.importers.csv_events  # noqa: F401 - loaded before measuring

    project = Path(folder) / "bench.icproj"
    repo = create_project(project, name="bench")
    cb = Codebook(
        "bench", "bench", "1", subjects=(Subject("infant", "Infant"),),
        groups=(CodeGroup("g", "Infant", "infant", False, (
            Code("i_cry", "Cry", CodeKind.STATE, "w", "#aa00aa"),
            Code("i_look", "Look", CodeKind.POINT, "q", "#0000aa"),
        )),),
    )  # fmt: skip
    repo.store_codebook(cb)
    repo.close()
    before = _rss_kb()
    start = time.perf_counter()
    code = main(["import", str(project), csv_path, "--from", "csv", "--dyad", "D", "--session",
                 "S", "--coder", "C", "--fps", "25"])  # fmt: skip
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"code": code, "seconds": seconds, "before_kb": before, "peak_kb": peak}


def child_baseline(csv_path: str, folder: str) -> dict[str, float]:
    db = sqlite3.connect(Path(folder) / "bare.sqlite")
    db.execute(
        "CREATE TABLE events (id TEXT PRIMARY KEY, coding_id INTEGER, code_id TEXT, "
        "onset_frame INTEGER, onset_ms REAL, offset_frame INTEGER, offset_ms REAL)"
    )
    before = _rss_kb()
    start = time.perf_counter()

    def rows():  # type: ignore[no-untyped-def]
        with Path(csv_path).open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            next(reader)
            for onset, offset, code in reader:
                on = round(float(onset) * 25)
                off = round(float(offset) * 25) if offset else on
                yield (uuid.uuid4().hex, 1, code, on, on * 40.0, off, off * 40.0)

    with db:
        db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)", rows())
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    db.close()
    return {"code": 0, "seconds": seconds, "before_kb": before, "peak_kb": peak}


def _run_child(kind: str, csv_path: Path, folder: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(csv_path), str(folder)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = folder / "events.csv"
        write_csv(csv_path, n)
        size = csv_path.stat().st_size
        base = _run_child("baseline", csv_path, folder)
        ours = _run_child("ours", csv_path, folder)
    print(f"import of {n:,} events from a {size / 1e6:.1f} MB CSV file (child processes)")
    for name, r in (("ours (interactioncoder import)", ours), ("baseline bare executemany", base)):
        growth = (r["peak_kb"] - r["before_kb"]) * 1024 / n
        print(f"  {name:<31} {r['seconds']:6.1f} s  {r['seconds'] / n * 1e6:5.1f} us/event  "
              f"peak +{(r['peak_kb'] - r['before_kb']) / 1024:7.1f} MB = {growth:6.0f} B/event"
              + ("" if r["code"] == 0 else f"  (exit {r['code']})"))  # fmt: skip
    print(f"  ratio ours / baseline: time {ours['seconds'] / base['seconds']:.1f}x")
    print("  targets: <= 30 s and <= 500 B/event for 1,000,000 events")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, csv_file, work = sys.argv[2], sys.argv[3], sys.argv[4]
        result = (child_ours if kind == "ours" else child_baseline)(csv_file, work)
        sys.stdout.flush()
        print(json.dumps(result))
    else:
        main()
