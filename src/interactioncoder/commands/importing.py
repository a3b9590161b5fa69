"""``interactioncoder import PROJECT FILE --from boris|eaf|opf|csv``: events from other tools.

The file is parsed completely first; then everything it holds is added in ONE
transaction, so a problem anywhere (an unknown code, a time after the video's end, an
unpaired state) leaves the project exactly as it was.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from interactioncoder.commands._projects import opened_project
from interactioncoder.commands.common import SubParsers, UserError, existing_file
from interactioncoder.core.project import CodebookVersion, CodingRole
from interactioncoder.exchange.import_apply import (
    ImportOptions,
    apply_bundle,
    choose_codebook_version,
    find_session,
)
from interactioncoder.exchange.import_common import ImportBundle, ImportFormatError
from interactioncoder.storage import ProjectRepository
from interactioncoder.storage.errors import StorageError

FORMATS = ("boris", "eaf", "opf", "csv")
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
"""


def register(subparsers: SubParsers) -> None:
    p = subparsers.add_parser(
        "import",
        help="import coded events from BORIS, ELAN, Datavyu or CSV",
        description=__doc__,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("project", type=Path, help="the project file (.icproj)")
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
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--replace", action="store_true", help="replace the coding's events")
    mode.add_argument("--append", action="store_true", help="add to the coding's events")
    p.set_defaults(handler=run)


def guess_format(path: Path) -> str:
    name = path.name.lower()
    for suffix, fmt in (
        (".boris", "boris"),
        (".boris.gz", "boris"),
        (".eaf", "eaf"),
        (".opf", "opf"),
        (".csv", "csv"),
        (".tsv", "csv"),
    ):
        if name.endswith(suffix):
            return fmt
    raise UserError(
        f"{path}: cannot tell the format from the name; give --from {'|'.join(FORMATS)}"
    )


def _pairs(items: list[str], option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UserError(f"{option} expects NAME=VALUE, not {item!r}")
        out[key.strip()] = value.strip()
    return out


def _version(repo: ProjectRepository, args: argparse.Namespace) -> CodebookVersion:
    """Explicit version; else the one the coder's existing coding uses; else the newest."""
    if args.codebook_version is None and args.session and args.coder:
        session = find_session(repo, args.session, str(args.file))
        coder = repo.find_coder(args.coder)
        if session is not None and coder is not None:
            found = repo.list_codings(session.id, coder.id, CodingRole(args.role))
            if found:
                return repo.get_codebook_version(found[0].codebook_version_id)
    return choose_codebook_version(repo, args.codebook_version, str(args.file))


def parse_file(
    repo: ProjectRepository, args: argparse.Namespace, fmt: str
) -> tuple[ImportBundle, CodebookVersion | None]:
    from interactioncoder.exchange.import_frames import load_mapping

    mapping = load_mapping(args.mapping) if args.mapping else None
    if fmt == "boris":
        from interactioncoder.exchange.boris_import import read_boris

        coders = _pairs(args.observation_coder, "--observation-coder")
        return read_boris(args.file, args.coder, coders, args.close_unpaired_at_end), None
    if fmt == "opf" and not args.project_codebook:
        from interactioncoder.exchange.datavyu_import import read_opf

        bundle = read_opf(
            args.file,
            None,
            mapping,
            args.skip_unknown,
            args.code_argument,
            args.subject,
            args.coder,
        )
        return bundle, None
    version = _version(repo, args)
    if fmt == "opf":
        from interactioncoder.exchange.datavyu_import import read_opf

        bundle = read_opf(
            args.file,
            version.codebook,
            mapping,
            args.skip_unknown,
            args.code_argument,
            args.subject,
            args.coder,
        )
        return bundle, version
    if fmt == "csv":
        from interactioncoder.exchange.csv_import import read_csv_events

        columns = _pairs([c for c in args.columns.split(",") if c.strip()], "--columns")
        bundle = read_csv_events(
            args.file,
            version.codebook,
            columns,
            args.time_unit,
            mapping,
            args.skip_unknown,
            args.coder,
        )
        return bundle, version
    from interactioncoder.exchange.eaf_read import read_eaf

    bundle = read_eaf(
        args.file, version.codebook, mapping, args.skip_unknown, args.coder, args.annotator
    )
    if args.codebook_version is None and bundle.codebook_sha256 not in ("", version.sha256):
        # The file says which codebook it was coded with: use that version if stored.
        for other in repo.list_codebook_versions():
            if other.sha256 == bundle.codebook_sha256:
                version = other
                bundle = read_eaf(
                    args.file,
                    version.codebook,
                    mapping,
                    args.skip_unknown,
                    args.coder,
                    args.annotator,
                )
    return bundle, version


def _save_codebook(bundle: ImportBundle, target: Path, created: list[str]) -> None:
    from interactioncoder.core.codebook_writer import codebook_to_yaml
    from interactioncoder.exchange.atomic import atomic_write_text

    if bundle.codebook is None:
        raise UserError("--save-codebook: this file uses the project's codebook; none was made")
    try:
        atomic_write_text(target, codebook_to_yaml(bundle.codebook))
    except OSError as exc:
        raise UserError(f"--save-codebook: cannot write {target}: {exc}") from exc
    created.append(f"codebook file {target}")


def run(args: argparse.Namespace) -> int:
    fmt = args.fmt or guess_format(args.file)
    with opened_project(args.project) as repo:
        try:
            bundle, version = parse_file(repo, args, fmt)
            options = ImportOptions(
                coder=args.coder,
                session=args.session,
                dyad=args.dyad,
                role=CodingRole(args.role),
                replace=args.replace,
                append=args.append,
                fps=args.fps,
            )
            saved: list[str] = []
            if args.save_codebook is not None:  # before the import: a failure stops it
                _save_codebook(bundle, args.save_codebook, saved)
            summary = apply_bundle(repo, bundle, options, version)
            summary.created.extend(saved)
        except (ImportFormatError, ValueError, KeyError) as exc:
            raise UserError(f"nothing was imported: {exc}") from exc
        except StorageError as exc:
            raise UserError(f"nothing was imported: {exc}") from exc
    print(f"imported {args.file} ({fmt}) into {args.project}:")
    for line in summary.lines():
        print(f"  {line}")
    return 0
