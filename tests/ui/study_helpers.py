"""A blinded two-camera study for the wiring tests, and a walk over every widget's text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from interactioncoder.ui import player_factory
from interactioncoder.ui.main_window import CODER_ENV, PASSPHRASE_ENV, MainWindow
from interactioncoder.workflow.blinding import hidden_values
from interactioncoder.workflow.session_setup import CameraPlan, SessionPlan, add_sessions
from tests.workflow.helpers import PASSPHRASE, study_project, tiny_video


@dataclass(frozen=True)
class Study:
    path: Path
    session_id: int
    hidden: frozenset[str]
    code: str


def blinded_study(tmp_path: Path, frames: int = 50) -> Study:
    """Pia (PI) and Ria; one session of dyad K4471 (visit, age, arm, site) on two cameras."""
    repo = study_project(tmp_path, blind=True)
    try:
        media = tmp_path / "media"
        media.mkdir()
        plan = SessionPlan(
            "K4471",
            "K4471-pretreatment",
            (
                CameraPlan(tiny_video(media, "K4471_mother.mp4", frames), "cam1", is_master=True),
                CameraPlan(tiny_video(media, "K4471_infant.mp4", frames), "cam2"),
            ),
            visit="pretreatment",
            infant_age_days=301,
        )
        report = add_sessions(repo, [plan])
        assert not report.failed_sessions and not report.skipped_files
        (session,) = repo.list_sessions()
        repo.set_dyad_field(session.dyad_id, "arm", "psychotherapy")
        repo.set_dyad_field(session.dyad_id, "site", "Hamburg")
        hidden = frozenset(hidden_values(repo, session.id))
        assert {"K4471", "pretreatment", "301", "psychotherapy", "K4471_mother.mp4"} <= hidden
        return Study(Path(repo.location), session.id, hidden, repo.blind_codes()[session.id])
    finally:
        repo.close()


def open_as(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    project: Path,
    coder: str,
    passphrase: str | None = PASSPHRASE,
    session_id: int | None = None,
) -> MainWindow:
    monkeypatch.setattr(player_factory, "ASK_RELINK", False)
    monkeypatch.setenv(CODER_ENV, coder)
    if passphrase is None:
        monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    else:
        monkeypatch.setenv(PASSPHRASE_ENV, passphrase)
    settings = QSettings(str(tmp_path / f"settings-{coder}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_project(str(project))
    if session_id is not None:  # as a double-click in the Project list would
        assert window.open_session(session_id)
    return window


# -- every text a user can see ----------------------------------------------------------
def _model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[str]:
    parent = parent or QModelIndex()
    out: list[str] = []
    if parent == QModelIndex():
        for section in range(model.columnCount()):
            out.append(str(model.headerData(section, Qt.Orientation.Horizontal) or ""))
    for row in range(model.rowCount(parent)):
        for column in range(model.columnCount(parent)):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = index.data(role)
                if value is not None:
                    out.append(str(value))
            if column == 0 and model.rowCount(index) > 0:
                out.extend(_model_texts(model, index))
    return out


def _menu_texts(menu: QMenu) -> list[str]:
    out = [menu.title(), menu.toolTip()]
    for action in menu.actions():
        out += [action.text(), action.toolTip(), action.statusTip()]
        sub = action.menu()
        if isinstance(sub, QMenu):
            if sub.receivers("2aboutToShow()") > 0:
                sub.aboutToShow.emit()  # e.g. Open recent fills itself here
            out += _menu_texts(sub)
    return out


def widget_texts(widget: QWidget) -> list[str]:
    out = [widget.windowTitle(), widget.toolTip(), widget.statusTip(), widget.whatsThis()]
    for name in ("text", "title", "placeholderText", "currentText"):
        getter = getattr(widget, name, None)
        if callable(getter):
            try:
                value = getter()
            except TypeError:
                continue
            if isinstance(value, str):
                out.append(value)
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        out.append(widget.toPlainText())
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        out += _model_texts(widget.model())
    if isinstance(widget, QComboBox):
        out += [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, QMenu):
        out += _menu_texts(widget)
    for action in widget.actions():
        out += [action.text(), action.toolTip()]
    return [t for t in out if t]


def _root(widget: QWidget) -> QWidget:
    while widget.parentWidget() is not None:
        widget = widget.parentWidget()
    return widget


def all_texts(window: QWidget | None = None) -> list[str]:
    """Every text of every widget of the application (of *window*: it and all it opened),
    shown or not."""
    texts: list[str] = []
    for widget in QApplication.allWidgets():
        if window is None or _root(widget) is window:
            texts += widget_texts(widget)
    return texts


def leaks(texts: list[str], hidden: frozenset[str]) -> list[tuple[str, str]]:
    """(hidden value, text) for each text that shows a hidden value (as a whole word)."""
    found = []
    for value in hidden:
        left = r"\b" if value[0].isalnum() else ""
        right = r"\b" if value[-1].isalnum() else ""
        pattern = re.compile(left + re.escape(value) + right)
        found += [(value, t) for t in texts if pattern.search(t)]
    return found
