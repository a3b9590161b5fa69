"""``interactioncoder sample PROJECT``: draw the sessions to double-code, and assign them.

The draw is seeded and reproducible: the same project, share, strata and seed always give
the same sessions. Without ``--seed`` a random seed is chosen and printed, so the draw can
be repeated. The population is every session of the project except those the reliability
coder coded as primary coder (nobody double-codes their own session). The draw is stored
in the project together with a reliability coding of each drawn session for the coder, in
one transaction (rules: :mod:`interactioncoder.workflow.sampling`).
"""

from __future__ import annotations

import argparse
import secrets

from interactioncoder.commands._projects import add_project_argument, opened_project
from interactioncoder.commands.common import SubParsers, UserError, proportion
from interactioncoder.core.project import Coder
from interactioncoder.storage import ProjectRepository
from interactioncoder.workflow.sampling import STRATA, draw_sample, store_sample


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"the seed must be zero or more, not {text}")
    return value


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(
        "sample",
        help="draw a reproducible share of sessions for double coding and assign them",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    add_project_argument(parser)
    parser.add_argument(
        "--share",
        type=proportion("share"),
        default=0.2,
        metavar="P",
        help="share of sessions (default 0.2)",
    )
    parser.add_argument("--seed", type=_seed, default=None, metavar="N", help="random seed")
    parser.add_argument(
        "--stratify-by", choices=STRATA, default=None, help="draw the share within each stratum"
    )
    parser.add_argument(
        "--coder", required=True, metavar="NAME", help="the reliability coder (name or id)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show the draw; store and assign nothing"
    )
    parser.set_defaults(handler=run)


def _find_coder(repo: ProjectRepository, wanted: str) -> Coder:
    coders = repo.list_coders()
    for c in coders:
        if wanted.strip() in (c.name, str(c.id)):
            return c
    known = ", ".join(sorted(c.name for c in coders)) or "none"
    raise UserError(f"no coder {wanted!r} in the project (known: {known})")


def run(args: argparse.Namespace) -> int:
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    with opened_project(args.project) as repo:
        coder = _find_coder(repo, args.coder)
        try:
            sample = draw_sample(
                repo, coder, share=args.share, seed=seed, stratify_by=args.stratify_by
            )
        except ValueError as exc:  # no session to draw from, a share the draw cannot use
            raise UserError(str(exc)) from exc
        draw = sample.draw
        print(
            f"drew {len(draw.selected)} of {draw.population} sessions "
            f"(share {args.share:g}, seed {seed}"
            + (f", stratified by {args.stratify_by}" if args.stratify_by else "")
            + f") for {coder.name}"
        )
        if sample.left_out:
            print(f"left out {sample.left_out} session(s) {coder.name} coded as primary coder")
        for stratum, chosen, of in draw.by_stratum:
            print(f"  {args.stratify_by} {stratum}: {chosen} of {of}")
        for sid in draw.selected:
            print(f"  {sample.names[sid]}")
        if args.dry_run:
            print("dry run: nothing stored")
            return 0
        stored = store_sample(repo, sample)
        print(f"stored as reliability sample {stored.id}; {coder.name} has the sessions to code")
    return 0
