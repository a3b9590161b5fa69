"""``interactioncoder demo PATH``: build the demo project (synthetic two-camera clip)."""

from __future__ import annotations

import argparse
from pathlib import Path

from interactioncoder.commands.common import SubParsers, UserError
from interactioncoder.demo import SECONDS, build_demo_project
from interactioncoder.storage import PROJECT_SUFFIX


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(
        "demo",
        help="create a demo project: two synthetic cameras, the shipped codebook, two codings",
    )
    parser.add_argument("path", help=f"the project file to create (e.g. demo{PROJECT_SUFFIX})")
    parser.add_argument(
        "--seconds",
        type=float,
        default=SECONDS,
        help="length of the demo clip (default %(default)s)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if path.suffix != PROJECT_SUFFIX:
        path = path.with_name(path.name + PROJECT_SUFFIX)
    if path.exists():
        raise UserError(f"{path}: exists already; choose another name or delete it first")
    if not 4 <= args.seconds <= 600:
        raise UserError("--seconds must be between 4 and 600")
    demo = build_demo_project(path, seconds=args.seconds, progress=print)
    print(f"demo project ready: {demo.path}")
    print(f"open it with: interactioncoder {demo.path}")
    return 0
