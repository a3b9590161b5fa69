from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QPushButton, QWidget

from interactioncoder.ui.dialogs.progress import (
    CancelToken,
    ProgressOperation,
    run_with_progress,
)
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


@pytest.fixture
def pool():  # type: ignore[no-untyped-def]
    pool = QThreadPool()
    yield pool
    pool.waitForDone(5000)


def test_reports_progress_and_result(qtbot, pool) -> None:
    seen_threads: list[bool] = []

    def work(progress, cancel: CancelToken) -> int:  # type: ignore[no-untyped-def]
        seen_threads.append(threading.current_thread() is threading.main_thread())
        total = 0
        for i in range(5):
            total += i
            progress((i + 1) / 5, f"item {i + 1} of 5")
        return total

    parent = QWidget()
    qtbot.addWidget(parent)
    received: list[tuple[float, str]] = []
    op = run_with_progress(parent, "Exporting", work, pool=pool)
    op.progressed.connect(lambda f, t: received.append((f, t)))
    with qtbot.waitSignal(op.succeeded, timeout=5000) as blocker:
        pass
    assert blocker.args == [10]
    assert seen_threads == [False]  # never on the GUI thread
    assert op.last_progress == (1.0, "item 5 of 5")
    assert not op.is_running


def test_cancel_stops_the_work(qtbot, pool) -> None:
    started = threading.Event()
    reached_end = []

    def work(progress, cancel: CancelToken) -> str:  # type: ignore[no-untyped-def]
        progress(0.1, "first step")
        started.set()
        cancel.wait(5.0)  # the worker waits; the GUI stays free
        progress(0.5, "second step")  # raises OperationCancelled
        reached_end.append(True)
        return "done"

    parent = QWidget()
    qtbot.addWidget(parent)
    op = run_with_progress(parent, "Computing agreement", work, pool=pool)
    dialog = op.dialog  # type: ignore[attr-defined]
    qtbot.waitUntil(started.is_set)
    qtbot.waitUntil(lambda: dialog.value() == 100)
    assert dialog.labelText() == "first step"
    with qtbot.waitSignal(op.cancelled, timeout=5000), qtbot.assertNotEmitted(op.succeeded):
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert reached_end == []
    assert op.token.is_cancelled


def test_failure_is_reported(qtbot, pool) -> None:
    def work(progress, cancel):  # type: ignore[no-untyped-def]
        raise ValueError("sessions.csv line 4: unknown code 'smile'")

    op = ProgressOperation(work)
    with qtbot.waitSignal(op.failed, timeout=5000) as blocker:
        op.start(pool)
    message, exc = blocker.args
    assert message == "ValueError: sessions.csv line 4: unknown code 'smile'"
    assert isinstance(exc, ValueError)
    with pytest.raises(RuntimeError):
        op.start(pool)
