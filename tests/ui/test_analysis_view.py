"""The Analysis view on a small stored project: run, pick a row, pick an instance, seek."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from interactioncoder.storage import open_project
from interactioncoder.ui.analysis import AnalysisView
from tests.analysis.project import build
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)
TIMEOUT_MS = 30_000


def test_window_analysis_lists_instances_and_seeks(qtbot: QtBot, tmp_path: Path) -> None:
    repo = open_project(build(tmp_path / "study.icproj"))
    try:
        view = AnalysisView(repo)
        qtbot.addWidget(view)
        view.show()
        view.set_codes(["bid", "resp"])
        view.target.setCurrentText("resp")
        view.window_to.setValue(2.0)
        view.permutations.setValue(20)
        with qtbot.waitSignal(view.computed, timeout=TIMEOUT_MS):
            view.start()
        records = view.model.records
        row = next(
            i for i, r in enumerate(records) if r["level"] == "session" and r["phase"] == "play"
        )
        assert records[row]["key"] == "D01/3m" and records[row]["yules_q"] == 1.0
        view.select_row(row)
        assert view.instances.count() == records[row]["instances"] > 0
        with (
            qtbot.waitSignal(view.seekRequested) as seek,
            qtbot.waitSignal(view.instanceSelected) as picked,
        ):
            view.instances.setCurrentRow(1)
        session_id, frame = seek.args
        assert session_id == int(records[row]["session_id"])
        assert frame == 35  # the second bid (frames 5, 35, ...)
        _, start, end, event_ids = picked.args
        assert (start, end) == (35, 55)  # the 2 s window: 20 frames at 10 fps
        assert len(event_ids) == 2  # the bid and the response in its window
    finally:
        repo.close()


def test_bad_parameters_fail_without_a_worker(qtbot: QtBot, tmp_path: Path) -> None:
    repo = open_project(build(tmp_path / "study.icproj"))
    try:
        view = AnalysisView(repo)
        qtbot.addWidget(view)
        view.set_codes(["bid", "resp"])
        view.window_from.setValue(3.0)
        view.window_to.setValue(1.0)
        with qtbot.waitSignal(view.failed) as failed:
            assert view.start() is None
        assert "before or where it starts" in failed.args[0]
    finally:
        repo.close()


@pytest.mark.parametrize("kind", ["phases", "lag", "cooccurrence", "match", "ratings", "latency"])
def test_every_kind_runs(qtbot: QtBot, tmp_path: Path, kind: str) -> None:
    repo = open_project(build(tmp_path / "study.icproj"))
    try:
        view = AnalysisView(repo)
        qtbot.addWidget(view)
        view.set_codes(["bid", "resp"])
        view.target.setCurrentText("resp")
        view.kind.setCurrentText(kind)
        with qtbot.waitSignal(view.computed, timeout=TIMEOUT_MS):
            view.start()
        assert view.output is not None and view.output.kind == kind
        assert view.model.rowCount() == len(view.output.records) > 0
    finally:
        repo.close()
