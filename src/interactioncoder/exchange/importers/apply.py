"""Apply a parsed :class:`ImportBundle` to a project: all of it, or nothing.

Everything happens inside one ``repo.atomic()`` block: codebook version, coders, dyads,
sessions, videos, codings and events. Any problem raises :class:`ImportFormatError`
(or a storage error) and the transaction rolls back, leaving the project as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interactioncoder.core.events import Event, EventChangeSet
from interactioncoder.core.limits import MAX_FRAMES, is_digits
from interactioncoder.core.project import (
    CodebookVersion,
    Coding,
    CodingRole,
    CodingStatus,
    Session,
    SessionVideo,
    Video,
)
from interactioncoder.core.timebase import Timebase
from interactioncoder.exchange.importers.bounds import check_bundle_limits
from interactioncoder.exchange.importers.common import (
    ImportBundle,
    ImportedEvent,
    ImportedMedia,
    ImportedSession,
    ImportFormatError,
    format_ms,
)
from interactioncoder.exchange.importers.event_table import latest_ms
from interactioncoder.exchange.importers.frame_table import FrameEvents
from interactioncoder.exchange.importers.frames import FrameRounding, to_frame_table
from interactioncoder.exchange.importers.overlaps import find_overlaps, merge_overlaps
from interactioncoder.storage import ProjectRepository
from interactioncoder.storage.errors import InvalidTextError


@dataclass(frozen=True)
class ImportOptions:
    coder: str | None = None  # coder for codings whose file does not name one
    session: str | None = None  # an existing session (name or id) for one-session files
    dyad: str | None = None  # dyad label for sessions the import creates
    role: CodingRole = CodingRole.PRIMARY
    replace: bool = False  # replace the events of an existing coding
    append: bool = False  # add to the events of an existing coding
    fps: float | None = None  # frame rate when a session has no video frame times
    merge_overlaps: bool = False  # merge overlapping states of one code (else refuse them)


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    events: int = 0
    coding_ids: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [*self.created, f"{self.events} event(s) imported"]
        if self.notes:
            out.append("Please note:")
            out.extend(f"  {n}" for n in self.notes)
        return out


def choose_codebook_version(
    repo: ProjectRepository, version_id: int | None, source: str
) -> CodebookVersion:
    """The given version, else the newest stored one (the project's current codebook)."""
    if version_id is not None:
        try:
            return repo.get_codebook_version(version_id)
        except Exception:
            raise ImportFormatError(
                source, "", f"the project has no codebook version {version_id}"
            ) from None
    versions = repo.list_codebook_versions()
    if not versions:
        raise ImportFormatError(
            source, "", "the project has no codebook yet; add one before importing events"
        )
    return versions[-1]


def find_session(repo: ProjectRepository, ref: str, source: str) -> Session | None:
    """A session by id (digits) or by name; a name shared by several sessions is refused."""
    if is_digits(ref.strip()):
        try:
            return repo.get_session(int(ref))
        except Exception:
            return None
    matches = [s for s in repo.list_sessions() if s.name == ref]
    if len(matches) > 1:
        dyads = ", ".join(repo.get_dyad(s.dyad_id).label for s in matches)
        raise ImportFormatError(
            source, "", f"{len(matches)} sessions are named {ref!r} (dyads {dyads}); give its id"
        )
    return matches[0] if matches else None


class _Applier:
    def __init__(
        self, repo: ProjectRepository, bundle: ImportBundle, options: ImportOptions
    ) -> None:
        self.repo = repo
        self.bundle = bundle
        self.options = options
        self.source = bundle.source
        self.summary = ImportSummary(notes=list(bundle.notes))

    def fail(self, message: str, place: str = "") -> ImportFormatError:
        return ImportFormatError(self.source, place, message)

    def run(self, version: CodebookVersion | None) -> ImportSummary:
        if self.bundle.codebook is not None:
            known = {v.sha256 for v in self.repo.list_codebook_versions()}
            version = self.repo.store_codebook(self.bundle.codebook)
            if version.sha256 not in known:
                self.summary.created.append(
                    f"codebook {version.codebook.name!r} (version {version.id}): "
                    f"{len(version.codebook.groups)} group(s), "
                    f"{len(version.codebook.codes())} code(s)"
                )
        if version is None:
            raise self.fail("no codebook to import the events into")
        if self.options.session is not None and len(self.bundle.sessions) > 1:
            raise self.fail("--session names one session, but the file has several")
        for imported in self.bundle.sessions:
            self.session(imported, version)
        return self.summary

    def session(self, imported: ImportedSession, version: CodebookVersion) -> None:
        session = self.target_session(imported)
        timebase = self.timebase(session, imported)
        for coding_in in imported.codings:
            name = coding_in.coder or self.options.coder
            if not name:
                raise self.fail(
                    f"session {imported.name!r}: the file does not say who coded it; give --coder"
                )
            coder = self.repo.find_coder(name)
            if coder is None:
                coder = self.repo.add_coder(name)
                self.summary.created.append(f"coder {name!r}")
            role = CodingRole(coding_in.role) if coding_in.role else self.options.role
            coding = self.target_coding(session, coder.id, version, role)
            notes: list[str] = []
            rounding = (
                FrameRounding.NEAREST if self.bundle.format == "eaf" else FrameRounding.ON_SCREEN
            )
            table = to_frame_table(
                self.source, coding_in.events, timebase, version.codebook, rounding, notes
            )
            existing = self.repo.list_events(coding.id)
            kept = [] if self.options.replace else existing
            table = self.check_overlaps(version, timebase, kept, table, coding_in.events, notes)
            self.summary.notes.extend(
                f"session {session.name!r}, coder {name!r}: {n}" for n in notes
            )
            if existing and self.options.replace:
                self.repo.apply_event_changes(
                    coding.id,
                    EventChangeSet(
                        added=tuple(table.events()), removed=tuple(existing), description="import"
                    ),
                )
            else:
                # Events are made (with their ids) as they are stored, a batch at a time.
                self.repo.add_events(coding.id, table.events())
            if len(table) and coding.status is CodingStatus.NOT_STARTED:
                self.repo.set_coding_status(coding.id, CodingStatus.IN_PROGRESS)
            self.summary.events += len(table)
            self.summary.coding_ids.append(coding.id)
            self.summary.created.append(
                f"session {session.name!r}, coder {name!r}: {len(table)} event(s)"
                + (f" replacing {len(existing)}" if existing and self.options.replace else "")
            )

    def check_overlaps(
        self,
        version: CodebookVersion,
        timebase: Timebase,
        kept: list[Event],
        table: FrameEvents,
        imported: Sequence[ImportedEvent],
        notes: list[str],
    ) -> FrameEvents:
        """The events, merged if asked; refuses what breaks the editing rules."""

        def place(source: int) -> str:
            # Sources index the imported events; kept events come after them.
            if 0 <= source < len(imported):
                return imported[source].place
            if source >= len(imported):
                return f"existing event at {format_ms(kept[source - len(imported)].onset_ms)}"
            return ""

        if self.options.merge_overlaps:
            table, merged = merge_overlaps(timebase, table, place)
            notes.extend(merged)
        checked = table
        if kept:
            checked = FrameEvents()
            for k, e in enumerate(kept):
                checked.append_event(e, len(imported) + k)
            checked = checked.extended(table)
        found = find_overlaps(version.codebook, checked, place)
        if found:
            hint = "" if self.options.merge_overlaps else " (or give --merge-overlaps)"
            more = "".join(f"\n  {f}" for f in found[1:50])
            raise self.fail(
                f"{len(found)} overlap(s) the editing rules forbid; fix them in the file"
                f"{hint}: {found[0]}{more}"
            )
        return table

    def target_session(self, imported: ImportedSession) -> Session:
        opts = self.options
        name = opts.session if opts.session is not None else imported.name
        if opts.session is not None:
            found = find_session(self.repo, opts.session, self.source)
            if found is not None:
                return found
            if opts.dyad is None:
                raise self.fail(
                    f"no session {opts.session!r} in the project (give --dyad to create it)"
                )
        label = opts.dyad or imported.name
        dyad = self.repo.find_dyad(label)
        if dyad is None:
            dyad = self.repo.add_dyad(label)
            self.summary.created.append(f"dyad {label!r}")
        else:
            for s in self.repo.list_sessions(dyad.id):
                if s.name == name:
                    return s
        links = []
        for media in imported.media:
            video = self.video(media)
            if video is not None:
                links.append(SessionVideo(video.id, media.offset_ms, media.camera, media.is_master))
        if links and not any(link.is_master for link in links):
            links[0] = SessionVideo(links[0].video_id, links[0].offset_ms, links[0].camera, True)
        videos = links
        session = self.repo.add_session(dyad.id, name, tuple(links), notes=imported.notes)
        self.summary.created.append(f"session {name!r} in dyad {label!r} ({len(videos)} video(s))")
        return session

    def video(self, media: ImportedMedia) -> Video | None:
        for known in self.repo.list_videos():
            if known.path == media.path:
                return known
        path = Path(media.path)
        if _is_file(path):
            probed = _probe(path)
            if isinstance(probed, str):
                self.summary.notes.append(f"{path}: cannot be read as a video ({probed})")
            else:
                info, times, declared = probed
                if declared > info.frame_count:
                    self.summary.notes.append(
                        f"{path}: its header says {declared} frames but only "
                        f"{info.frame_count} can be read (truncated recording?)"
                    )
                return self.repo.add_video(
                    str(path),
                    info.size_bytes,
                    info.fingerprint,
                    info.duration_ms,
                    info.frame_count,
                    info.nominal_fps,
                    info.is_vfr,
                    info.width,
                    info.height,
                    info.has_audio,
                    frame_times_ms=times,
                )
        fps = media.fps or self.options.fps
        if not fps or not media.duration_ms:
            self.summary.notes.append(
                f"video {media.path} is not there and its length is unknown: not linked to the "
                "session (add it to the session when you have it)"
            )
            return None
        frames = max(1, round(media.duration_ms * fps / 1000.0))
        if frames > MAX_FRAMES:
            raise self.fail(
                f"{media.duration_ms / 1000.0:g} s at {fps:g} fps is {frames:,} frames, beyond "
                f"the limit of {MAX_FRAMES:,}",
                f"video {media.path}",
            )
        self.summary.notes.append(
            f"video {media.path} is missing: recorded for relinking, with a constant "
            f"{fps:g} fps timebase ({frames} frames) taken from the imported file"
        )
        size = path.stat().st_size if _is_file(path) else 0
        return self.repo.add_video(str(path), size, "", media.duration_ms, frames, fps, False)

    def timebase(self, session: Session, imported: ImportedSession) -> Timebase:
        tb = self.repo.session_timebase(session.id)
        if tb is not None:
            return tb
        if not self.options.fps:
            raise self.fail(
                f"session {session.name!r} has no video frame times; add its video or give --fps"
            )
        last = max((latest_ms(c.events) for c in imported.codings), default=0.0)
        frames = int(last * self.options.fps / 1000.0) + 2
        self.summary.notes.append(
            f"session {session.name!r} has no video: frames counted at "
            f"{self.options.fps:g} fps (--fps)"
        )
        return Timebase.constant(self.options.fps, frames)

    def target_coding(
        self, session: Session, coder_id: int, version: CodebookVersion, role: CodingRole
    ) -> Coding:
        opts = self.options
        found = self.repo.list_codings(session_id=session.id, coder_id=coder_id, role=role)
        if not found:
            return self.repo.create_coding(session.id, coder_id, version.id, role)
        coding = found[0]
        if coding.codebook_version_id != version.id:
            raise self.fail(
                f"the existing {role.value} coding of session {session.name!r} by this coder "
                f"uses codebook version {coding.codebook_version_id}, not {version.id}"
            )
        if self.repo.list_events(coding.id) and not (opts.replace or opts.append):
            raise self.fail(
                f"session {session.name!r} already has a {role.value} coding with events by "
                "this coder; give --replace or --append"
            )
        return coding


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name with a NUL byte, too long, ...
        return False


def _probe(path: Path) -> tuple[Any, tuple[float, ...], int] | str:
    try:
        from interactioncoder.exchange.videos import check_readable_video, declared_frame_count
        from interactioncoder.media.source import VideoSource

        check_readable_video(path)
        source = VideoSource(path)
        declared = declared_frame_count(path, source.stream_index)
        return source.info(), tuple(source.timebase.frame_times_ms), declared
    except Exception as exc:  # any unreadable file: the caller falls back and says so
        return str(exc) or type(exc).__name__


def apply_bundle(
    repo: ProjectRepository,
    bundle: ImportBundle,
    options: ImportOptions,
    codebook_version: CodebookVersion | None = None,
) -> ImportSummary:
    """Add everything in *bundle* to the project in one transaction."""
    check_bundle_limits(bundle, options.fps)
    with repo.atomic():
        try:
            return _Applier(repo, bundle, options).run(codebook_version)
        except ValueError as exc:  # the store refused a value (empty name, bad text, ...)
            raise ImportFormatError(bundle.source, "", str(exc)) from exc
        except InvalidTextError as exc:  # text the bundle check did not reach (a codebook)
            raise ImportFormatError(bundle.source, "", str(exc)) from exc
