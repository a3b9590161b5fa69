"""``interactioncoder session add|list|segment``: put recordings into a project.

A lab starting a project adds each recorded interaction as a session of a dyad, with its
camera videos (the first is the master: event times are its frames). The videos are
probed with the media engine and their frame times stored, so the project keeps exact
times even when a drive is later unplugged.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from interactioncoder.commands._projects import add_project_argument, opened_project
from interactioncoder.commands.common import SubParsers, UserError
from interactioncoder.core.codebook import Codebook
from interactioncoder.core.codebook.loader import CodebookError, load_codebook
from interactioncoder.core.codebook.shipped import shipped_codebook_dir
from interactioncoder.core.limits import MAX_DURATION_S, MAX_OFFSET_S, is_digits
from interactioncoder.core.project import SessionVideo
from interactioncoder.exchange.importers.apply import find_session
from interactioncoder.exchange.importers.common import ImportFormatError
from interactioncoder.exchange.videos import register_video
from interactioncoder.media.errors import MediaError
from interactioncoder.storage import ProjectRepository
from interactioncoder.workflow.segments import SegmentRangeError, check_seconds, span_from_seconds


def register(sub: SubParsers) -> None:
    parser = sub.add_parser("session", help="add recorded sessions (videos) to a project")
    actions = parser.add_subparsers(dest="session_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a session of a dyad with its camera videos")
    add_project_argument(add)
    add.add_argument("--dyad", required=True, help="dyad label (created if new), e.g. D017")
    add.add_argument("--name", required=True, help="session name, e.g. '3-month visit'")
    add.add_argument(
        "--video",
        action="append",
        required=True,
        metavar="PATH[@OFFSET_MS]",
        help="a camera video (repeat for each camera; the first is the master). "
        "@OFFSET_MS: when the camera's own time 0 is on the session clock",
    )
    add.add_argument("--camera", action="append", default=[], help="camera labels, in order")
    add.add_argument("--visit", default="", help="visit label, e.g. '3 months'")
    add.add_argument("--age-days", type=_age_days, help="infant age at the visit, in days")
    add.add_argument(
        "--codebook",
        help="codebook file (.yaml) or a shipped codebook's name, stored in the project",
    )
    add.set_defaults(handler=run_add)
    listing = actions.add_parser("list", help="list the project's sessions and cameras")
    add_project_argument(listing)
    listing.set_defaults(handler=run_list)
    segment = actions.add_parser("segment", help="mark a named part of a session (seconds)")
    add_project_argument(segment)
    segment.add_argument("session", help="session name or id")
    segment.add_argument("segment", help="segment name, e.g. still-face")
    segment.add_argument("start", type=_seconds, help="start, seconds on the master video")
    segment.add_argument("end", type=_seconds, help="end, seconds on the master video")
    segment.set_defaults(handler=run_segment)


def _seconds(text: str) -> float:
    """A time in seconds: finite, 0 .. 24 h."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time in seconds") from None
    if not (math.isfinite(value) and 0 <= value <= MAX_DURATION_S):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time between 0 and {MAX_DURATION_S:g} s (24 h)"
        )
    return value


def _age_days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if not 0 <= value <= 36_500:
        raise argparse.ArgumentTypeError(f"{text!r} is not an age in days (0..36500)")
    return value


def _codebook(text: str) -> Codebook:
    path = Path(text).expanduser()
    if not path.exists() and not path.suffix:
        path = shipped_codebook_dir() / f"{text}.yaml"
    if not path.exists() or path.is_dir():
        raise UserError(f"{text}: no such codebook file (see `interactioncoder codebook list`)")
    try:
        return load_codebook(path)
    except OSError as exc:
        raise UserError(f"{text}: cannot read the codebook ({exc.strerror or exc})") from exc
    except CodebookError as exc:
        if len(exc.problems) == 1:
            raise UserError(f"the codebook has a problem: {exc.problems[0]}") from exc
        raise UserError(f"the codebook has problems:\n{exc}") from exc


def _is_plain_number(text: str) -> bool:
    """ "-12.5", "+40", "0": digits with one optional point (ASCII: float() refuses '²')."""
    return is_digits(text.strip().lstrip("+-").replace(".", "", 1), max_digits=None)


