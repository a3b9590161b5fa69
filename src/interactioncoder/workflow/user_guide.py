"""The user guide bundled with the package: the README's "User guide" part, for Help.

``scripts/bundle-user-guide.py`` writes it into ``resources/user-guide.md`` (package data,
so it opens offline from an installed wheel); a test checks the copy is up to date.
Images are left out (the screenshots are not in the package).
"""

from __future__ import annotations

import re
from importlib import resources

START, END = "## User guide", "## For developers"
BUNDLED = "resources/user-guide.md"
_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)\s*$")


class GuideMissingError(LookupError):
    """The README has no user-guide part, or the package has no bundled copy."""


def extract_user_guide(readme: str) -> str:
    """The README's text from "## User guide" to "## For developers", without images."""
    start = readme.find(START)
    if start < 0:
        raise GuideMissingError(f"README: no {START!r} heading")
    end = readme.find(END, start)
    part = readme[start : end if end >= 0 else len(readme)]
    lines = [line for line in part.splitlines() if not _IMAGE.match(line)]
    return "# interactioncoder: user guide\n\n" + "\n".join(lines[1:]).strip() + "\n"


def bundled_user_guide() -> str:
    """The guide shipped in the package."""
    path = resources.files("interactioncoder").joinpath(BUNDLED)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise GuideMissingError(f"{BUNDLED}: not in the installed package") from exc
