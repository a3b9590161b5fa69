"""Undo commands: each one calls ONE repository method to do, and one to undo.

Every edit is committed to the project when it is made (there is no Save). A command is
therefore *applied first* with :func:`push_applied` and only pushed onto the undo stack if
the store accepted it: a refused edit (conflict, project locked by another program) shows
a message and leaves no undo step behind. A later undo or redo that the store refuses
marks the command obsolete, so Qt drops it from the stack instead of getting out of step.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QUndoCommand, QUndoStack

from interactioncoder.core.events import EventChangeSet
from interactioncoder.core.project import CodingStatus, Segment, Video
from interactioncoder.storage import ProjectRepository
from interactioncoder.storage.errors import StorageError

ErrorReporter = Callable[[str], object]

_EVENT_COMMAND_ID = 0x1C0D


class RepositoryCommand(QUndoCommand):
    """Base: ``_do``/``_undo`` talk to the store; errors go to *report*."""

    def __init__(self, text: str, report: ErrorReporter | None = None) -> None:
        super().__init__(text)
        self._report = report
        self._applied_on_push = False

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError

    def apply_now(self) -> None:
        """Do the edit before the push; the push's automatic redo is then skipped."""
        self._do()
        self._applied_on_push = True

    def redo(self) -> None:
        if self._applied_on_push:
            self._applied_on_push = False
            return
        self._guarded(self._do, "redo")

    def undo(self) -> None:
        self._guarded(self._undo, "undo")

    def _guarded(self, step: Callable[[], None], what: str) -> None:
        try:
            step()
        except StorageError as exc:
            self.setObsolete(True)
            if self._report is not None:
                self._report(f"Could not {what} “{self.text()}”: {exc}")


def push_applied(stack: QUndoStack, command: RepositoryCommand, report: ErrorReporter) -> bool:
    """Apply *command* now and push it; on a store error report it and push nothing."""
    try:
        command.apply_now()
    except StorageError as exc:
        report(f"{command.text() or 'The edit'} was not stored: {exc}")
        return False
    stack.push(command)
    return True


class EventChangeCommand(RepositoryCommand):
    """One coder edit of events (add / end / trim / move / delete / split / modifiers).

    With ``merge`` set to an event id, the command folds into the previous command on the
    stack if that one made or changed this event (a modifier chosen in the popup after a
    key press is part of that key press's undo step).
    """

    def __init__(
        self,
        repo: ProjectRepository,
        coding_id: int,
        changes: EventChangeSet,
        report: ErrorReporter | None = None,
        *,
        merge: str | None = None,
    ) -> None:
        super().__init__(changes.description or "edit events", report)
        self.repo = repo
        self.coding_id = coding_id
        self.changes = changes
        self.merge = merge

    def _do(self) -> None:
        self.repo.apply_event_changes(self.coding_id, self.changes)

    def _undo(self) -> None:
        self.repo.apply_event_changes(self.coding_id, self.changes.inverse())

    def id(self) -> int:
        return _EVENT_COMMAND_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, EventChangeCommand)
            and other.merge is not None
            and other.coding_id == self.coding_id
        ):
            return False
        touched = {e.id for e in self.changes.added} | {u.after.id for u in self.changes.updated}
        if other.merge not in touched:
            return False
        self.changes = self.changes.then(other.changes)
        return True


class RatingCommand(RepositoryCommand):
    def __init__(
        self,
        repo: ProjectRepository,
        coding_id: int,
        scale_id: str,
        value: int | None,
        segment_id: int | None = None,
        report: ErrorReporter | None = None,
    ) -> None:
        super().__init__(f"rate {scale_id}", report)
        self.repo, self.coding_id, self.scale_id = repo, coding_id, scale_id
        self.value, self.segment_id = value, segment_id
        self.previous: int | None = None

    def _do(self) -> None:
        self.previous = self.repo.set_rating(
            self.coding_id, self.scale_id, self.value, self.segment_id
        )

    def _undo(self) -> None:
        self.repo.set_rating(self.coding_id, self.scale_id, self.previous, self.segment_id)


