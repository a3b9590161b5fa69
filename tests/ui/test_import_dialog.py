"""File ▸ Import: the dialog imports on a worker thread; errors and cancel import nothing."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from interactioncoder.core.project import Coder
from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.dialogs import import_dialog
from interactioncoder.ui.dialogs.import_dialog import ImportDialog
from interactioncoder.ui.import_menu import build_import_menu
from tests.exchange.test_import_runner import (
    counts,
    project_with_session,
    write_events_csv,
    write_session_eaf,
)
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[ProjectRepository]:
    r = project_with_session(tmp_path / "p.icproj")
    yield r
    r.close()


def run(qtbot: Any, dialog: ImportDialog) -> None:
    dialog.import_button.click()
    assert dialog.operation is not None, dialog.result_view.toPlainText()
    with qtbot.waitSignal(dialog.operation.finished, timeout=10000):  # type: ignore[attr-defined]
        pass


def make_dialog(qtbot: Any, repo: ProjectRepository, fmt: str, **kw: Any) -> ImportDialog:
    dialog = ImportDialog(repo, fmt, "Ana", repo.list_sessions()[0].id, **kw)
    qtbot.addWidget(dialog)
    return dialog


def test_csv_import_through_the_file_chooser(
    qtbot: Any, tmp_path: Path, repo: ProjectRepository
) -> None:
    csv_path = write_events_csv(tmp_path / "ev.csv")
    asked: list[str] = []

    def chooser(_parent: QWidget, caption: str, _start: str, file_filter: str) -> str:
        asked.append(file_filter)
        return str(csv_path)

    refreshed: list[bool] = []
    dialog = make_dialog(
        qtbot, repo, "csv", refresh=lambda: refreshed.append(True), file_chooser=chooser
    )
    dialog.browse()
    assert dialog.file_edit.text() == str(csv_path) and "*.csv" in asked[0]
    # the column choices list the file's headers
    onset = dialog.column_combos["onset"]
    assert [onset.itemText(i) for i in range(onset.count())][1:] == [
        "start",
        "end",
        "label",
        "note",
    ]
    assert dialog.target_existing.isChecked()
    dialog.column_combos["comment"].setCurrentText("note")
    run(qtbot, dialog)
    assert dialog.summary is not None, dialog.result_view.toPlainText()
    assert dialog.summary.events == 3
    assert "3 event(s) imported" in dialog.result_view.toPlainText()
    assert refreshed == [True]
    (coding,) = repo.list_codings()
    events = repo.list_events(coding.id)
    assert [(e.code_id, e.onset_frame, e.offset_frame) for e in events] == [
        ("m_pos", 25, 50), ("m_neg", 50, 80), ("i_look", 62, 62)
    ]  # fmt: skip
    assert events[1].comment == "upset"
    assert repo.get_coder(coding.coder_id).name == "Ana"
    assert not dialog.import_button.isEnabled()  # no accidental second import


def test_eaf_into_a_new_session(qtbot: Any, tmp_path: Path, repo: ProjectRepository) -> None:
    dialog = make_dialog(qtbot, repo, "eaf")
    dialog.set_file(write_session_eaf(tmp_path / "s.eaf"))
    dialog.target_new.setChecked(True)
    dialog.dyad_edit.setText("D07")
    dialog.session_edit.setText("visit 2")
    dialog.fps_spin.setValue(25.0)
    run(qtbot, dialog)
    assert dialog.summary is not None, dialog.result_view.toPlainText()
    (session,) = [s for s in repo.list_sessions() if s.name == "visit 2"]
    assert repo.get_dyad(session.dyad_id).label == "D07"
    (coding,) = repo.list_codings(session_id=session.id)
    assert repo.get_coder(coding.coder_id).name == "Ben"  # the file's annotator
    assert len(repo.list_events(coding.id)) == dialog.summary.events > 0


def test_malformed_file_shows_the_place_and_changes_nothing(
    qtbot: Any, tmp_path: Path, repo: ProjectRepository
) -> None:
    bad = tmp_path / "bad.eaf"
    bad.write_text("<ANNOTATION_DOCUMENT><TIME_ORDER>", encoding="utf-8")
    before = counts(repo)
    refreshed: list[bool] = []
    dialog = make_dialog(qtbot, repo, "eaf", refresh=lambda: refreshed.append(True))
    dialog.set_file(bad)
    run(qtbot, dialog)
    text = dialog.result_view.toPlainText()
    assert text.startswith("Nothing was imported.") and str(bad) in text
    assert dialog.summary is None and refreshed == []
    assert counts(repo) == before
    assert dialog.import_button.isEnabled()  # the user may fix the options and retry


def test_missing_choice_is_said_before_anything_runs(qtbot: Any, repo: ProjectRepository) -> None:
    dialog = make_dialog(qtbot, repo, "csv")
    dialog.import_button.click()
    assert dialog.operation is None
    assert "Choose the file" in dialog.result_view.toPlainText()
    dialog.file_edit.setText("/x.csv")
    dialog.target_new.setChecked(True)
    dialog.import_button.click()
    assert dialog.operation is None and "dyad and name" in dialog.result_view.toPlainText()


def test_cancel_before_commit_imports_nothing(
    qtbot: Any, tmp_path: Path, repo: ProjectRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    real = import_dialog.run_import

    def held_at_commit(repo: ProjectRepository, req: Any, progress: Any) -> Any:
        def hold(fraction: float, text: str) -> None:
            if fraction >= 0.95:  # every event added, transaction still open
                gate.wait(10)
            progress(fraction, text)

        return real(repo, req, hold)

    monkeypatch.setattr(import_dialog, "run_import", held_at_commit)
    before = counts(repo)
    dialog = make_dialog(qtbot, repo, "eaf")
    dialog.set_file(write_session_eaf(tmp_path / "s.eaf"))
    dialog.import_button.click()
    op: Any = dialog.operation
    qtbot.waitUntil(lambda: op.last_progress[0] >= 0.4, timeout=10000)
    assert not dialog.coder_combo.isEnabled()  # no edits while the import runs
    qtbot.mouseClick(op.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)  # Cancel
    gate.set()
    with qtbot.waitSignal(op.finished, timeout=10000):
        pass
    assert "cancelled: nothing was imported" in dialog.result_view.toPlainText()
    assert counts(repo) == before
    assert dialog.coder_combo.isEnabled()


def test_menu_entries_open_the_dialog(qtbot: Any, repo: ProjectRepository) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    coder = repo.find_coder("Ana")
    assert isinstance(coder, Coder)
    menu = build_import_menu(parent, lambda: (repo, coder), current_session=lambda: None)
    labels = [a.text() for a in menu.actions()]
    assert labels == [
        "BORIS project (.boris)…", "ELAN (.eaf)…", "Datavyu (.opf)…", "Events CSV…"
    ]  # fmt: skip
    menu.actions()[1].trigger()
    (dialog,) = parent.findChildren(ImportDialog)
    assert dialog.fmt == "eaf" and dialog.isVisible() and dialog.isModal()
    assert dialog.coder_combo.currentText() == "Ana"
    dialog.close()


def test_eaf_coder_for_every_tier(qtbot: Any, tmp_path: Path, repo: ProjectRepository) -> None:
    dialog = make_dialog(qtbot, repo, "eaf")
    dialog.set_file(write_session_eaf(tmp_path / "s.eaf"))
    dialog.coder_combo.setCurrentText("Cleo")
    dialog.coder_for_all.setChecked(True)
    run(qtbot, dialog)
    (coding,) = repo.list_codings()
    assert repo.get_coder(coding.coder_id).name == "Cleo"


def test_csv_in_frame_numbers(qtbot: Any, tmp_path: Path, repo: ProjectRepository) -> None:
    path = tmp_path / "frames.csv"
    path.write_text("onset,offset,code\n10,20,m_pos\n", encoding="utf-8")
    dialog = make_dialog(qtbot, repo, "csv")
    dialog.set_file(path)
    dialog.time_unit.setCurrentIndex(dialog.time_unit.findData("frames"))
    run(qtbot, dialog)
    (coding,) = repo.list_codings()
    assert [(e.onset_frame, e.offset_frame) for e in repo.list_events(coding.id)] == [(10, 20)]


def test_boris_sessions_as_the_file_names_them(
    qtbot: Any, tmp_path: Path, repo: ProjectRepository
) -> None:
    from tests.exchange.test_boris import boris_project

    path = tmp_path / "pilot.boris"
    path.write_text(json.dumps(boris_project(tmp_path)), encoding="utf-8")
    dialog = make_dialog(qtbot, repo, "boris")
    assert dialog.target_file.isChecked()  # BORIS files hold several observations
    dialog.set_file(path)
    dialog.file_dyad_edit.setText("Pilot")
    dialog.observation_coders.setText("D02=Cleo")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findText("Reliability"))
    run(qtbot, dialog)
    assert dialog.summary is not None, dialog.result_view.toPlainText()
    pilot = repo.find_dyad("Pilot")
    assert pilot is not None
    sessions = {s.name: s for s in repo.list_sessions(pilot.id)}
    assert set(sessions) == {"D01", "D02"}
    coders = {
        name: {repo.get_coder(c.coder_id).name for c in repo.list_codings(session_id=s.id)}
        for name, s in sessions.items()
    }
    assert coders == {"D01": {"Ana"}, "D02": {"Cleo"}}
    assert {c.role.value for c in repo.list_codings()} == {"reliability"}


def test_bad_observation_coder_text_is_refused(qtbot: Any, repo: ProjectRepository) -> None:
    dialog = make_dialog(qtbot, repo, "boris")
    dialog.file_edit.setText("/x.boris")
    dialog.observation_coders.setText("D01 Cleo")
    dialog.import_button.click()
    assert dialog.operation is None
    assert "OBSERVATION=CODER" in dialog.result_view.toPlainText()


def test_overlapping_states_are_refused_or_merged_when_ticked(
    qtbot: Any, tmp_path: Path, repo: ProjectRepository
) -> None:
    path = tmp_path / "overlap.csv"
    path.write_text("onset,offset,code\n10,30,m_pos\n20,40,m_pos\n", encoding="utf-8")
    before = counts(repo)
    dialog = make_dialog(qtbot, repo, "csv")
    dialog.set_file(path)
    dialog.time_unit.setCurrentIndex(dialog.time_unit.findData("frames"))
    run(qtbot, dialog)
    text = dialog.result_view.toPlainText()
    assert text.startswith("Nothing was imported.") and "overlap" in text
    assert counts(repo) == before
    dialog.merge_overlaps.setChecked(True)  # the user ticks the option and imports again
    run(qtbot, dialog)
    (coding,) = repo.list_codings()
    assert [(e.onset_frame, e.offset_frame) for e in repo.list_events(coding.id)] == [(10, 40)]
