"""Which player a session gets, and the relink offer for missing videos.

With its video files present a session gets the real ``SessionPlayer`` (pictures of every
camera). When the master video is missing, or cannot be decoded, it gets a
:class:`ClockPlayer` on the stored timebase: the timeline, key coding and edits all work,
and the user is offered to relink the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from interactioncoder.storage.errors import StorageError
from interactioncoder.ui.clock_player import ClockPlayer
from interactioncoder.ui.seams import Player, SyncPlayer, WorkspaceHost
from interactioncoder.ui.session_context import SessionContext
from interactioncoder.ui.undo_commands import RelinkVideoCommand, RepositoryCommand

#: tests and screenshot runs set this to False: no modal relink dialog at open
ASK_RELINK = True


def make_player(
    ctx: SessionContext, parent: QWidget, cache_mb: int | None = None
) -> tuple[Player, str]:
    """(player, notice): the notice says why there are no pictures, else it is empty."""
    if not ctx.cameras:
        return ClockPlayer(ctx.timebase, parent), "This session has no video: timeline only."
    try:
        from interactioncoder.media.frame_cache import DEFAULT_CACHE_BYTES
        from interactioncoder.ui.player import CameraSpec, SessionPlayer
    except ImportError as exc:
        return ClockPlayer(ctx.timebase, parent), f"Video playback is not available ({exc})."
    specs = [
        CameraSpec(
            Path(c.video.path),
            c.link.offset_ms,
            c.link.camera or f"camera {i + 1}",
            is_master=i == 0,  # the context puts the master first
        )
        for i, c in enumerate(ctx.cameras)
    ]
    try:
        # With the stored timebase the player also runs when the master file is missing
        # (its view says so; other cameras still play).
        player = SessionPlayer(
            specs,
            cache_bytes=DEFAULT_CACHE_BYTES if cache_mb is None else int(cache_mb) << 20,
            parent=parent,
            master_timebase=ctx.timebase,
        )
    except Exception as exc:  # a broken file must not stop the session from opening
        return ClockPlayer(
            ctx.timebase, parent
        ), f"{ctx.cameras[0].video.path}: cannot play ({exc})"
    missing = [c.video.path for c in ctx.missing]
    notice = ""
    if missing:
        notice = (
            "Video not found: " + ", ".join(missing) + ". The timeline and key coding still "
            "work; File ▸ Relink missing video… to fix."
        )
    return player, notice


def offer_relink(
    window: QWidget,
    ctx: SessionContext,
    force: bool = False,
) -> list[RelinkVideoCommand]:
    """Ask for each missing video's new place; the relinks stored, as applied undo steps.

    Each relink is a :class:`RelinkVideoCommand` (one repository call to do, one to undo),
    applied at once; one the store refuses is reported and left out. Opening the session
    again clears the undo stack, so the caller pushes the returned steps afterwards
    (:func:`keep_undo_steps`).
    """
    if not (ASK_RELINK or force):
        return []
    from interactioncoder.media.fingerprint import fingerprint
    from interactioncoder.ui.dialogs.relink_dialog import RelinkDialog

    def report(text: str) -> None:
        QMessageBox.warning(window, "Relink not stored", text)

    relinked: list[RelinkVideoCommand] = []
    for camera in ctx.missing:
        dialog = RelinkDialog(camera.video, fingerprint_fn=fingerprint, parent=window)
        if not dialog.exec() or not dialog.chosen_path():
            continue
        command = RelinkVideoCommand(
            ctx.repo,
            camera.video,
            dialog.chosen_path(),
            dialog.chosen_size(),
            dialog.chosen_fingerprint(),
            report,
        )
        try:
            command.apply_now()
        except StorageError as exc:
            report(f"{dialog.chosen_path()} was not stored: {exc}")
            continue
        relinked.append(command)
        if not dialog.fingerprint_matches():
            QMessageBox.warning(
                window,
                "Different video file",
                f"{dialog.chosen_path()} is not the file that was coded "
                f"(its fingerprint differs from {camera.video.path}).\n"
                "Codes are frame positions: check that they still match the pictures.",
            )
    return relinked


def keep_undo_steps(stack: QUndoStack, applied: Sequence[RepositoryCommand]) -> None:
    """Push commands already applied (``apply_now``): Edit ▸ Undo can take them back."""
    for command in applied:
        stack.push(command)


def open_sync_dialog(window: WorkspaceHost) -> None:
    """Coding ▸ Synchronise cameras: the sync dialog on the open session's player."""
    ctx, player = window.ctx, window.controller.player
    if ctx is None or len(ctx.cameras) < 2 or not isinstance(player, SyncPlayer):
        QMessageBox.information(
            window.window(), "Synchronise cameras", "Open a session with two cameras."
        )
        return
    from interactioncoder.ui.dialogs.sync_dialog import SyncDialog

    dialog = SyncDialog(
        window.window(),
        player,
        ctx.repo,
        ctx.repo.get_session(ctx.session.id),
        window.undo_stack,
        cameras=[c.link for c in ctx.cameras],  # the player's camera order
        report=window.controller.report_error,
    )
    dialog.setModal(True)
    dialog.open()
