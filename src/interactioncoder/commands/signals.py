"""``interactioncoder signals``: regions, motion energy, synchrony and voice of a session."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import numpy as np

from interactioncoder.commands._projects import add_project_argument, opened_project
from interactioncoder.commands.common import SubParsers, UserError
from interactioncoder.core.project import Session
from interactioncoder.core.regions import Region, RegionError
from interactioncoder.exchange.exporters.csv_file import write_csv
from interactioncoder.exchange.importers.apply import find_session
from interactioncoder.exchange.importers.common import ImportFormatError
from interactioncoder.media.errors import MediaError
from interactioncoder.signals.motion import MotionParams
from interactioncoder.signals.voice import VadParams
from interactioncoder.storage import ProjectRepository
from interactioncoder.workflow import signal_tables
from interactioncoder.workflow.signals import (
    RegionRef,
    SignalError,
    SynchronySettings,
    motion_energy_for,
)
from interactioncoder.workflow.voice import propose_speech, store_machine_coding

T = TypeVar("T")

DESCRIPTION = """\
Signals beside the codes, per session: regions of interest on a camera, motion energy per
region (the share of pixels that changed more than --threshold grey levels since the
previous frame, after scaling to --width pixels and a light blur), windowed cross-lagged
synchrony of two regions (Boker et al. 2002) with a segment-shuffle surrogate test, and
voice activity stored as a machine coding a coder can accept event by event.
Results are kept in the project (computed once per video, parameters and regions).
"""


def _region(text: str) -> Region:
    name, sep, numbers = text.partition("=")
    try:
        values = [float(v) for v in numbers.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: coordinates must be numbers") from None
    if not sep or len(values) < 4 or len(values) % 2:
        raise argparse.ArgumentTypeError(
            f"{text!r}: give NAME=LEFT,TOP,RIGHT,BOTTOM or NAME=X1,Y1,X2,Y2,X3,Y3,... (0-1)"
        )
    try:
        return Region(name, tuple(zip(values[::2], values[1::2], strict=True)))
    except RegionError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _ref(text: str) -> RegionRef:
    try:
        return RegionRef.parse(text)
    except SignalError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _common(parser: argparse.ArgumentParser) -> None:
    add_project_argument(parser)
    parser.add_argument("session", help="session name or id")


def _motion_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--width", type=int, default=160, help="scaled width (default 160)")
    parser.add_argument("--blur", type=int, default=3, help="blur kernel, odd (default 3)")
    parser.add_argument("--threshold", type=int, default=12, help="grey levels (default 12)")
    parser.add_argument("--flow", action="store_true", help="also Farneback optical flow")


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(
        "signals",
        help="motion energy, synchrony and voice activity of a session",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="signals_command", metavar="ACTION", required=True)
    regions = actions.add_parser("regions", help="set, copy or list a session's regions")
    _common(regions)
    regions.add_argument("--camera", help="the camera the regions are drawn on")
    regions.add_argument("--region", type=_region, action="append", default=[], metavar="SPEC")
    regions.add_argument("--copy-from", metavar="SESSION", help="copy another session's regions")
    regions.set_defaults(handler=run_regions)
    motion = actions.add_parser("motion", help="motion energy per region, per master frame")
    _common(motion)
    motion.add_argument("--camera", action="append", required=True, help="repeatable")
    _motion_options(motion)
    motion.add_argument("--out", type=Path, required=True, help="CSV file")
    motion.set_defaults(handler=run_motion)
    sync = actions.add_parser("synchrony", help="windowed cross-lagged correlation")
    _common(sync)
    sync.add_argument("--x", type=_ref, required=True, metavar="CAMERA:REGION")
    sync.add_argument("--y", type=_ref, required=True, metavar="CAMERA:REGION")
    sync.add_argument("--window", type=float, default=4.0, help="seconds (default 4)")
    sync.add_argument("--step", type=float, default=0.5, help="seconds (default 0.5)")
    sync.add_argument("--max-lag", type=float, default=2.0, help="seconds (default 2)")
    sync.add_argument("--surrogates", type=int, default=200, help="default 200")
    sync.add_argument("--seed", type=int, default=0)
    _motion_options(sync)
    sync.add_argument("--out", type=Path, help="CSV of windows (a _phases.csv beside it)")
    sync.set_defaults(handler=run_synchrony)
    voice = actions.add_parser("voice", help="voice activity -> a machine coding")
    _common(voice)
    voice.add_argument("--camera", required=True, help="whose sound track")
    voice.add_argument("--code", required=True, help="the codebook's code for vocalising")
    voice.add_argument("--aggressiveness", type=int, default=2, choices=(0, 1, 2, 3))
    voice.set_defaults(handler=run_voice)


def _session(repo: ProjectRepository, ref: str) -> Session:
    try:
        session = find_session(repo, ref, "session")
    except ImportFormatError as exc:
        raise UserError(str(exc)) from exc
    if session is None:
        raise UserError(f"{repo.location}: no session {ref!r}")
    return session


def _params(args: argparse.Namespace) -> MotionParams:
    try:
        return MotionParams(args.width, args.blur, args.threshold, args.flow)
    except ValueError as exc:
        raise UserError(str(exc)) from exc


def _progress(fraction: float, text: str) -> None:
    print(f"\r{text} ({fraction:.0%})", end="", file=sys.stderr, flush=True)


def run_regions(args: argparse.Namespace) -> int:
    with opened_project(args.project) as repo:
        session = _session(repo, args.session)
        try:
            if args.copy_from:
                source = _session(repo, args.copy_from)
                count = repo.copy_regions(source.id, session.id)
                print(f"copied {count} region(s) from {source.name!r} to {session.name!r}")
            elif args.region:
                if not args.camera:
                    raise UserError("--region needs --camera")
                repo.set_regions(session.id, args.camera, args.region)
        except RegionError as exc:
            raise UserError(str(exc)) from exc
        for camera, regions in repo.list_regions(session.id).items():
            for r in regions:
                points = " ".join(f"{x:g},{y:g}" for x, y in r.points)
                print(f"{camera}:{r.name} {points}")
    return 0


def _guarded(action: Callable[[], T]) -> T:
    """Run *action*; what the user can fix becomes a one-line :class:`UserError`."""
    try:
        return action()
    except (SignalError, RegionError, MediaError, ValueError) as exc:
        raise UserError(str(exc)) from exc
    finally:
        print(file=sys.stderr)


def run_motion(args: argparse.Namespace) -> int:
    params = _params(args)
    with opened_project(args.project) as repo:
        session = _session(repo, args.session)
        for camera in args.camera:
            _guarded(
                partial(motion_energy_for, repo, session.id, camera, params, progress=_progress)
            )
        table = _guarded(lambda: signal_tables.motion_table(repo, session.id, args.camera, params))
    write_csv(table, args.out)
    print(f"wrote {len(table):,} frames x {len(table.columns) - 4} signal(s) to {args.out}")
    return 0


def run_synchrony(args: argparse.Namespace) -> int:
    params = _params(args)
    with opened_project(args.project) as repo:
        session = _session(repo, args.session)
        found = _guarded(
            lambda: signal_tables.synchrony_tables(
                repo,
                session.id,
                SynchronySettings(
                    args.x,
                    args.y,
                    args.window,
                    args.step,
                    args.max_lag,
                    args.surrogates,
                    args.seed,
                ),
                params,
                _progress,
            )
        )
    windows, phases, sync = found
    result = sync.result
    x_leads, y_leads, same = result.shares()
    print(
        f"{args.x.label()} ~ {args.y.label()}: global synchrony {result.global_synchrony:.3f}; "
        f"median peak lag {np.nanmedian(result.peak_lag) / sync.fps:+.2f} s "
        f"(positive: {args.y.label()} follows); {args.x.label()} leads {x_leads:.0%}, "
        f"{args.y.label()} leads {y_leads:.0%}, together {same:.0%} of windows"
    )
    if result.test is not None:
        t = result.test
        print(
            f"surrogate test ({t.count} segment-shuffled pseudo-dyads, seed {t.seed}): "
            f"effect size {t.effect_size:.2f}, p = {t.p_value:.3f}"
        )
    if args.out is not None:
        write_csv(windows, args.out)
        phase_path = args.out.with_name(args.out.stem + "_phases.csv")
        write_csv(phases, phase_path)
        print(
            f"wrote {len(windows):,} windows to {args.out} and "
            f"{len(phases)} phase row(s) to {phase_path}"
        )
    return 0


def run_voice(args: argparse.Namespace) -> int:
    with opened_project(args.project) as repo:
        session = _session(repo, args.session)
        segments = _guarded(
            lambda: propose_speech(repo, session.id, args.camera, VadParams(args.aggressiveness))
        )
        coding = _guarded(lambda: store_machine_coding(repo, session.id, args.code, segments))
    print(f"{len(segments)} speech segment(s) stored as machine coding {coding.id} ({args.code})")
    return 0
