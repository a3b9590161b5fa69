"""The reliability view on a small stored project (no video: timelines use the stored timebase)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from interactioncoder.core.project import CodingRole, CodingStatus
from interactioncoder.exchange.reliability_data import load_reliability_data
from interactioncoder.reliability.alignment import AlignmentParams
from interactioncoder.reliability.analysis import AnalysisParams, analyse_codings
from interactioncoder.ui.reliability import ReliabilityView
from interactioncoder.ui.reliability.stats_model import Scope
from tests.exchange.reliability_project import PairProject, build_pair_project
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

# The offscreen platform says so for every top-level window (the progress dialog).
pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)
TIMEOUT_MS = 30_000


@pytest.fixture
def project(tmp_path: Path) -> Iterator[PairProject]:
    p = build_pair_project(tmp_path / "pair.icproj")
    yield p
    p.repo.close()


def _computed_view(qtbot: QtBot, project: PairProject, coder_id: int) -> ReliabilityView:
    view = ReliabilityView(project.repo, None, project.repo.get_coder(coder_id))
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.computed, timeout=TIMEOUT_MS):
        view.start()
    return view


def _row(view: ReliabilityView, group: str, code: str | None) -> int:
    for i, r in enumerate(view.stats_model.rows):
        if r.group_id == group and r.code_id == code:
            return i
    raise AssertionError(f"no row {group}/{code}")


def test_numbers_are_those_of_analyse_codings(qtbot: QtBot, project: PairProject) -> None:
    view = _computed_view(qtbot, project, project.ann_id)
    data = load_reliability_data(project.repo)
    direct = analyse_codings(
        data.codebook,
        data.session_codings(),
        AnalysisParams(event=AlignmentParams(onset_tolerance_s=2.0), coder_pairs=(data.labels,)),
    )
    pooled = {r.group_id: r for r in direct.pooled() if r.scope.segment is None}
    gaze = pooled["gaze"]
    (gaze_units,) = gaze.time_unit
    assert gaze.event is not None
    model = view.stats_model
    row = model.rows[_row(view, "gaze", None)]
    assert model.cell(row, 0) == "pooled"
    assert model.cell(row, 3) == f"{gaze_units.kappa.kappa:.3f}"
    assert model.cell(row, 4) == f"{gaze_units.kappa.kappa_max:.3f}"
    assert model.cell(row, 5) == f"{gaze_units.kappa.percent_agreement:.1f}"
    assert model.cell(row, 6) == "40"  # 40 frames
    assert model.cell(row, 10) == f"{gaze.event.kappa.kappa:.3f}"
    assert model.cell(row, 13) == gaze_units.kappa.interpretation  # an extra column
    # Frames 20-23 differ out of 40: 90 % agreement, numbers not words.
    assert model.cell(row, 5) == "90.0"
    smile = model.rows[_row(view, "touch", "smile")]
    (smile_units,) = [v for v in pooled["touch"].time_unit if v.variable_id == "smile"]
    assert model.cell(smile, 3) == f"{smile_units.kappa.kappa:.3f}"
    b = next(x for x in smile_units.per_code if x.code_id == "smile")
    assert model.cell(smile, 8) == f"{b.prevalence_index:.3f}"
    assert model.cell(smile, 9) == f"{b.bias_index:.3f}"
    # Per session: the session's label instead of "pooled", the same numbers (one session).
    view.scope_box.setCurrentText(Scope.SESSION.value)
    row = view.stats_model.rows[_row(view, "gaze", None)]
    assert view.stats_model.cell(row, 0) == "D01/home"
    assert view.stats_model.cell(row, 3) == f"{gaze_units.kappa.kappa:.3f}"
    # Per segment (pooled over sessions by name): frames 10-29, of which 20-23 differ.
    view.scope_box.setCurrentText(Scope.SEGMENT.value)
    row = view.stats_model.rows[_row(view, "gaze", None)]
    (seg,) = [r for r in direct.pooled() if r.group_id == "gaze" and r.scope.segment]
    assert view.stats_model.cell(row, 0) == "still-face"
    assert view.stats_model.cell(row, 3) == f"{seg.time_unit[0].kappa.kappa:.3f}"
    assert view.stats_model.cell(row, 5) == "80.0"
    assert view.stats_model.cell(row, 6) == "20"
    view.scope_box.setCurrentText(Scope.SESSION.value)
    # The confusion matrix of the selected row: A in rows, B in columns, with totals.
    view.stats.selectRow(_row(view, "gaze", None))
    matrix = view.unit_matrix
    assert matrix.table.horizontalHeaderItem(0).text() == "none"
    assert matrix.table.verticalHeaderItem(1).text() == "Mother"
    assert matrix.cell_text(2, 1) == "4"  # A away, B mother: frames 20-23
    assert matrix.cell_text(3, 3) == "40"
    assert view.consensus_button.isHidden()  # Ann is not a PI


def test_selecting_a_disagreement_seeks_and_highlights(qtbot: QtBot, project: PairProject) -> None:
    view = _computed_view(qtbot, project, project.pi_id)
    model = view.disagreement_model
    rows = [
        i
        for i in range(model.rowCount())
        if model.item(i).variable_id == "gaze" and model.item(i).method == "time-unit"
    ]
    assert len(rows) == 1
    d = model.item(rows[0])
    assert (d.start_frame, d.end_frame, d.code_a, d.code_b) == (20, 24, "away", "mother")
    index = model.index(rows[0], 1)
    assert model.data(index) == "00:00:00.800"  # VFR: frame 20 is shown at 800 ms
    assert model.data(model.index(rows[0], 3)) == "20–23"
    with qtbot.waitSignal(view.seekRequested, timeout=2000) as blocker:
        view.disagreements.selectRow(rows[0])
    assert blocker.args == [project.home_id, 20]
    assert view.timeline.highlight == (20, 23)
    assert view.timeline.playhead == 20
    assert view.timeline.lane_names == ["A: Ann", "B: Ben"]
    # A click on the comparison timeline seeks the player too.
    with qtbot.waitSignal(view.seekRequested, timeout=2000) as blocker:
        view.timeline.seekRequested.emit(33)
    assert blocker.args == [project.home_id, 33]
    view.set_playhead(project.home_id, 12)
    assert view.timeline.playhead == 12
    view.set_playhead(project.lab_id, 5)  # a session not shown: ignored
    assert view.timeline.playhead == 12
    view.follow_player(7)  # no player session known yet
    assert view.timeline.playhead == 12
    view.player_session = lambda: project.home_id
    view.follow_player(7)
    assert view.timeline.playhead == 7
    # Filters: event-based only (events paired within ±0.05 s now); the selected group.
    view.onset_tolerance.setValue(0.05)
    with qtbot.waitSignal(view.computed, timeout=TIMEOUT_MS):
        view.start()
    view.method_box.setCurrentText("event")
    events = [
        (model.item(i).variable_id, model.item(i).kind.value) for i in range(model.rowCount())
    ]
    # The aways (onsets 160 ms apart) and the smiles (0.9 s apart) are no longer paired;
    # the mothers are (same onset) but end 160 ms apart: a timing disagreement.
    assert sorted(events) == [
        ("gaze", "commission"),
        ("gaze", "omission"),
        ("gaze", "timing"),
        ("touch", "commission"),
        ("touch", "omission"),
    ]
    view.method_box.setCurrentText("all")
    view.stats.selectRow(_row(view, "touch", None))
    view.only_selected.setChecked(True)
    assert {model.item(i).variable_id for i in range(model.rowCount())} <= {"touch", "smile"}
    assert model.rowCount() > 0


def test_consensus_by_keyboard_is_stored_in_one_coding(qtbot: QtBot, project: PairProject) -> None:
    view = _computed_view(qtbot, project, project.pi_id)
    assert view.consensus_button.isVisible() and view.consensus_button.isEnabled()
    qtbot.mouseClick(view.consensus_button, Qt.MouseButton.LeftButton)
    dialog = view.consensus.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    # Frame-exact items in frame order: smile at 8 (Ann only), gaze 20-23, smile at 30 (Ben).
    assert [(d.variable_id, d.start_frame, d.end_frame) for d in dialog.items] == [
        ("smile", 8, 9),
        ("gaze", 20, 24),
        ("smile", 30, 31),
    ]
    assert not dialog.ok.isEnabled()
    assert view.timeline.highlight == (8, 8)  # the first item, on the timelines
    with qtbot.waitSignal(view.seekRequested, timeout=2000) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_B)  # smile 8: Ben (= no smile); moves on
    assert blocker.args == [project.home_id, 20]  # the next item is shown
    assert view.timeline.highlight == (20, 23)
    qtbot.keyClick(dialog, Qt.Key.Key_B)  # gaze: Ben looked at mother until frame 24
    qtbot.keyClick(dialog, Qt.Key.Key_N)  # smile 30: neither
    assert [c.value if c else None for c in dialog.choices] == ["B", "B", "neither"]
    assert dialog.ok.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Up)
    qtbot.keyClick(dialog, Qt.Key.Key_Up)
    assert dialog.current == 0
    qtbot.keyClick(dialog, Qt.Key.Key_A)  # changed my mind: keep Ann's smile at 8
    assert dialog.current == 0  # everything decided: the cursor stays
    qtbot.keyClick(dialog, Qt.Key.Key_Down)  # "both" is refused where codes compete
    qtbot.keyClick(dialog, Qt.Key.Key_O)
    assert "cannot be kept" in dialog.status.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Down)
    qtbot.keyClick(dialog, Qt.Key.Key_O)  # smile 30: both after all (keep Ben's smile)
    assert [c.value if c else None for c in dialog.choices] == ["A", "B", "both"]
    with qtbot.waitSignal(view.consensusCreated, timeout=5000) as blocker:
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    (coding,) = project.repo.list_codings(role=CodingRole.CONSENSUS)
    assert blocker.args == [coding.id]
    assert (coding.session_id, coding.coder_id, coding.codebook_version_id) == (
        project.home_id,
        project.pi_id,
        project.version_id,
    )
    assert coding.status is CodingStatus.IN_PROGRESS  # the PI checks it, then marks it done
    events = project.repo.list_events(coding.id)
    assert sorted((e.code_id, e.onset_frame, e.offset_frame) for e in events) == [
        ("away", 24, 40),
        ("mother", 0, 24),
        ("smile", 8, 8),
        ("smile", 30, 30),
        ("stroke", 5, 15),
    ]
    # A second consensus by the same PI is refused with a message, nothing stored.
    qtbot.mouseClick(view.consensus_button, Qt.MouseButton.LeftButton)
    assert "already has your consensus coding" in view.status.text()
    assert len(project.repo.list_codings(role=CodingRole.CONSENSUS)) == 1
    # The consensus is ONE undo step of the view (Ctrl+Z): the coding is left empty.
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.stats.setFocus()
    with qtbot.waitSignal(view.codingChanged, timeout=2000) as changed:
        qtbot.keyClick(view.stats, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert changed.args == [coding.id]
    assert project.repo.list_events(coding.id) == []
    undone = project.repo.get_coding(coding.id)
    assert (undone.status, undone.comment) == (CodingStatus.NOT_STARTED, "")
    view.undo_stack.redo()
    assert len(project.repo.list_events(coding.id)) == len(events)
    assert project.repo.get_coding(coding.id).status is CodingStatus.IN_PROGRESS
    assert view.undo_stack.count() == 1


def test_cancel_stops_the_computation(
    qtbot: QtBot, project: PairProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interactioncoder.ui.reliability import view as view_module

    started, gate = threading.Event(), threading.Event()
    real = view_module.compute

    def held(repo: object, request: object, progress: object) -> object:
        started.set()
        gate.wait(10)  # until the test has pressed Cancel
        return real(repo, request, progress)  # type: ignore[arg-type]

    monkeypatch.setattr(view_module, "compute", held)
    view = ReliabilityView(project.repo, None, project.repo.get_coder(project.ann_id))
    qtbot.addWidget(view)
    op = view.start()
    assert op is not None
    qtbot.waitUntil(started.is_set)
    with qtbot.waitSignal(view.failed, timeout=TIMEOUT_MS) as blocker:
        cancel = op.dialog.findChild(QPushButton)  # type: ignore[attr-defined]
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        gate.set()
    assert blocker.args == ["Cancelled."]
    assert view.result is None
    assert view.compute_button.isEnabled()


def test_open_reliability_view_is_a_window_that_computes(
    qtbot: QtBot, project: PairProject
) -> None:
    from interactioncoder.ui.reliability import open_reliability_view

    parent = QWidget()
    qtbot.addWidget(parent)
    coder = project.repo.get_coder(project.pi_id)
    view = open_reliability_view(parent, project.repo, [project.home_id], coder)
    with qtbot.waitSignal(view.computed, timeout=TIMEOUT_MS):
        pass
    assert view.isWindow() and view.isVisible()
    assert view.result is not None
    assert [s.session_id for s in view.result.data.sessions] == [project.home_id]
    view.close()


def test_a_pair_without_shared_sessions_reports_why(qtbot: QtBot, project: PairProject) -> None:
    view = ReliabilityView(project.repo, [project.home_id], project.repo.get_coder(project.ann_id))
    qtbot.addWidget(view)
    index = view.pair_box.findText("Ann vs Dr. Pi")
    assert index > 0
    view.pair_box.setCurrentIndex(index)
    with qtbot.waitSignal(view.failed, timeout=TIMEOUT_MS) as blocker:
        view.start()
    assert "no chosen session has codings by both Ann and Dr. Pi" in blocker.args[0]
    assert view.compute_button.isEnabled()


def test_the_pis_empty_consensus_coding_is_filled_one_with_events_is_kept(
    qtbot: QtBot, project: PairProject
) -> None:
    repo = project.repo
    # Opening the session in the coding window made the PI an empty consensus coding.
    empty = repo.create_coding(
        project.home_id, project.pi_id, project.version_id, CodingRole.CONSENSUS
    )
    view = _computed_view(qtbot, project, project.pi_id)
    dialog = view.consensus.start()
    assert dialog is not None
    for key in (Qt.Key.Key_A, Qt.Key.Key_A, Qt.Key.Key_A):
        qtbot.keyClick(dialog, key)
    with qtbot.waitSignal(view.consensusCreated, timeout=5000) as blocker:
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert blocker.args == [empty.id]
    assert len(repo.list_codings(role=CodingRole.CONSENSUS)) == 1
    assert sorted(
        (e.code_id, e.onset_frame, e.offset_frame) for e in repo.list_events(empty.id)
    ) == [
        ("away", 20, 40),
        ("mother", 0, 20),
        ("smile", 8, 8),
        ("stroke", 5, 15),
    ]  # all A: Ann's coding
    assert view.consensus.start() is None
    assert "with events; edit it in the coding window" in view.status.text()
