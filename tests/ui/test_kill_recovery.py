"""Crash safety: SIGKILL the real app in the middle of a burst of keyed edits.

The app runs in a subprocess (offscreen) on a temporary project: pytest-qt runs
``kill_burst_driver.py`` there, which opens the main window and replays key presses with
QTest where the keyboard focus is: step one frame, press a code key. After each edit
that reached the undo stack (and so the project file) it prints ``READY n``. The test
kills the process with SIGKILL while the burst goes on, reopens the project with the
repository and checks that every reported edit is there, that at most the one edit in
flight is extra, and that SQLite's integrity check passes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from interactioncoder.core import editing
from interactioncoder.core.events import Event
from interactioncoder.core.timebase import Timebase
from interactioncoder.media.synthetic import write_test_video
from interactioncoder.storage import open_project
from tests.ui.workspace_project import CODEBOOK, build_workspace_project

FRAMES = 160
KILL_AFTER = 40  # reported edits before the kill (the app keeps going until it dies)
PLAN = [("cry" if i % 3 != 2 else "gaze", i + 1) for i in range(FRAMES - 2)]
KEYS = {"cry": "Key_C", "gaze": "Key_G"}

DRIVER = Path(__file__).with_name("kill_burst_driver.py")
REPO_ROOT = Path(__file__).resolve().parents[2]


def expected_spans(n: int, timebase: Timebase) -> list[tuple[str, int, int | None]]:
    """What the first *n* planned key presses store (computed with the same editing rules)."""
    events: dict[str, Event] = {}
    for code, frame in PLAN[:n]:
        changes = editing.press_code_key(
            CODEBOOK,
            list(events.values()),
            code,
            frame,
            timebase.frame_to_ms(frame),
            timebase=timebase,
        )
        events = changes.apply_to(events)
    return sorted((e.code_id, e.onset_frame, e.offset_frame) for e in events.values())


@pytest.mark.slow
def test_sigkill_during_keyed_edits_loses_nothing_reported(tmp_path: Path) -> None:
    video = write_test_video(tmp_path / "cam.mp4", FRAMES, fps=25, width=96, height=64)
    project = build_workspace_project(tmp_path / "kill.icproj", video.path)
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        INTERACTIONCODER_CODER="Ann",
        KILL_BURST_PROJECT=str(project.path),
        KILL_BURST_PLAN=json.dumps([(KEYS[c], f) for c, f in PLAN]),
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # QSettings of this run only
        HOME=str(tmp_path),
        PYTHONPATH=f"{REPO_ROOT / 'src'}{os.pathsep}{REPO_ROOT}",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-s", "-q", "-p", "no:cacheprovider", str(DRIVER)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    reported = 0
    watchdog = threading.Timer(120, proc.kill)  # a hung app must not hang the test run
    watchdog.start()
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("READY"):
                reported = int(line.split()[1])
                if reported >= KILL_AFTER:
                    proc.send_signal(signal.SIGKILL)
                    break
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        stderr = proc.stderr.read() if proc.stderr else ""
    assert reported >= KILL_AFTER, f"the app stopped early (rc {proc.returncode}):\n{stderr}"
    assert proc.returncode == -signal.SIGKILL

    repo = open_project(project.path)
    try:
        assert repo.integrity_check() == []
        (coding,) = repo.list_codings(coder_id=project.coders["Ann"])
        stored = sorted(
            (e.code_id, e.onset_frame, e.offset_frame) for e in repo.list_events(coding.id)
        )
        timebase = repo.session_timebase(project.session_id)
    finally:
        repo.close()
    assert timebase is not None
    # every reported edit is there; at most the one in flight at the kill is extra
    assert stored in (expected_spans(reported, timebase), expected_spans(reported + 1, timebase))
    assert len(stored) >= 2 * KILL_AFTER // 3