class CodingCommentCommand(RepositoryCommand):
    def __init__(
        self,
        repo: ProjectRepository,
        coding_id: int,
        text: str,
        report: ErrorReporter | None = None,
    ) -> None:
        super().__init__("edit coding comment", report)
        self.repo, self.coding_id, self.comment = repo, coding_id, text
        self.previous = ""

    def _do(self) -> None:
        self.previous = self.repo.set_coding_comment(self.coding_id, self.comment)

    def _undo(self) -> None:
        self.repo.set_coding_comment(self.coding_id, self.previous)


class CodingStatusCommand(RepositoryCommand):
    def __init__(
        self,
        repo: ProjectRepository,
        coding_id: int,
        status: CodingStatus,
        report: ErrorReporter | None = None,
    ) -> None:
        super().__init__(f"mark coding {status.value.replace('_', ' ')}", report)
        self.repo, self.coding_id, self.status = repo, coding_id, status
        self.previous = CodingStatus.NOT_STARTED

    def _do(self) -> None:
        self.previous = self.repo.set_coding_status(self.coding_id, self.status)

    def _undo(self) -> None:
        self.repo.set_coding_status(self.coding_id, self.previous)


class SegmentEditCommand(RepositoryCommand):
    """Add (``before`` None), update (both) or delete (``after`` None) one segment."""

    def __init__(
        self,
        repo: ProjectRepository,
        before: Segment | None,
        after: Segment | None,
        report: ErrorReporter | None = None,
    ) -> None:
        if before is None and after is None:
            raise ValueError("a segment edit needs a segment before or after")
        what = "add" if before is None else "delete" if after is None else "edit"
        name = (after or before).name  # type: ignore[union-attr]
        super().__init__(f"{what} segment {name}", report)
        self.repo, self.before, self.after = repo, before, after

    def _do(self) -> None:
        if self.before is None:
            assert self.after is not None
            if self.after.id > 0:
                self.repo.restore_segment(self.after)
            else:
                a = self.after
                self.after = self.repo.add_segment(
                    a.session_id, a.name, a.onset_frame, a.onset_ms, a.offset_frame, a.offset_ms
                )
        elif self.after is None:
            self.repo.delete_segment(self.before.id)
        else:
            self.repo.update_segment(self.after)

    def _undo(self) -> None:
        if self.before is None:
            assert self.after is not None
            self.repo.delete_segment(self.after.id)
        elif self.after is None:
            self.repo.restore_segment(self.before)
        else:
            self.repo.update_segment(self.before)


class VideoOffsetCommand(RepositoryCommand):
    def __init__(
        self,
        repo: ProjectRepository,
        session_id: int,
        video_id: int,
        offset_ms: float,
        report: ErrorReporter | None = None,
    ) -> None:
        super().__init__("change camera offset", report)
        self.repo, self.session_id, self.video_id = repo, session_id, video_id
        self.offset_ms = offset_ms
        self.previous = 0.0

    def _do(self) -> None:
        self.previous = self.repo.set_video_offset(self.session_id, self.video_id, self.offset_ms)

    def _undo(self) -> None:
        self.repo.set_video_offset(self.session_id, self.video_id, self.previous)


class RelinkVideoCommand(RepositoryCommand):
    """Point a video record at its moved file; undo points it back at the recorded place.

    *video* is the record before the relink (its path, size and fingerprint come back on
    undo). The open player keeps the file it has until the session is opened again.
    """

    def __init__(
        self,
        repo: ProjectRepository,
        video: Video,
        new_path: str,
        size_bytes: int,
        fingerprint: str,
        report: ErrorReporter | None = None,
    ) -> None:
        super().__init__(f"relink {Path(video.path).name}", report)
        self.repo, self.before = repo, video
        self.new_path, self.size_bytes, self.fingerprint = new_path, size_bytes, fingerprint

    def _do(self) -> None:
        self.repo.relink_video(self.before.id, self.new_path, self.size_bytes, self.fingerprint)

    def _undo(self) -> None:
        b = self.before
        self.repo.relink_video(b.id, b.path, b.size_bytes, b.fingerprint)
