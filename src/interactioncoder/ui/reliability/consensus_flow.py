"""The PI's consensus coding of the session shown in the reliability view.

"Create consensus coding…" lists the session's frame-exact disagreements
(:func:`~interactioncoder.reliability.consensus.consensus_items`, whatever unit the table
uses), lets the PI choose per item (:class:`.ConsensusDialog`), builds the consensus events
and stores a CONSENSUS coding by the PI with them in ONE transaction. Opening a session
in the coding window gives a PI an empty consensus coding; that one is filled (never one
that has events).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from interactioncoder.core.project import CodingRole, CodingStatus
from interactioncoder.reliability.consensus import (
    ConsensusError,
    build_consensus,
    consensus_items,
)
from interactioncoder.ui.reliability.consensus_dialog import ConsensusDialog

if TYPE_CHECKING:
    from interactioncoder.core.project import Coding
    from interactioncoder.exchange.reliability_data import PairedSession
    from interactioncoder.reliability.disagreements import Disagreement
    from interactioncoder.ui.reliability.view import ReliabilityView


class ConsensusFlow:
    def __init__(self, view: ReliabilityView) -> None:
        self.view = view
        self.dialog: ConsensusDialog | None = None
        self.session: PairedSession | None = None
        self.items: list[Disagreement] = []
        self.target: Coding | None = None  # an empty consensus coding to fill, if any

    def refusal(self) -> str | None:
        """Why a consensus cannot be started now, or None."""
        coder = self.view.current_coder
        if coder is None or not coder.is_pi:
            return "Only a PI can create a consensus coding."
        session = self.view.shown_session
        if session is None:
            return "Compute the agreement first."
        repo = self.view.repo
        existing = repo.list_codings(
            session_id=session.session_id, coder_id=coder.id, role=CodingRole.CONSENSUS
        )
        # Opening a session in the coding window gives the PI an empty consensus coding:
        # that one is filled. One with events is never overwritten.
        self.target = existing[0] if existing else None
        if self.target is not None and repo.list_events(self.target.id):
            return (
                f"{session.label} already has your consensus coding (coding "
                f"{self.target.id}) with events; edit it in the coding window."
            )
        return None

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
        dialog = ConsensusDialog(self.items, names, a, b, session.label, self.view)
        dialog.itemShown.connect(lambda i: self.view.show_stretch(session, self.items[i]))
        dialog.accepted.connect(self.finish)
        if self.items:
            self.view.show_stretch(session, self.items[0])  # the dialog starts on item 0
        self.dialog = dialog
        dialog.open()
        return dialog

    def finish(self) -> int | None:
        """Store the consensus (one transaction); the coding's id."""
        dialog, session, coder = self.dialog, self.session, self.view.current_coder
        if dialog is None or session is None or coder is None:
            return None
        codebook = session.coding_a.codebook
        try:
            events = build_consensus(
                codebook,
                session.timebase,
                session.events_a,
                session.events_b,
                dialog.all_choices(),
            )
        except (ConsensusError, ValueError) as exc:
            self.view.status.setText(f"No consensus coding was made: {exc}")
            return None
        repo = self.view.repo
        a, b = session.coder_names()
        try:
            with repo.atomic():
                if self.target is not None and repo.list_events(self.target.id):
                    raise ValueError("your consensus coding got events meanwhile; nothing added")
                coding = self.target or repo.create_coding(
                    session.session_id,
                    coder.id,
                    session.coding_a.codebook_version.id,
                    CodingRole.CONSENSUS,
                )
                repo.add_events(coding.id, events)
                repo.set_coding_comment(
                    coding.id,
                    f"Consensus of {a} and {b}: {len(self.items)} disagreement(s) decided",
                )
                repo.set_coding_status(coding.id, CodingStatus.DONE)
        except Exception as exc:  # storage errors carry a message for the user
            self.view.status.setText(f"No consensus coding was made: {exc}")
            return None
        self.view.status.setText(
            f"Created the consensus coding of {session.label} ({len(events)} events)."
        )
        self.view.consensusCreated.emit(coding.id)
        return int(coding.id)
