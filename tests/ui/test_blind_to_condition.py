"""Blind to condition in the GUI: a coder sees the random code only, in every widget text.

The app is opened as the non-PI coder on a blinded project; every widget's title, text,
tool tip, item and header texts of its views, combo items and menus are collected and
none may show the dyad label, visit, infant age, arm, site, or a video's name or path.
The PI, opened the same way, sees them. An export made by the coder carries the code only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from interactioncoder.storage import open_project
from interactioncoder.ui import coder_choice, export_menu
from interactioncoder.ui.help import show_keyboard_reference, show_user_guide
from interactioncoder.ui.reliability.hookup import open_from_window
from interactioncoder.ui.study_menu import study_board
from tests.ui.study_helpers import all_texts, blinded_study, leaks, open_as
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


def test_a_coder_sees_no_hidden_value_in_any_widget(qtbot, tmp_path: Path, monkeypatch) -> None:
    study = blinded_study(tmp_path)
    window = open_as(qtbot, monkeypatch, tmp_path, study.path, "Ria", passphrase=None)
    assert window.ctx is not None and window.ctx.session.id == study.session_id
    for menu in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu())):
        menu.aboutToShow.emit()
    # what a coder can open: the help windows; the PI's windows are refused
    show_keyboard_reference(window, window.bindings, window.ctx.codebook)
    show_user_guide(window)
    assert study_board(window) is None and open_from_window(window) is None
    texts = all_texts(window)
    assert any(study.code in t for t in texts)  # the walk does see the browser and title
    assert study.code in window.windowTitle()
    assert leaks(texts, study.hidden) == []


def test_the_pi_sees_the_hidden_values(qtbot, tmp_path: Path, monkeypatch) -> None:
    study = blinded_study(tmp_path)
    window = open_as(qtbot, monkeypatch, tmp_path, study.path, "Pia", session_id=study.session_id)
    board = study_board(window)
    assert board is not None
    shown = {value for value, _text in leaks(all_texts(window), study.hidden)}
    assert {"K4471", "pretreatment", "301"} <= shown
    assert "K4471" in window.windowTitle()


def test_a_coder_export_carries_the_code_only(qtbot, tmp_path: Path, monkeypatch) -> None:
    study = blinded_study(tmp_path)
    window = open_as(qtbot, monkeypatch, tmp_path, study.path, "Ria", passphrase=None)
    out = tmp_path / "ria-export"
    out.mkdir()
    monkeypatch.setattr(export_menu, "choose_target", lambda *a: str(out))
    monkeypatch.setattr(export_menu, "show_message", lambda *a: QMessageBox())
    handle = export_menu.export(window, window.repo, window.coder, "csv", ("all",), "folder", "")
    assert handle is not None
    qtbot.waitUntil(lambda: not handle.is_running, timeout=20000)
    assert handle.outcome == "succeeded", handle.error
    text = "\n".join(p.read_text("utf-8") for p in handle.result or [])
    assert study.code in text and len(handle.result or []) > 3
    assert leaks([text], study.hidden) == []


def test_the_pi_is_asked_for_the_passphrase(qtbot, tmp_path: Path, monkeypatch) -> None:
    study = blinded_study(tmp_path)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    from interactioncoder.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    repo = open_project(study.path)
    try:
        pia = repo.find_coder("Pia")
        assert pia is not None
        asked: list[str] = []
        window.ask_passphrase = lambda prompt: asked.append(prompt) or "wrong"  # type: ignore[func-returns-value]
        assert not coder_choice.unlock(window, repo, pia)
        assert len(asked) == 3
        window.ask_passphrase = lambda _p: "correct horse battery"
        assert coder_choice.unlock(window, repo, pia)
        # a new PI needs it too: a wrong one stores nobody
        window.ask_passphrase = lambda _p: "wrong"
        assert coder_choice.add_coder(window, repo, "Mallory", True) is None
        assert repo.find_coder("Mallory") is None
        window.ask_passphrase = lambda _p: "correct horse battery"
        added = coder_choice.add_coder(window, repo, "Paula", True)
        assert added is not None and added.is_pi
        assert coder_choice.add_coder(window, repo, "Rob", False) is not None
    finally:
        repo.close()


def test_an_error_does_not_name_the_file_to_a_coder(qtbot, tmp_path: Path, monkeypatch) -> None:
    study = blinded_study(tmp_path)
    window = open_as(qtbot, monkeypatch, tmp_path, study.path, "Ria", passphrase=None)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    from interactioncoder.ui import main_window
    from interactioncoder.workflow.sessions import SessionOpenError

    def broken(*_a: object) -> None:
        raise SessionOpenError("/media/K4471_mother.mp4: frame count and rate unknown")

    monkeypatch.setattr(main_window, "open_session_context", broken)
    assert not window.open_session(study.session_id)
    assert shown == [f"{study.code} cannot be opened now; ask the PI to check it."]
