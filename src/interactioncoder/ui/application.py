"""GUI entry: the QApplication, settings identity, and the first project to open.

``run_gui(path)`` opens *path*, else the most recent project, else shows the welcome
screen. For non-interactive runs set ``INTERACTIONCODER_CODER`` (no coder dialog). The
entry point runs no test code: tests drive the window through pytest-qt.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from interactioncoder import __version__

ORGANIZATION = "interactioncoder"
APPLICATION = "interactioncoder"


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    # Fractional scale factors (150 %) are passed through, so video and timeline are sharp.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName("interactioncoder")
    return app


def run_gui(project_path: str | None) -> int:
    app = make_application()
    from interactioncoder.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    window.activateWindow()
    path = project_path
    if path is None:
        recent = [p for p in window.recent_projects() if "://" in p or Path(p).exists()]
        path = recent[0] if recent else None
    if path is not None:
        if not window.open_project(path) and project_path is not None:
            print(f"interactioncoder: could not open {project_path}", file=sys.stderr)
    else:
        from interactioncoder.ui.welcome import show_welcome

        QTimer.singleShot(0, lambda: show_welcome(window, window))
    return int(app.exec())
