"""The PI's study board: every session × every coder, and the PI's assignments.

Qt-free rules shared by the board window (``ui.study_board``) and any other front end:
what a cell shows (role, status, number of events), the totals per coder, assigning a
coder to a session (a coding made with the session's codebook version; a coder never
gets two codings of one session this way), reopening a done coding, and saving the one
reliability report (:mod:`.reliability`) as HTML or CSV.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from interactioncoder.core.project import Coder, Coding, CodingRole, CodingStatus
from interactioncoder.exchange.atomic import atomic_write_text
from interactioncoder.reliability.analysis import AnalysisParams
from interactioncoder.reliability.report import to_csv, to_html
from interactioncoder.storage import ProjectRepository
from interactioncoder.workflow.blinding import session_views
from interactioncoder.workflow.reliability import load_and_report
from interactioncoder.workflow.sessions import codebook_version_for

STATUS_WORDS = {
    CodingStatus.NOT_STARTED: "not started",
    CodingStatus.IN_PROGRESS: "in progress",
    CodingStatus.DONE: "done",
}
REPORT_FORMATS = ("html", "csv")


class BoardError(ValueError):
    """A board action that cannot be done; the message names the session and coder."""


@dataclass(frozen=True)
class BoardCell:
    coding: Coding
    events: int

    @property
    def text(self) -> str:
        role = "" if self.coding.role is CodingRole.PRIMARY else f"{self.coding.role.value}: "
        return f"{role}{STATUS_WORDS[self.coding.status]} · {self.events} ev."


@dataclass(frozen=True)
class BoardRow:
    session_id: int
    label: str
    cells: Mapping[int, tuple[BoardCell, ...]]  # coder id -> their codings of the session

    @property
    def progress(self) -> str:
        """ "d/n done" over the session's codings ("" when it has none)."""
        codings = [cell.coding for cells in self.cells.values() for cell in cells]
        done = sum(1 for c in codings if c.status is CodingStatus.DONE)
        return f"{done}/{len(codings)} done" if codings else "not assigned"


@dataclass(frozen=True)
class CoderTotals:
    done: int = 0
    in_progress: int = 0
    not_started: int = 0

    @property
    def text(self) -> str:
        return f"{self.done} done, {self.in_progress} in progress, {self.not_started} not started"


@dataclass(frozen=True)
class Board:
    coders: tuple[Coder, ...]
    rows: tuple[BoardRow, ...]
    totals: Mapping[int, CoderTotals] = field(default_factory=dict)

    def row(self, session_id: int) -> BoardRow:
        return next(r for r in self.rows if r.session_id == session_id)


def _totals(codings: list[Coding]) -> CoderTotals:
    count = {s: sum(1 for c in codings if c.status is s) for s in CodingStatus}
    return CoderTotals(
        count[CodingStatus.DONE], count[CodingStatus.IN_PROGRESS], count[CodingStatus.NOT_STARTED]
    )


def build_board(repo: ProjectRepository, viewer: Coder) -> Board:
    """The board as *viewer* may see it (session labels follow blinding)."""
    views = session_views(repo, viewer)
    coders = tuple(sorted(repo.list_coders(), key=lambda c: c.name.casefold()))
    codings = repo.list_codings()
    events = {c.id: len(repo.list_events(c.id)) for c in codings}
    rows = []
    for session in sorted(repo.list_sessions(), key=lambda s: views[s.id].label):
        cells: dict[int, tuple[BoardCell, ...]] = {}
        for coder in coders:
            mine = [c for c in codings if c.session_id == session.id and c.coder_id == coder.id]
            if mine:
                cells[coder.id] = tuple(BoardCell(c, events[c.id]) for c in mine)
        rows.append(BoardRow(session.id, views[session.id].label, cells))
    totals = {coder.id: _totals([c for c in codings if c.coder_id == coder.id]) for coder in coders}
    return Board(coders, tuple(rows), totals)


def assign_coder(
    repo: ProjectRepository, session_id: int, coder: Coder, role: CodingRole | None = None
) -> Coding:
    """Give *coder* a coding of the session (primary if it has none yet, else reliability)."""
    label = f"session {session_id}"
    if repo.list_codings(session_id=session_id, coder_id=coder.id):
        raise BoardError(f"{coder.name} already has a coding of {label}")
    has_primary = bool(repo.list_codings(session_id=session_id, role=CodingRole.PRIMARY))
    if role is None:
        role = CodingRole.RELIABILITY if has_primary else CodingRole.PRIMARY
    if role is CodingRole.PRIMARY and has_primary:
        raise BoardError(f"{label} has a primary coding already; assign a reliability coder")
    version = codebook_version_for(repo, session_id)
    return repo.create_coding(session_id, coder.id, version, role)


def reopen_coding(repo: ProjectRepository, coding_id: int) -> Coding:
    """A done coding back to "in progress" (its coder can edit it again)."""
    coding = repo.get_coding(coding_id)
    if coding.status is not CodingStatus.DONE:
        raise BoardError(f"coding {coding_id} is not done ({STATUS_WORDS[coding.status]})")
    repo.set_coding_status(coding_id, CodingStatus.IN_PROGRESS)
    return repo.get_coding(coding_id)


def save_report(
    repo: ProjectRepository,
    path: str | Path,
    coder_ids: tuple[int, int] | None = None,
    params: AnalysisParams | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> Path:
    """Compute the reliability report and write it as HTML or CSV (by the file suffix)."""
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in REPORT_FORMATS:
        raise BoardError(f"{target}: save the report as .html or .csv")
    _data, report = load_and_report(
        repo, None, coder_ids, params or AnalysisParams(), progress=progress
    )
    atomic_write_text(target, to_html(report) if fmt == "html" else to_csv(report))
    return target


def session_to_open(repo: ProjectRepository, coder: Coder, preferred: int | None) -> int | None:
    """The session to open without being asked (a project opened, the coder switched).

    Opening a session gives the coder a coding of it, so only a session that is the
    coder's already is opened: *preferred* (the last one) if so, else their first coding
    not yet done, else their first. A coder without codings gets the first session (a lab
    of one coder); a PI without codings only a session that is coded already (to review),
    never an uncoded one (that would make the PI its primary coder).
    """
    mine = repo.list_codings(coder_id=coder.id)
    sessions = [s.id for s in repo.list_sessions()]
    if mine:
        own = {c.session_id for c in mine}
        if preferred in own:
            return preferred
        open_ones = [c.session_id for c in mine if c.status is not CodingStatus.DONE]
        return min(open_ones or own, key=sessions.index)
    if not coder.is_pi:
        return sessions[0] if sessions else None
    coded = {c.session_id for c in repo.list_codings(role=CodingRole.PRIMARY)}
    if preferred in coded:
        return preferred
    return next((s for s in sessions if s in coded), None)


def pi_would_code(repo: ProjectRepository, coder: Coder, session_id: int) -> str:
    """Why to ask before a PI opens the session ("" when there is nothing to ask).

    Opening makes the opener a coding; in a session nobody codes yet a PI would become
    its primary coder, which a PI who only wanted to look does not expect.
    """
    if not coder.is_pi or repo.list_codings(session_id=session_id, coder_id=coder.id):
        return ""
    if repo.list_codings(session_id=session_id, role=CodingRole.PRIMARY):
        return ""  # the PI's coding will be the consensus coding
    return (
        "Nobody codes this session yet. Opening it makes you its primary coder. "
        "To give it to a coder instead, use Coding ▸ Study board…\n\nOpen and code it yourself?"
    )
