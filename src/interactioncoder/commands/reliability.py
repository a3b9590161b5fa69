"""``interactioncoder reliability PROJECT``: inter-rater agreement of a project's codings."""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

from interactioncoder.commands._projects import opened_project
from interactioncoder.commands.common import SubParsers, UserError
from interactioncoder.core.codebook import Codebook
from interactioncoder.core.project import CodingRole
from interactioncoder.exchange.project_data import (
    CodingData,
    ExportSelectionError,
    ProjectData,
    SessionData,
    load_project_data,
)
from interactioncoder.reliability.alignment import AlignmentParams
from interactioncoder.reliability.analysis import (
    AnalysisParams,
    ReliabilityReport,
    SessionCodings,
    analyse_codings,
)
from interactioncoder.reliability.rating_analysis import SessionRatings, analyse_ratings
from interactioncoder.reliability.report import FORMATS, render

DESCRIPTION = """\
Inter-rater agreement of a project's double-coded sessions.

By default each session's PRIMARY coding is compared with its RELIABILITY coding (the
coders are then called "primary" and "reliability", so sessions pool across people);
--coders A B compares two named coders wherever both coded a session.

Codes: Cohen's kappa per time unit (one frame, or --unit SECONDS) with SE, 95 % CI, kappa
max, per-code kappa, prevalence and bias indices; optionally with a ±--tolerance window;
and event-based kappa from aligned event sequences (onsets within --event-tolerance and/or
overlap >= --overlap). Per session, per segment and pooled (counts summed over sessions).
Ratings: ICCs, weighted kappa over the full scale, Krippendorff's alpha.
"""


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not (value >= 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"{text} must be zero or more seconds")
    return value


