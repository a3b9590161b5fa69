"""``interactioncoder reliability`` end to end on a project stored through the repository."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from interactioncoder.cli import main
from interactioncoder.core.project import CodingRole
from interactioncoder.storage import create_project
from tests.reliability.helpers import codebook, ev
from tests.reliability.paired_project import add_paired_session


def _build(path: Path) -> Path:
    repo = create_project(path, name="reliability test")
    try:
        version = repo.store_codebook(codebook())
        ann, bob, cat = (repo.add_coder(n) for n in ("ann", "bob", "cat"))
        dyad = repo.add_dyad("D01")
        for i, shift in enumerate((5, 10)):
            sid, primary, second = add_paired_session(repo, version.id, dyad, i, (ann, bob), shift)
            third = repo.create_coding(sid, cat.id, version.id, CodingRole.PRIMARY) if i else None
            if third is not None:
                repo.add_events(third.id, [ev("mother", 0, 100), ev("away", 100, 200)])
            repo.set_rating(primary.id, "sens", 5 + i)
            repo.set_rating(second.id, "sens", 6 + i)
    finally:
        repo.close()
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return _build(tmp_path / "rel.icproj")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_default_primary_vs_reliability_table(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "reliability", str(project), "--tolerance", "0.5")
    assert code == 0, err
    assert "primary vs reliability, pooled (2 sessions): Infant gaze" in out
    assert "Tolerance window: ±0.5 s" in out
    assert "session D01/s1" in out and "segment still-face" in out


def test_csv_values_follow_the_data(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "reliability", str(project), "--format", "csv", "--no-segments")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    pooled = next(
        r for r in rows
        if r["session"] == "pooled" and r["variable"] == "gaze" and r["method"] == "time-unit"
        and r["code"] == ""
    )  # fmt: skip
    # gaze: 400 frames, 15 disagree (5 + 10 frames late) -> 96.25 % agreement
    assert float(pooled["percent_agreement"]) == pytest.approx(96.25)
    assert float(pooled["n"]) == 400
    assert not any(r["segment"] for r in rows)


def test_named_coders_html_written_atomically(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "report.html"
    code, out, err = _run(
        capsys, "reliability", str(project), "--coders", "ann", "cat", "--format", "html",
        "--out", str(target),
    )  # fmt: skip
    assert code == 0, err
    assert out.strip() == f"wrote {target}"
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "ann vs cat" in html
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_json_with_second_units_and_overlap(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["reliability", str(project), "--format", "json", "--unit", "1", "--overlap", "0.6"]
    code, out, _ = _run(capsys, *argv, "--sessions", "D01/s1")
    assert code == 0
    data = json.loads(out)
    assert data["params"]["unit_seconds"] == 1.0
    assert data["params"]["event"]["min_overlap"] == 0.6
    assert {r["scope"]["session_id"] for r in data["results"]} == {"D01/s1", None}
    assert data["ratings"][0]["scale_id"] == "sens"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--coders", "ann", "zed"], "no coder 'zed'"),
        (["--coders", "ann", "ann"], "two different coders"),
        (["--sessions", "nope"], "no session 'nope'"),
        (["--coders", "bob", "cat", "--sessions", "D01/s1"], "codings by both bob and cat"),
    ],
)
def test_user_errors(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = _run(capsys, "reliability", str(project), *argv)
    assert code == 2
    assert message in err, err


def test_missing_project_and_bad_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "reliability", str(tmp_path / "none.icproj"))
    assert code == 2 and "error" in err
    with pytest.raises(SystemExit):
        main(["reliability", str(tmp_path / "x.icproj"), "--unit", "-1"])
    with pytest.raises(SystemExit):
        main(["reliability", str(tmp_path / "x.icproj"), "--overlap", "2"])


def test_unwritable_target_leaves_nothing(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing-folder" / "report.csv"
    code, _, err = _run(
        capsys, "reliability", str(project), "--format", "csv", "--out", str(target)
    )
    assert code == 2 and "could not write" in err
    assert not target.parent.exists()
    code, _, err = _run(capsys, "reliability", str(project), "--out", str(tmp_path))
    assert code == 2 and "is a folder" in err
