"""1,000 edits, the writer SIGKILLed at random moments: no confirmed edit is ever lost.

Each round starts the worker on the same project, lets it run for a random time and kills
it with SIGKILL (no clean-up of any kind). The project must then hold exactly the confirmed
edits, plus at most the one edit that was in flight, and pass SQLite's integrity check.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from interactioncoder.storage import create_project, open_project
from tests.storage.conftest import small_codebook

REPO_ROOT = Path(__file__).resolve().parents[2]
TOTAL_EDITS = 1000


def apply(state: dict[str, tuple[int, int]], record: dict[str, Any]) -> None:
    e = record["event"]
    if record["op"] == "remove":
        state.pop(e["id"], None)
    else:
        state[e["id"]] = (e["onset_frame"], e["offset_frame"])


def collect(proc: subprocess.Popen[str], lines: list[str]) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_no_confirmed_edit_is_lost_under_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "kill.icproj"
    repo = create_project(path)
    dyad = repo.add_dyad("D1")
    session = repo.add_session(dyad.id, "s1")
    coder = repo.add_coder("A")
    coding = repo.create_coding(session.id, coder.id, repo.store_codebook(small_codebook()).id)
    repo.close()

    rng = random.Random(20261126)
    confirmed: dict[str, tuple[int, int]] = {}
    done_edits = 0
    rounds = 0
    env = {**os.environ, "PYTHONPATH": f"{REPO_ROOT / 'src'}{os.pathsep}{REPO_ROOT}"}
    while done_edits < TOTAL_EDITS:
        rounds += 1
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.storage.kill_worker",
                str(path),
                str(coding.id),
                str(rng.randrange(1 << 30)),
            ],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        lines: list[str] = []
        reader = threading.Thread(target=collect, args=(proc, lines), daemon=True)
        reader.start()
        # Let it start up, then kill at a random moment of its edit loop.
        deadline = time.monotonic() + 30
        while not any(line.startswith("DONE") for line in lines):
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else "worker died"
            assert time.monotonic() < deadline, "worker made no edit"
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        reader.join(timeout=5)

        in_flight: dict[str, Any] | None = None
        for line in lines:
            if line.startswith("BEGIN "):
                in_flight = json.loads(line[6:])
            elif line.startswith("DONE") and in_flight is not None:
                apply(confirmed, in_flight)
                done_edits += 1
                in_flight = None

        repo = open_project(path)
        try:
            assert repo.integrity_check() == [], f"round {rounds}: integrity check failed"
            stored = {e.id: (e.onset_frame, e.offset_frame) for e in repo.list_events(coding.id)}
        finally:
            repo.close()
        if stored != confirmed:
            # The only acceptable difference: the edit in flight committed before the kill.
            assert in_flight is not None, f"round {rounds}: stored events differ from confirmed"
            apply(confirmed, in_flight)
            assert stored == confirmed, f"round {rounds}: a confirmed edit was lost"
            done_edits += 1
    assert rounds >= 3, "the test should have killed the writer several times"
