"""``interactioncoder analyse PROJECT KIND``: findings from a project's codings.

Kinds: phases, window, lag, latency, match, cooccurrence (see ``--help`` of each). The
parameters (and the rules behind the numbers) are written into every output: the lines
above the table, ``#`` lines at the top of CSV, a "parameters" object in JSON, a table in
HTML and a sheet in Excel.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interactioncoder.commands._projects import add_project_argument, opened_project
from interactioncoder.commands.common import SubParsers, UserError
from interactioncoder.workflow.analysis import (
    AnalysisData,
    AnalysisOutput,
    NothingToAnalyseError,
    load_analysis_data,
    run_cooccurrence,
    run_lag,
    run_latency,
    run_match,
    run_phases,
    run_ratings,
    run_window,
)

FORMATS = ("table", "csv", "json", "html", "xlsx")
DESCRIPTION = """\
Findings from a project's codings: one coding per session (the consensus coding when there
is one, else the primary coding; --coder NAME for a coder's), per session, per phase
(segment), per dyad, per group of study fields (--group-by arm visit) and pooled.

  phases        frequency, rate/min, bout durations, proportion, latency per code and phase
  window        time-window sequential analysis: 2x2 time-unit tables, Yule's Q, odds
                ratio with CI, adjusted residual, randomisation p (Bakeman & Quera 2011)
  lag           event lag-k transitions: counts, expected, adjusted residuals, Yule's Q
  latency       latency from each given event to the first target onset (censored)
  match         affect match / mismatch / repair of two partners (codebook 'affect:')
  cooccurrence  share of code A's time that code B is on, and the reverse
  ratings       ratings per phase (segment-scope scales) with pooled mean, SD and n

Example: does the mother respond to the infant's bid within 3 s, in play vs reunion?
  interactioncoder analyse study.icproj window --pair infant-bid maternal-response \\
      --window 0 3 --target-mode onset
  interactioncoder analyse study.icproj latency --pair infant-bid maternal-response \\
      --max 3 --within 2
