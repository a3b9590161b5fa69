"""Key-press-to-stored latency of keyboard coding, in the real main window (offscreen).

Measures, in the same run and on the same project file:

* ours: one code key press (QTest key click on the focused window) -> QAction ->
  ``core.editing`` -> undo command -> repository commit -> views refreshed (timeline,
  event list, status), for a coding that already holds 0 and 2,000 events;
* baseline: the bare ``repo.apply_event_changes`` of the same one-point change (the
  commit alone, no UI), so the ratio is the UI's overhead on top of the durable write.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_key_coding.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["INTERACTIONCODER_CODER"] = "Ann"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from tests.ui.workspace_project import build_workspace_project

from interactioncoder.core.events import Event, EventChangeSet, new_event_id
from interactioncoder.media.synthetic import write_test_video
from interactioncoder.storage import open_project
from interactioncoder.ui import player_factory
from interactioncoder.ui.main_window import MainWindow

FRAMES = 1500
PRESSES = 150


def _preload(path: Path, session_id: int, coder_id: int, count: int) -> None:
    repo = open_project(path)
    try:
        version = repo.list_codebook_versions()[0].id
        coding = repo.create_coding(session_id, coder_id, version)
        step = 40.0
        repo.add_events(
            coding.id,
            [Event(new_event_id(), "gaze", i, i * step, i + 1, (i + 1) * step) for i in
             range(0, 2 * count, 2) if i + 1 < FRAMES][:count],
        )  # fmt: skip
    finally:
        repo.close()


def _measure_ui(window: MainWindow, frames: list[int]) -> list[float]:
    c = window.controller
    times = []
    for frame in frames:
        c.player.seek_frame(frame)
        deadline = time.monotonic() + 5
        while c.frame() != frame and time.monotonic() < deadline:
            QApplication.processEvents()
        window.video_grid.setFocus()
        before = window.undo_stack.count()
        t0 = time.perf_counter()
        QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_C)
        times.append(time.perf_counter() - t0)
        assert window.undo_stack.count() == before + 1, window.status.currentMessage()
    return times


def _measure_baseline(path: Path, coding_id: int, frames: list[int]) -> list[float]:
    repo = open_project(path)
    times = []
    try:
        for frame in frames:
            e = Event(new_event_id(), "cry", frame, frame * 40.0, frame, frame * 40.0)
            t0 = time.perf_counter()
            repo.apply_event_changes(coding_id, EventChangeSet(added=(e,)))
            times.append(time.perf_counter() - t0)
    finally:
        repo.close()
    return times


def main() -> None:
    app = QApplication.instance() or QApplication([])
    player_factory.ASK_RELINK = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        video = write_test_video(folder / "cam.mp4", FRAMES, fps=25, width=96, height=64)
        for existing in (0, 2000):
            project = build_workspace_project(folder / f"p{existing}.icproj", video.path)
            if existing:
                _preload(project.path, project.session_id, project.coders["Ann"], existing)
            settings = QSettings(str(folder / f"s{existing}.ini"), QSettings.Format.IniFormat)
            window = MainWindow(settings)
            window.show()
            window.activateWindow()
            window.open_project(str(project.path))
            QApplication.processEvents()
            frames = list(range(3, 3 + 2 * PRESSES, 2))  # odd frames: free of preloaded points
            ui = _measure_ui(window, frames)
            coding_id = window.ctx.coding.id if window.ctx else 0
            window.close()
            base = _measure_baseline(project.path, coding_id, [f + 1 for f in frames])
            ui_ms, base_ms = statistics.median(ui) * 1e3, statistics.median(base) * 1e3
            print(
                f"coding with {existing:>5} events: key press -> stored + views "
                f"median {ui_ms:6.2f} ms (p90 {sorted(ui)[int(0.9 * len(ui))] * 1e3:6.2f}); "
                f"bare commit {base_ms:5.2f} ms; ratio {ui_ms / base_ms:4.1f}x"
            )
    del app


if __name__ == "__main__":
    main()
