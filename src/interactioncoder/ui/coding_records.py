"""The coding controller's transport and its record edits (segments, ratings, comment).

Mixed into :class:`~interactioncoder.ui.coding_controller.CodingController`; they use only
its player, open session, bindings and its one way to store an edit (``_push``), so every
change is still one undo command calling one repository method.
"""

from __future__ import annotations

from collections.abc import Callable

from interactioncoder.ui.seams import Player
from interactioncoder.ui.shortcuts import ShortcutBindings
from interactioncoder.ui.undo_commands import (
    CodingCommentCommand,
    RatingCommand,
    RepositoryCommand,
    SegmentEditCommand,
)
from interactioncoder.workflow import segments
from interactioncoder.workflow.sessions import SessionContext


class TransportControls:
    """Play, step, jump and seek on the open session's player."""

    player: Player | None
    ctx: SessionContext | None
    bindings: ShortcutBindings

    def frame(self) -> int:
        return int(self.player.displayed_frame()) if self.player is not None else 0

    def toggle_play(self) -> None:
        if self.player is not None:
            self.player.toggle_play()

    def step(self, frames: int) -> None:
        if self.player is not None:
            self.player.step(frames)

    def jump(self, direction: int) -> None:
        if self.ctx is None or self.player is None:
            return
        tb = self.ctx.timebase
        ms = tb.frame_to_ms(self.frame()) + direction * self.bindings.step_seconds() * 1000.0
        self.seek(tb.ms_to_frame(ms))

    def seek(self, frame: int) -> None:
        if self.player is not None and self.ctx is not None:
            self.player.seek_frame(self.ctx.timebase.clamp_frame(frame))

    def go_end(self) -> None:
        if self.ctx is not None:
            self.seek(self.ctx.timebase.last_frame)

    def set_speed(self, speed: float) -> None:
        if self.player is not None:
            self.player.set_speed(speed)


class RecordEdits:
    """Edits of the coding's records other than events, each one undo step."""

    ctx: SessionContext | None
    report_error: Callable[[str], object]

    def _push(self, command: RepositoryCommand, full: bool = True) -> bool:
        raise NotImplementedError  # the controller stores and refreshes

    def _may_edit(self) -> bool:
        raise NotImplementedError

    def trim_segment(self, segment_id: int, edge: str, frame: int) -> bool:
        """A segment edge dragged on the timeline (segments belong to the session)."""
        if self.ctx is None:
            return False
        ctx = self.ctx
        before = next(
            (s for s in ctx.repo.list_segments(ctx.session.id) if s.id == segment_id), None
        )
        if before is None:
            return False
        after = segments.trimmed(before, edge, frame, ctx.timebase)  # clamped: workflow
        if after == before:
            return False
        return self._push(SegmentEditCommand(ctx.repo, before, after, self.report_error))

    def set_rating(self, scale_id: str, value: int | None, segment_id: int | None) -> bool:
        if self.ctx is None or not self._may_edit():
            return False
        ctx = self.ctx
        return self._push(
            RatingCommand(ctx.repo, ctx.coding.id, scale_id, value, segment_id, self.report_error)
        )

    def set_comment(self, text: str) -> bool:
        if self.ctx is None or text == self.ctx.coding.comment or not self._may_edit():
            return False
        return self._push(
            CodingCommentCommand(self.ctx.repo, self.ctx.coding.id, text, self.report_error)
        )
