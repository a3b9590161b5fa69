"""GUI entry: the QApplication, settings identity, and the first project to open.

``run_gui(path)`` opens *path*, else the most recent project, else shows the welcome screen. For
non-interactive runs (screenshots, the kill-recovery test) set ``INTERACTIONCODER_CODER``
(no coder dialog) and optionally ``INTERACTIONCODER_SCRIPT`` to a Python file executed
inside the running app once the window is shown (see :func:`_run_script`).
"""

from __future__ import annotations

import os
import runpy
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from interactioncoder import __version__

ORGANIZATION = "interactioncoder"
APPLICATION = "interactioncoder"
SCRIPT_ENV = "INTERACTIONCODER_SCRIPT"


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


def _run_script(window: object, path: str) -> None:
    """Run a test/automation script inside the app with ``window`` in its globals.

    Used by the kill-recovery test and for screenshots; an error is printed and ends the app
    with status 3 rather than being swallowed.
    """
    try:
        runpy.run_path(
            path, init_globals={"window": window}, run_name="__interactioncoder_script__"
        )
    except SystemExit:
        raise
    except BaseException:
        traceback.print_exc()
        sys.stdout.flush()
        os._exit(3)


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
    script = os.environ.get(SCRIPT_ENV)
    if script:
        QTimer.singleShot(0, lambda: _run_script(window, script))
    return int(app.exec())
