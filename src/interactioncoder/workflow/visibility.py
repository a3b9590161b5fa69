"""Blind coding: who may see whose coding. One rule for the workspace, browser and export.

A PI sees every coder's coding (to compare and make a consensus). Any other coder sees only
their own coding: not the other coders' events, nor their statuses in the project browser,
nor their codings in an export made from the workspace. The CLI has no current coder (it is
the project owner's tool) and exports whatever ``--coders`` names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from interactioncoder.core.project import Coder, Coding


def sees_everyone(viewer: Coder | None) -> bool:
    """Whether *viewer* may see the other coders' codings (a PI)."""
    return viewer is not None and viewer.is_pi


def visible_coders(
    viewer: Coder | None, coders: Sequence[Coder], *, blind: bool = True
) -> list[Coder]:
    """The coders whose work *viewer* may see (all of them when not *blind*)."""
    if not blind or sees_everyone(viewer):
        return list(coders)
    return [c for c in coders if viewer is not None and c.id == viewer.id]


def visible_codings(viewer: Coder, codings: Iterable[Coding], own_id: int) -> tuple[Coding, ...]:
    """The other codings of a session shown beside the viewer's own one (coding *own_id*)."""
    if not sees_everyone(viewer):
        return ()
    return tuple(c for c in codings if c.id != own_id)


def export_coders(viewer: Coder) -> list[str] | None:
    """The ``coders`` selection of an export made by *viewer* (None: everyone)."""
    return None if sees_everyone(viewer) else [str(viewer.id)]
