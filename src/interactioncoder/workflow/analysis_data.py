"""A project's codings read for the findings analyses: one coding per session, as
timelines (:mod:`interactioncoder.workflow.analysis` runs the analyses on them).

:func:`load_analysis_data` reads one coding per session through the repository
(``exchange.project_data``) into timelines keyed by the session id (as text), so every
instance a result lists leads back to a session and frames to seek.

Which coding of a session (:data:`CODING_RULE`): a named coder's coding when ``coder`` is
given (their consensus, else primary, else reliability coding); otherwise the session's
consensus coding when there is one, else its primary coding. Sessions without such a
coding, or without a master video (no frame times), are left out with a warning.

Grouping: every session carries its visit and its dyad's study fields when the project
has them (``repo.dyad_fields()``); :meth:`AnalysisData.group_of` pools by any of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from interactioncoder.analysis.timeline import SESSION_PHASE, SessionTimeline, build_timeline
from interactioncoder.core.codebook import Codebook, CodeKind
from interactioncoder.core.project import CodingRole
from interactioncoder.core.timebase import Timebase
from interactioncoder.exchange.project_data import CodingData, SessionData, load_project_data

CODING_RULE = (
    "One coding per session: the named coder's (consensus, else primary, else reliability) "
    "or, by default, the consensus coding when there is one, else the primary coding."
)
_RANK = {CodingRole.CONSENSUS: 0, CodingRole.PRIMARY: 1, CodingRole.RELIABILITY: 2}

Progress = Callable[[float, str], None]


class NothingToAnalyseError(ValueError):
    """No chosen session has a coding to analyse."""


@dataclass(frozen=True)
class AnalysedSession:
    session_id: int
    label: str  # "dyad/session"
    dyad: str
    visit: str
    coder: str
    coding_id: int
    fields: dict[str, str]
    ratings: tuple[tuple[str, str, int], ...] = ()  # (phase, scale id, value)


@dataclass(frozen=True)
class AnalysisData:
    codebook: Codebook
    timelines: tuple[SessionTimeline, ...]
    sessions: tuple[AnalysedSession, ...]
    warnings: tuple[str, ...] = ()

    def session(self, session_id: str | int) -> AnalysedSession:
        for s in self.sessions:
            if str(s.session_id) == str(session_id):
                return s
        raise KeyError(f"session {session_id} is not among the analysed sessions")

    def label(self, session_id: str | int) -> str:
        return self.session(session_id).label

    def field_names(self) -> list[str]:
        names: list[str] = []
        for s in self.sessions:
            names.extend(n for n in s.fields if n not in names)
        return names

    def group_of(self, fields: Sequence[str]) -> Callable[[SessionTimeline], str] | None:
        """A key function pooling sessions by these fields (None when none are given)."""
        if not fields:
            return None
        known = self.field_names()
        for name in fields:
            if name not in known:
                raise KeyError(f"no study field {name!r} (known: {', '.join(known) or 'none'})")

        return lambda tl: ", ".join(f"{n}={tl.fields.get(n, '') or '-'}" for n in fields)

    def point_codes(self) -> list[str]:
        return [c.id for c in self.codebook.codes() if c.kind is CodeKind.POINT]


def choose_coding(session: SessionData, coder: str | None) -> CodingData | None:
    if coder is not None:
        codings = [c for c in session.codings if coder.strip() in (c.coder.name, str(c.coder.id))]
    else:
        codings = [c for c in session.codings if c.coding.role is not CodingRole.RELIABILITY]
    return min(codings, key=lambda c: (_RANK[c.coding.role], c.coding.id), default=None)


def _dyad_fields(repo: Any) -> dict[int, dict[str, str]]:
    """Study fields per dyad id, when the project's schema has them."""
    getter = getattr(repo, "dyad_fields", None)
    return {} if getter is None else {int(k): dict(v) for k, v in getter().items()}


def load_analysis_data(
    repo: Any,
    sessions: Sequence[str] | None = None,
    coder: str | None = None,
    progress: Progress | None = None,
) -> AnalysisData:
    """The chosen sessions' codings as timelines (sessions: ids, names or DYAD/SESSION).

    Raises ``exchange.project_data.ExportSelectionError`` for a session name that matches
    nothing, and :class:`NothingToAnalyseError` when no session has a coding to analyse.
    """
    if progress is not None:
        progress(0.0, "Reading the project")
    project = load_project_data(repo, sessions=list(sessions) if sessions else None)
    study = _dyad_fields(repo)
    timelines: list[SessionTimeline] = []
    infos: list[AnalysedSession] = []
    warnings: list[str] = []
    codings: list[CodingData] = []
    total = max(1, len(project.sessions))
    for i, data in enumerate(project.sessions):
        if progress is not None:
            progress(i / total, f"Preparing session {i + 1} of {total}")
        label = f"{data.dyad.label}/{data.session.name}"
        coding = choose_coding(data, coder)
        if coding is None:
            who = f"a coding by {coder}" if coder else "a primary or consensus coding"
            warnings.append(f"session {label}: no {who}; left out")
            continue
        if data.timebase is None:
            warnings.append(f"session {label}: no master video (no frame times); left out")
            continue
        fields = {"visit": data.session.visit, **study.get(data.dyad.id, {})}
        codings.append(coding)
        timelines.append(_timeline(data, data.timebase, coding, fields))
        infos.append(_analysed_session(data, coding, label, fields))
    if progress is not None:
        progress(1.0, "Read all sessions")
    if not timelines:
        raise NothingToAnalyseError(
            "no chosen session has a coding to analyse" + (f" ({warnings[0]})" if warnings else "")
        )
    codebook = _most_used_codebook(codings, warnings)
    return AnalysisData(codebook, tuple(timelines), tuple(infos), tuple(warnings))


def _timeline(
    data: SessionData, timebase: Timebase, coding: CodingData, fields: dict[str, str]
) -> SessionTimeline:
    return build_timeline(
        data.session.id, timebase, coding.events, data.segments, dyad=data.dyad.label, fields=fields
    )


def _analysed_session(
    data: SessionData, coding: CodingData, label: str, fields: dict[str, str]
) -> AnalysedSession:
    ratings = tuple(
        (data.segment_name(r.segment_id) or SESSION_PHASE, r.scale_id, r.value)
        for r in coding.ratings
    )
    return AnalysedSession(
        data.session.id,
        label,
        data.dyad.label,
        data.session.visit,
        coding.coder.name,
        coding.coding.id,
        fields,
        ratings,
    )


def _most_used_codebook(codings: Sequence[CodingData], warnings: list[str]) -> Codebook:
    """The codebook version most codings use (the first seen among equals); a warning is
    added to *warnings* when the codings use more than one."""
    versions: Counter[str] = Counter()
    codebooks: dict[str, Codebook] = {}
    for coding in codings:
        versions[coding.codebook_version.sha256] += 1
        codebooks[coding.codebook_version.sha256] = coding.codebook
    sha, _ = versions.most_common(1)[0]
    codebook = codebooks[sha]
    if len(versions) > 1:
        warnings.append(
            f"the codings use {len(versions)} codebook versions; codes are taken from "
            f"{codebook.name} version {codebook.version} (the most used)"
        )
    return codebook
