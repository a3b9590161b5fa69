"""Blind to condition: what a coder may see of a session.

With the project option on, a coder who is not a PI sees each session under its random
code only: no dyad label, visit, infant age, study field (arm), file name or path. A PI
sees everything. Every label a widget, title, dialog, export or message shows for a
session comes from here, so the rule is kept in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import PurePath

from interactioncoder.core.project import Coder, CodingRole, Dyad, Session
from interactioncoder.exchange.project_data import ProjectData
from interactioncoder.storage import ProjectRepository
from interactioncoder.workflow.session_setup import new_blind_code

UNCODED = "blinded session"


def set_blind_to_condition(repo: ProjectRepository, on: bool) -> None:
    """Switch the option; switching it on gives every session its random code first."""
    with repo.atomic():
        if on:
            repo.ensure_blind_codes(new_blind_code)
        repo.set_blind_to_condition(on)


def is_blinded(coder: Coder | None, blind_to_condition: bool) -> bool:
    """True when *coder* must not see conditions (option on and not a PI)."""
    return blind_to_condition and (coder is None or not coder.is_pi)


@dataclass(frozen=True)
class SessionView:
    """What one coder may see of one session."""

    label: str
    fields: Mapping[str, str]  # visible facts (empty for a blinded coder)
    blinded: bool


def session_view(
    session: Session,
    dyad_label: str,
    coder: Coder | None,
    *,
    blind_to_condition: bool,
    blind_code: str | None,
    study_fields: Mapping[str, str] | None = None,
) -> SessionView:
    """The label and facts of *session* that *coder* may see."""
    if is_blinded(coder, blind_to_condition):
        return SessionView(blind_code or UNCODED, {}, True)
    fields = {"dyad": dyad_label, "session": session.name}
    if session.visit:
        fields["visit"] = session.visit
    if session.infant_age_days is not None:
        fields["infant_age_days"] = str(session.infant_age_days)
    fields.update(study_fields or {})
    label = f"{dyad_label} / {session.name}"
    if blind_to_condition and blind_code:
        fields["blind_code"] = blind_code  # a PI sees both, to talk to coders
    return SessionView(label, fields, False)


def session_views(repo: ProjectRepository, coder: Coder | None) -> dict[int, SessionView]:
    """Every session of the project as *coder* may see it."""
    blind = repo.blind_to_condition
    codes = repo.blind_codes()
    dyads = {d.id: d.label for d in repo.list_dyads()}
    fields = repo.dyad_fields()
    return {
        s.id: session_view(
            s,
            dyads.get(s.dyad_id, ""),
            coder,
            blind_to_condition=blind,
            blind_code=codes.get(s.id),
            study_fields=fields.get(s.dyad_id),
        )
        for s in repo.list_sessions()
    }


def hidden_values(repo: ProjectRepository, session_id: int) -> set[str]:
    """What a blinded coder must never see of a session (for checks and tests)."""
    session = repo.get_session(session_id)
    dyad = repo.get_dyad(session.dyad_id)
    hidden = {dyad.label, session.name}
    if session.visit:
        hidden.add(session.visit)
    if session.infant_age_days is not None:
        hidden.add(str(session.infant_age_days))
    hidden.update(v for v in repo.dyad_fields().get(dyad.id, {}).values() if v)
    for camera in session.videos:
        path = repo.get_video(camera.video_id).path
        hidden.update({path, PurePath(path).name, PurePath(path).stem})
    return {h for h in hidden if h}


def blind_project_data(data: ProjectData, codes: Mapping[int, str]) -> ProjectData:
    """An export's data as a blinded coder may see it: each session under its code only.

    The dyad label and the session name become the code; visit, infant age, notes and
    the videos (file names and paths) are left out.
    """
    sessions = []
    for s in data.sessions:
        code = codes.get(s.session.id) or UNCODED
        session = replace(s.session, name=code, visit="", infant_age_days=None, notes="", videos=())
        dyad = replace(s.dyad, label=code, notes="")
        sessions.append(replace(s, session=session, dyad=dyad, videos=(), blind_code=code))
    return replace(data, sessions=tuple(sessions))


#: the one heading a blinded coder's project list shows all sessions under
BLIND_HEADING = Dyad(-1, "Sessions (blind to condition)")


def browser_data(
    repo: ProjectRepository, coder: Coder | None, views: Mapping[int, SessionView]
) -> tuple[list[Dyad], list[Session]]:
    """The dyads and sessions a project list shows *coder* (codes only when blinded)."""
    dyads, sessions = repo.list_dyads(), repo.list_sessions()
    if not is_blinded(coder, repo.blind_to_condition):
        return dyads, sessions
    hidden = [
        replace(
            s,
            dyad_id=BLIND_HEADING.id,
            name=views[s.id].label if s.id in views else UNCODED,
            visit="",
            infant_age_days=None,
            notes="",
        )
        for s in sessions
    ]
    return [BLIND_HEADING], hidden


def window_title(project: str, view: SessionView | None, coder: Coder, role: CodingRole) -> str:
    """project — session (as the coder may see it) — coder (role)."""
    label = view.label if view is not None else UNCODED
    suffix = "" if role is CodingRole.PRIMARY else f" ({role.value})"
    return f"{project} — {label} — {coder.name}{suffix}"
