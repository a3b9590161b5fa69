"""Putting recordings into a project: group video files into sessions, probe, store.

A lab names its files after the dyad, e.g. ``D017_mother.mp4`` and ``D017_infant.mp4``;
the pattern ``{dyad}_{camera}`` turns them into one session of dyad D017 with two
cameras. Each file is probed (frame index) before anything is written; a file that cannot
be read is named and skipped, and each session is stored in its own transaction.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from interactioncoder.core.project import Session, SessionVideo
from interactioncoder.exchange.videos import probe_video_file, store_video
from interactioncoder.media.errors import MediaError
from interactioncoder.media.source import VideoSource
from interactioncoder.storage import ProjectRepository
from interactioncoder.storage.errors import StorageError

DEFAULT_PATTERN = "{dyad}_{camera}"
VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".avi", ".mkv", ".m4v", ".mts", ".webm", ".mpg"})
PLACEHOLDERS = ("dyad", "camera", "visit", "session")
BLIND_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

Progress = Callable[[float, str], None]


class PatternError(ValueError):
    """A grouping pattern that cannot be used (one line, names the problem)."""


@dataclass(frozen=True)
class CameraPlan:
    path: Path
    camera: str
    offset_ms: float = 0.0
    is_master: bool = False


@dataclass(frozen=True)
class SessionPlan:
    dyad: str
    name: str
    cameras: tuple[CameraPlan, ...]
    visit: str = ""
    infant_age_days: int | None = None


@dataclass(frozen=True)
class Grouping:
    sessions: tuple[SessionPlan, ...]
    unmatched: tuple[Path, ...] = ()


@dataclass(frozen=True)
class ProbedVideo:
    path: Path
    source: VideoSource


@dataclass
class AddReport:
    added: list[Session] = field(default_factory=list)
    skipped_files: list[tuple[Path, str]] = field(default_factory=list)
    failed_sessions: list[tuple[SessionPlan, str]] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"added {len(self.added)} session(s)"]
        lines += [f"skipped {p.name}: {msg}" for p, msg in self.skipped_files]
        lines += [f"not added {s.dyad} / {s.name}: {msg}" for s, msg in self.failed_sessions]
        return "\n".join(lines)


# -- grouping -------------------------------------------------------------------------
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """``{dyad}_{camera}`` -> a regular expression over the file name without suffix."""
    names = re.findall(r"{(\w*)}", pattern)
    unknown = [n for n in names if n not in PLACEHOLDERS]
    if unknown:
        raise PatternError(
            f"pattern {pattern!r}: unknown {{{unknown[0]}}}; use {', '.join(PLACEHOLDERS)}"
        )
    if "dyad" not in names:
        raise PatternError(f"pattern {pattern!r} needs {{dyad}}, e.g. {DEFAULT_PATTERN}")
    if len(names) != len(set(names)):
        raise PatternError(f"pattern {pattern!r} names a placeholder twice")
    parts = re.split(r"({\w*})", pattern)
    regex = ""
    for part in parts:
        if part.startswith("{") and part.endswith("}"):
            regex += f"(?P<{part[1:-1]}>.+?)"
        else:
            regex += ".*".join(re.escape(chunk) for chunk in part.split("*"))
    return re.compile(regex + r"\Z", re.IGNORECASE)


def video_files(paths: Iterable[Path]) -> list[Path]:
    """The video files among *paths*; folders are searched (not recursively)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in VIDEO_SUFFIXES))
        elif path.suffix.lower() in VIDEO_SUFFIXES:
            found.append(path)
    return list(dict.fromkeys(found))


def group_files(paths: Sequence[Path], pattern: str = DEFAULT_PATTERN) -> Grouping:
    """Group files into sessions by *pattern* (sorted; the first camera is the master)."""
    regex = compile_pattern(pattern)
    groups: dict[tuple[str, str, str], list[CameraPlan]] = {}
    unmatched: list[Path] = []
    for path in sorted(paths, key=lambda p: p.name.casefold()):
        m = regex.match(path.stem)
        if m is None:
            unmatched.append(path)
            continue
        found = m.groupdict()
        key = (found["dyad"], found.get("visit") or "", found.get("session") or "")
        camera = found.get("camera") or path.stem
        groups.setdefault(key, []).append(CameraPlan(path, camera))
    sessions = []
    for (dyad, visit, name), cameras in groups.items():
        cameras[0] = replace(cameras[0], is_master=True)
        sessions.append(SessionPlan(dyad, name or visit or dyad, tuple(cameras), visit=visit))
    return Grouping(tuple(sessions), tuple(unmatched))


