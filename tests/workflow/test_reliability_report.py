"""One reliability report: the CLI JSON and the HTML report give the same numbers, ratings too."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from interactioncoder.cli import main
from interactioncoder.exchange.reliability_data import load_reliability_data
from interactioncoder.reliability.alignment import AlignmentParams
from interactioncoder.reliability.analysis import AnalysisParams
from interactioncoder.reliability.report import num, plain, rating_rows, render
from interactioncoder.storage import open_project
from interactioncoder.workflow.reliability import load_and_report, reliability_report
from tests.workflow.rated_project import SENS, build_rated_project

# the GUI's defaults, which are also the CLI's: frame unit, no tolerance, onsets within 2 s
PARAMS = AnalysisParams(event=AlignmentParams(onset_tolerance_s=2.0))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return build_rated_project(tmp_path / "rated.icproj")


def cli_json(project: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["reliability", str(project), "--format", "json"]) == 0
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    return out


def html_report(project: Path) -> str:
    repo = open_project(project)
    try:
        _data, report = load_and_report(repo, None, None, PARAMS)
    finally:
        repo.close()
    return render(report, "html")


def html_cells(html: str) -> list[str]:
    return re.findall(r"<td[^>]*>([^<]*)</td>", html)


def scale_cells(html: str, scale_name: str) -> list[str]:
    """The cells of one scale's table in the HTML ratings section."""
    start = html.index(f"<h3>{scale_name} (")
    return html_cells(html[start : html.index("</table>", start)])


def test_cli_json_and_html_report_give_the_same_numbers(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = cli_json(project, capsys)
    html = html_report(project)
    cells = html_cells(html)
    # Ratings are part of the CLI report: both scales, every session a target.
    scales = {s["scale_id"]: s for s in doc["ratings"]}
    assert set(scales) == {"sens", "withdrawal"}
    assert scales["sens"]["targets"] == len(SENS)
    for s in doc["ratings"]:
        scale = scale_cells(html, s["scale_name"])
        for icc in s["icc"]:
            i = scale.index(icc["form"])
            assert scale[i + 1] == num(icc["value"])
            assert scale[i + 2] == f"[{num(icc['ci_low'])}, {num(icc['ci_high'])}]"
        i = scale.index("Krippendorff alpha, ordinal")
        assert scale[i + 1] == num(s["alpha_ordinal"]["alpha"])
        i = scale.index("weighted kappa, quadratic")
        assert scale[i + 1] == num(s["kappa_quadratic"]["kappa"])
    # Pooled code agreement: each pooled group's time-unit kappa appears in the HTML.
    pooled = [r for r in doc["results"] if r["scope"]["session_id"] is None]
    assert pooled
    for r in pooled:
        for v in r["time_unit"]:
            assert num(v["kappa"]["kappa"]) in cells
        if r["event"] is not None:
            assert num(r["event"]["kappa"]["kappa"]) in cells


def test_one_assembly_for_every_front_end(project: Path) -> None:
    """Named by id (the GUI) or by label (CLI/HTML): the same numbers, ratings included."""
    repo = open_project(project)
    try:
        data = load_reliability_data(repo)
    finally:
        repo.close()
    by_label = reliability_report(data, PARAMS)
    by_id = reliability_report(data, PARAMS, names="id")
    assert plain(by_label.ratings) == plain(by_id.ratings)  # plain: NaN compares equal
    assert by_label.ratings  # ratings are never left out
    assert plain(by_label.pooled()) == plain(by_id.pooled())
    assert {r.scope.session_id for r in by_id.results} >= {str(s.session_id) for s in data.sessions}
    sens = next(s for s in by_label.ratings if s.scale_id == "sens")
    assert [row.statistic for row in rating_rows(sens)][:1] == [sens.icc[0].form]
    # the data's warnings come first, none lost
    assert by_label.warnings[: len(data.warnings)] == data.warnings
