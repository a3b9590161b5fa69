"""The one operation runner: progress, cancel, failure shown to the user, success + refresh."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from interactioncoder.ui.operations import (
    CancelToken,
    Operation,
    ProgressCallback,
    run_and_wait,
    run_operation,
)
from interactioncoder.workflow.changes import Changes
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


@pytest.fixture
def pool() -> Iterator[QThreadPool]:
    pool = QThreadPool()
    yield pool
    pool.waitForDone(5000)


@pytest.fixture
def parent(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_success_runs_off_the_gui_thread_then_refreshes(qtbot, parent, pool) -> None:
    threads: list[bool] = []
    order: list[str] = []

    def work(progress: ProgressCallback, _cancel: CancelToken) -> int:
        threads.append(threading.current_thread() is threading.main_thread())
        for i in range(4):
            progress((i + 1) / 4, f"step {i + 1}")
        return 42

    op = Operation(
        "Counting",
        work,
        on_success=lambda n: order.append(f"success {n}"),
        changes=Changes(events=True),
    )
    handle = run_operation(parent, op, refresh=lambda c: order.append(f"refresh {c}"), pool=pool)
    assert handle.is_running
    with qtbot.waitSignal(handle.job.finished, timeout=5000):
        pass
    assert threads == [False]
    assert handle.outcome == "succeeded" and handle.result == 42
    assert order == ["success 42", f"refresh {Changes(events=True)}"]
    assert handle.job.last_progress == (1.0, "step 4")
    assert handle.message_box is None  # success is shown by on_success, not a box


def test_an_operation_that_changes_nothing_refreshes_nothing(qtbot, parent, pool) -> None:
    refreshed: list[Changes] = []
    handle = run_operation(
        parent, Operation("Reading", lambda p, c: "x"), refresh=refreshed.append, pool=pool
    )
    with qtbot.waitSignal(handle.job.finished, timeout=5000):
        pass
    assert handle.result == "x" and refreshed == []


def test_cancel_from_the_dialog_stops_the_work_and_says_so(qtbot, parent, pool) -> None:
    started = threading.Event()
    reached_end: list[bool] = []
    succeeded: list[object] = []

    def work(progress: ProgressCallback, cancel: CancelToken) -> str:
        progress(0.25, "first quarter")
        started.set()
        cancel.wait(5.0)
        progress(0.5, "second quarter")  # raises once cancelled
        reached_end.append(True)
        return "done"

    handle = run_operation(parent, Operation("Exporting", work, succeeded.append), pool=pool)
    dialog = handle.dialog
    assert dialog is not None
    qtbot.waitUntil(started.is_set)
    qtbot.waitUntil(lambda: dialog.value() == 250)
    with qtbot.waitSignal(handle.job.finished, timeout=5000):
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert handle.outcome == "cancelled"
    assert reached_end == [] and succeeded == []
    box = handle.message_box
    assert box is not None and box.isVisible()
    assert box.text() == "Cancelled: nothing was changed."
    assert box.parent() is parent


def test_expected_failure_shows_its_message_in_a_box_over_the_window(qtbot, parent, pool) -> None:
    def work(_p: ProgressCallback, _c: CancelToken) -> None:
        raise OSError("/media/usb/out.xlsx: disk full")

    refreshed: list[Changes] = []
    op = Operation("Export", work, changes=Changes(project=True), expected=(OSError,))
    handle = run_operation(parent, op, refresh=refreshed.append, pool=pool)
    with qtbot.waitSignal(handle.job.finished, timeout=5000):
        pass
    assert handle.outcome == "failed"
    assert handle.error == "/media/usb/out.xlsx: disk full"
    box = handle.message_box
    assert box is not None and box.isVisible() and box.parent() is parent
    assert box.windowTitle() == "Export failed"
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text() == "/media/usb/out.xlsx: disk full"
    assert refreshed == []  # a failed operation changed nothing to refresh


def test_unexpected_failure_names_the_error_and_can_go_to_the_dialog(qtbot, parent, pool) -> None:
    def work(_p: ProgressCallback, _c: CancelToken) -> None:
        raise KeyError("coder")

    shown: list[str] = []
    handle = run_operation(parent, Operation("Sync", work, on_failure=shown.append), pool=pool)
    with qtbot.waitSignal(handle.job.finished, timeout=5000):
        pass
    assert shown == ["KeyError: 'coder'"]
    assert handle.message_box is None  # the calling dialog shows it


def test_run_and_wait_returns_the_finished_handle(qtbot, parent, pool) -> None:
    handle = run_and_wait(parent, Operation("Adding", lambda p, c: 7), pool=pool)
    assert handle.outcome == "succeeded" and handle.result == 7