def plan_problems(plan: SessionPlan) -> list[str]:
    where = f"{plan.dyad or '?'} / {plan.name or '?'}"
    problems = []
    if not plan.dyad.strip():
        problems.append(f"{where}: the dyad needs a label")
    if not plan.name.strip():
        problems.append(f"{where}: the session needs a name")
    if not plan.cameras:
        problems.append(f"{where}: no video files")
    elif sum(c.is_master for c in plan.cameras) != 1:
        problems.append(f"{where}: choose exactly one master camera")
    cams = [c.camera.strip() for c in plan.cameras]
    if len(set(cams)) != len(cams):
        problems.append(f"{where}: two cameras have the same name")
    if plan.infant_age_days is not None and plan.infant_age_days < 0:
        problems.append(f"{where}: the infant age cannot be negative")
    return problems


# -- probing and storing --------------------------------------------------------------
def probe_video(path: Path) -> ProbedVideo:
    """Check and index one file with the media engine, as ``session add`` does (raises
    ``MediaError`` naming the file: unreadable, a FIFO, not a video)."""
    return ProbedVideo(path, probe_video_file(path))


def _store_video(repo: ProjectRepository, probed: ProbedVideo) -> int:
    resolved = str(probed.path.resolve())
    fingerprint = probed.source.fingerprint
    for known in repo.list_videos():
        if known.path == resolved and known.fingerprint == fingerprint:
            return known.id
    return store_video(repo, probed.path, probed.source).id


def new_blind_code() -> str:
    return "S-" + "".join(secrets.choice(BLIND_ALPHABET) for _ in range(6))


def add_sessions(
    repo: ProjectRepository,
    plans: Sequence[SessionPlan],
    progress: Progress | None = None,
    probe: Callable[[Path], ProbedVideo] = probe_video,
) -> AddReport:
    """Probe every file (progress per file), then store each session in one transaction."""
    report = AddReport()
    total = sum(len(p.cameras) for p in plans) or 1
    done = 0
    for plan in plans:
        problems = plan_problems(plan)
        if problems:
            report.failed_sessions.append((plan, "; ".join(problems)))
            done += len(plan.cameras)
            continue
        probed: list[tuple[CameraPlan, ProbedVideo]] = []
        for cam in plan.cameras:
            if progress is not None:
                progress(done / total, f"Reading {cam.path.name}")
            done += 1
            try:
                probed.append((cam, probe(cam.path)))
            except MediaError as exc:
                report.skipped_files.append((cam.path, str(exc)))
        _store_plan(repo, plan, probed, report)
    if progress is not None:
        progress(1.0, "Done")
    if report.added:
        repo.ensure_blind_codes(new_blind_code)
    return report


def _store_plan(
    repo: ProjectRepository,
    plan: SessionPlan,
    probed: list[tuple[CameraPlan, ProbedVideo]],
    report: AddReport,
) -> None:
    if not probed:
        report.failed_sessions.append((plan, "none of its video files could be read"))
        return
    if not any(cam.is_master for cam, _ in probed):  # the master was skipped
        probed[0] = (replace(probed[0][0], is_master=True), probed[0][1])
    try:
        with repo.atomic():
            cameras = [
                SessionVideo(_store_video(repo, p), cam.offset_ms, cam.camera, cam.is_master)
                for cam, p in probed
            ]
            dyad = repo.find_dyad(plan.dyad.strip()) or repo.add_dyad(plan.dyad)
            session = repo.add_session(
                dyad.id,
                plan.name,
                cameras,
                visit=plan.visit,
                infant_age_days=plan.infant_age_days,
            )
    except (StorageError, ValueError) as exc:
        report.failed_sessions.append((plan, str(exc)))
        return
    report.added.append(session)


# -- editing and removing ---------------------------------------------------------------
def edit_session(
    repo: ProjectRepository,
    session_id: int,
    *,
    name: str,
    visit: str = "",
    infant_age_days: int | None = None,
    cameras: Sequence[SessionVideo] | None = None,
) -> Session:
    """Change a session's name, visit, age or cameras; returns the session as it was."""
    if infant_age_days is not None and infant_age_days < 0:
        raise ValueError("the infant age cannot be negative")
    old = repo.get_session(session_id)
    return repo.update_session(
        session_id,
        name=name,
        visit=visit,
        infant_age_days=infant_age_days,
        notes=old.notes,
        videos=cameras,
    )


def remove_session(
    repo: ProjectRepository, session_id: int, *, with_codings: bool = False
) -> Session:
    """Remove a session; one with codings only when *with_codings* says so explicitly."""
    return repo.delete_session(session_id, with_codings=with_codings)
