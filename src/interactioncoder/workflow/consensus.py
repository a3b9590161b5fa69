"""A PI's consensus coding of a double-coded session, stored in ONE transaction.

Rules: only a PI makes a consensus coding. It holds the chosen events AND ratings
(:mod:`.consensus_ratings`) and is stored "in progress": the PI checks it in the coding
window and marks it done there. Opening a session in the coding window gives a
PI an empty CONSENSUS coding; that one is filled. A consensus coding of the PI that already
has events is never overwritten (it is edited in the coding window), and this is checked
again inside the transaction, so a coding that got events meanwhile is left alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from interactioncoder.core.events import Event, EventChangeSet
from interactioncoder.core.project import Coder, Coding, CodingRole, CodingStatus
from interactioncoder.exchange.reliability_data import PairedSession
from interactioncoder.reliability.consensus import ConsensusChoice, ConsensusError, build_consensus
from interactioncoder.storage import ProjectRepository
from interactioncoder.workflow.consensus_ratings import (
    RatingChoice,
    RatingKey,
    decide_ratings,
    rating_items,
)


class ConsensusRefusedError(ValueError):
    """The consensus cannot be made (not a PI, or the PI's consensus already has events)."""


@dataclass(frozen=True)
class ConsensusResult:
    """A stored consensus, with what it replaced (so it can be withdrawn and restored)."""

    coding_id: int
    stored: tuple[Event, ...]  # the consensus events
    decided: int  # disagreements decided
    comment: str
    before_comment: str = ""
    before_status: CodingStatus = CodingStatus.NOT_STARTED
    ratings: tuple[tuple[str, int | None, int], ...] = ()  # (scale, segment, value)
    before_ratings: tuple[tuple[str, int | None, int], ...] = ()

    @property
    def events(self) -> int:
        return len(self.stored)


def existing_target(repo: ProjectRepository, coder: Coder, session_id: int) -> Coding | None:
    """The PI's consensus coding of the session to fill (an empty one), if there is one."""
    found = repo.list_codings(session_id=session_id, coder_id=coder.id, role=CodingRole.CONSENSUS)
    return found[0] if found else None


def refusal(
    repo: ProjectRepository, coder: Coder | None, session: PairedSession | None
) -> str | None:
    """Why *coder* cannot make a consensus of *session* now, or None."""
    if coder is None or not coder.is_pi:
        return "Only a PI can create a consensus coding."
    if session is None:
        return "Compute the agreement first."
    target = existing_target(repo, coder, session.session_id)
    if target is not None and repo.list_events(target.id):
        return (
            f"{session.label} already has your consensus coding (coding "
            f"{target.id}) with events; edit it in the coding window."
        )
    return None


def create_consensus(
    repo: ProjectRepository,
    coder: Coder,
    session: PairedSession,
    choices: Sequence[ConsensusChoice | str],
    ratings: Mapping[RatingKey, RatingChoice] | None = None,
) -> ConsensusResult:
    """Build the consensus events from *choices* and the ratings from *ratings* (see
    :func:`~.consensus_ratings.decide_ratings`; None: the agreed ratings only) and store
    them as the PI's consensus coding, "in progress".

    Everything happens in one transaction: the coding (made, or the PI's empty one), its
    events, ratings, comment and status. Raises :class:`ConsensusRefusedError`,
    :class:`~interactioncoder.reliability.consensus.ConsensusError` or ValueError (a
    rating); nothing is stored then.
    """
    why = refusal(repo, coder, session)
    if why is not None:
        raise ConsensusRefusedError(why)
    codebook = session.coding_a.codebook
    events = build_consensus(
        codebook, session.timebase, session.events_a, session.events_b, list(choices)
    )
    values = decide_ratings(
        codebook, rating_items(session), ratings or {}, require_all=ratings is not None
    )
    a, b = session.coder_names()
    with repo.atomic():
        target = existing_target(repo, coder, session.session_id)
        if target is not None and repo.list_events(target.id):
            raise ConsensusRefusedError("your consensus coding got events meanwhile; nothing added")
        coding = target or repo.create_coding(
            session.session_id, coder.id, session.coding_a.codebook_version.id, CodingRole.CONSENSUS
        )
        result = ConsensusResult(
            int(coding.id),
            tuple(events),
            len(choices),
            f"Consensus of {a} and {b}: {len(choices)} disagreement(s) decided",
            coding.comment,
            coding.status,
            tuple((k[0], k[1], v) for k, v in sorted(values.items(), key=_rating_order)),
            tuple((r.scale_id, r.segment_id, r.value) for r in repo.list_ratings(coding.id)),
        )
        restore_consensus(repo, result)
    return result


def _rating_order(item: tuple[RatingKey, int]) -> tuple[str, int]:
    (scale, segment), _ = item
    return (scale, -1 if segment is None else segment)


def _set_ratings(
    repo: ProjectRepository,
    coding_id: int,
    old: Sequence[tuple[str, int | None, int]],
    new: Sequence[tuple[str, int | None, int]],
) -> None:
    wanted = {(s, g): v for s, g, v in new}
    for scale, segment, _ in old:
        if (scale, segment) not in wanted:
            repo.set_rating(coding_id, scale, None, segment)
    for (scale, segment), value in wanted.items():
        repo.set_rating(coding_id, scale, value, segment)


def restore_consensus(repo: ProjectRepository, result: ConsensusResult) -> None:
    """Store *result*'s events, ratings, comment and "in progress" status in its coding
    (one transaction)."""
    with repo.atomic():
        repo.apply_event_changes(
            result.coding_id, EventChangeSet(added=result.stored, description="consensus")
        )
        _set_ratings(repo, result.coding_id, result.before_ratings, result.ratings)
        repo.set_coding_comment(result.coding_id, result.comment)
        repo.set_coding_status(result.coding_id, CodingStatus.IN_PROGRESS)


def withdraw_consensus(repo: ProjectRepository, result: ConsensusResult) -> None:
    """Undo :func:`create_consensus`: the coding is left as it was before, empty (one
    transaction; ConflictError if its events were edited meanwhile)."""
    with repo.atomic():
        repo.apply_event_changes(
            result.coding_id, EventChangeSet(removed=result.stored, description="consensus")
        )
        _set_ratings(repo, result.coding_id, result.ratings, result.before_ratings)
        repo.set_coding_comment(result.coding_id, result.before_comment)
        repo.set_coding_status(result.coding_id, result.before_status)


__all__ = [
    "ConsensusError",
    "ConsensusRefusedError",
    "ConsensusResult",
    "create_consensus",
    "existing_target",
    "refusal",
    "restore_consensus",
    "withdraw_consensus",
]
