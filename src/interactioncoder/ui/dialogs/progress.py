"""Run a long operation (export, import, reliability) off the GUI thread, with progress.

Usage::

    def work(progress: ProgressCallback, cancel: CancelToken) -> Path:
        for i, item in enumerate(items):
            progress(i / len(items), f"Exporting {item}")   # raises OperationCancelled
            ...                                              # once the user cancelled
        return out_path

    op = run_with_progress(window, "Exporting", work)
    op.succeeded.connect(lambda result: ...)     # object: the function's return value
    op.failed.connect(lambda message, exc: ...)  # str, BaseException
    op.cancelled.connect(...)

This is the engine under :func:`interactioncoder.ui.operations.run_operation`, the one
runner for writes and long jobs (typed operations, the outcome shown to the user); call
that in new code. ``run_with_progress`` shows a window-modal QProgressDialog with open()
(never exec()), runs *work* in a QThreadPool worker and returns at once. The progress
callback is thread-safe: it only emits a queued signal. Cancelling sets the token; the work
stops at its next ``progress()`` call (or by checking ``cancel.is_cancelled``). Work must
not touch widgets.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

PROGRESS_STEPS = 1000


class OperationCancelled(Exception):  # noqa: N818 - a request, not an error
    """Raised inside the work by ``progress()`` once the user has cancelled."""


class CancelToken:
    """A thread-safe cancel flag shared by the GUI and the worker."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def is_cancelled(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: float) -> bool:
        """Block the *worker* up to *timeout* s; True once cancelled (never on the GUI)."""
        return self._event.wait(timeout)

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise OperationCancelled


ProgressCallback = Callable[[float, str], None]
Work = Callable[[ProgressCallback, CancelToken], Any]


class ProgressOperation(QObject):
    """One background operation. Emits exactly one of succeeded / failed / cancelled.

    Signals:
        progressed(float fraction 0..1, str text)
        succeeded(object result)
        failed(str message, object exception)
        cancelled()
        finished(): after any of the three above.
    """

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(str, object)
    cancelled = Signal()
    finished = Signal()

    _done = Signal(str, object)  # worker -> GUI thread: ("ok"|"cancel"|"error", payload)

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self.token = CancelToken()
        self._running = False
        self._finished = False
        self.last_progress: tuple[float, str] = (0.0, "")
        self.dialog: QProgressDialog | None = None  # set by run_with_progress
        self._done.connect(self._on_done)
        self.progressed.connect(self._remember)

    def start(self, pool: QThreadPool | None = None) -> None:
        if self._running or self._finished:
            raise RuntimeError("this operation has already been started")
        self._running = True
        (pool or QThreadPool.globalInstance()).start(_Runner(self))

    def cancel(self) -> None:
        self.token.cancel()

    @property
    def is_running(self) -> bool:
        return self._running

    # called in the worker thread
    def _progress(self, fraction: float, text: str = "") -> None:
        self.token.raise_if_cancelled()
        self.progressed.emit(max(0.0, min(1.0, float(fraction))), text)

    def _run(self) -> None:
        try:
            result = self._work(self._progress, self.token)
        except OperationCancelled:
            self._done.emit("cancel", None)
        except Exception as exc:  # reported to the user, not swallowed
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            self._done.emit("error", (detail, exc))
        else:
            if self.token.is_cancelled:
                self._done.emit("cancel", None)
            else:
                self._done.emit("ok", result)

    # GUI thread
    @Slot(float, str)
    def _remember(self, fraction: float, text: str) -> None:
        self.last_progress = (fraction, text)

    @Slot(str, object)
    def _on_done(self, outcome: str, payload: object) -> None:
        self._running = False
        self._finished = True
        if outcome == "ok":
            self.succeeded.emit(payload)
        elif outcome == "cancel":
            self.cancelled.emit()
        else:
            assert isinstance(payload, tuple)
            message, exc = payload
            self.failed.emit(str(message), exc)
        self.finished.emit()


class _Runner(QRunnable):
    def __init__(self, operation: ProgressOperation) -> None:
        super().__init__()
        self._operation = operation
        self.setAutoDelete(True)

    def run(self) -> None:
        self._operation._run()


def run_with_progress(
    parent: QWidget | None,
    title: str,
    work: Work,
    pool: QThreadPool | None = None,
) -> ProgressOperation:
    """Start *work* in the background behind a cancellable progress dialog; returns at once.

    The dialog is ``operation.dialog``; it closes itself when the work ends.
    """
    operation = ProgressOperation(work, parent)
    dialog = QProgressDialog(title, "Cancel", 0, PROGRESS_STEPS, parent)
    dialog.setWindowTitle(title)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(360)
    dialog.setValue(0)
    operation.dialog = dialog

    def on_progress(fraction: float, text: str) -> None:
        if not dialog.wasCanceled():
            dialog.setValue(round(fraction * PROGRESS_STEPS))
            if text:
                dialog.setLabelText(text)

    def on_cancel() -> None:
        operation.cancel()
        dialog.setLabelText("Cancelling…")

    operation.progressed.connect(on_progress)
    dialog.canceled.connect(on_cancel)
    operation.finished.connect(dialog.close)
    operation.finished.connect(dialog.deleteLater)
    dialog.open()
    operation.start(pool)
    return operation