def _unit(text: str) -> float | None:
    if text.strip().lower() in {"frame", "frames"}:
        return None
    value = _seconds(text)
    if value == 0:
        raise argparse.ArgumentTypeError("the time unit must be 'frame' or positive seconds")
    return value


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a proportion") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"the overlap must be in (0, 1], not {text}")
    return value


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(
        "reliability",
        help="inter-rater agreement: kappa (time-unit, event), ICC, alpha",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("project", help="a project file (.icproj) or database URL")
    parser.add_argument("--coders", nargs=2, metavar=("A", "B"), help="two coders (id or name)")
    parser.add_argument(
        "--sessions", nargs="+", metavar="SESSION", help="only these (id, name or DYAD/SESSION)"
    )
    parser.add_argument(
        "--unit", type=_unit, default=None, metavar="frame|SECONDS", help="default: frame"
    )
    parser.add_argument(
        "--tolerance",
        type=_seconds,
        default=0.0,
        metavar="SECONDS",
        help="time-unit tolerance window ±SECONDS (default 0)",
    )
    parser.add_argument(
        "--event-tolerance",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="onset tolerance for pairing events (default: --tolerance if given, else 2 s)",
    )
    parser.add_argument(
        "--overlap", type=_share, default=None, metavar="P", help="pair states overlapping >= P"
    )
    parser.add_argument(
        "--require-both",
        action="store_true",
        help="pairing needs onset tolerance AND overlap (default: either)",
    )
    parser.add_argument("--no-events", action="store_true", help="skip event-based agreement")
    parser.add_argument("--no-segments", action="store_true", help="skip per-segment results")
    parser.add_argument("--format", choices=FORMATS, default="table", help="default: table")
    parser.add_argument("--out", metavar="FILE", help="write here (default: standard output)")
    parser.set_defaults(handler=run)


def _pair_codings(
    session: SessionData, coders: list[str] | None
) -> tuple[dict[str, CodingData], str | None]:
    """The two codings to compare in a session, by label; or why the session is left out."""
    if coders is None:
        by_role: dict[str, CodingData] = {}
        for c in session.codings:
            if c.coding.role in (CodingRole.PRIMARY, CodingRole.RELIABILITY):
                by_role.setdefault(c.coding.role.value, c)
        if len(by_role) < 2:
            return {}, "no primary and reliability coding"
        return {"primary": by_role["primary"], "reliability": by_role["reliability"]}, None
    chosen: dict[str, CodingData] = {}
    rank = {CodingRole.PRIMARY: 0, CodingRole.RELIABILITY: 1, CodingRole.CONSENSUS: 2}
    for wanted in coders:  # keyed by coder name, in the order asked (A, then B)
        for c in sorted(session.codings, key=lambda c: rank[c.coding.role]):
            if wanted in (c.coder.name, str(c.coder.id)):
                chosen.setdefault(c.coder.name, c)
                break
    if len(chosen) < 2:
        return {}, f"not coded by both {coders[0]} and {coders[1]}"
    return chosen, None


def build_report(
    project: ProjectData, params: AnalysisParams, coders: list[str] | None
) -> ReliabilityReport:
    codings: list[SessionCodings] = []
    ratings: list[SessionRatings] = []
    versions: Counter[str] = Counter()
    codebooks: dict[str, Codebook] = {}
    warnings: list[str] = []
    for s in project.sessions:
        label = f"{s.dyad.label}/{s.session.name}"
        pair, why = _pair_codings(s, coders)
        if why is not None:
            continue  # most sessions are coded once: not worth a warning each
        if s.timebase is None:
            warnings.append(f"session {label}: no master video timebase; left out")
            continue
        for c in pair.values():
            versions[c.codebook_version.sha256] += 1
            codebooks[c.codebook_version.sha256] = c.codebook
        codings.append(
            SessionCodings(label, s.timebase, {k: c.events for k, c in pair.items()}, s.segments)
        )
        ratings.append(SessionRatings(label, {k: c.ratings for k, c in pair.items()}))
    if not codings:
        who = "primary and reliability codings" if coders is None else " and ".join(coders)
        raise UserError(f"no session has {who} to compare")
    sha, _ = versions.most_common(1)[0]
    codebook = codebooks[sha]
    if len(versions) > 1:
        warnings.append(
            f"the codings use {len(versions)} codebook versions; codes are taken from "
            f"{codebook.name} version {codebook.version} (the most used)"
        )
    a, b = codings[0].events_by_coder  # the same two labels in every session
    labels = (a, b)
    params = replace(params, coder_pairs=(labels,))
    rating_results, rating_warnings = analyse_ratings(codebook, ratings, coders=labels)
    report = analyse_codings(codebook, codings, params, rating_results)
    return replace(report, warnings=(*warnings, *rating_warnings, *report.warnings))


def write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing: a temporary file beside it, then a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    event_tol = args.event_tolerance
    if event_tol is None:
        event_tol = args.tolerance if args.tolerance > 0 else 2.0
    try:
        event = (
            None
            if args.no_events
            else AlignmentParams(
                onset_tolerance_s=event_tol,
                min_overlap=args.overlap,
                require_both=args.require_both,
            )
        )
        params = AnalysisParams(
            unit_seconds=args.unit,
            tolerance_s=args.tolerance,
            event=event,
            segments=not args.no_segments,
        )
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    coders = list(args.coders) if args.coders else None
    if coders is not None and coders[0] == coders[1]:
        raise UserError("give two different coders")
    with opened_project(args.project) as repo:
        try:
            project = load_project_data(repo, sessions=args.sessions, coders=coders)
        except ExportSelectionError as exc:
            raise UserError(str(exc)) from exc
    report = build_report(project, params, coders)
    text = render(report, args.format)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    out = Path(args.out).expanduser()
    if out.is_dir():
        raise UserError(f"{out}: is a folder; give a file name")
    try:
        write_atomically(out, text)
    except OSError as exc:
        raise UserError(f"could not write {out}: {exc.strerror or exc}") from exc
    print(f"wrote {out}")
    return 0
