"""Drawing the sessions a reliability coder double-codes, and storing the draw.

Rules: the population is every session of the project except those the reliability coder
coded as primary coder (nobody double-codes their own session). Strata are the session's
visit (blank visits form one stratum) or its dyad. The draw is seeded and reproducible
(:func:`~interactioncoder.reliability.sampling.choose_reliability_sample`); storing it
gives each drawn session a reliability coding for the coder, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from interactioncoder.core.project import Coder, CodingRole, ReliabilitySample
from interactioncoder.reliability.sampling import SampleSelection, choose_reliability_sample
from interactioncoder.storage import ProjectRepository

Stratum = Literal["visit", "dyad"]
STRATA: tuple[Stratum, ...] = ("visit", "dyad")
NO_VISIT = "(no visit)"


class NoSessionsToSampleError(ValueError):
    """Every session was coded by the reliability coder as primary coder (or none exist)."""


@dataclass(frozen=True)
class SampleDraw:
    coder: Coder
    share: float
    seed: int
    stratify_by: Stratum | None
    draw: SampleSelection[int]
    left_out: int  # sessions the coder coded as primary coder
    names: dict[int, str]  # session id -> "DYAD/SESSION"


def draw_sample(
    repo: ProjectRepository,
    coder: Coder,
    *,
    share: float,
    seed: int,
    stratify_by: Stratum | None = None,
) -> SampleDraw:
    """The reproducible draw for *coder* (nothing stored). ValueError for a bad share."""
    dyads = {d.id: d for d in repo.list_dyads()}
    own = {c.session_id for c in repo.list_codings(coder_id=coder.id, role=CodingRole.PRIMARY)}
    sessions = [s for s in repo.list_sessions() if s.id not in own]
    if not sessions:
        raise NoSessionsToSampleError(
            f"the project has no session that {coder.name} could double-code"
        )
    strata: dict[int, str] | None = None
    if stratify_by == "visit":
        strata = {s.id: s.visit.strip() or NO_VISIT for s in sessions}
    elif stratify_by == "dyad":
        strata = {s.id: dyads[s.dyad_id].label for s in sessions}
    draw = choose_reliability_sample(
        [s.id for s in sessions], share=share, seed=seed, strata=strata
    )
    names = {s.id: f"{dyads[s.dyad_id].label}/{s.name}" for s in sessions}
    return SampleDraw(coder, share, seed, stratify_by, draw, len(own), names)


def store_sample(repo: ProjectRepository, draw: SampleDraw) -> ReliabilitySample:
    """Store the draw and a reliability coding of each drawn session (one transaction)."""
    return repo.assign_reliability_sample(
        draw.coder.id,
        list(draw.draw.selected),
        seed=draw.seed,
        share=draw.share,
        stratify_by=draw.stratify_by or "",
    )
