"""The ``interactioncoder`` command line: headless commands, no Qt.

``interactioncoder`` with no command (or with a project path) starts the GUI; that is
decided in :mod:`interactioncoder.app`, the only entry that may import the UI.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from interactioncoder import __version__
from interactioncoder.commands.common import UserError

# Modules under interactioncoder.commands, in the order --help lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "project",
    "codebook",
    "db",
    "demo",
    "session",
    "export",
    "reliability",
    "sample",
    "importing",
    "analyse",
    "signals",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interactioncoder",
        description=(
            "Frame-exact video coding of mother-infant interaction. "
            "Run without a command to open the application "
            "(optionally with a project file: interactioncoder PROJECT.icproj)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"interactioncoder.commands.{name}")
        module.register(sub)
    return parser


def command_names() -> frozenset[str]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return frozenset(action.choices)
    return frozenset()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        return int(handler(args))
    except UserError as exc:
        print(f"interactioncoder: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interactioncoder: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
