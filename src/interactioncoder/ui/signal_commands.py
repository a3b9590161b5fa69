"""Undo commands of the signal tools (in the style of :mod:`ui.undo_commands`).

Saving the regions dialog is one step however many cameras it changed: one transaction
of ``set_regions`` calls to do, the same with the regions before to undo.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from interactioncoder.core.regions import Region
from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.undo_commands import ErrorReporter, RepositoryCommand

RegionsByCamera = Mapping[str, Sequence[Region]]


class RegionsCommand(RepositoryCommand):
    """Replace the regions of some cameras of a session (``after``); undo puts ``before``
    back (cameras missing from ``before`` lose their regions)."""

    def __init__(
        self,
        repo: ProjectRepository,
        session_id: int,
        before: RegionsByCamera,
        after: RegionsByCamera,
        report: ErrorReporter | None = None,
    ) -> None:
        cameras = ", ".join(sorted(after))
        super().__init__(f"edit regions ({cameras})", report)
        self.repo, self.session_id = repo, session_id
        self.before = {c: tuple(before.get(c, ())) for c in after}
        self.after = {c: tuple(r) for c, r in after.items()}

    def _set(self, regions: Mapping[str, tuple[Region, ...]]) -> None:
        with self.repo.atomic():
            for camera, rs in regions.items():
                self.repo.set_regions(self.session_id, camera, rs)

    def _do(self) -> None:
        self._set(self.after)

    def _undo(self) -> None:
        self._set(self.before)
