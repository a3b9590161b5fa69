"""Undo commands of the camera sync dialog: a camera offset stored AND shown in the player.

Applying a sync changes the stored offset (``repo.set_video_offset``) and moves the camera
in the open player at once; undo and redo do both. Several cameras synchronised together
are one undo step.
"""

from __future__ import annotations

import contextlib

from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.seams import SyncPlayer
from interactioncoder.ui.undo_commands import ErrorReporter, RepositoryCommand, VideoOffsetCommand


class PlayerOffsetCommand(VideoOffsetCommand):
    """Stores a camera's offset and moves that camera in the player (both ways)."""

    def __init__(
        self,
        repo: ProjectRepository,
        session_id: int,
        video_id: int,
        offset_ms: float,
        player: SyncPlayer,
        camera: int,
        report: ErrorReporter | None = None,
    ) -> None:
        super().__init__(repo, session_id, video_id, offset_ms, report)
        self.player, self.camera = player, camera
        self.setText(f"synchronise camera {camera + 1}")

    def _do(self) -> None:
        super()._do()
        self._move(self.offset_ms)

    def _undo(self) -> None:
        super()._undo()
        self._move(self.previous)

    def _move(self, offset_ms: float) -> None:
        # The player may be gone with its session (RuntimeError): the store is enough then.
        with contextlib.suppress(RuntimeError):
            self.player.set_offset(self.camera, offset_ms)


class SyncOffsetsCommand(RepositoryCommand):
    """Several cameras' offsets as ONE undo step; a refused part undoes the parts before it."""

    def __init__(self, parts: list[PlayerOffsetCommand], report: ErrorReporter | None) -> None:
        super().__init__("synchronise cameras", report)
        self.parts = parts

    def _do(self) -> None:
        done: list[PlayerOffsetCommand] = []
        try:
            for part in self.parts:
                part._do()
                done.append(part)
        except Exception:
            for part in reversed(done):
                part._undo()
            raise

    def _undo(self) -> None:
        for part in reversed(self.parts):
            part._undo()
