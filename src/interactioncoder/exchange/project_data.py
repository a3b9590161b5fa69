"""A project's coded data as plain values, ready for the table builders and writers.

Exports never see the repository: :func:`load_project_data` reads everything they need
once (sessions, dyads, segments, master timebases, codings with their coder, codebook
version, events and ratings) into the frozen records below, optionally narrowed to some
sessions and coders. Tests build these records by hand.

A session's *span* is the master video's presentation span: from the first frame's time
to the end of the last frame (``Timebase.duration_ms``). A session without a master
video (e.g. imported from another tool) has no timebase; its span then runs from 0 to the
last event or segment end, and per-frame exports refuse it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.events import Event
from interactioncoder.core.project import (
    CodebookVersion,
    Coder,
    Coding,
    Dyad,
    Rating,
    Segment,
    Session,
    Video,
)
from interactioncoder.core.timebase import Timebase


class ExportSelectionError(ValueError):
    """The sessions or coders asked for do not exist in the project."""


@dataclass(frozen=True)
class CodingData:
    """One coder's coding of one session, with everything an export shows about it."""

    coding: Coding
    coder: Coder
    codebook_version: CodebookVersion
    events: tuple[Event, ...] = ()
    ratings: tuple[Rating, ...] = ()

    @property
    def codebook(self) -> Codebook:
        return self.codebook_version.codebook


@dataclass(frozen=True)
class SessionData:
    session: Session
    dyad: Dyad
    codings: tuple[CodingData, ...] = ()
    segments: tuple[Segment, ...] = ()
    timebase: Timebase | None = None
    # The session's videos in the order of ``session.videos`` (for exports naming media).
    videos: tuple[Video, ...] = ()
    # The random code blinded coders see the session under ("" when the project is not
    # blind to condition); a PI's export carries it beside the labels.
    blind_code: str = ""

    @property
    def start_ms(self) -> float:
        return self.timebase.start_ms if self.timebase is not None else 0.0

    @property
    def end_ms(self) -> float:
        if self.timebase is not None:
            return self.timebase.duration_ms
        # No video: the session lasts as long as anything marked in it.
        ends = [self.start_ms]
        for coding in self.codings:
            for e in coding.events:
                ends.append(e.offset_ms if e.offset_ms is not None else e.onset_ms)
        ends.extend(s.offset_ms for s in self.segments)
        return max(ends)

    @property
    def duration_ms(self) -> float:
        return self.end_ms - self.start_ms

    def segment_name(self, segment_id: int | None) -> str:
        if segment_id is None:
            return ""
        for s in self.segments:
            if s.id == segment_id:
                return s.name
        return f"segment {segment_id}"


@dataclass(frozen=True)
class ProjectData:
    project_name: str
    sessions: tuple[SessionData, ...] = ()

    def codings(self) -> Iterable[tuple[SessionData, CodingData]]:
        for session in self.sessions:
            for coding in session.codings:
                yield session, coding

    def codebooks(self) -> tuple[Codebook, ...]:
        """Every codebook used, first use first, each content once."""
        seen: dict[str, Codebook] = {}
        for _, coding in self.codings():
            seen.setdefault(coding.codebook_version.sha256, coding.codebook)
        return tuple(seen.values())


def _matches_session(session: Session, dyad: Dyad, wanted: str) -> bool:
    wanted = wanted.strip()
    return wanted in (str(session.id), session.name, f"{dyad.label}/{session.name}")


def _matches_coder(coder: Coder, wanted: str) -> bool:
    wanted = wanted.strip()
    return wanted in (str(coder.id), coder.name)


def _check_all_found(kind: str, wanted: Sequence[str], found: set[str], known: list[str]) -> None:
    missing = [w for w in wanted if w not in found]
    if missing:
        listed = ", ".join(known) if known else "none"
        raise ExportSelectionError(
            f"no {kind} {', '.join(repr(m) for m in missing)} in the project (known: {listed})"
        )


