"""The welcome screen: recent projects, New project, Open, Open the demo.

Shown when the app starts without a project. It only chooses a location; the main
window opens it (``show_welcome(window)`` wires the two with ``window.open_project``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interactioncoder import demo
from interactioncoder.storage import PROJECT_SUFFIX
from interactioncoder.ui.dialogs.new_project_dialog import NewProjectDialog
from interactioncoder.ui.dialogs.progress import CancelToken, ProgressCallback, run_with_progress

RECENT_KEY = "projects/recent"  # the main window's list of recent projects
DEMO_NAME = f"demo{PROJECT_SUFFIX}"
PATH_ROLE = Qt.ItemDataRole.UserRole


class ProjectOpener(Protocol):
    def open_project(self, path: str) -> bool: ...


def recent_projects(settings: QSettings) -> list[str]:
    value = settings.value(RECENT_KEY, [])
    items = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
    return [str(p) for p in items if p]


def default_demo_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".interactioncoder") / "demo"


class WelcomeDialog(QDialog):
    """Choose a project to open; ``chosen_location`` is set when the dialog is accepted."""

    def __init__(
        self,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
        demo_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to interactioncoder")
        self.setMinimumSize(520, 360)
        self.settings = settings if settings is not None else QSettings()
        self.demo_dir = demo_dir or default_demo_dir()
        self.chosen_location: str | None = None
        self.operation: object | None = None
        self.new_dialog: NewProjectDialog | None = None
        self._build()

    def _build(self) -> None:
        title = QLabel("<h2>interactioncoder</h2>Frame-exact coding of interaction video.")
        self.recent_list = QListWidget()
        self.recent_list.itemActivated.connect(self._open_item)
        for path in recent_projects(self.settings):
            remote = "://" in path
            missing = not remote and not Path(path).exists()
            label = path if remote else f"{Path(path).stem} — {Path(path).parent}"
            item = QListWidgetItem(label + ("  (missing)" if missing else ""))
            item.setData(PATH_ROLE, path)
            item.setToolTip(path)
            if missing:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent_list.addItem(item)
        self.empty_label = QLabel("No recent projects yet: start a new one, or open the demo.")
        self.empty_label.setVisible(self.recent_list.count() == 0)
        self.new_button = QPushButton("New project…")
        self.open_button = QPushButton("Open…")
        self.demo_button = QPushButton("Open the demo")
        self.new_button.clicked.connect(self.new_project)
        self.open_button.clicked.connect(self._choose_file)
        self.demo_button.clicked.connect(self.open_demo)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.open_button, self.demo_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(QLabel("Recent projects:"))
        layout.addWidget(self.recent_list, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        first = self.recent_list.item(0)
        if first is not None and first.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.recent_list.setCurrentItem(first)
        (self.recent_list if first is not None else self.new_button).setFocus()

    # -- choices --------------------------------------------------------------------
    def choose(self, location: str) -> None:
        self.chosen_location = location
        self.accept()

    def _open_item(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if path and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.choose(str(path))

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open project", str(Path.home()), f"Projects (*{PROJECT_SUFFIX});;All files (*)"
        )
        if path:
            self.choose(path)

    def new_project(self) -> NewProjectDialog:
        dialog = NewProjectDialog(self)
        self.new_dialog = dialog

        def done(result: int) -> None:
            if result == QDialog.DialogCode.Accepted and dialog.created_location:
                self.choose(dialog.created_location)

        dialog.finished.connect(done)
        dialog.open()
        return dialog

    def open_demo(self) -> None:
        """Open the demo project, building it first (in the background) when missing."""
        path = self.demo_dir / DEMO_NAME
        if path.exists():
            self.choose(str(path))
            return
        self.demo_button.setEnabled(False)

        def work(progress: ProgressCallback, cancel: CancelToken) -> str:
            progress(0.05, "Writing the demo videos…")
            demo.build_demo_project(path, progress=lambda text: progress(0.5, text))
            return str(path)

        op = run_with_progress(self, "Building the demo project", work)
        op.succeeded.connect(lambda location: self.choose(str(location)))
        op.failed.connect(self._demo_failed)
        op.finished.connect(lambda: self.demo_button.setEnabled(True))
        self.operation = op

    def _demo_failed(self, message: str, exc: object) -> None:
        reason = str(exc) if isinstance(exc, BaseException) else message
        self.status_label.setText(f"The demo could not be built: {reason}")


def show_welcome(window: ProjectOpener, parent: QWidget | None = None) -> WelcomeDialog:
    """Show the welcome screen over *parent*; the chosen project opens in *window*."""
    settings = getattr(window, "settings", None)
    dialog = WelcomeDialog(settings if isinstance(settings, QSettings) else None, parent)

    def done(result: int) -> None:
        if result == QDialog.DialogCode.Accepted and dialog.chosen_location:
            window.open_project(dialog.chosen_location)

    dialog.finished.connect(done)
    dialog.open()
    return dialog