def _video_spec(text: str) -> tuple[Path, float]:
    path_text, sep, offset = text.rpartition("@")
    if not sep or not _is_plain_number(offset):
        return Path(text).expanduser(), 0.0
    value = float(offset)
    if not (math.isfinite(value) and abs(value) <= MAX_OFFSET_S * 1000.0):
        raise UserError(
            f"{text}: the camera offset {offset} ms is beyond ±{MAX_OFFSET_S * 1000.0:.0f} ms "
            "(24 h)"
        )
    return Path(path_text).expanduser(), value


def run_add(args: argparse.Namespace) -> int:
    specs = [_video_spec(v) for v in args.video]
    if len(args.camera) > len(specs):
        raise UserError("more --camera labels than --video files")
    codebook = _codebook(args.codebook) if args.codebook else None
    warnings: list[str] = []
    with opened_project(args.project) as repo:
        if codebook is None and not repo.list_codebook_versions():
            raise UserError(
                "the project has no codebook yet: give --codebook FILE or a shipped name "
                "(interactioncoder codebook list)"
            )
        with repo.atomic():  # all videos, the dyad and the session, or nothing
            if codebook is not None:
                repo.store_codebook(codebook)
            cameras = []
            for i, (path, offset) in enumerate(specs):
                try:
                    video = register_video(repo, path, warnings)
                except MediaError as exc:
                    raise UserError(f"nothing was added: {exc}") from exc
                label = args.camera[i] if i < len(args.camera) else path.stem
                cameras.append(SessionVideo(video.id, offset, label, is_master=i == 0))
            dyad = repo.find_dyad(args.dyad) or repo.add_dyad(args.dyad)
            session = repo.add_session(
                dyad.id, args.name, cameras, visit=args.visit, infant_age_days=args.age_days
            )
    for warning in warnings:
        print(f"interactioncoder: warning: {warning}", file=sys.stderr)
    print(f"added session {session.id}: {args.dyad} / {args.name} with {len(cameras)} camera(s)")
    return 0


def _describe(repo: ProjectRepository) -> list[str]:
    lines = []
    dyads = {d.id: d.label for d in repo.list_dyads()}
    for s in repo.list_sessions():
        lines.append(f"{s.id:>4}  {dyads[s.dyad_id]} / {s.name}  ({s.visit or 'no visit'})")
        for v in s.videos:
            video = repo.get_video(v.video_id)
            master = " master" if v.is_master else ""
            lines.append(
                f"        {v.camera or '-'}{master}: {video.path}  offset {v.offset_ms:g} ms, "
                f"{video.frame_count} frames{' VFR' if video.is_vfr else ''}"
            )
        for seg in repo.list_segments(s.id):
            start, end = seg.onset_ms / 1000, seg.offset_ms / 1000
            lines.append(f"        segment {seg.name}: {start:.3f}-{end:.3f} s")
    return lines


def run_list(args: argparse.Namespace) -> int:
    with opened_project(args.project) as repo:
        lines = _describe(repo)
    print("\n".join(lines) if lines else "no sessions yet")
    return 0


def run_segment(args: argparse.Namespace) -> int:
    try:
        check_seconds(args.start, args.end)
    except SegmentRangeError as exc:
        raise UserError(str(exc)) from exc
    with opened_project(args.project) as repo:
        try:
            session = find_session(repo, args.session, "session")
        except ImportFormatError as exc:
            raise UserError(str(exc)) from exc
        if session is None:
            raise UserError(f"no session {args.session!r} in the project")
        tb = repo.session_timebase(session.id)
        if tb is None:
            raise UserError(f"session {session.name!r} has no master video frame times")
        try:
            span = span_from_seconds(tb, args.start, args.end)
        except SegmentRangeError as exc:
            raise UserError(str(exc)) from exc
        seg = repo.add_segment(
            session.id,
            args.segment,
            span.onset_frame,
            span.onset_ms,
            span.offset_frame,
            span.offset_ms,
        )
    print(f"segment {seg.name}: frames {seg.onset_frame}-{seg.offset_frame - 1}")
    return 0
