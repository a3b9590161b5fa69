"""``interactioncoder import``: summaries, errors as user errors, nothing half-imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interactioncoder.cli import main
from interactioncoder.core.codebook.loader import load_codebook
from interactioncoder.core.project import CodingRole, SessionVideo
from interactioncoder.storage import create_project, open_project
from tests.exchange._import_fixtures import codebook, sample_events, vfr_timebase
from tests.exchange.test_boris import boris_project


def _project(tmp_path: Path) -> tuple[Path, int]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "study.icproj"
    repo = create_project(path, name="study")
    try:
        version = repo.store_codebook(codebook())
        tb = vfr_timebase()
        video = repo.add_video(
            str(tmp_path / "d01.mp4"),
            1,
            "fp",
            tb.duration_ms,
            tb.frame_count,
            30.0,
            True,
            frame_times_ms=tb.frame_times_ms,
        )
        dyad = repo.add_dyad("D01")
        session = repo.add_session(dyad.id, "visit 1", [SessionVideo(video.id, 0.0, "", True)])
        coder = repo.add_coder("Ana")
        coding = repo.create_coding(session.id, coder.id, version.id)
        repo.add_events(coding.id, sample_events(tb))
        return path, coding.id
    finally:
        repo.close()


def _snapshot(path: Path) -> tuple[object, ...]:
    repo = open_project(path)
    try:
        codings = repo.list_codings()
        return (
            len(repo.list_sessions()),
            len(repo.list_coders()),
            len(repo.list_codebook_versions()),
            len(codings),
            sorted((c.id, len(repo.list_events(c.id))) for c in codings),
        )
    finally:
        repo.close()


def _events(path: Path, coder: str) -> list[tuple[object, ...]]:
    repo = open_project(path)
    try:
        found = repo.find_coder(coder)
        assert found is not None
        (coding,) = repo.list_codings(coder_id=found.id)
        return sorted(
            (e.code_id, e.onset_frame, e.offset_frame, dict(e.modifiers), e.comment)
            for e in repo.list_events(coding.id)
        )
    finally:
        repo.close()


def test_elan_export_then_import_gives_the_same_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, _ = _project(tmp_path)
    eaf = tmp_path / "out.eaf"
    assert main(["export", str(project), "--format", "eaf", "--out", str(eaf)]) == 0
    code = main(["import", str(project), str(eaf), "--session", "visit 1", "--coder", "Copy"])
    out = capsys.readouterr().out
    assert code == 0
    assert "coder 'Copy'" in out and "7 event(s) imported" in out
    assert _events(project, "Copy") == _events(project, "Ana")


def test_boris_import_prints_what_it_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, _ = _project(tmp_path)
    boris = tmp_path / "pilot.boris"
    boris.write_text(json.dumps(boris_project(tmp_path)), encoding="utf-8")
    saved = tmp_path / "ethogram.yaml"
    code = main(
        [
            "import",
            str(project),
            str(boris),
            "--coder",
            "Ben",
            "--dyad",
            "Pilot",
            "--save-codebook",
            str(saved),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert load_codebook(saved).name == "Still face pilot"
    assert "codebook 'Still face pilot'" in out
    assert "session 'D01' in dyad 'Pilot'" in out
    assert "'live one' skipped" in out
    assert "missing: recorded for relinking" in out


def test_errors_are_user_errors_and_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, _ = _project(tmp_path)
    before = _snapshot(project)
    boris = tmp_path / "pilot.boris"
    doc = boris_project(tmp_path)
    doc["observations"]["D02"]["events"].append([3.0, "infant", "gaze away", "", ""])
    boris.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["import", str(project), str(boris), "--coder", "Ben", "--dyad", "P"]) == 2
    err = capsys.readouterr().err
    assert "nothing was imported" in err and "never stopped" in err
    assert "Traceback" not in err
    csv = tmp_path / "fix.csv"
    csv.write_text("onset,offset,code\n1,2,m_pos\n2,3,nope\n", encoding="utf-8")
    args = ["import", str(project), str(csv), "--session", "visit 1", "--coder", "Cy"]
    assert main(args) == 2
    assert "'nope'" in capsys.readouterr().err
    csv.write_text("onset,offset,code\n1,2,m_pos\n2,300,m_neg\n", encoding="utf-8")
    assert main(args) == 2
    assert "after the video's end" in capsys.readouterr().err
    assert _snapshot(project) == before


def test_csv_corrections_replace_a_coding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, coding_id = _project(tmp_path)
    csv = tmp_path / "fix.csv"
    csv.write_text("start,stop,label\n0.5,1.0,m_pos\n", encoding="utf-8")
    args = [
        "import",
        str(project),
        str(csv),
        "--session",
        "visit 1",
        "--coder",
        "Ana",
        "--columns",
        "onset=start,offset=stop,code=label",
    ]
    assert main(args) == 2
    assert "--replace or --append" in capsys.readouterr().err
    assert main([*args, "--replace"]) == 0
    assert "replacing 7" in capsys.readouterr().out
    repo = open_project(project)
    try:
        (event,) = repo.list_events(coding_id)
        assert (event.code_id, event.onset_frame, event.offset_frame) == ("m_pos", 15, 30)
    finally:
        repo.close()


def test_unknown_format_and_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, _ = _project(tmp_path)
    odd = tmp_path / "events.xyz"
    odd.write_text("x", encoding="utf-8")
    assert main(["import", str(project), str(odd)]) == 2
    assert "--from" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["import", str(project), str(tmp_path / "absent.eaf")])


def test_whole_session_moves_to_another_project_with_roles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, _ = _project(tmp_path / "a")
    repo = open_project(source)
    try:
        session = repo.list_sessions()[0]
        ben = repo.add_coder("Ben")
        version = repo.list_codebook_versions()[0]
        check = repo.create_coding(session.id, ben.id, version.id, CodingRole.RELIABILITY)
        repo.add_events(
            check.id,
            [e.with_changes(id=f"b{i}") for i, e in enumerate(sample_events(vfr_timebase())[:3])],
        )
    finally:
        repo.close()
    eaf = tmp_path / "visit.eaf"
    assert main(["export", str(source), "--format", "eaf", "--out", str(eaf)]) == 0
    target, _ = _project(tmp_path / "b")  # same codebook and session, Ana already coded
    code = main(["import", str(target), str(eaf), "--session", "visit 1", "--replace"])
    assert code == 0, capsys.readouterr().err
    repo = open_project(target)
    try:
        ben_b = repo.find_coder("Ben")
        assert ben_b is not None
        (coding,) = repo.list_codings(coder_id=ben_b.id)
        assert coding.role is CodingRole.RELIABILITY
        assert len(repo.list_events(coding.id)) == 3
        assert [c.name for c in repo.list_coders()] == ["Ana", "Ben"]
    finally:
        repo.close()
    assert _events(target, "Ana") == _events(source, "Ana")
