"""Creating a study project: checks before anything is written, then all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from interactioncoder.storage import open_project
from interactioncoder.workflow.project_setup import (
    CoderSpec,
    ProjectSpec,
    SetupError,
    add_coder_checked,
    check_passphrase,
    create_study_project,
    hash_passphrase,
    load_codebook_choice,
    may_act_as_pi,
    project_problems,
    shipped_codebook_names,
)
from tests.workflow.helpers import PASSPHRASE, small_codebook, study_project


def test_created_project_stores_codebook_coders_hash_and_options(tmp_path: Path) -> None:
    study_project(tmp_path).close()
    repo = open_project(tmp_path / "study.icproj")
    try:
        assert repo.project_name == "Still-face trial"
        assert [c.name for c in repo.list_coders()] == ["Pia", "Ria"]
        assert [c.is_pi for c in repo.list_coders()] == [True, False]
        (version,) = repo.list_codebook_versions()
        assert version.codebook == small_codebook()
        stored = repo.pi_passphrase_hash()
        assert stored is not None and PASSPHRASE not in stored and stored.startswith("scrypt$")
        assert repo.blind_to_condition is True
        assert repo.list_study_fields() == ["arm", "site"]
        pia, ria = repo.list_coders()
        assert may_act_as_pi(repo, pia.id, PASSPHRASE)
        assert not may_act_as_pi(repo, pia.id, "wrong passphrase")
        assert not may_act_as_pi(repo, ria.id, PASSPHRASE)
    finally:
        repo.close()


def test_hash_uses_a_random_salt_and_checks() -> None:
    a, b = hash_passphrase("open sesame"), hash_passphrase("open sesame")
    assert a != b
    assert check_passphrase("open sesame", a) and check_passphrase("open sesame", b)
    assert not check_passphrase("open sesamE", a)
    assert not check_passphrase("open sesame", "garbage") and not check_passphrase("x", None)


def test_hash_matches_hashlib_scrypt_directly() -> None:
    import hashlib

    salt = bytes(range(16))
    expected = hashlib.scrypt(b"pass phrase", salt=salt, n=2**14, r=8, p=1, dklen=32).hex()
    assert hash_passphrase("pass phrase", salt).endswith("$" + expected)


def spec(tmp_path: Path, **changes: object) -> ProjectSpec:
    base = {
        "location": str(tmp_path / "p.icproj"),
        "name": "P",
        "codebook": small_codebook(),
        "coders": (CoderSpec("Pia", True), CoderSpec("Ria")),
        "pi_passphrase": PASSPHRASE,
    }
    base.update(changes)
    return ProjectSpec(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": " "}, "give the project a name"),
        ({"codebook": None}, "choose a codebook"),
        ({"coders": ()}, "add at least one coder"),
        ({"coders": (CoderSpec("Ria"), CoderSpec("ria"))}, "listed twice"),
        ({"pi_passphrase": "short"}, "PI coder needs the PI passphrase"),
        ({"coders": (CoderSpec("Ria"),), "blind_to_condition": True}, "needs a PI coder"),
        ({"location": "/no/such/folder/p.icproj"}, "/no/such/folder: no such folder"),
        ({"location": "mysql://x/y"}, "only postgresql"),
    ],
)
def test_mistakes_are_named_and_nothing_is_written(
    tmp_path: Path, changes: dict[str, object], message: str
) -> None:
    bad = spec(tmp_path, **changes)
    assert any(message in p for p in project_problems(bad))
    with pytest.raises(SetupError, match=message):
        create_study_project(bad)
    assert list(tmp_path.iterdir()) == []


def test_existing_file_is_refused_unchanged(tmp_path: Path) -> None:
    (tmp_path / "p.icproj").write_text("mine")
    with pytest.raises(SetupError, match="exists already"):
        create_study_project(spec(tmp_path))
    assert (tmp_path / "p.icproj").read_text() == "mine"


def test_a_folder_is_not_a_project_file(tmp_path: Path) -> None:
    for text in ("/", str(tmp_path) + "/"):
        problems = project_problems(spec(tmp_path, location=text))
        assert any("is a folder" in p for p in problems)


def test_suffix_is_added(tmp_path: Path) -> None:
    create_study_project(spec(tmp_path, location=str(tmp_path / "study"))).close()
    assert (tmp_path / "study.icproj").is_file()


def test_codebook_choice_shipped_and_broken_file(tmp_path: Path) -> None:
    names = shipped_codebook_names()
    assert "mother-infant-interaction" in names
    assert load_codebook_choice("mother-infant-interaction").groups
    broken = tmp_path / "mine.yaml"
    broken.write_text("codebook:\n  id: x\n  name: X\n  version: '1'\ngroups:\n  - id: [\n")
    with pytest.raises(SetupError) as info:
        load_codebook_choice(str(broken))
    assert str(info.value).startswith(f"{broken}:")
    assert str(info.value).split(":")[1].isdigit()  # file:line:col
    with pytest.raises(SetupError, match="no such codebook"):
        load_codebook_choice(str(tmp_path / "missing.yaml"))


def test_a_new_pi_needs_the_passphrase(tmp_path: Path) -> None:
    repo = study_project(tmp_path)
    try:
        with pytest.raises(SetupError, match="needs the project's PI passphrase"):
            add_coder_checked(repo, "Mallory", True, "guess")
        assert repo.find_coder("Mallory") is None
        assert add_coder_checked(repo, "Mallory", False).is_pi is False
        assert add_coder_checked(repo, "Dr. Lee", True, PASSPHRASE).is_pi is True
    finally:
        repo.close()
