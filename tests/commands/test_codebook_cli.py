"""``interactioncoder codebook check|show|list`` through the real CLI entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from interactioncoder.cli import main
from interactioncoder.core.codebook.shipped import shipped_codebooks

BROKEN = Path(__file__).parents[1] / "core" / "broken_codebooks"


@pytest.mark.parametrize("path", shipped_codebooks(), ids=lambda p: p.stem)
def test_check_shipped_codebook_is_ok(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codebook", "check", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith(f"{path}: OK - ")
    assert "codes" in out and "groups" in out and "rating scales" in out


def test_check_counts_in_summary(capsys: pytest.CaptureFixture[str]) -> None:
    path = next(p for p in shipped_codebooks() if p.stem == "mother-infant-interaction")
    assert main(["codebook", "check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "29 codes (16 states, 13 points), 5 groups, 10 rating scales, 1 total" in out


def test_check_broken_prints_located_problems(capsys: pytest.CaptureFixture[str]) -> None:
    path = BROKEN / "unknown-field.yaml"
    assert main(["codebook", "check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith(f"{path}:24:9: code 'intrusive' has no 'color'")
    assert lines[1].startswith(f"{path}:28:9: unknown field 'colour'")
    assert lines[2] == f"{path}: 2 problems"


def test_check_several_files_reports_each(capsys: pytest.CaptureFixture[str]) -> None:
    good = shipped_codebooks()[0]
    bad = BROKEN / "reserved-key.yaml"
    assert main(["codebook", "check", str(good), str(bad)]) == 1
    out, err = capsys.readouterr()
    assert f"{good}: OK" in out
    assert f"{bad}:26:14: key 'Space'" in err
    assert f"{bad}: 1 problem" in err


def test_check_missing_file_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.yaml"
    assert main(["codebook", "check", str(shipped_codebooks()[0]), str(missing)]) == 2
    out, err = capsys.readouterr()
    assert out == ""  # nothing is checked when one of the files is missing
    assert "no such file" in err and str(missing) in err


def test_check_folder_is_a_user_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codebook", "check", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_check_unreadable_encoding(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codebook", "check", str(BROKEN / "not-utf8.yaml")]) == 1
    assert ":9:12: the file is not UTF-8 text" in capsys.readouterr().err


def test_show_lists_codes_with_keys(capsys: pytest.CaptureFixture[str]) -> None:
    path = next(p for p in shipped_codebooks() if p.stem == "face-to-face-still-face")
    assert main(["codebook", "show", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Face-to-face still-face (id face-to-face-still-face, version 1.0)")
    assert "Caregiver engagement [Caregiver; one at a time]" in out
    assert "W  No play / still face  (state," in out
    assert "per segment" in out
    assert "Still-face  (id still-face" in out


def test_show_broken_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codebook", "show", str(BROKEN / "bad-colour.yaml")]) == 1
    assert ":27:16:" in capsys.readouterr().err


def test_list_shipped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codebook", "list"]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) == len(shipped_codebooks())
    assert "Mother–infant interaction 1.0" in out
