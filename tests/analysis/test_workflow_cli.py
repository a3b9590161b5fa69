"""The analysis workflow and ``interactioncoder analyse`` on a project in a database."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from interactioncoder.analysis.latency import LatencySpec
from interactioncoder.analysis.window import WindowSpec
from interactioncoder.cli import main
from interactioncoder.storage import open_project
from interactioncoder.workflow.analysis import (
    load_analysis_data,
    run_latency,
    run_ratings,
    run_window,
)
from tests.analysis.project import build


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("an") / "study.icproj")


def test_one_coding_per_session_consensus_first(project: Path) -> None:
    repo = open_project(project)
    try:
        data = load_analysis_data(repo)
    finally:
        repo.close()
    labels = [s.label for s in data.sessions]
    assert labels == ["D01/3m", "D01/6m", "D02/3m", "D02/6m"]
    assert [s.coder for s in data.sessions] == ["Ann", "Ann", "Ann", "PI"]
    assert any("D03/3m" in w and "left out" in w for w in data.warnings)
    group = data.group_of(["visit"])
    assert group is not None and group(data.timelines[1]) == "visit=6m"
    with pytest.raises(KeyError, match="no study field 'arm'"):
        data.group_of(["arm"])


def test_window_and_latency_by_phase_and_visit(project: Path) -> None:
    repo = open_project(project)
    try:
        data = load_analysis_data(repo)
    finally:
        repo.close()
    spec = WindowSpec("bid", "resp", 0.0, 2.0)
    out = run_window(data, [spec], permutations=50, group_fields=["visit"])
    assert ("randomisations", "50") in out.parameters
    rows = {(r["level"], r["key"], r["phase"]): r for r in out.records}
    # D01/3m: every play bid answered within 2 s (9 frames), no reunion answers
    assert rows[("session", "D01/3m", "play")]["yules_q"] == 1.0
    assert rows[("session", "D01/3m", "reunion")]["a"] == 0
    assert rows[("group", "visit=3m", "play")]["a"] > 0
    for record, instances in zip(out.records, out.instances, strict=True):
        if record["level"] == "session":
            assert all(i.session_id == record["session_id"] for i in instances)
    lat = run_latency(data, [LatencySpec("bid", "resp", 3.0, 2.0)])
    lrows = {(r["level"], r["key"], r["phase"]): r for r in lat.records}
    assert lrows[("pooled", "all", "play")]["share_within_2_s"] == 1.0
    # reunion: 3m sessions unanswered, D01/6m after 2.5 s, D02/6m (consensus) after 0.5 s
    assert lrows[("pooled", "all", "reunion")]["share_within_2_s"] == pytest.approx(0.25)
    assert lrows[("pooled", "all", "reunion")]["share_answered"] == pytest.approx(0.5)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["analyse", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "kind",
    [
        ["phases"],
        ["window", "--pair", "bid", "resp", "--permutations", "20"],
        ["lag", "--codes", "bid", "resp"],
        ["lag", "--groups", "bids", "answers", "--lag", "2"],
        ["latency", "--pair", "bid", "resp"],
        ["match"],
        ["ratings"],
        ["cooccurrence", "--pair", "warm", "smile"],
    ],
)
def test_every_kind_in_every_text_format(
    project: Path, capsys: pytest.CaptureFixture[str], kind: list[str]
) -> None:
    code, out, _ = _run(capsys, str(project), *kind)
    assert code == 0 and f"analysis: {kind[0]}" in out and "pooled" in out
    code, out, _ = _run(capsys, str(project), *kind, "--format", "csv")
    assert code == 0 and out.startswith("# analysis: ")
    body = [line for line in out.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(body))))
    assert rows and {"level", "key", "phase"} <= set(rows[0])
    code, out, _ = _run(capsys, str(project), *kind, "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["analysis"] == kind[0]
    assert any(p["name"] == "rule" for p in doc["parameters"])
    code, out, _ = _run(capsys, str(project), *kind, "--format", "html")
    assert code == 0 and "<h2>Parameters</h2>" in out


def test_xlsx_instances_and_plots(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsx, inst, plot = tmp_path / "w.xlsx", tmp_path / "i.csv", tmp_path / "f.svg"
    code, _, _ = _run(
        capsys, str(project), "window", "--pair", "bid", "resp", "--permutations", "10",
        "--format", "xlsx", "--out", str(xlsx), "--instances", str(inst), "--plot", str(plot),
    )  # fmt: skip
    assert code == 0
    assert load_workbook(xlsx).sheetnames == ["parameters", "results", "instances"]
    rows = list(csv.DictReader(inst.open(encoding="utf-8")))
    assert rows and rows[0]["session"] == "D01/3m" and rows[0]["event_ids"]
    assert plot.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    png = tmp_path / "p.png"
    code, _, _ = _run(capsys, str(project), "phases", "--codes", "bid", "--plot", str(png))
    assert code == 0 and png.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["window", "--pair", "nosuch", "resp"], "no code 'nosuch'"),
        (["window", "--pair", "bid", "resp", "--window", "2", "1"], "window ends"),
        (["phases", "--sessions", "D09/x"], "no session 'D09/x'"),
        (["phases", "--group-by", "arm"], "no study field 'arm'"),
        (["phases", "--format", "xlsx"], "needs --out"),
        (["lag", "--codes", "bid"], "at least two codes"),
        (["lag", "--groups", "nogroup"], "no code group 'nogroup'"),
        (["lag", "--codes", "bid", "resp", "--lag", "0"], "lag must be 1 or more"),
        (["match", "--partners", "mother", "nogroup"], "no exclusive group 'nogroup'"),
        (["phases", "--plot", "x.pdf"], ".png or .svg"),
        (["phases", "--coder", "Zed"], "no chosen session"),
        (["phases", "--out", "no-such-folder-here/x.csv"], "does not exist"),
    ],
)
def test_user_mistakes_exit_2_with_one_line(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = _run(capsys, str(project), *args)
    assert code == 2, (out, err)
    assert message in err and len(err.strip().splitlines()) == 1


def test_match_needs_affect_categories(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = build(tmp_path / "plain.icproj", with_affect=False)
    code, _, err = _run(capsys, str(path), "match")
    assert code == 2 and "affect" in err


class _WithStudyFields:
    """A repository whose schema has study fields (``dyad_fields``), as newer projects do."""

    def __init__(self, repo: object, fields: dict[int, dict[str, str]]) -> None:
        self._repo = repo
        self._fields = fields

    def __getattr__(self, name: str) -> object:
        return getattr(self._repo, name)

    def dyad_fields(self) -> dict[int, dict[str, str]]:
        return self._fields


def test_grouping_by_dyad_study_fields(project: Path) -> None:
    repo = open_project(project)
    try:
        dyads = {d.label: d.id for d in repo.list_dyads()}
        wrapped = _WithStudyFields(repo, {dyads["D01"]: {"arm": "A"}, dyads["D02"]: {"arm": "B"}})
        data = load_analysis_data(wrapped)
    finally:
        repo.close()
    assert data.field_names() == ["visit", "arm"]
    out = run_latency(data, [LatencySpec("bid", "resp", 3.0, 2.0)], group_fields=["arm", "visit"])
    groups = {r["key"] for r in out.records if r["level"] == "group"}
    assert groups == {"arm=A, visit=3m", "arm=A, visit=6m", "arm=B, visit=3m", "arm=B, visit=6m"}
    assert ("grouped by", "arm × visit") in out.parameters


def test_ratings_per_phase(project: Path) -> None:
    repo = open_project(project)
    try:
        data = load_analysis_data(repo)
    finally:
        repo.close()
    out = run_ratings(data)
    rows = {(r["level"], r["key"], r["phase"]): r for r in out.records}
    assert rows[("session", "D01/3m", "play")]["mean"] == 4
    # reunion: D01 rated 1 in both sessions, D02 2 (Ann) and no rating in the consensus coding
    reunion = rows[("pooled", "all", "reunion")]
    assert reunion["n"] == 3 and reunion["mean"] == pytest.approx(4 / 3)
    assert rows[("dyad", "D01", "reunion")]["sd"] == 0
