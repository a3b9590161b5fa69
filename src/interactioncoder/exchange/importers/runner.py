"""One import, start to end, from plain options: what File ▸ Import runs on a worker thread.

It does what ``interactioncoder import`` does (parse the whole file first, then add all of
it in ONE transaction) from an :class:`ImportRequest` instead of argparse arguments, and
reports progress through a callback. The callback is called once more *inside* the
transaction after everything was added: if it raises (the user cancelled), the
transaction rolls back, so a cancelled import leaves the project exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from interactioncoder.core.project import CodebookVersion, CodingRole
from interactioncoder.exchange.importers.apply import (
    ImportOptions,
    ImportSummary,
    apply_bundle,
    choose_codebook_version,
    find_session,
)
from interactioncoder.exchange.importers.common import ImportBundle, ImportFormatError
from interactioncoder.storage import ProjectRepository

FORMATS = ("boris", "eaf", "opf", "csv")
FORMAT_NAMES = {
    "boris": "BORIS project",
    "eaf": "ELAN file",
    "opf": "Datavyu file",
    "csv": "events table (CSV)",
}
_SUFFIXES = (
    (".boris.gz", "boris"),
    (".boris", "boris"),
    (".eaf", "eaf"),
    (".opf", "opf"),
    (".csv", "csv"),
    (".tsv", "csv"),
    (".txt", "csv"),
)

Progress = Callable[[float, str], None]
# A mapping file's content: which code each (tier or column, value) means; None: no file.
_CodeMapping = Mapping[tuple[str, str], str] | None


def guess_format(path: str | Path) -> str | None:
    """The format a file name says (``None`` when it says nothing)."""
    name = Path(path).name.lower()
    return next((fmt for suffix, fmt in _SUFFIXES if name.endswith(suffix)), None)


@dataclass(frozen=True)
class ImportRequest:
    """Everything the user chose; fields a format does not use are ignored for it."""

    file: Path
    fmt: str
    session: str | None = None  # existing session (name or id); with dyad: a new one
    dyad: str | None = None
    coder: str | None = None  # who coded it (ELAN: overrides every tier's ANNOTATOR)
    default_coder: str | None = None  # for codings the file names no coder of
    observation_coders: Mapping[str, str] = field(default_factory=dict)  # BORIS
    role: CodingRole = CodingRole.PRIMARY
    mapping: Path | None = None
    annotator: str | None = None  # ELAN: only this ANNOTATOR's tiers
    skip_unknown: bool = False
    close_unpaired: bool = False  # BORIS
    code_argument: str | None = None  # Datavyu
    subject: str | None = None  # Datavyu
    project_codebook: bool = False  # Datavyu: look values up in the project's codebook
    columns: Mapping[str, str] = field(default_factory=dict)  # CSV: field -> header
    time_unit: str = "s"  # CSV: s | ms | frames
    codebook_version: int | None = None
    fps: float | None = None
    replace: bool = False
    append: bool = False
    merge_overlaps: bool = False

    def options(self) -> ImportOptions:
        return ImportOptions(
            coder=self.coder or self.default_coder,
            session=self.session,
            dyad=self.dyad,
            role=self.role,
            replace=self.replace,
            append=self.append,
            fps=self.fps,
            merge_overlaps=self.merge_overlaps,
        )


def _version(repo: ProjectRepository, req: ImportRequest) -> CodebookVersion:
    """Explicit version; else the one the coder's existing coding uses; else the newest."""
    if req.codebook_version is None and req.session and req.coder:
        session = find_session(repo, req.session, str(req.file))
        coder = repo.find_coder(req.coder)
        if session is not None and coder is not None:
            found = repo.list_codings(session.id, coder.id, req.role)
            if found:
                return repo.get_codebook_version(found[0].codebook_version_id)
    return choose_codebook_version(repo, req.codebook_version, str(req.file))


def parse_request(
    repo: ProjectRepository, req: ImportRequest
) -> tuple[ImportBundle, CodebookVersion | None]:
    """Read the file completely (nothing is written): the bundle and the codebook version
    its values were looked up in (None when the file brings its own codebook)."""
    from interactioncoder.exchange.importers.frames import load_mapping

    if req.fmt not in FORMATS:
        raise ImportFormatError(req.file, "", f"unknown import format {req.fmt!r}")
    mapping = load_mapping(req.mapping) if req.mapping else None
    if req.fmt == "boris":
        from interactioncoder.exchange.importers.boris import read_boris

        coders = dict(req.observation_coders)
        return read_boris(req.file, req.coder, coders, req.close_unpaired), None
    if req.fmt == "opf":
        return _parse_opf(repo, req, mapping)
    version = _version(repo, req)
    if req.fmt == "csv":
        return _parse_csv(req, version, mapping), version
    return _parse_eaf(repo, req, version, mapping)


def _parse_opf(
    repo: ProjectRepository, req: ImportRequest, mapping: _CodeMapping
) -> tuple[ImportBundle, CodebookVersion | None]:
    """Datavyu: values are looked up in the project's codebook only when asked."""
    from interactioncoder.exchange.importers.datavyu import read_opf

    version = _version(repo, req) if req.project_codebook else None
    bundle = read_opf(
        req.file,
        version.codebook if version else None,
        mapping,
        req.skip_unknown,
        req.code_argument,
        req.subject,
        req.coder,
    )
    return bundle, version


def _parse_csv(req: ImportRequest, version: CodebookVersion, mapping: _CodeMapping) -> ImportBundle:
    from interactioncoder.exchange.importers.csv_events import read_csv_events

    return read_csv_events(
        req.file,
        version.codebook,
        dict(req.columns),
        req.time_unit,
        mapping,
        req.skip_unknown,
        req.coder,
    )


def _parse_eaf(
    repo: ProjectRepository, req: ImportRequest, version: CodebookVersion, mapping: _CodeMapping
) -> tuple[ImportBundle, CodebookVersion]:
    from interactioncoder.exchange.importers.eaf import read_eaf

    def read(v: CodebookVersion) -> ImportBundle:
        return read_eaf(req.file, v.codebook, mapping, req.skip_unknown, req.coder, req.annotator)

    bundle = read(version)
    if req.codebook_version is None and bundle.codebook_sha256 not in ("", version.sha256):
        # Our own EAF says which codebook it was coded with: use that version if stored.
        for other in repo.list_codebook_versions():
            if other.sha256 == bundle.codebook_sha256:
                version = other
                bundle = read(version)
    return bundle, version


def run_import(
    repo: ProjectRepository, req: ImportRequest, progress: Progress | None = None
) -> ImportSummary:
    """Parse, then apply in one transaction. *progress* may raise to cancel: until the
    transaction commits, that leaves the project untouched."""
    report = progress or (lambda _f, _t: None)
    report(0.05, f"Reading {req.file.name}…")
    bundle, version = parse_request(repo, req)
    count = bundle.event_count()
    report(0.4, f"Adding {count} event(s) to the project…")
    with repo.atomic():
        summary = apply_bundle(repo, bundle, req.options(), version)
        # Last chance to cancel: raising here rolls the whole import back.
        report(0.95, "Saving…")
    report(1.0, "Done")
    return summary
