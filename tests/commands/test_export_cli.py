"""``interactioncoder export`` end to end on a project stored through the repository."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from interactioncoder.cli import main
from tests.exchange.export_sample import build_sample_repository


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return build_sample_repository(tmp_path / "sample.icproj")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_events_csv(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "events.csv"
    code, out, _ = _run(capsys, "export", str(project), "--out", str(target))
    assert code == 0
    assert out.strip() == f"wrote {target}"
    table = pd.read_csv(target, keep_default_na=False)
    assert len(table) == 7
    assert table.onset_s.tolist()[:5] == [0.033, 0.067, 0.15, 0.2, 0.333]
    assert table.comment.iloc[0] == "'=SUM(A1)"
    assert not target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_single_table_into_existing_folder(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    code, _, _ = _run(capsys, "export", str(project), "--table", "ratings", "--out", str(folder))
    assert code == 0
    ratings = pd.read_csv(folder / "ratings.csv", keep_default_na=False)
    assert ratings.value.tolist() == [7, 3, 2, 2]


def test_bom_sessions_coders(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bob.csv"
    argv = ["export", str(project), "--table", "summary", "--sessions", "D01/s1"]
    argv += ["--coders", "bob", "--excel-bom", "--out", str(target)]
    code, _, _ = _run(capsys, *argv)
    assert code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(target, encoding="utf-8-sig", keep_default_na=False)
    assert set(table.coder) == {"bob"}
    assert set(table.session) == {"s1"}


def test_timeseries_interval(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "ts.csv"
    argv = ["export", str(project), "--table", "timeseries", "--interval", "0.25"]
    code, _, _ = _run(capsys, *argv, "--out", str(target))
    assert code == 0
    table = pd.read_csv(target)
    assert table.interval_end_s.tolist() == [0.25, 0.5, 0.6, 0.25, 0.5, 0.6, 0.25, 0.5]


def test_all_csv_into_folder_and_beside_file(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "tables"
    code, out, _ = _run(capsys, "export", str(project), "--table", "all", "--out", str(folder))
    assert code == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        f"{n}.csv"
        for n in ("events", "summary", "timeseries", "ratings", "ratings_wide", "rating_totals")
    )
    assert len(out.strip().splitlines()) == 6
    code, _, _ = _run(
        capsys, "export", str(project), "--table", "all", "--out", str(tmp_path / "study.csv")
    )
    assert code == 0
    assert (tmp_path / "study_events.csv").exists()
    assert (tmp_path / "study_rating_totals.csv").exists()


def test_all_xlsx(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "study.xlsx"
    argv = ["export", str(project), "--table", "all", "--format", "xlsx", "--out", str(target)]
    code, _, _ = _run(capsys, *argv)
    assert code == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == [
        "events", "summary", "timeseries", "ratings", "ratings_wide", "rating_totals",
    ]  # fmt: skip
    header = [cell.value for cell in book["events"][1]]
    comment = book["events"].cell(row=2, column=header.index("comment") + 1)
    assert comment.value == "=SUM(A1)"  # exact text, kept as text by the quote prefix
    assert comment.quotePrefix


def test_sdis(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "study.sds"
    argv = ["export", str(project), "--format", "sdis", "--sdis-unit", "frames"]
    code, _, _ = _run(capsys, *argv, "--out", str(target))
    assert code == 0
    text = target.read_text(encoding="utf-8")
    assert "Timed sens intr gaze cry ;\n<D01_s1_alice_primary>\n,0\nsens,1-4\n" in text
    assert text.endswith(",5/\n")


def test_eaf(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "elan"
    code, _, _ = _run(capsys, "export", str(project), "--format", "eaf", "--out", str(folder))
    assert code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["D01_s1.eaf", "D02_s2.eaf"]
    single = tmp_path / "one.eaf"
    argv = ["export", str(project), "--format", "eaf", "--sessions", "s2", "--out", str(single)]
    code, _, _ = _run(capsys, *argv)
    assert code == 0
    assert single.read_bytes().startswith(b"<?xml")


def test_plots(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "figs"
    code, _, _ = _run(capsys, "export", str(project), "--format", "svg", "--out", str(folder))
    assert code == 0
    assert "D01_s1_ethogram.svg" in {p.name for p in folder.iterdir()}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--sessions", "nope"], "no session 'nope'"),
        (["--coders", "carol"], "no coder 'carol'"),
    ],
)
def test_selection_errors(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    target = tmp_path / "x.csv"
    code, _, err = _run(capsys, "export", str(project), *extra, "--out", str(target))
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert not target.exists()


def test_missing_output_folder(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nope" / "x.csv"
    code, _, err = _run(capsys, "export", str(project), "--out", str(target))
    assert code == 2
    assert "no such folder" in err


def test_not_a_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "bogus.icproj"
    bogus.write_text("not sqlite", encoding="utf-8")
    code, _, err = _run(capsys, "export", str(bogus), "--out", str(tmp_path / "x.csv"))
    assert code == 2
    assert "bogus.icproj" in err


def test_bad_interval(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["export", str(project), "--interval", "-1", "--out", str(tmp_path / "x.csv")])
    assert exc.value.code == 2
    assert "must be positive" in capsys.readouterr().err


def test_help_lists_tables_and_formats(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["export", "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    for word in ("ratings_wide", "rating_totals", "--excel-bom", "sdis", "eaf", "--interval"):
        assert word in text


def test_session_without_video_needs_an_interval(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from interactioncoder.storage import open_project

    repo = open_project(project)
    try:
        dyad = repo.add_dyad("D03")
        session = repo.add_session(dyad.id, "imported")
        coder = repo.find_coder("alice")
        assert coder is not None
        version = repo.list_codebook_versions()[0]
        repo.create_coding(session.id, coder.id, version.id)
    finally:
        repo.close()
    target = tmp_path / "ts.csv"
    code, _, err = _run(
        capsys, "export", str(project), "--table", "timeseries", "--out", str(target)
    )
    assert code == 2
    assert "D03/imported has no master video" in err
    assert not target.exists()
    code, _, _ = _run(
        capsys,
        "export",
        str(project),
        "--table",
        "timeseries",
        "--interval",
        "1",
        "--out",
        str(target),
    )
    assert code == 0
