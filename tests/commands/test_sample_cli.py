"""``interactioncoder sample``: seeded, reproducible, stratified draws stored in the project."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest

from interactioncoder.cli import main
from interactioncoder.core.project import CodingRole
from interactioncoder.reliability.sampling import choose_reliability_sample
from interactioncoder.storage import create_project, open_project
from tests.factories import codebook, group, state

CODEBOOK = codebook(group("g", state("x"), subject="infant", exclusive=True))


def _build(path: Path) -> dict[str, int]:
    """20 sessions: 12 at visit T1, 8 at T2 (one without visit), coded by Ann; Ben, Cat."""
    repo = create_project(path, name="sampling")
    try:
        version = repo.store_codebook(CODEBOOK)
        ann, ben, cat = (repo.add_coder(n) for n in ("Ann", "Ben", "Cat"))
        ids: dict[str, int] = {"ann": ann.id, "ben": ben.id, "cat": cat.id}
        for i in range(20):
            dyad = repo.add_dyad(f"D{i:02d}")
            visit = "T1" if i < 12 else ("" if i == 19 else "T2")
            session = repo.add_session(dyad.id, "home", visit=visit)
            ids[f"s{i}"] = session.id
            repo.create_coding(session.id, ann.id, version.id, CodingRole.PRIMARY)
        # Cat is primary coder of one session: she may not draw it.
        repo.create_coding(ids["s3"], cat.id, version.id, CodingRole.PRIMARY)
        return ids
    finally:
        repo.close()


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    path = tmp_path / "s.icproj"
    return path, _build(path)


def _drawn(out: str) -> list[str]:
    return [line.strip() for line in out.splitlines() if line.startswith("  D")]


def test_same_seed_same_draw_and_it_is_stored(
    project: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, ids = project
    args = ["sample", str(path), "--share", "0.2", "--seed", "7", "--coder", "Ben"]
    assert main([*args, "--dry-run"]) == 0
    first = capsys.readouterr().out
    assert "drew 4 of 20 sessions (share 0.2, seed 7) for Ben" in first
    assert "dry run: nothing stored" in first
    with closing(open_project(path)) as repo:
        assert repo.list_reliability_samples() == []
    assert main(args) == 0
    second = capsys.readouterr().out
    assert _drawn(first) == _drawn(second)
    # The draw is the sampling module's, over the sessions in id order.
    expected = choose_reliability_sample([ids[f"s{i}"] for i in range(20)], 0.2, seed=7)
    with closing(open_project(path)) as repo:
        (sample,) = repo.list_reliability_samples()
        assert sample.session_ids == expected.selected
        assert (sample.seed, sample.share, sample.coder_id) == (7, 0.2, ids["ben"])
        rel = repo.list_codings(role=CodingRole.RELIABILITY)
        assert sorted(c.session_id for c in rel) == sorted(expected.selected)
        assert {c.coder_id for c in rel} == {ids["ben"]}
    assert main([*args[:-2], "--coder", "Ben", "--seed", "8", "--dry-run"]) == 0
    assert _drawn(capsys.readouterr().out) != _drawn(second)  # another seed, another draw


def test_stratified_by_visit_draws_in_proportion(
    project: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, ids = project
    code = main(
        [
            "sample",
            str(path),
            "--share",
            "0.25",
            "--seed",
            "3",
            "--stratify-by",
            "visit",
            "--coder",
            str(ids["ben"]),
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    # 5 of 20: T1 has 12 (exact 3.0), T2 7 (1.75), no visit 1 (0.25) -> 3, 2, 0.
    assert "visit T1: 3 of 12" in out
    assert "visit T2: 2 of 7" in out
    assert "visit (no visit): 0 of 1" in out
    with closing(open_project(path)) as repo:
        (sample,) = repo.list_reliability_samples()
        assert sample.stratify_by == "visit"
        visits = {s.id: s.visit for s in repo.list_sessions()}
    picked = [visits[s] for s in sample.session_ids]
    assert sorted(picked) == ["T1", "T1", "T1", "T2", "T2"]


def test_own_primary_sessions_are_left_out(
    project: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = project
    assert main(["sample", str(path), "--share", "1", "--seed", "1", "--coder", "Cat"]) == 0
    out = capsys.readouterr().out
    assert "drew 19 of 19 sessions" in out
    assert "left out 1 session(s) Cat coded as primary coder" in out
    assert "D03/home" not in _drawn(out)


def test_bad_input_is_a_clear_error_and_stores_nothing(
    project: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = project
    assert main(["sample", str(path), "--seed", "1", "--coder", "Zed"]) == 2
    assert "no coder 'Zed' in the project (known: Ann, Ben, Cat)" in capsys.readouterr().err
    assert main(["sample", str(path), "--seed", "1", "--coder", "Ann"]) == 2
    assert "no session that Ann could double-code" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["sample", str(path), "--share", "1.5", "--coder", "Ben"])
    assert "the share must be in (0, 1]" in capsys.readouterr().err
    with closing(open_project(path)) as repo:
        assert repo.list_reliability_samples() == []
