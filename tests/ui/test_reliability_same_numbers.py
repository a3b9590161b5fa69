"""Acceptance: the GUI view, the CLI JSON and the HTML report give identical numbers.

Same project, same parameters (the view's defaults are the CLI's defaults), ratings included.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from interactioncoder.reliability.report import num
from interactioncoder.storage import open_project
from interactioncoder.ui.reliability import ReliabilityView
from interactioncoder.ui.reliability.stats_model import Scope
from tests.ui.test_panels_fixtures import OFFSCREEN_WARNING
from tests.workflow.rated_project import build_rated_project
from tests.workflow.test_reliability_report import cli_json, html_report, scale_cells

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_WARNING)
TIMEOUT_MS = 30_000


def test_gui_cli_json_and_html_give_identical_numbers(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = build_rated_project(tmp_path / "rated.icproj")
    doc = cli_json(project, capsys)
    html = html_report(project)
    repo = open_project(project)
    try:
        view = ReliabilityView(repo, None, None)
        qtbot.addWidget(view)
        view.show()
        with qtbot.waitSignal(view.computed, timeout=TIMEOUT_MS):
            view.start()
        view.scope_box.setCurrentText(Scope.POOLED.value)
        # Codes: every pooled group row of the view equals the CLI JSON (and the HTML).
        pooled = {
            r["group_id"]: r
            for r in doc["results"]
            if r["scope"]["session_id"] is None and r["scope"]["segment"] is None
        }
        model = view.stats_model
        rows = [r for r in model.rows if r.where == "pooled"]
        assert {r.group_id for r in rows} == set(pooled)
        compared = 0
        for row in rows:
            cli = pooled[row.group_id]
            if row.unit is not None:  # a variable's own kappa (group or present/absent code)
                (v,) = [v for v in cli["time_unit"] if v["variable_id"] == row.variable_id]
                assert model.cell(row, 3) == num(v["kappa"]["kappa"])
                assert f"<td class=n>{model.cell(row, 3)}</td>" in html
                compared += 1
            if row.code_id is None and cli["event"] is not None:
                assert model.cell(row, 10) == num(cli["event"]["kappa"]["kappa"])
                assert f"<td class=n>{model.cell(row, 10)}</td>" in html
                compared += 1
        assert compared >= len(pooled)
        # Ratings: shown in the view, the same rows and numbers as the HTML and the JSON.
        assert view.ratings.isVisibleTo(view)
        shown = view.ratings_model.rows
        for s in doc["ratings"]:
            mine = {r[1]: r for r in shown if r[0].startswith(f"{s['scale_name']} (")}
            html_scale = scale_cells(html, s["scale_name"])
            for icc in s["icc"]:
                assert mine[icc["form"]][2] == num(icc["value"])
                i = html_scale.index(icc["form"])
                assert html_scale[i + 1 : i + 3] == list(mine[icc["form"]][2:4])
            assert mine["Krippendorff alpha, ordinal"][2] == num(s["alpha_ordinal"]["alpha"])
            assert mine["weighted kappa, quadratic"][2] == num(s["kappa_quadratic"]["kappa"])
            assert mine["weighted kappa, linear"][2] == num(s["kappa_linear"]["kappa"])
            assert mine["exact agreement %"][2] == num(100 * s["exact_agreement"], 1)
        # ICCs, two weighted kappas, two alphas, exact and within-one (no Fleiss: two coders)
        assert len(shown) == sum(len(s["icc"]) + 6 for s in doc["ratings"])
    finally:
        repo.close()
