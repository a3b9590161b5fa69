"""Project store: how long one coder edit takes to be safely on disk.

Every edit is its own transaction committed with ``synchronous=FULL`` before the call
returns (that is what makes a killed app lose nothing). Measured in the same run:

* ours: ``repo.apply_event_changes`` (add one event: checks, insert, coding status,
  audit row, commit) for 1,000 edits, on a coding that grows to 1,000 events;
* baseline: the bare minimum on the same disk: stdlib ``sqlite3`` inserting one row and
  committing, WAL + ``synchronous=FULL``, 1,000 times;
* reads: ``repo.list_events`` of a 20,000-event coding (what opening a session costs).

    .venv/bin/python benchmarks/bench_storage.py
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from interactioncoder.core.codebook import Code, Codebook, CodeGroup, CodeKind, Subject
from interactioncoder.core.events import Event, EventChangeSet, new_event_id
from interactioncoder.storage import create_project

EDITS = 1000


def codebook() -> Codebook:
    return Codebook(
        id="bench",
        name="Bench",
        version="1",
        subjects=(Subject("infant", "Infant"),),
        groups=(
            CodeGroup(
                "g",
                "Markers",
                "infant",
                False,
                (Code("p", "Point", CodeKind.POINT, "P", "#123456"),),
            ),
        ),
    )


def point(frame: int) -> Event:
    return Event(new_event_id(), "p", frame, frame * 33.367, frame, frame * 33.367)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        repo = create_project(Path(tmp) / "bench.icproj")
        dyad = repo.add_dyad("D")
        session = repo.add_session(dyad.id, "s")
        coder = repo.add_coder("A")
        coding = repo.create_coding(session.id, coder.id, repo.store_codebook(codebook()).id)
        ours = []
        for i in range(EDITS):
            change = EventChangeSet(added=(point(i),))
            start = time.perf_counter()
            repo.apply_event_changes(coding.id, change)
            ours.append((time.perf_counter() - start) * 1000)

        con = sqlite3.connect(Path(tmp) / "baseline.db", isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")
        con.execute("CREATE TABLE e (id TEXT PRIMARY KEY, onset INTEGER)")
        base = []
        for i in range(EDITS):
            start = time.perf_counter()
            con.execute("BEGIN IMMEDIATE")
            con.execute("INSERT INTO e VALUES (?, ?)", (new_event_id(), i))
            con.execute("COMMIT")
            base.append((time.perf_counter() - start) * 1000)
        con.close()

        big = repo.create_coding(session.id, repo.add_coder("B").id, coding.codebook_version_id)
        repo.add_events(big.id, [point(i) for i in range(20_000)])
        reads = []
        for _ in range(5):
            start = time.perf_counter()
            events = repo.list_events(big.id)
            reads.append(time.perf_counter() - start)
        assert len(events) == 20_000
        repo.close()

    print(
        f"one edit, committed (ours):      median {statistics.median(ours):6.2f} ms   "
        f"p95 {percentile(ours, 0.95):6.2f} ms   ({EDITS} edits)"
    )
    print(
        f"bare sqlite3 insert+commit:      median {statistics.median(base):6.2f} ms   "
        f"p95 {percentile(base, 0.95):6.2f} ms"
    )
    print(
        f"ratio ours / bare (median):      {statistics.median(ours) / statistics.median(base):.1f}x"
    )
    print(f"list_events of 20,000 events:    median {statistics.median(reads) * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
