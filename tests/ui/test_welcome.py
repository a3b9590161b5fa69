"""The welcome screen: recent projects, New project, the demo; the chosen one opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog

from interactioncoder import demo as demo_module
from interactioncoder.storage import create_project, open_project
from interactioncoder.ui.welcome import RECENT_KEY, WelcomeDialog, show_welcome
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


class Opener:
    def __init__(self, settings: QSettings) -> None:
        self.settings = settings
        self.opened: list[str] = []

    def open_project(self, path: str) -> bool:
        self.opened.append(path)
        return True


def test_empty_settings_say_so_and_offer_new(qtbot, settings: QSettings, tmp_path: Path) -> None:
    dialog = WelcomeDialog(settings, demo_dir=tmp_path / "demo")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.recent_list.count() == 0
    assert not dialog.empty_label.isHidden()
    assert dialog.new_button.hasFocus() or dialog.focusWidget() is dialog.new_button


def test_recent_project_opens_with_enter_and_missing_is_marked(
    qtbot, settings: QSettings, tmp_path: Path
) -> None:
    create_project(tmp_path / "a.icproj").close()
    settings.setValue(RECENT_KEY, [str(tmp_path / "a.icproj"), str(tmp_path / "gone.icproj")])
    opener = Opener(settings)
    dialog = show_welcome(opener)
    qtbot.addWidget(dialog)
    assert dialog.recent_list.item(0).text().startswith("a — ")
    gone = dialog.recent_list.item(1)
    assert gone.text().endswith("(missing)") and not gone.flags() & Qt.ItemFlag.ItemIsEnabled
    qtbot.keyClick(dialog.recent_list, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert opener.opened == [str(tmp_path / "a.icproj")]


def test_new_project_from_the_welcome_screen(qtbot, settings: QSettings, tmp_path: Path) -> None:
    dialog = WelcomeDialog(settings, demo_dir=tmp_path / "demo")
    qtbot.addWidget(dialog)
    dialog.show()
    new = dialog.new_project()
    new.location_edit.setText(str(tmp_path / "fresh.icproj"))
    new.add_coder_row("Ria", False)
    new.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.chosen_location is not None, timeout=10000)
    assert dialog.chosen_location == str(tmp_path / "fresh.icproj")
    repo = open_project(tmp_path / "fresh.icproj")
    try:
        assert [c.name for c in repo.list_coders()] == ["Ria"]
        assert repo.project_name == "fresh"
    finally:
        repo.close()


def test_open_the_demo_builds_it_once(
    qtbot, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the real demo (20 s to build) is checked in tests/test_demo.py; here the wiring
    built: list[Path] = []

    def fake_demo(path: Path, progress=None) -> None:  # type: ignore[no-untyped-def]
        progress("writing")
        path.parent.mkdir(parents=True)
        repo = create_project(path, "demo")
        repo.add_coder("Demo coder")
        repo.close()
        built.append(path)

    monkeypatch.setattr(demo_module, "build_demo_project", fake_demo)
    dialog = WelcomeDialog(settings, demo_dir=tmp_path / "demo")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.demo_button.click()
    qtbot.waitUntil(lambda: dialog.chosen_location is not None, timeout=60000)
    demo = tmp_path / "demo" / "demo.icproj"
    assert dialog.chosen_location == str(demo)
    repo = open_project(demo)
    try:
        assert [c.name for c in repo.list_coders()] == ["Demo coder"]
    finally:
        repo.close()
    again = WelcomeDialog(settings, demo_dir=tmp_path / "demo")
    qtbot.addWidget(again)
    again.demo_button.click()  # already there: chosen at once, nothing rebuilt
    assert again.chosen_location == str(demo)
    assert built == [demo]
