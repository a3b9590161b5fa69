"""Crash safety: SIGKILL the real app in the middle of a burst of keyed edits.

The app runs in a subprocess (offscreen) on a temporary project. A script executed inside
it (``INTERACTIONCODER_SCRIPT``) replays key presses with QTest where the keyboard focus
is: step one frame, press a code key. After each edit that reached the undo stack (and so
the project file) it prints ``READY n``. The test kills the process with SIGKILL while the
burst goes on, reopens the project with the repository and checks that every reported edit
is there, that at most the one edit in flight is extra, and that SQLite's integrity check
passes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
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

SCRIPT = textwrap.dedent(
    """
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    PLAN = {plan!r}
    window.activateWindow()
    window.video_grid.setFocus()
    c = window.controller

    def target():
        return QApplication.focusWidget() or window

    def settled():
        p = c.player
        return not hasattr(p, "requested_frame") or p.displayed_frame() == p.requested_frame()

    def burst():
        while QApplication.activeWindow() is not window:  # shortcuts need the active window
            window.activateWindow()
            yield
        window.video_grid.setFocus()
        for n, (key, frame) in enumerate(PLAN, start=1):
            QTest.keyClick(target(), Qt.Key.Key_Right)
            while not settled():
                yield
            assert c.frame() == frame, (c.frame(), frame)
            before = window.undo_stack.count()
            QTest.keyClick(target(), getattr(Qt.Key, key))
            assert window.undo_stack.count() == before + 1, c.ctx and window.status.currentMessage()
            print("READY", n, flush=True)
            yield
        print("DONE", flush=True)

    def advance():
        try:
            next(steps, None)
        except BaseException:  # a failing script must end the app, not leave it hanging
            import os, traceback
            traceback.print_exc()
            os._exit(3)

    steps = burst()
    timer = QTimer(window)
    timer.setInterval(0)
    timer.timeout.connect(advance)
    timer.start()
    """
)


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
    script = tmp_path / "burst.py"
    script.write_text(SCRIPT.format(plan=[(KEYS[c], f) for c, f in PLAN]), encoding="utf-8")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        INTERACTIONCODER_CODER="Ann",
        INTERACTIONCODER_SCRIPT=str(script),
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # QSettings of this run only
        HOME=str(tmp_path),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "interactioncoder", str(project.path)],
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
