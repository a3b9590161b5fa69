"""``interactioncoder project new|info PATH``."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from interactioncoder.commands._projects import (
    add_project_argument,
    created_project,
    is_database_url,
    opened_project,
    shown,
)
from interactioncoder.commands.common import SubParsers
from interactioncoder.storage import PROJECT_SUFFIX


def register(sub: SubParsers) -> None:
    parser = sub.add_parser("project", help="create a project or show what it holds")
    actions = parser.add_subparsers(dest="project_command", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="create an empty project file (.icproj)")
    add_project_argument(
        new, "path", help="the new project file, e.g. study.icproj, or an empty database's URL"
    )
    new.add_argument("--name", default="", help="the project's display name")
    new.set_defaults(handler=run_new)
    info = actions.add_parser("info", help="summarise a project: sessions, coders, codings")
    add_project_argument(info, "path")
    info.set_defaults(handler=run_info)


def run_new(args: argparse.Namespace) -> int:
    location: str = args.path
    if not is_database_url(location) and not location.endswith(PROJECT_SUFFIX):
        location += PROJECT_SUFFIX
    created_project(location, name=args.name).close()
    print(f"created {shown(location)}")
    return 0


def run_info(args: argparse.Namespace) -> int:
    with opened_project(args.path) as repo:
        dyads = repo.list_dyads()
        sessions = repo.list_sessions()
        coders = {c.id: c for c in repo.list_coders()}
        codings = repo.list_codings()
        videos = repo.list_videos()
        versions = repo.list_codebook_versions()
        print(f"project:   {repo.project_name}  ({repo.location})")
        print(f"dyads:     {len(dyads)}")
        print(f"sessions:  {len(sessions)}")
        missing = [v for v in videos if "://" not in v.path and not Path(v.path).exists()]
        print(f"videos:    {len(videos)}" + (f"  ({len(missing)} missing)" if missing else ""))
        for v in missing:
            print(f"  missing: {v.path}")
        for cbv in versions:
            cb = cbv.codebook
            print(
                f"codebook:  {cb.name} {cb.version}  ({len(cb.codes())} codes, sha256 "
                f"{cbv.sha256[:12]})"
            )
        names = [c.name + (" (PI)" if c.is_pi else "") for c in coders.values()]
        print(f"coders:    {', '.join(names)}")
        by_status = Counter((c.role.value, c.status.value) for c in codings)
        print(f"codings:   {len(codings)}")
        for (role, status), n in sorted(by_status.items()):
            print(f"  {role:<12} {status:<12} {n}")
        events = sum(len(repo.list_events(c.id)) for c in codings)
        print(f"events:    {events}")
    return 0
