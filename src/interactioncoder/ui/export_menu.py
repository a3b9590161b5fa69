"""File ▸ Import / Export: the exchange layer's imports (``import_menu``) and exports
(the same code as ``interactioncoder export``).

An export runs through the operation runner (:mod:`interactioncoder.ui.operations`): the
project is read and the files written on a worker thread, behind a cancellable progress
dialog; the files written, or why nothing was, are shown in a message box.

Blind coding holds for exports too: a coder who is not a PI exports only their own
codings; a PI exports everyone's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from interactioncoder.core.project import Coder
from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.operations import (
    CancelToken,
    Operation,
    OperationHandle,
    ProgressCallback,
    run_operation,
    show_message,
)
from interactioncoder.ui.seams import WorkspaceHost
from interactioncoder.workflow.blinding import blind_project_data, is_blinded
from interactioncoder.workflow.visibility import export_coders

# (label, format, tables, "file" | "folder", file filter)
EXPORTS: tuple[tuple[str, str, tuple[str, ...], str, str], ...] = (
    ("All tables as an Excel workbook…", "xlsx", ("all",), "file", "Excel (*.xlsx)"),
    ("All tables as CSV files…", "csv", ("all",), "folder", ""),
    ("Events table (CSV)…", "csv", ("events",), "file", "CSV (*.csv)"),
    ("ELAN files (.eaf)…", "eaf", (), "folder", ""),
    ("SDIS for GSEQ…", "sdis", (), "file", "SDIS (*.sds)"),
)

Current = Callable[[], tuple[ProjectRepository | None, Coder | None]]


def add_exchange_menus(menu: QMenu, window: WorkspaceHost) -> None:
    """File ▸ Import and File ▸ Export for the main window (its repo, coder, session)."""

    def after_import() -> None:
        window.refresh_browser()
        window.controller.reload()

    from interactioncoder.ui.import_menu import build_import_menu

    current: Current = lambda: (window.repo, window.coder)  # noqa: E731 - read at click time
    session = lambda: window.ctx.session.id if window.ctx is not None else None  # noqa: E731
    menu.addMenu(build_import_menu(window.window(), current, after_import, session))
    menu.addMenu(build_export_menu(window.window(), current))


def build_export_menu(parent: QWidget, current: Current) -> QMenu:
    menu = QMenu("&Export", parent)
    for label, fmt, tables, target, file_filter in EXPORTS:
        action = menu.addAction(label)
        action.triggered.connect(
            lambda _=False, f=fmt, t=tables, k=target, ff=file_filter: export(
                parent, *current(), f, t, k, ff
            )
        )
    return menu


def choose_target(parent: QWidget, repo: ProjectRepository, target: str, file_filter: str) -> str:
    """Ask where to export ("" when the user cancels)."""
    start = str(Path(repo.location).parent)
    if target == "folder":
        return QFileDialog.getExistingDirectory(parent, "Export into folder", start)
    out, _ = QFileDialog.getSaveFileName(parent, "Export to file", start, file_filter)
    return out


def export_operation(
    repo: ProjectRepository,
    coders: Sequence[str] | None,
    fmt: str,
    tables: tuple[str, ...],
    out: str,
    on_written: Callable[[list[Path]], object] | None = None,
    blind_codes: Mapping[int, str] | None = None,
) -> Operation[list[Path]]:
    """Read the project (only *coders*' codings, all when None) and write the export.

    *blind_codes* (a coder blind to condition): each session under its random code only.
    """
    from interactioncoder.exchange.exporters.run import ExportError, run_export
    from interactioncoder.exchange.project_data import ExportSelectionError, load_project_data

    def work(progress: ProgressCallback, _cancel: CancelToken) -> list[Path]:
        progress(0.05, "Reading the project…")
        data = load_project_data(repo, coders=coders)
        if blind_codes is not None:
            data = blind_project_data(data, blind_codes)
        progress(0.5, f"Writing {Path(out).name}…")  # the last point where cancel stops it
        written = run_export(data, fmt, out, tables=tables or ("events",))
        progress(1.0, "Done")
        return written

    return Operation(
        "Export",
        work,
        on_success=on_written,
        expected=(ExportError, ExportSelectionError, OSError),
        cancelled_text="Export cancelled: no file was written.",
    )


def export(
    parent: QWidget,
    repo: ProjectRepository | None,
    coder: Coder | None,
    fmt: str,
    tables: tuple[str, ...],
    target: str,
    file_filter: str,
    pool: QThreadPool | None = None,
) -> OperationHandle[list[Path]] | None:
    """Ask for the target, then export in the background; None when nothing was started."""
    if repo is None or coder is None:
        QMessageBox.information(parent, "Export", "Open a project first.")
        return None
    out = choose_target(parent, repo, target, file_filter)
    if not out:
        return None
    coders = export_coders(coder)

    def written(files: list[Path]) -> None:
        listing = "\n".join(map(str, files[:10])) + ("\n…" if len(files) > 10 else "")
        text = f"Wrote {len(files)} file(s):\n{listing}"
        if coders is not None:  # blind coding: say plainly what is (not) in the files
            text += (
                f"\n\nThese files hold only your own coding ({coder.name}): a coder sees no "
                "one else's. A PI's export holds every coder's codings."
            )
        handle.message_box = show_message(parent, QMessageBox.Icon.Information, "Export", text)

    codes = repo.blind_codes() if is_blinded(coder, repo.blind_to_condition) else None
    op = export_operation(repo, coders, fmt, tables, out, written, codes)
    handle = run_operation(parent, op, pool=pool)
    return handle
