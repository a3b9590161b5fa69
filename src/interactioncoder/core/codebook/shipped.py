"""Where the codebooks that come with interactioncoder are.

The YAML files live in ``codebooks/`` at the top of the source tree.
``src/interactioncoder/codebooks`` is a symbolic link to that folder, so that building a
wheel copies the files into the package (``package-data`` in pyproject.toml lists
``codebooks/*.yaml``). An installed package therefore finds them next to its own modules;
a source checkout where the link is missing (e.g. git on Windows without symlink support)
falls back to the folder at the top of the tree.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parents[2]
_CANDIDATES = (
    _PACKAGE_DIR / "codebooks",  # installed wheel (or the link in a checkout)
    _PACKAGE_DIR.parent.parent / "codebooks",  # source checkout: <repo>/src/interactioncoder
)


def shipped_codebook_dir() -> Path:
    """The folder holding the shipped codebook files.

    Raises ``FileNotFoundError`` if neither the package nor the source tree has it (a
    broken installation).
    """
    for candidate in _CANDIDATES:
        if candidate.is_dir() and any(candidate.glob("*.yaml")):
            return candidate
    searched = ", ".join(str(c) for c in _CANDIDATES)
    raise FileNotFoundError(f"the shipped codebooks are missing (looked in {searched})")


def shipped_codebooks() -> list[Path]:
    """The shipped codebook files, sorted by name."""
    return sorted(shipped_codebook_dir().glob("*.yaml"))
