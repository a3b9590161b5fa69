"""Keyboard coding: code keys, transport keys and edit requests become undoable stored edits.

The controller owns the window's key actions. Code keys are ``QAction`` shortcuts with
window context: text fields (comment, jump field, filters) accept the ShortcutOverride
for the keys they type, so typing there never marks a code; everywhere else a code key
marks the code at the frame *on screen* when it was pressed (``player.displayed_frame()``).
Auto-repeat is off for code keys, so holding a key marks once.

Every edit is computed by ``core.editing`` (which enforces the rules) and stored through an
undo command at once. A refused edit beeps and says why in the status bar; it never opens
a dialog in the middle of coding. Modifiers are asked in a non-modal popup after the event
is stored; the chosen values are merged into the same undo step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget

from interactioncoder.core import drawing, editing, event_details
from interactioncoder.core.events import Event, EventChangeSet, ModifierValue
from interactioncoder.core.project import CodingStatus
from interactioncoder.ui.coding_records import RecordEdits, TransportControls
from interactioncoder.ui.dialogs.modifier_popup import ModifierPopup
from interactioncoder.ui.seams import Player
from interactioncoder.ui.shortcuts import (
    ShortcutBindings,
    bind_window_actions,
    make_window_actions,
)
from interactioncoder.ui.status_bar import show_toast
from interactioncoder.ui.undo_commands import (
    CodingStatusCommand,
    EventChangeCommand,
    RepositoryCommand,
    push_applied,
)
from interactioncoder.workflow.sessions import SessionContext


def _ask(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


class CodingController(TransportControls, RecordEdits, QObject):
    eventsChanged = Signal(list)  # noqa: N815 - the open coding's events
    comparisonChanged = Signal(list)  # noqa: N815 - [(coder name, events)] of other codings (PI)
    runningChanged = Signal(list)  # noqa: N815 - running states (Event)
    codingChanged = Signal(object)  # noqa: N815 - the Coding record after a status/comment change
    segmentsChanged = Signal(list)  # noqa: N815 - list[Segment] of the session
    ratingsChanged = Signal(list)  # noqa: N815 - list[Rating]
    frameChanged = Signal(int)  # noqa: N815 (Qt naming)
    playingChanged = Signal(bool)  # noqa: N815 (Qt naming)
    message = Signal(str)  # short status-bar message

    def __init__(self, window: QWidget, undo_stack: QUndoStack, bindings: ShortcutBindings) -> None:
        super().__init__(window)
        self.window = window
        self.undo_stack = undo_stack
        self.bindings = bindings
        self.ctx: SessionContext | None = None
        # ui.player.SessionPlayer, or ClockPlayer when there are no pictures
        self.player: Player | None = None
        self.events: list[Event] = []
        self.popup_host: QWidget = window
        self.popup: ModifierPopup | None = None
        #: asked once before the first edit of a coding marked done (tests replace it)
        self.confirm: Callable[[str, str], bool] = lambda t, x: _ask(self.window, t, x)
        self.report_error: Callable[[str], object] = lambda text: QMessageBox.warning(
            self.window, "Not stored", text
        )
        self._done_confirmed = False
        self._last_place: tuple[int | None, int] = (None, 0)  # (session id, frame) at stop()
        self._code_actions: list[QAction] = []
        self.actions: dict[str, QAction] = {}
        self._build_standard_actions()
        #: Coding > Reopen coding (enabled while the open coding is done)
        self.reopen_action = QAction("&Reopen coding", window)
        self.reopen_action.setEnabled(False)
        self.reopen_action.triggered.connect(self.reopen)
        self.codingChanged.connect(
            lambda _c: self.reopen_action.setEnabled(self.ctx is not None and self.ctx.is_done)
        )
        self._pushing = False  # a push reloads once itself (see _push)
        undo_stack.indexChanged.connect(self._on_undo_index_changed)

    def _on_undo_index_changed(self, _index: int) -> None:
        if not self._pushing:
            self.reload()

    # -- actions ------------------------------------------------------------------------
    def _build_standard_actions(self) -> None:
        handlers: dict[str, Callable[[], None]] = {
            "play_pause": self.toggle_play,
            "frame_back": lambda: self.step(-1),
            "frame_forward": lambda: self.step(1),
            "step_back": lambda: self.jump(-1),
            "step_forward": lambda: self.jump(1),
            "go_start": lambda: self.seek(0),
            "go_end": self.go_end,
        }
        self.actions = make_window_actions(self.window, self.undo_stack, handlers)
        self.apply_bindings()

    def apply_bindings(self) -> list[str]:
        """Set the standard actions' keys from the bindings; a code key wins a clash."""
        code_keys = set()
        if self.ctx is not None:
            code_keys = {c.key for c in self.ctx.codebook.codes() if c.key}
        return bind_window_actions(self.actions, self.bindings, code_keys)

    def _build_code_actions(self) -> None:
        self._clear_code_actions()
        assert self.ctx is not None
        for code in self.ctx.codebook.codes():
            if not code.key:
                continue
            action = QAction(f"{code.name}", self.window)
            action.setShortcut(QKeySequence(code.key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setAutoRepeat(False)
            action.triggered.connect(lambda _=False, cid=code.id: self.mark_code(cid))
            self.window.addAction(action)
            self._code_actions.append(action)

    def _clear_code_actions(self) -> None:
        for action in self._code_actions:
            self.window.removeAction(action)
            action.deleteLater()
        self._code_actions.clear()

    # -- session ------------------------------------------------------------------------
    def start(self, ctx: SessionContext, player: Player) -> None:
        self.stop()
        self.ctx, self.player = ctx, player
        self._done_confirmed = False
        player.frameChanged.connect(self.frameChanged)
        player.playingChanged.connect(self.playingChanged)
        self._build_code_actions()
        lost = self.apply_bindings()
        if lost:
            self.message.emit("The codebook uses the key of: " + ", ".join(lost))
        self.reload()
        # Every view shows the frame the new player shows (the timeline kept the old one);
        # the same session opened again (another coder, a consensus made) stays in place.
        self.frameChanged.emit(self.frame())
        last_session, last_frame = self._last_place
        if last_session == ctx.session.id and last_frame:
            self.seek(last_frame)

    def stop(self) -> None:
        self._close_popup()
        if self.player is not None and self.ctx is not None:
            self._last_place = (self.ctx.session.id, self.frame())
        if self.player is not None:
            self.player.close()
        self.player = None
        self.ctx = None
        self._clear_code_actions()
        self.undo_stack.clear()
        self.events = []

    def reload(self, full: bool = True, stored: EventChangeSet | None = None) -> None:
        """Show what the project holds; ``full=False`` after an event edit (events only).

        *stored*: a change set the project has just committed; the events are then updated
        in memory, which equals re-reading them (the store checked every "before") and
        keeps a key press fast in a coding with thousands of events.
        """
        if self.ctx is None:
            return
        repo = self.ctx.repo
        if stored is not None:
            after = stored.apply_to({e.id: e for e in self.events}).values()
            self.events = sorted(after, key=lambda e: (e.onset_frame, e.code_id, e.id))
        else:
            self.events = repo.list_events(self.ctx.coding.id)
        self.eventsChanged.emit(self.events)
        self.runningChanged.emit(editing.running_states(self.events))
        self.ctx.refresh_coding()  # the first edit makes a coding "in progress"
        self.codingChanged.emit(self.ctx.coding)
        if not full:
            return
        if self.ctx.others:
            lanes = [
                (
                    self.ctx.coder_names.get(c.coder_id, f"coder {c.coder_id}"),
                    repo.list_events(c.id),
                )
                for c in self.ctx.others
            ]
            self.comparisonChanged.emit(lanes)
        self.ratingsChanged.emit(repo.list_ratings(self.ctx.coding.id))
        self.segmentsChanged.emit(repo.list_segments(self.ctx.session.id))

    # -- coding -------------------------------------------------------------------------
    def mark_code(self, code_id: str) -> bool:
        """What a code key does, at the frame on screen now."""
        if self.ctx is None:
            return False
        frame = self.frame()
        self._close_popup()
        try:
            changes = editing.press_code_key(
                self.ctx.codebook,
                self.events,
                code_id,
                frame,
                self.ctx.timebase.frame_to_ms(frame),
                timebase=self.ctx.timebase,
            )
        except editing.EditRejected as exc:
            return self._refuse(str(exc))
        if not self._store(changes):
            return False
        code = self.ctx.codebook.code(code_id)
        added = [e for e in changes.added if e.code_id == code_id]
        if added and code.modifiers:
            self._ask_modifiers(added[0].id)
        self.message.emit(f"{changes.description} at frame {frame}")
        return True

    def create_event(self, code_id: str, onset: int, offset: int) -> bool:
        """A state drawn on an empty lane (Alt+drag), or "Add here" (onset == offset): one
        undo step through the same rules as a key; modifiers are asked as after a key."""
        if self.ctx is None or not self.ctx.codebook.has_code(code_id):
            return False
        self._close_popup()
        try:
            changes = drawing.create_event(
                self.ctx.codebook, self.events, code_id, onset, offset, self.ctx.timebase
            )
        except editing.EditRejected as exc:
            return self._refuse(str(exc))
        if not self._store(changes):
            return False
        added = [e for e in changes.added if e.code_id == code_id]
        if added and self.ctx.codebook.code(code_id).modifiers:
            self._ask_modifiers(added[0].id)
        self.message.emit(f"{changes.description} at frame {min(onset, offset)}")
        return True

    def _ask_modifiers(self, event_id: str, merge: bool = True) -> None:
        assert self.ctx is not None
        event = next(e for e in self.events if e.id == event_id)
        popup = ModifierPopup(
            self.ctx.codebook.code(event.code_id),
            parent=self.popup_host,
            current=None if merge else event.modifiers,  # editing: the values it has
        )
        popup.accepted.connect(lambda values: self.set_modifiers(event_id, values, merge=merge))
        popup.accepted.connect(lambda _v: self._popup_done(popup))
        popup.skipped.connect(lambda: self._popup_done(popup))
        self.popup = popup
        host = self.popup_host
        popup.adjustSize()
        popup.present(QPoint(12, max(0, host.height() - popup.height() - 12)))

    def _popup_done(self, popup: ModifierPopup) -> None:
        if self.popup is popup:
            self.popup = None
        popup.deleteLater()
        self.popup_host.setFocus()

    def _close_popup(self) -> None:
        popup, self.popup = self.popup, None
        if popup is None:
            return
        if popup.isVisible() and not popup.skip():
            popup.hide()
            self.message.emit(f"{popup.code.name}: required modifier not given")
        popup.deleteLater()

    def set_modifiers(
        self, event_id: str, values: dict[str, ModifierValue], merge: bool = False
    ) -> bool:
        if self.ctx is None:
            return False
        try:
            changes = event_details.set_modifiers(self.ctx.codebook, self.events, event_id, values)
        except editing.EditRejected as exc:
            return self._refuse(str(exc))
        return self._store(changes, merge_target=event_id if merge else None)

    def trim(self, event_id: str, edge: str, frame: int) -> bool:
        return self.edit(
            lambda c: editing.trim(c.codebook, self.events, event_id, edge, frame, c.timebase)
        )

    def move(self, ids: Sequence[str], delta: int) -> bool:
        return self.edit(lambda c: editing.move(c.codebook, self.events, ids, delta, c.timebase))

    def delete(self, ids: Iterable[str]) -> bool:
        return self.edit(lambda c: editing.delete(self.events, ids))

    def split(self, event_id: str, frame: int) -> bool:
        return self.edit(
            lambda c: editing.split(c.codebook, self.events, event_id, frame, c.timebase)
        )

    def edit_event(self, event_id: str) -> None:
        """Double-click / F2 on an event: its modifiers if it has any, else its comment."""
        if self.ctx is None or not any(e.id == event_id for e in self.events):
            return
        event = next(e for e in self.events if e.id == event_id)
        if (
            self.ctx.codebook.has_code(event.code_id)
            and self.ctx.codebook.code(event.code_id).modifiers
        ):
            self._ask_modifiers(event_id, merge=False)
            return
        text, ok = QInputDialog.getText(
            self.window, "Event comment", "Comment:", text=event.comment
        )
        if ok:
            self.edit(lambda c: event_details.set_comment(self.events, event_id, text))

    def edit(self, make: Callable[[SessionContext], EventChangeSet]) -> bool:
        if self.ctx is None:
            return False
        try:
            changes = make(self.ctx)
        except editing.EditRejected as exc:
            return self._refuse(str(exc))
        return self._store(changes)

    def _refuse(self, text: str) -> bool:
        QApplication.beep()
        self.message.emit(text)
        show_toast(self.popup_host, text)  # where the coder looks, not only the status bar
        return False

    def _may_edit(self) -> bool:
        """Editing a coding marked done asks once; yes reopens it (back to in progress)."""
        assert self.ctx is not None
        if self.ctx.is_done:
            if not self._done_confirmed and not self.confirm(
                "Coding marked done",
                "This coding is marked done. Edit it anyway? It goes back to 'in progress' "
                "until you mark it done again.",
            ):
                return False
            self._done_confirmed = True
            return self.reopen()
        return True

    def reopen(self) -> bool:
        """Set a done coding back to in progress (its own undo step)."""
        if self.ctx is None or not self.ctx.is_done:
            return False
        ctx = self.ctx
        ok = self._push(
            CodingStatusCommand(
                ctx.repo, ctx.coding.id, CodingStatus.IN_PROGRESS, self.report_error
            )
        )
        self.reopen_action.setEnabled(self.ctx is not None and self.ctx.is_done)
        return ok

    def _push(self, command: RepositoryCommand, full: bool = True) -> bool:
        """Store and push *command*, then refresh the views once."""
        self._pushing = True
        try:
            ok = push_applied(self.undo_stack, command, self.report_error)
        finally:
            self._pushing = False
        stored = command.changes if ok and isinstance(command, EventChangeCommand) else None
        self.reload(full=full, stored=stored)
        return ok

    def _store(self, changes: EventChangeSet, merge_target: str | None = None) -> bool:
        if self.ctx is None or changes.is_empty or not self._may_edit():
            return False
        command = EventChangeCommand(
            self.ctx.repo, self.ctx.coding.id, changes, self.report_error, merge=merge_target
        )
        return self._push(command, full=False)

    def mark_done(self) -> bool:
        """Mark the coding done; running states are ended at the current frame first."""
        if self.ctx is None or self.ctx.is_done:
            return False
        ctx = self.ctx
        self.undo_stack.beginMacro("mark coding done")
        try:
            closing = editing.close_running_states(self.events, self.frame(), ctx.timebase)
            if not closing.is_empty and not self._store(closing):
                return False
            ok = self._push(
                CodingStatusCommand(ctx.repo, ctx.coding.id, CodingStatus.DONE, self.report_error)
            )
        finally:
            self.undo_stack.endMacro()
        self._done_confirmed = False
        self.reload()
        return ok
