"""Screenshots of the study set-up dialogs, for the README.

Run under a virtual display: ``xvfb-run -a python scripts/setup_screenshots.py OUT_DIR``.
Writes welcome.png, new-project.png, add-sessions.png and codebook-editor.png (and a
scratch project with tiny generated videos under OUT_DIR/work).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from interactioncoder.media.synthetic import write_test_video
from interactioncoder.storage import create_project, open_project
from interactioncoder.ui.application import make_application
from interactioncoder.ui.codebook_editor import CodebookEditorDialog
from interactioncoder.ui.dialogs.add_sessions_dialog import AGE, VISIT, AddSessionsDialog
from interactioncoder.ui.dialogs.new_project_dialog import NewProjectDialog
from interactioncoder.ui.welcome import RECENT_KEY, WelcomeDialog
from interactioncoder.workflow.project_setup import (
    CoderSpec,
    ProjectSpec,
    create_study_project,
    load_codebook_choice,
)

PASSPHRASE = "correct horse battery"


def shot(app: QApplication, widget: QWidget, out: Path, name: str) -> None:
    widget.show()
    for _ in range(20):
        app.processEvents()
    widget.grab().save(str(out / f"{name}.png"))
    widget.close()


def main(out: Path) -> None:
    work = out / "work"
    work.mkdir(parents=True, exist_ok=True)
    app = make_application()
    codebook = load_codebook_choice("face-to-face-still-face")
    settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
    trial = work / "still-face-trial.icproj"
    if not trial.exists():
        coders = (CoderSpec("Prof. Cole", True), CoderSpec("Ana Silva"))
        spec = ProjectSpec(str(trial), "Still-face trial", codebook, coders, PASSPHRASE, True)
        create_study_project(spec).close()
    settings.setValue(RECENT_KEY, [str(trial), str(work / "pilot-2026.icproj")])
    shot(app, WelcomeDialog(settings, demo_dir=work / "demo"), out, "welcome")

    new = NewProjectDialog(folder=work)
    new.location_edit.setText(str(work / "trial-2027.icproj"))
    new.name_edit.setText("Trial 2027")
    new.codebook_combo.setCurrentText("face-to-face-still-face")
    for name, is_pi in (("Prof. Cole", True), ("Ana Silva", False), ("Ben Okafor", False)):
        new.add_coder_row(name, is_pi)
    new.passphrase_edit.setText(PASSPHRASE)
    new.blind_check.setChecked(True)
    shot(app, new, out, "new-project")

    media = work / "media"
    media.mkdir(exist_ok=True)
    for name in ("D017_mother", "D017_infant", "D018_mother", "D018_infant"):
        if not (media / f"{name}.mp4").exists():
            write_test_video(media / f"{name}.mp4", 10, 25, width=64, height=48)
    (media / "D019_mother.mp4").write_bytes(b"broken")
    project = work / "add.icproj"
    repo = open_project(project) if project.exists() else create_project(project)
    try:
        add = AddSessionsDialog(repo)
        add.add_paths([media])
        for row in (0, 1):
            add.set_cell(row, VISIT, "3 months")
        add.set_cell(0, AGE, "92")
        shot(app, add, out, "add-sessions")
        editor = CodebookEditorDialog(repo, codebook)
        editor.codes_page.select(0, 0)
        editor.tabs.setCurrentIndex(1)
        shot(app, editor, out, "codebook-editor")
    finally:
        repo.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
