"""Codebook versions: saving an edited codebook, and moving a coding onto a newer one.

Saving never changes a stored version: it stores a new one, and every coding keeps the
version it was made with. A coding can be moved to another version only when everything
it uses is still there, unchanged in kind: its codes (state stays state), the modifiers
and choices its events carry (numbers within range), and its rating scales (values
within range). Otherwise the reasons are listed and nothing changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from interactioncoder.core.codebook import Codebook, ModifierKind
from interactioncoder.core.codebook.loader import check_codebook
from interactioncoder.core.events import Event
from interactioncoder.core.project import CodebookVersion, Coding, Rating
from interactioncoder.storage import ProjectRepository


class VersionError(ValueError):
    """A save or a move that is refused; ``str()`` lists every reason, one per line."""


def next_version_label(label: str) -> str:
    """``"1"`` -> ``"2"``, ``"1.4"`` -> ``"1.5"``, ``"draft"`` -> ``"draft-2"``."""
    m = re.search(r"(\d+)(?!.*\d)", label)
    if m is None:
        return f"{label}-2" if label else "2"
    return label[: m.start()] + str(int(m.group(1)) + 1) + label[m.end() :]


def save_codebook_version(repo: ProjectRepository, codebook: Codebook) -> CodebookVersion:
    """Check *codebook* (the file rules) and store it as a new version of the project.

    Raises ``CodebookError`` for a codebook that would not load from its own YAML, and
    :class:`VersionError` when another content already carries the same id and version.
    Saving content already stored returns that version.
    """
    check_codebook(codebook, f"{codebook.id or 'codebook'}.yaml")
    digest = codebook.content_hash()
    for known in repo.list_codebook_versions():
        same_label = (known.codebook.id, known.codebook.version) == (
            codebook.id,
            codebook.version,
        )
        if same_label and known.sha256 != digest:
            raise VersionError(
                f"version {codebook.version!r} of {codebook.id!r} is stored already with "
                f"other content; call this one {next_version_label(codebook.version)!r}"
            )
    return repo.store_codebook(codebook)


def move_problems(
    new: Codebook, events: Iterable[Event], ratings: Iterable[Rating] = ()
) -> list[str]:
    """Why a coding with *events* and *ratings* cannot use *new* ([] = it can)."""
    problems: list[str] = []
    for ev in events:
        problems.extend(_event_problems(new, ev))
    for r in ratings:
        try:
            scale = new.scale(r.scale_id)
        except KeyError:
            problems.append(f"rating scale {r.scale_id!r} was removed")
            continue
        if not scale.minimum <= r.value <= scale.maximum:
            problems.append(
                f"rating {r.value} on {r.scale_id!r} is outside {scale.minimum}-{scale.maximum}"
            )
    return list(dict.fromkeys(problems))


def _event_problems(new: Codebook, ev: Event) -> list[str]:
    if not new.has_code(ev.code_id):
        return [f"code {ev.code_id!r} was removed"]
    code = new.code(ev.code_id)
    is_state = ev.offset_frame is not None
    if is_state != (code.kind.value == "state"):
        return [f"code {ev.code_id!r} changed kind (now {code.kind.value})"]
    modifiers = {m.id: m for m in code.modifiers}
    problems = []
    for mod_id, value in ev.modifiers.items():
        mod = modifiers.get(mod_id)
        if mod is None:
            problems.append(f"modifier {mod_id!r} of code {ev.code_id!r} was removed")
        elif mod.kind == ModifierKind.CHOICE:
            if str(value) not in {c.id for c in mod.choices}:
                problems.append(f"choice {value!r} of modifier {mod_id!r} was removed")
        elif not isinstance(value, int | float) or not _within(
            float(value), mod.minimum, mod.maximum
        ):
            problems.append(f"value {value!r} of modifier {mod_id!r} is outside its new range")
    return problems


def _within(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def move_coding(repo: ProjectRepository, coding_id: int, version_id: int) -> Coding:
    """Move a coding to another codebook version when nothing it uses was removed.

    Returns the coding as it was (for undo); raises :class:`VersionError` with every
    reason otherwise, and nothing changes.
    """
    target = repo.get_codebook_version(version_id).codebook
    problems = move_problems(target, repo.list_events(coding_id), repo.list_ratings(coding_id))
    if problems:
        raise VersionError(
            f"coding {coding_id} cannot move to version {target.version!r}:\n" + "\n".join(problems)
        )
    return repo.move_coding_to_codebook_version(coding_id, version_id)
