"""File ▸ Import / Export: the exchange layer's imports (``import_menu``) and exports
(the same code as ``interactioncoder export``).

Blind coding holds for exports too: a coder who is not a PI exports only their own
codings; a PI exports everyone's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from interactioncoder.core.project import Coder
from interactioncoder.storage import ProjectRepository

# (label, format, tables, "file" | "folder", file filter)
EXPORTS: tuple[tuple[str, str, tuple[str, ...], str, str], ...] = (
    ("All tables as an Excel workbook…", "xlsx", ("all",), "file", "Excel (*.xlsx)"),
    ("All tables as CSV files…", "csv", ("all",), "folder", ""),
    ("Events table (CSV)…", "csv", ("events",), "file", "CSV (*.csv)"),
    ("ELAN files (.eaf)…", "eaf", (), "folder", ""),
    ("SDIS for GSEQ…", "sdis", (), "file", "SDIS (*.sds)"),
)


def add_exchange_menus(menu: QMenu, window: Any) -> None:
    """File ▸ Import and File ▸ Export for the main window (its repo, coder, session)."""

    def after_import() -> None:
        window.refresh_browser()
        window.controller.reload()

    from interactioncoder.ui.import_menu import build_import_menu

    current = lambda: (window.repo, window.coder)  # noqa: E731 - read at click time
    session = lambda: window.ctx.session.id if window.ctx is not None else None  # noqa: E731
    menu.addMenu(build_import_menu(window, current, after_import, session))
    menu.addMenu(build_export_menu(window, current))


def build_export_menu(
    parent: QWidget, current: Callable[[], tuple[ProjectRepository | None, Coder | None]]
) -> QMenu:
    menu = QMenu("&Export", parent)
    for label, fmt, tables, target, file_filter in EXPORTS:
        action = menu.addAction(label)
        action.triggered.connect(
            lambda _=False, f=fmt, t=tables, k=target, ff=file_filter: export(
                parent, *current(), f, t, k, ff
            )
        )
    return menu


def export(
    parent: QWidget,
    repo: ProjectRepository | None,
    coder: Coder | None,
    fmt: str,
    tables: tuple[str, ...],
    target: str,
    file_filter: str,
) -> list[Path]:
    if repo is None or coder is None:
        QMessageBox.information(parent, "Export", "Open a project first.")
        return []
    start = str(Path(repo.location).parent)
    if target == "folder":
        out = QFileDialog.getExistingDirectory(parent, "Export into folder", start)
    else:
        out, _ = QFileDialog.getSaveFileName(parent, "Export to file", start, file_filter)
    if not out:
        return []
    from interactioncoder.exchange.exporters.run import ExportError, run_export
    from interactioncoder.exchange.project_data import ExportSelectionError, load_project_data
    from interactioncoder.workflow.visibility import export_coders

    try:
        data = load_project_data(repo, coders=export_coders(coder))
        written = run_export(data, fmt, out, tables=tables or ("events",))
    except (ExportError, ExportSelectionError, OSError) as exc:
        QMessageBox.warning(parent, "Export failed", str(exc))
        return []
    QMessageBox.information(
        parent, "Export", f"Wrote {len(written)} file(s):\n" + "\n".join(map(str, written[:10]))
    )
    return written