"""


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text} is not a number of seconds")
    return value


def _positive_seconds(text: str) -> float:
    value = _seconds(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} must be more than 0 seconds")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} must be 0 or more")
    return value


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sessions", nargs="+", metavar="SESSION", help="only these (id, name or DYAD/SESSION)"
    )
    parser.add_argument("--coder", help="analyse this coder's codings (id or name)")
    parser.add_argument("--no-phases", action="store_true", help="whole sessions only")
    parser.add_argument(
        "--group-by", nargs="+", default=[], metavar="FIELD", help="pool by study fields / visit"
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="default: table")
    parser.add_argument("--out", metavar="FILE", help="write here (default: standard output)")
    parser.add_argument("--instances", metavar="FILE", help="also write every instance (CSV)")


if TYPE_CHECKING:
    # What parser.add_subparsers() returns (argparse names it privately; only the type
    # stubs make it generic, so the alias exists for the type checker only).
    _Kinds = argparse._SubParsersAction[argparse.ArgumentParser]


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(
        "analyse",
        help="findings: per-phase statistics, contingency, lag, latency, matching",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_project_argument(parser)
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    # In this order in --help.
    for add_kind in (
        _add_phases,
        _add_window,
        _add_lag,
        _add_latency,
        _add_match,
        _add_ratings,
        _add_cooccurrence,
    ):
        add_kind(kinds)


def _add_phases(kinds: _Kinds) -> None:
    p = kinds.add_parser("phases", help="per-phase statistics of every code")
    _common(p)
    p.add_argument("--codes", nargs="+", metavar="CODE", help="default: every code")
    p.add_argument("--plot", metavar="FILE.png|svg", help="bar chart with per-dyad points")
    p.add_argument(
        "--measure",
        default="rate_per_min",
        choices=("rate_per_min", "proportion", "mean_bout_s", "total_s", "frequency", "latency_s"),
        help="the plotted measure (default: rate_per_min)",
    )
    p.set_defaults(handler=run)


def _add_window(kinds: _Kinds) -> None:
    p = kinds.add_parser("window", help="time-window sequential analysis")
    _common(p)
    p.add_argument("--pair", nargs=2, action="append", metavar=("GIVEN", "TARGET"), required=True)
    p.add_argument("--window", nargs=2, type=_seconds, default=[0.0, 3.0], metavar=("FROM", "TO"))
    p.add_argument("--anchor", choices=("onset", "offset"), default="onset")
    p.add_argument("--target-mode", choices=("on", "onset"), default="on")
    p.add_argument("--permutations", type=_count, default=1000)
    p.add_argument("--seed", type=_count, default=0)
    p.add_argument("--plot", metavar="FILE.png|svg", help="forest plot of per-dyad Yule's Q")
    p.set_defaults(handler=run)


def _add_lag(kinds: _Kinds) -> None:
    p = kinds.add_parser("lag", help="event lag-k sequential analysis")
    _common(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--codes", nargs="+", metavar="CODE")
    which.add_argument("--groups", nargs="+", metavar="GROUP", help="every code of these groups")
    p.add_argument("--lag", type=_count, default=1)
    p.set_defaults(handler=run)


def _add_latency(kinds: _Kinds) -> None:
    p = kinds.add_parser("latency", help="response latencies")
    _common(p)
    p.add_argument("--pair", nargs=2, action="append", metavar=("GIVEN", "TARGET"), required=True)
    p.add_argument("--max", type=_positive_seconds, default=3.0, metavar="SECONDS")
    p.add_argument("--within", type=_positive_seconds, default=None, metavar="SECONDS")
    p.add_argument("--anchor", choices=("onset", "offset"), default="onset")
    p.set_defaults(handler=run)


def _add_match(kinds: _Kinds) -> None:
    p = kinds.add_parser("match", help="affect match, mismatch and repair")
    _common(p)
    p.add_argument("--partners", nargs=2, metavar=("GROUP_A", "GROUP_B"))
    p.set_defaults(handler=run)


def _add_ratings(kinds: _Kinds) -> None:
    p = kinds.add_parser("ratings", help="ratings per phase, pooled mean, SD and n")
    _common(p)
    p.set_defaults(handler=run)


def _add_cooccurrence(kinds: _Kinds) -> None:
    p = kinds.add_parser("cooccurrence", help="co-occurrence of code pairs")
    _common(p)
    p.add_argument("--pair", nargs=2, action="append", metavar=("A", "B"), required=True)
    p.set_defaults(handler=run)


def _group_codes(data: AnalysisData, groups: list[str]) -> list[str]:
    codes: list[str] = []
    for group_id in groups:
        try:
            codes.extend(c.id for c in data.codebook.group(group_id).codes)
        except KeyError:
            known = ", ".join(g.id for g in data.codebook.groups)
            raise UserError(f"no code group {group_id!r} (known: {known})") from None
    return codes


def _analyse(args: argparse.Namespace, data: AnalysisData) -> AnalysisOutput:
    from interactioncoder.analysis.lag import LagSpec
    from interactioncoder.analysis.latency import LatencySpec
    from interactioncoder.analysis.window import Anchor, TargetMode, WindowSpec

    common: dict[str, Any] = {"by_phase": not args.no_phases, "group_fields": args.group_by}
    if args.kind == "phases":
        return run_phases(data, args.codes, **common)
    if args.kind == "window":
        specs = [
            WindowSpec(g, t, args.window[0], args.window[1], Anchor(args.anchor),
                       TargetMode(args.target_mode))
            for g, t in args.pair
        ]  # fmt: skip
        return run_window(data, specs, permutations=args.permutations, seed=args.seed, **common)
    if args.kind == "lag":
        codes = args.codes or _group_codes(data, args.groups)
        return run_lag(data, LagSpec(tuple(codes), args.lag), **common)
    if args.kind == "latency":
        within = args.within if args.within is not None else args.max
        specs_l = [LatencySpec(g, t, args.max, within, Anchor(args.anchor)) for g, t in args.pair]
        return run_latency(data, specs_l, **common)
    if args.kind == "ratings":
        return run_ratings(data, **common)
    if args.kind == "match":
        return run_match(data, tuple(args.partners) if args.partners else None, **common)
    return run_cooccurrence(data, [tuple(p) for p in args.pair], **common)


def _check_targets(args: argparse.Namespace, out: Path | None, plot: str | None) -> None:
    """Refuse output paths that cannot be written, before anything is computed."""
    if args.format == "xlsx" and out is None:
        raise UserError("--format xlsx needs --out FILE.xlsx")
    for path in (out, args.instances and Path(args.instances), plot):
        if path and Path(path).expanduser().is_dir():
            raise UserError(f"{path}: is a folder; give a file name")
        if path and not Path(path).expanduser().resolve().parent.is_dir():
            raise UserError(f"{path}: the folder it goes into does not exist")
    if plot and Path(plot).suffix.lower() not in (".png", ".svg"):
        raise UserError(f"{plot}: the plot is written as .png or .svg")


def run(args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser() if args.out else None
    plot = getattr(args, "plot", None)
    _check_targets(args, out, plot)
    with opened_project(args.project) as repo:
        try:
            data = load_analysis_data(repo, args.sessions, args.coder)
        except (NothingToAnalyseError, ValueError) as exc:
            raise UserError(str(exc)) from exc
    try:
        output = _analyse(args, data)
    except (ValueError, KeyError) as exc:
        raise UserError(str(exc).strip("'\"")) from exc
    from interactioncoder.commands import _analyse_output as write

    try:
        if args.format == "xlsx":
            assert out is not None
            write.write_xlsx(output, data, out)
        else:
            text = write.render(output, args.format)
            if out is None:
                sys.stdout.write(text)
            else:
                write.write_text(out, text)
        if args.instances:
            write.write_text(Path(args.instances).expanduser(), write.instances_csv(output, data))
        if plot:
            write.write_plot(args, output, Path(plot).expanduser())
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise UserError(f"could not write: {exc.strerror or exc}{where}") from exc
    for path in (out, args.instances, plot):
        if path:
            print(f"wrote {path}", file=sys.stderr if out is None else sys.stdout)
    return 0
