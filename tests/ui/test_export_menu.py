"""File ▸ Export runs through the operation runner: off the GUI thread, outcome in a box."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QMessageBox, QWidget

from interactioncoder.core.project import Coder
from interactioncoder.exchange.exporters import run as export_run
from interactioncoder.storage import ProjectRepository, create_project
from interactioncoder.ui import export_menu
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


@pytest.fixture
def pool() -> Iterator[QThreadPool]:
    pool = QThreadPool()
    yield pool
    pool.waitForDone(10000)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[tuple[ProjectRepository, Coder]]:
    repo = create_project(tmp_path / "study.icproj", name="Study")
    pi = repo.add_coder("Dr. Rivera", is_pi=True)
    yield repo, pi
    repo.close()


def test_export_writes_on_a_worker_thread_and_lists_the_files(
    qtbot, project, pool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    repo, pi = project
    parent = QWidget()
    qtbot.addWidget(parent)
    out = tmp_path / "events.csv"
    monkeypatch.setattr(export_menu.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    on_gui_thread: list[bool] = []
    real_run_export = export_run.run_export

    def spying_run_export(*args: object, **kwargs: object) -> list[Path]:
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return real_run_export(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(export_run, "run_export", spying_run_export)
    handle = export_menu.export(
        parent, repo, pi, "csv", ("events",), "file", "CSV (*.csv)", pool=pool
    )
    assert handle is not None
    with qtbot.waitSignal(handle.job.finished, timeout=10000):
        pass
    assert on_gui_thread == [False]  # the export ran on a worker thread
    assert handle.outcome == "succeeded" and handle.result == [out]
    assert out.exists()
    box = handle.message_box
    assert box is not None and box.isVisible()
    assert box.text() == f"Wrote 1 file(s):\n{out}"


def test_export_failure_is_shown_in_a_box_with_the_reason(
    qtbot, project, pool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    repo, pi = project
    parent = QWidget()
    qtbot.addWidget(parent)
    out = tmp_path / "no such folder" / "events.csv"
    monkeypatch.setattr(export_menu.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    handle = export_menu.export(
        parent, repo, pi, "csv", ("events",), "file", "CSV (*.csv)", pool=pool
    )
    assert handle is not None
    with qtbot.waitSignal(handle.job.finished, timeout=10000):
        pass
    assert handle.outcome == "failed"
    box = handle.message_box
    assert box is not None and box.windowTitle() == "Export failed"
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text() == f"{out.parent}: no such folder"
    assert not out.exists()


def test_cancelled_file_choice_starts_nothing(
    qtbot, project, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, pi = project
    parent = QWidget()
    qtbot.addWidget(parent)
    monkeypatch.setattr(export_menu.QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    assert export_menu.export(parent, repo, pi, "eaf", (), "folder", "") is None


def test_a_coders_export_says_it_holds_only_their_own_coding(
    qtbot, project, pool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Issue 12 item 11: a non-PI export is not silently partial."""
    repo, _pi = project
    ann = repo.add_coder("Ann")
    parent = QWidget()
    qtbot.addWidget(parent)
    out = tmp_path / "events.csv"
    monkeypatch.setattr(export_menu.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    handle = export_menu.export(
        parent, repo, ann, "csv", ("events",), "file", "CSV (*.csv)", pool=pool
    )
    assert handle is not None
    with qtbot.waitSignal(handle.job.finished, timeout=10000):
        pass
    box = handle.message_box
    assert box is not None
    assert "only your own coding" in box.text() and "Ann" in box.text()
    assert "PI" in box.text()  # who can export everyone's
