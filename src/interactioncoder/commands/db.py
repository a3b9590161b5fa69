"""``interactioncoder db upgrade PATH``: upgrade an older project's schema (after a backup)."""

from __future__ import annotations

import argparse

from interactioncoder.commands._projects import add_project_argument, opened_project
from interactioncoder.commands.common import SubParsers
from interactioncoder.storage.migrate import head_revision


def register(sub: SubParsers) -> None:
    parser = sub.add_parser("db", help="project database maintenance")
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = actions.add_parser(
        "upgrade",
        help="upgrade a project made by an older version (a backup is kept beside it)",
    )
    add_project_argument(upgrade, "path")
    upgrade.set_defaults(handler=run_upgrade)
    check = actions.add_parser("check", help="check the project file's integrity")
    add_project_argument(check, "path")
    check.set_defaults(handler=run_check)


def run_upgrade(args: argparse.Namespace) -> int:
    with opened_project(args.path) as repo:
        if repo.upgraded_from_backup is None:
            print(f"{repo.location}: already at the current schema ({head_revision()})")
        else:
            print(f"{repo.location}: upgraded to schema {head_revision()}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    with opened_project(args.path, upgrade=False) as repo:
        problems = repo.integrity_check()
    if problems:
        for p in problems:
            print(f"{args.path}: {p}")
        return 1
    print(f"{args.path}: ok")
    return 0
