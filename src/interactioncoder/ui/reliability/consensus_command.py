"""The consensus as ONE undo step of the reliability view (one workflow call each way)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from interactioncoder.core.project import Coder
from interactioncoder.exchange.reliability_data import PairedSession
from interactioncoder.reliability.consensus import ConsensusChoice
from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.undo_commands import ErrorReporter, RepositoryCommand
from interactioncoder.workflow.consensus import (
    ConsensusResult,
    create_consensus,
    restore_consensus,
    withdraw_consensus,
)
from interactioncoder.workflow.consensus_ratings import RatingChoice, RatingKey


class ConsensusCommand(RepositoryCommand):
    """Do: store the consensus (first time: build it); undo: withdraw it, leaving the PI's
    consensus coding as it was (empty). *changed(coding_id)* is called after each step."""

    def __init__(
        self,
        repo: ProjectRepository,
        coder: Coder,
        session: PairedSession,
        choices: Sequence[ConsensusChoice | str],
        report: ErrorReporter | None = None,
        changed: Callable[[int], object] | None = None,
        ratings: Mapping[RatingKey, RatingChoice] | None = None,
    ) -> None:
        super().__init__(f"Consensus coding of {session.label}", report)
        self.ratings = ratings
        self.repo, self.coder, self.session, self.choices = repo, coder, session, choices
        self.result: ConsensusResult | None = None
        self._changed = changed

    def _do(self) -> None:
        if self.result is None:
            self.result = create_consensus(
                self.repo, self.coder, self.session, self.choices, self.ratings
            )
        else:
            restore_consensus(self.repo, self.result)
        self._notify()

    def _undo(self) -> None:
        assert self.result is not None
        withdraw_consensus(self.repo, self.result)
        self._notify()

    def _notify(self) -> None:
        if self._changed is not None and self.result is not None:
            self._changed(self.result.coding_id)
