"""One runner for every write or long job (in the spirit of Anki's ``CollectionOp``).

An :class:`Operation` is a small typed value: a title, the *work* (a function over the
project that runs on a worker thread, with a progress callback and a cancel token, and
returns a result), what to do with the result on the GUI thread (``on_success``) and which
views the operation changes (:class:`~interactioncoder.workflow.changes.Changes`).
:func:`run_operation` runs it behind a cancellable, window-modal progress dialog and tells
the user how it ended where they are looking: failures (and cancels) in a message box over
the window, or in the calling dialog when it passes ``on_failure`` / ``on_cancel``. Never in
a status bar that another message covers.

Usage::

    op = Operation(
        "Exporting",
        work=lambda progress, cancel: run_export(...),   # worker thread: no widgets
        on_success=lambda files: ...,                    # GUI thread
        changes=NOTHING,
    )
    handle = run_operation(window, op, refresh=window_refresh)

:func:`run_and_wait` runs one and waits for it (a caller that needs the result at once,
e.g. a new coder before the session opens). ``run_with_progress`` in
:mod:`interactioncoder.ui.dialogs.progress` is the engine underneath.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar, cast

from PySide6.QtCore import QEventLoop, Qt, QThreadPool
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from interactioncoder.ui.dialogs.progress import (
    CancelToken,
    OperationCancelled,
    ProgressCallback,
    ProgressOperation,
    run_with_progress,
)
from interactioncoder.workflow.changes import NOTHING, Changes

T = TypeVar("T")

Outcome = Literal["running", "succeeded", "failed", "cancelled"]

__all__ = [
    "CancelToken",
    "Changes",
    "Operation",
    "OperationCancelled",
    "OperationHandle",
    "ProgressCallback",
    "run_and_wait",
    "run_operation",
]


@dataclass(frozen=True)
class Operation(Generic[T]):
    """A job over the project: ``work`` on a worker thread, the rest on the GUI thread.

    ``expected``: exception types that are the user's to fix (a bad file, a full disk);
    their message alone is shown. Any other exception is a bug and is shown with its type.
    ``on_failure`` / ``on_cancel``: show the outcome in the calling dialog instead of a
    message box. ``cancelled_text``: what a cancel left behind (default: nothing changed).
    """

    title: str
    work: Callable[[ProgressCallback, CancelToken], T]
    on_success: Callable[[T], object] | None = None
    changes: Changes = NOTHING
    expected: tuple[type[Exception], ...] = ()
    on_failure: Callable[[str], object] | None = None
    on_cancel: Callable[[], object] | None = None
    cancelled_text: str = "Cancelled: nothing was changed."


class OperationHandle(Generic[T]):
    """A started operation: its outcome, result or error, and the box that reported it."""

    def __init__(self, operation: Operation[T], job: ProgressOperation) -> None:
        self.operation = operation
        self.job = job
        self.outcome: Outcome = "running"
        self.result: T | None = None
        self.error = ""
        self.message_box: QMessageBox | None = None

    @property
    def dialog(self) -> QProgressDialog | None:
        return self.job.dialog

    def cancel(self) -> None:
        self.job.cancel()

    @property
    def is_running(self) -> bool:
        return self.outcome == "running"


def error_text(operation: Operation[T], message: str, exc: object) -> str:
    """The user's message for a failure: the text alone for an expected error."""
    if isinstance(exc, operation.expected) and str(exc):
        return str(exc)
    if isinstance(exc, BaseException):
        return "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return message


def show_message(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str
) -> QMessageBox:
    """A window-modal message box, opened with open() (never exec()): nothing blocks."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def run_operation(
    parent: QWidget | None,
    operation: Operation[T],
    *,
    refresh: Callable[[Changes], object] | None = None,
    pool: QThreadPool | None = None,
) -> OperationHandle[T]:
    """Start *operation* behind a cancellable progress dialog; returns at once.

    On success ``operation.on_success(result)`` runs, then ``refresh(operation.changes)``
    when the operation changed anything. A failure or a cancel is shown in a message box
    over *parent* unless the operation reports it itself.
    """
    job = run_with_progress(parent, operation.title, operation.work, pool)
    handle = OperationHandle(operation, job)

    def succeeded(result: object) -> None:
        handle.outcome = "succeeded"
        handle.result = cast(T, result)
        if operation.on_success is not None:
            operation.on_success(cast(T, result))
        if refresh is not None and operation.changes.any:
            refresh(operation.changes)

    def failed(message: str, exc: object) -> None:
        handle.outcome = "failed"
        handle.error = error_text(operation, message, exc)
        if operation.on_failure is not None:
            operation.on_failure(handle.error)
        else:
            handle.message_box = show_message(
                parent, QMessageBox.Icon.Warning, f"{operation.title} failed", handle.error
            )

    def cancelled() -> None:
        handle.outcome = "cancelled"
        if operation.on_cancel is not None:
            operation.on_cancel()
        else:
            handle.message_box = show_message(
                parent, QMessageBox.Icon.Information, operation.title, operation.cancelled_text
            )

    job.succeeded.connect(succeeded)
    job.failed.connect(failed)
    job.cancelled.connect(cancelled)
    return handle


def run_and_wait(
    parent: QWidget | None,
    operation: Operation[T],
    *,
    refresh: Callable[[Changes], object] | None = None,
    pool: QThreadPool | None = None,
) -> OperationHandle[T]:
    """Run *operation* and wait for its end (the GUI stays painted: a local event loop)."""
    handle = run_operation(parent, operation, refresh=refresh, pool=pool)
    if handle.is_running:
        loop = QEventLoop()
        handle.job.finished.connect(loop.quit)
        loop.exec()
    return handle