def load_project_data(
    repo: Any,
    sessions: Sequence[str] | None = None,
    coders: Sequence[str] | None = None,
) -> ProjectData:
    """Everything to export from *repo* (a ``ProjectRepository``), optionally filtered.

    *sessions* are session ids, names, or ``"dyad/session"``; *coders* are coder ids or
    names. An empty or ``None`` filter keeps all. A name that matches nothing raises
    :class:`ExportSelectionError` (nothing is exported from a mistyped list).
    """
    dyads = {d.id: d for d in repo.list_dyads()}
    all_coders = {c.id: c for c in repo.list_coders()}
    blind = getattr(repo, "blind_to_condition", False)
    blind_codes: dict[int, str] = repo.blind_codes() if blind else {}
    chosen_sessions = _chosen_sessions(repo, dyads, sessions)
    coder_ids = _chosen_coder_ids(all_coders, coders)
    reader = _SessionReader(repo, all_coders, coder_ids)
    chosen_sessions.sort(key=lambda sd: (sd[1].label, sd[0].name, sd[0].id))
    result = [
        reader.session_data(session, dyad, blind_codes.get(session.id, ""))
        for session, dyad in chosen_sessions
    ]
    return ProjectData(project_name=repo.project_name, sessions=tuple(result))


def _chosen_sessions(
    repo: Any, dyads: dict[int, Dyad], sessions: Sequence[str] | None
) -> list[tuple[Session, Dyad]]:
    """The sessions *sessions* names (all when it is empty), each with its dyad."""
    chosen_sessions: list[tuple[Session, Dyad]] = []
    found_sessions: set[str] = set()
    all_sessions = [(s, dyads[s.dyad_id]) for s in repo.list_sessions()]
    for session, dyad in all_sessions:
        if sessions:
            hits = [w for w in sessions if _matches_session(session, dyad, w)]
            if not hits:
                continue
            found_sessions.update(hits)
        chosen_sessions.append((session, dyad))
    if sessions:
        known = [f"{d.label}/{s.name}" for s, d in all_sessions]
        _check_all_found("session", sessions, found_sessions, known)
    return chosen_sessions


def _chosen_coder_ids(
    all_coders: dict[int, Coder], coders: Sequence[str] | None
) -> set[int] | None:
    """The ids of the coders *coders* names; None (every coder) when it is empty."""
    if not coders:
        return None
    coder_ids: set[int] = set()
    found_coders: set[str] = set()
    for coder in all_coders.values():
        hits = [w for w in coders if _matches_coder(coder, w)]
        if hits:
            coder_ids.add(coder.id)
            found_coders.update(hits)
    known_coders = sorted(c.name for c in all_coders.values())
    _check_all_found("coder", coders, found_coders, known_coders)
    return coder_ids


class _SessionReader:
    """Reads one session's data; each codebook version is read once for all sessions."""

    def __init__(self, repo: Any, all_coders: dict[int, Coder], coder_ids: set[int] | None) -> None:
        self.repo = repo
        self.all_coders = all_coders
        self.coder_ids = coder_ids
        self.versions: dict[int, CodebookVersion] = {}

    def session_data(self, session: Session, dyad: Dyad, blind_code: str) -> SessionData:
        repo = self.repo
        return SessionData(
            session=session,
            dyad=dyad,
            codings=self._codings(session),
            segments=tuple(
                sorted(repo.list_segments(session.id), key=lambda s: (s.onset_frame, s.id))
            ),
            timebase=repo.session_timebase(session.id),
            videos=tuple(repo.get_video(v.video_id) for v in session.videos),
            blind_code=blind_code,
        )

    def _codings(self, session: Session) -> tuple[CodingData, ...]:
        """The session's codings (by the chosen coders), by coder name, role and id."""
        repo = self.repo
        coding_data: list[CodingData] = []
        for coding in repo.list_codings(session_id=session.id):
            if self.coder_ids is not None and coding.coder_id not in self.coder_ids:
                continue
            if coding.codebook_version_id not in self.versions:
                self.versions[coding.codebook_version_id] = repo.get_codebook_version(
                    coding.codebook_version_id
                )
            coding_data.append(
                CodingData(
                    coding=coding,
                    coder=self.all_coders[coding.coder_id],
                    codebook_version=self.versions[coding.codebook_version_id],
                    events=tuple(repo.list_events(coding.id)),
                    ratings=tuple(repo.list_ratings(coding.id)),
                )
            )
        coding_data.sort(key=lambda c: (c.coder.name, c.coding.role.value, c.coding.id))
        return tuple(coding_data)
