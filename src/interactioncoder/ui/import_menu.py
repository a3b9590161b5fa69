"""File ▸ Import: events coded in BORIS, ELAN, Datavyu or a CSV table.

The same code as the CLI's ``interactioncoder import`` runs, through the import dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from interactioncoder.core.project import Coder
from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.dialogs.import_dialog import ImportDialog

IMPORTS: tuple[tuple[str, str], ...] = (
    ("BORIS project (.boris)…", "boris"),
    ("ELAN (.eaf)…", "eaf"),
    ("Datavyu (.opf)…", "opf"),
    ("Events CSV…", "csv"),
)


def build_import_menu(
    parent: QWidget,
    current: Callable[[], tuple[ProjectRepository | None, Coder | None]],
    refresh: Callable[[], object] | None = None,
    current_session: Callable[[], int | None] | None = None,
) -> QMenu:
    """*current* gives the open project and coder; *refresh* is called after a successful
    import (reload the project browser); *current_session* preselects the open session."""
    menu = QMenu("&Import", parent)
    for label, fmt in IMPORTS:
        action = menu.addAction(label)
        action.triggered.connect(
            lambda _=False, f=fmt: open_import_dialog(
                parent, *current(), f, refresh, current_session() if current_session else None
            )
        )
    return menu


def open_import_dialog(
    parent: QWidget,
    repo: ProjectRepository | None,
    coder: Coder | None,
    fmt: str,
    refresh: Callable[[], object] | None = None,
    session_id: int | None = None,
) -> ImportDialog | None:
    """Shows the (window-modal) import dialog and returns it at once."""
    if repo is None:
        QMessageBox.information(parent, "Import", "Open a project first.")
        return None
    dialog = ImportDialog(
        repo, fmt, coder.name if coder else "", session_id, refresh=refresh, parent=parent
    )
    dialog.setModal(True)
    dialog.open()
    return dialog
