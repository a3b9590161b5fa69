"""``interactioncoder import PROJECT FILE --from boris|eaf|opf|csv``: events from other tools.

The file is parsed completely first; then everything it holds is added in ONE
transaction, so a problem anywhere (an unknown code, a time after the video's end, an
unpaired state) leaves the project exactly as it was.
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from interactioncoder.commands._projects import add_project_argument, opened_project
from interactioncoder.commands.common import SubParsers, UserError, existing_file
from interactioncoder.core.project import CodingRole
from interactioncoder.exchange.importers.apply import apply_bundle
from interactioncoder.exchange.importers.common import ImportBundle, ImportFormatError
from interactioncoder.exchange.importers.frames import TIME_TO_FRAME_RULE
from interactioncoder.exchange.importers.runner import (
    FORMATS,
    ImportRequest,
    guess_format,
    parse_request,
)
from interactioncoder.storage.errors import StorageError

EPILOG = """\
Formats:
  boris  BORIS project (.boris, .boris.gz): its ethogram becomes a codebook, each media
         observation a session (in dyad --dyad, default: the observation's name) coded by
         --coder (or --observation-coder OBS=NAME). Unpaired state events fail the import
         unless --close-unpaired-at-end.
  eaf    ELAN file: annotation values name codes (id or name) of the project's codebook,
         or are mapped with --mapping (CSV: tier,value,code; or YAML). Tiers' ANNOTATOR
         names the coder unless --coder is given.
  opf    Datavyu file: columns become code groups of a new codebook (or, with
         --project-codebook, cell values are looked up in the project's codebook).
  csv    a table of events (onset, offset, code, subject, modifiers, comment), with
         --columns field=HEADER,... and --time-unit s|ms|frames.
Unknown values fail the import (all of them listed) unless --skip-unknown.
Overlaps the editing rules forbid (a code overlapping itself, two states of an
exclusive group) fail the import (all of them listed); --merge-overlaps joins
overlapping states of one code into one.
"""


def register(subparsers: SubParsers) -> None:
    p = subparsers.add_parser(
        "import",
        help="import coded events from BORIS, ELAN, Datavyu or CSV",
        description=__doc__,
        epilog=EPILOG
        + textwrap.fill("Times -> frames: " + TIME_TO_FRAME_RULE, 88, subsequent_indent="  ")
        + "\nLimits on files, durations and frame counts: see the README.\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_project_argument(p)
    p.add_argument("file", type=existing_file, help="the file to import")
    p.add_argument("--from", dest="fmt", choices=FORMATS, help="its format (default: by extension)")
    p.add_argument("--session", help="an existing session (name or id), or a new one with --dyad")
    p.add_argument("--dyad", help="dyad label for sessions the import creates")
    p.add_argument("--coder", help="who coded the file (created if new)")
    p.add_argument(
        "--observation-coder",
        action="append",
        default=[],
        metavar="OBS=NAME",
        help="BORIS: the coder of one observation (repeatable)",
    )
    p.add_argument("--role", choices=[r.value for r in CodingRole], default="primary")
    p.add_argument("--mapping", type=existing_file, help="value -> code mapping (CSV or YAML)")
    p.add_argument("--annotator", help="ELAN: import only the tiers of this ANNOTATOR")
    p.add_argument("--skip-unknown", action="store_true", help="skip values naming no code")
    p.add_argument(
        "--close-unpaired-at-end", action="store_true", help="BORIS: end unpaired states"
    )
    p.add_argument("--code-argument", help="Datavyu: the argument holding the code")
    p.add_argument("--subject", help="Datavyu: one subject for every column")
    p.add_argument(
        "--project-codebook", action="store_true", help="Datavyu: use the project's codebook"
    )
    p.add_argument("--columns", default="", help="CSV: field=HEADER,... (onset, offset, code, ...)")
    p.add_argument("--time-unit", choices=("s", "ms", "frames"), default="s", help="CSV time unit")
    p.add_argument("--codebook-version", type=int, help="codebook version to import into")
    p.add_argument("--fps", type=float, help="frame rate when a video's frame times are unknown")
    p.add_argument(
        "--save-codebook",
        type=Path,
        metavar="YAML",
        help="BORIS/Datavyu: also write the codebook made from the file, for editing",
    )
    p.add_argument(
        "--merge-overlaps",
        action="store_true",
        help="merge overlapping states of one code into one (else such overlaps fail the import)",
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--replace", action="store_true", help="replace the coding's events")
    mode.add_argument("--append", action="store_true", help="add to the coding's events")
    p.set_defaults(handler=run)


def _pairs(items: list[str], option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UserError(f"{option} expects NAME=VALUE, not {item!r}")
        out[key.strip()] = value.strip()
    return out


def request_from_args(args: argparse.Namespace) -> ImportRequest:
    fmt = args.fmt or guess_format(args.file)
    if fmt is None:
        raise UserError(
            f"{args.file}: cannot tell the format from the name; give --from {'|'.join(FORMATS)}"
        )
    return ImportRequest(
        file=args.file,
        fmt=fmt,
        session=args.session,
        dyad=args.dyad,
        coder=args.coder,
        observation_coders=_pairs(args.observation_coder, "--observation-coder"),
        role=CodingRole(args.role),
        mapping=args.mapping,
        annotator=args.annotator,
        skip_unknown=args.skip_unknown,
        close_unpaired=args.close_unpaired_at_end,
        code_argument=args.code_argument,
        subject=args.subject,
        project_codebook=args.project_codebook,
        columns=_pairs([c for c in args.columns.split(",") if c.strip()], "--columns"),
        time_unit=args.time_unit,
        codebook_version=args.codebook_version,
        fps=args.fps,
        replace=args.replace,
        append=args.append,
        merge_overlaps=args.merge_overlaps,
    )


def _save_codebook(bundle: ImportBundle, target: Path, created: list[str]) -> None:
    from interactioncoder.core.codebook.writer import codebook_to_yaml
    from interactioncoder.exchange.atomic import atomic_write_text

    if bundle.codebook is None:
        raise UserError("--save-codebook: this file uses the project's codebook; none was made")
    try:
        atomic_write_text(target, codebook_to_yaml(bundle.codebook))
    except OSError as exc:
        raise UserError(f"--save-codebook: cannot write {target}: {exc}") from exc
    created.append(f"codebook file {target}")


def run(args: argparse.Namespace) -> int:
    request = request_from_args(args)
    with opened_project(args.project) as repo:
        try:
            bundle, version = parse_request(repo, request)
            saved: list[str] = []
            if args.save_codebook is not None:  # before the import: a failure stops it
                _save_codebook(bundle, args.save_codebook, saved)
            summary = apply_bundle(repo, bundle, request.options(), version)
            summary.created.extend(saved)
        except (ImportFormatError, ValueError, KeyError) as exc:
            raise UserError(f"nothing was imported: {exc}") from exc
        except StorageError as exc:
            raise UserError(f"nothing was imported: {exc}") from exc
    print(f"imported {args.file} ({request.fmt}) into {args.project}:")
    for line in summary.lines():
        print(f"  {line}")
    return 0
