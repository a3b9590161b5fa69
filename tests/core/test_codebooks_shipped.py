"""Finding the shipped codebooks in an installed package or a source checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from interactioncoder.core.codebook import shipped as codebooks_shipped
from interactioncoder.core.codebook.shipped import shipped_codebook_dir, shipped_codebooks


def test_found_in_this_checkout() -> None:
    folder = shipped_codebook_dir()
    assert folder.is_dir()
    assert shipped_codebooks() == sorted(folder.glob("*.yaml"))
    assert all(p.suffix == ".yaml" for p in shipped_codebooks())


def test_package_folder_is_preferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package, checkout = tmp_path / "pkg", tmp_path / "repo"
    for folder in (package, checkout):
        folder.mkdir()
        (folder / "a.yaml").write_text("x", encoding="utf-8")
    monkeypatch.setattr(codebooks_shipped, "_CANDIDATES", (package, checkout))
    assert shipped_codebook_dir() == package


def test_falls_back_to_the_source_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty, checkout = tmp_path / "pkg", tmp_path / "repo"
    empty.mkdir()  # e.g. a broken link or a folder without YAML files
    checkout.mkdir()
    (checkout / "b.yaml").write_text("x", encoding="utf-8")
    monkeypatch.setattr(codebooks_shipped, "_CANDIDATES", (empty, tmp_path / "nope", checkout))
    assert shipped_codebook_dir() == checkout
    assert shipped_codebooks() == [checkout / "b.yaml"]


def test_missing_everywhere_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codebooks_shipped, "_CANDIDATES", (tmp_path / "a", tmp_path / "b"))
    with pytest.raises(FileNotFoundError, match="shipped codebooks are missing"):
        shipped_codebook_dir()
