"""``interactioncoder reliability PROJECT``: inter-rater agreement of a project's codings."""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from interactioncoder.commands._projects import add_project_argument, opened_project
from interactioncoder.commands.common import SubParsers, UserError, proportion
from interactioncoder.exchange.reliability_data import (
    NoPairedSessionsError,
    ReliabilityData,
    load_reliability_data,
)
from interactioncoder.reliability.alignment import AlignmentParams
from interactioncoder.reliability.analysis import AnalysisParams, ReliabilityReport
from interactioncoder.reliability.report import FORMATS, render
from interactioncoder.workflow.reliability import reliability_report

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


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(
        "reliability",
        help="inter-rater agreement: kappa (time-unit, event), ICC, alpha",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_project_argument(parser)
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
        "--overlap",
        type=proportion("overlap"),
        default=None,
        metavar="P",
        help="pair states overlapping >= P",
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


def _resolve_coders(repo: Any, wanted: list[str]) -> tuple[int, int]:
    """Coder ids for two coder names or ids."""
    coders = repo.list_coders()
    ids = []
    for w in wanted:
        hit = next((c.id for c in coders if w.strip() in (c.name, str(c.id))), None)
        if hit is None:
            known = ", ".join(sorted(c.name for c in coders)) or "none"
            raise UserError(f"no coder {w!r} in the project (known: {known})")
        ids.append(hit)
    if ids[0] == ids[1]:
        raise UserError("give two different coders")
    return ids[0], ids[1]


def _resolve_sessions(repo: Any, wanted: list[str]) -> list[int]:
    """Session ids for session ids, names or DYAD/SESSION labels (every name must match)."""
    dyads = {d.id: d.label for d in repo.list_dyads()}
    sessions = repo.list_sessions()
    ids: list[int] = []
    for w in wanted:
        w = w.strip()
        hits = [s.id for s in sessions if w in (str(s.id), s.name, f"{dyads[s.dyad_id]}/{s.name}")]
        if not hits:
            known = ", ".join(f"{dyads[s.dyad_id]}/{s.name}" for s in sessions) or "none"
            raise UserError(f"no session {w!r} in the project (known: {known})")
        ids.extend(h for h in hits if h not in ids)
    return ids


def build_report(data: ReliabilityData, params: AnalysisParams) -> ReliabilityReport:
    """Analyse the paired sessions; sessions are named DYAD/SESSION in the report."""
    return reliability_report(data, params)


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
    with opened_project(args.project) as repo:
        coder_ids = _resolve_coders(repo, list(args.coders)) if args.coders else None
        session_ids = _resolve_sessions(repo, list(args.sessions)) if args.sessions else None
        try:
            data = load_reliability_data(repo, session_ids, coder_ids)
        except NoPairedSessionsError as exc:
            raise UserError(str(exc)) from exc
    report = build_report(data, params)
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
