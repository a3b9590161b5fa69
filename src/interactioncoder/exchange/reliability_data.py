"""A project's double-coded sessions, loaded for :func:`analyse_codings` and the navigator.

:func:`load_reliability_data` reads, through the repository, each chosen session's master
timebase, segments and the two codings to compare, and groups them per session and coder
pair into :class:`~interactioncoder.reliability.analysis.SessionCodings` (keyed by the
session id as text, so a disagreement's ``session_id`` leads back to the session).

Pairs (the same rule as ``interactioncoder reliability``):

- default: each session's PRIMARY coding against its RELIABILITY coding; the coders are
  then labelled "primary" and "reliability" so sessions pool across people;
- two coder ids: those coders wherever both coded a session (their primary coding first,
  then reliability, then consensus), labelled by coder name.

Sessions without such a pair are skipped; a paired session without a master video (no
timebase) is skipped with a warning. The codebook is the one most codings use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.events import Event
from interactioncoder.core.project import Coder, CodingRole
from interactioncoder.core.timebase import Timebase
from interactioncoder.exchange.project_data import CodingData, SessionData, load_project_data
from interactioncoder.reliability.analysis import SessionCodings

PRIMARY_LABEL = "primary"
RELIABILITY_LABEL = "reliability"
_RANK = {CodingRole.PRIMARY: 0, CodingRole.RELIABILITY: 1, CodingRole.CONSENSUS: 2}

Progress = Callable[[float, str], None]


class NoPairedSessionsError(ValueError):
    """None of the chosen sessions has the two codings to compare."""


@dataclass(frozen=True)
class PairedSession:
    """One session with the two codings compared in it (A first)."""

    session_id: int
    label: str  # "dyad/session"
    timebase: Timebase
    coding_a: CodingData
    coding_b: CodingData
    data: SessionData

    @property
    def events_a(self) -> tuple[Event, ...]:
        return self.coding_a.events

    @property
    def events_b(self) -> tuple[Event, ...]:
        return self.coding_b.events

    def coder_names(self) -> tuple[str, str]:
        return self.coding_a.coder.name, self.coding_b.coder.name


@dataclass(frozen=True)
class ReliabilityData:
    codebook: Codebook
    codebook_version_id: int
    labels: tuple[str, str]  # the coder labels used in every SessionCodings
    sessions: tuple[PairedSession, ...]
    warnings: tuple[str, ...] = ()

    def session_codings(self) -> list[SessionCodings]:
        """The input of :func:`~interactioncoder.reliability.analysis.analyse_codings`."""
        a, b = self.labels
        return [
            SessionCodings(
                str(s.session_id),
                s.timebase,
                {a: s.events_a, b: s.events_b},
                s.data.segments,
            )
            for s in self.sessions
        ]

    def session(self, session_id: int | str) -> PairedSession:
        for s in self.sessions:
            if str(s.session_id) == str(session_id):
                return s
        raise KeyError(f"session {session_id} is not among the compared sessions")


def pair_codings(
    session: SessionData, coder_ids: tuple[int, int] | None
) -> tuple[CodingData, CodingData] | None:
    """The two codings to compare in *session* (A, B), or None when it has no such pair."""
    if coder_ids is None:
        by_role: dict[CodingRole, CodingData] = {}
        for c in sorted(session.codings, key=lambda c: c.coding.id):
            by_role.setdefault(c.coding.role, c)
        if CodingRole.PRIMARY in by_role and CodingRole.RELIABILITY in by_role:
            return by_role[CodingRole.PRIMARY], by_role[CodingRole.RELIABILITY]
        return None
    found = []
    for coder_id in coder_ids:
        mine = [c for c in session.codings if c.coder.id == coder_id]
        if not mine:
            return None
        found.append(min(mine, key=lambda c: (_RANK[c.coding.role], c.coding.id)))
    return found[0], found[1]


def load_reliability_data(
    repo: Any,
    session_ids: Sequence[int] | None = None,
    coder_ids: tuple[int, int] | None = None,
    progress: Progress | None = None,
) -> ReliabilityData:
    """The paired sessions of *repo* (a ``ProjectRepository``), in dyad/session order.

    *progress(fraction, text)* is called before each session (it may raise to cancel).
    Raises :class:`NoPairedSessionsError` when no session has the pair, and ``KeyError``
    for a session or coder id the project does not have.
    """
    coders, wanted = _checked_ids(repo, session_ids, coder_ids)
    paired: list[PairedSession] = []
    warnings: list[str] = []
    for i, sid in enumerate(wanted):
        if progress is not None:
            progress(i / max(1, len(wanted)), f"Reading session {i + 1} of {len(wanted)}")
        paired += _paired_sessions(repo, sid, coder_ids, warnings)
    if progress is not None:
        progress(1.0, "Read all sessions")
    if not paired:
        who = (
            "a primary and a reliability coding"
            if coder_ids is None
            else f"codings by both {coders[coder_ids[0]].name} and {coders[coder_ids[1]].name}"
        )
        raise NoPairedSessionsError(f"no chosen session has {who} to compare")
    version_id, codebook = _most_used_codebook(paired, warnings)
    paired.sort(key=lambda p: (p.data.dyad.label, p.data.session.name, p.session_id))
    if coder_ids is None:
        labels = (PRIMARY_LABEL, RELIABILITY_LABEL)
    else:
        labels = (coders[coder_ids[0]].name, coders[coder_ids[1]].name)
    return ReliabilityData(codebook, version_id, labels, tuple(paired), tuple(warnings))


def _checked_ids(
    repo: Any, session_ids: Sequence[int] | None, coder_ids: tuple[int, int] | None
) -> tuple[dict[int, Coder], list[int]]:
    """(the project's coders by id, the session ids to read in order), the ids checked."""
    if coder_ids is not None and coder_ids[0] == coder_ids[1]:
        raise ValueError("compare two different coders")
    coders: dict[int, Coder] = {c.id: c for c in repo.list_coders()}
    if coder_ids is not None:
        for cid in coder_ids:
            if cid not in coders:
                raise KeyError(f"the project has no coder with id {cid}")
    known = {s.id for s in repo.list_sessions()}
    wanted = sorted(known) if session_ids is None else list(dict.fromkeys(session_ids))
    for sid in wanted:
        if sid not in known:
            raise KeyError(f"the project has no session with id {sid}")
    return coders, wanted


def _paired_sessions(
    repo: Any, sid: int, coder_ids: tuple[int, int] | None, warnings: list[str]
) -> list[PairedSession]:
    """Session *sid* with its pair of codings, if it has one (and a master timebase)."""
    paired: list[PairedSession] = []
    # One session at a time (by id: a name could match others); filtered by id again.
    project = load_project_data(repo, sessions=[str(sid)])
    for data in project.sessions:
        if data.session.id != sid:
            continue
        pair = pair_codings(data, coder_ids)
        if pair is None:
            continue  # most sessions are coded once: not worth a warning each
        label = f"{data.dyad.label}/{data.session.name}"
        if data.timebase is None:
            warnings.append(f"session {label}: no master video timebase; left out")
            continue
        paired.append(PairedSession(sid, label, data.timebase, pair[0], pair[1], data))
    return paired


def _most_used_codebook(paired: list[PairedSession], warnings: list[str]) -> tuple[int, Codebook]:
    """(version id, codebook) most of the compared codings use (ties: the first seen)."""
    versions: Counter[int] = Counter()
    codebooks: dict[int, Codebook] = {}
    for session in paired:
        for c in (session.coding_a, session.coding_b):
            versions[c.codebook_version.id] += 1
            codebooks[c.codebook_version.id] = c.codebook
    version_id, _ = versions.most_common(1)[0]
    codebook = codebooks[version_id]
    if len(versions) > 1:
        warnings.append(
            f"the codings use {len(versions)} codebook versions; codes are taken from "
            f"{codebook.name} version {codebook.version} (the most used)"
        )
    return version_id, codebook
