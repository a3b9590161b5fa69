"""The PI's consensus coding of the session shown in the reliability view.

"Create consensus coding…" lists the session's frame-exact disagreements
(:func:`~interactioncoder.reliability.consensus.consensus_items`, whatever unit the table
uses), lets the PI choose per item (:class:`.ConsensusDialog`), builds the consensus events
and stores a CONSENSUS coding by the PI with them in ONE transaction, one undo step of
the view (:class:`.ConsensusCommand`; rules: :mod:`interactioncoder.workflow.consensus`).
Opening a session in the coding window gives a PI an empty consensus coding; that one is
filled (never one that has events).
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QWidget

from interactioncoder.core.project import Coder
from interactioncoder.exchange.reliability_data import PairedSession
from interactioncoder.reliability.consensus import consensus_items
from interactioncoder.reliability.disagreements import Disagreement
from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.reliability.consensus_command import ConsensusCommand
from interactioncoder.ui.reliability.consensus_dialog import ConsensusDialog
from interactioncoder.workflow.consensus import refusal
from interactioncoder.workflow.consensus_ratings import rating_items


class ConsensusHost(Protocol):
    """What the flow needs of the reliability view (which imports this module, not back)."""

    repo: ProjectRepository
    current_coder: Coder | None
    shown_session: PairedSession | None
    status: QLabel
    undo_stack: QUndoStack

    @property
    def consensusCreated(self) -> SignalInstance: ...

    @property
    def codingChanged(self) -> SignalInstance: ...

    def show_stretch(self, session: PairedSession, d: Disagreement) -> None: ...


class ConsensusFlow:
    def __init__(self, view: ConsensusHost, parent: QWidget) -> None:
        self.view = view
        self.parent = parent
        self.dialog: ConsensusDialog | None = None
        self.session: PairedSession | None = None
        self.items: list[Disagreement] = []

    def refusal(self) -> str | None:
        """Why a consensus cannot be started now, or None (rules: workflow.consensus)."""
        return refusal(self.view.repo, self.view.current_coder, self.view.shown_session)

    def start(self) -> ConsensusDialog | None:
        try:
            why = self.refusal()
        except Exception as exc:  # e.g. the project was closed in the coding window
            why = f"Cannot start a consensus coding: {exc}"
        if why is not None:
            self.view.status.setText(why)
            return None
        session = self.view.shown_session
        assert session is not None
        codebook = session.coding_a.codebook
        self.session = session
        self.items = consensus_items(
            codebook, session.timebase, session.events_a, session.events_b, str(session.session_id)
        )
        names = {c.id: c.name for c in codebook.codes()}
        names.update({g.id: g.name for g in codebook.groups})
        a, b = session.coder_names()
        dialog = ConsensusDialog(
            self.items,
            names,
            a,
            b,
            session.label,
            self.parent,
            ratings=rating_items(session),
            scale_values={s.id: s.values() for s in codebook.scales},
        )
        dialog.itemShown.connect(lambda i: self.view.show_stretch(session, self.items[i]))
        dialog.accepted.connect(self.finish)
        if self.items:
            self.view.show_stretch(session, self.items[0])  # the dialog starts on item 0
        self.dialog = dialog
        dialog.open()
        return dialog

    def finish(self) -> int | None:
        """Store the consensus as one undo step (one transaction); the coding's id."""
        dialog, session, coder = self.dialog, self.session, self.view.current_coder
        if dialog is None or session is None or coder is None:
            return None
        command = ConsensusCommand(
            self.view.repo,
            coder,
            session,
            dialog.all_choices(),
            ratings=dialog.rating_choices(),
            report=self.view.status.setText,
            changed=self.view.codingChanged.emit,
        )
        try:
            command.apply_now()
        except Exception as exc:  # refusals, bad choices, storage errors: a message each
            self.view.status.setText(f"No consensus coding was made: {exc}")
            return None
        self.view.undo_stack.push(command)
        assert command.result is not None
        self.view.status.setText(
            f"Created the consensus coding of {session.label} ({command.result.events} "
            f"events, {len(command.result.ratings)} ratings), in progress: check it in the "
            "coding window and mark it done there."
        )
        self.view.consensusCreated.emit(command.result.coding_id)
        return command.result.coding_id
