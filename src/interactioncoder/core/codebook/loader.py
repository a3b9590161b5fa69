"""Codebook files (YAML): load them with every problem located, and write them back.

The schema is documented in ``codebooks/README.md``. In short::

    codebook: {id, name, version, description}
    subjects: [{id, name, description}]
    groups:   [{id, name, subject, exclusive, description,
                codes: [{id, name, kind, key, color, definition, examples,
                         modifiers: [{id, name, kind, required, choices | min, max}]}]}]
    scales:   [{id, name, subject, min, max, scope, description, anchors: {value: label}}]
    totals:   [{id, name, scales: [scale ids], cutoff, cutoff_label}]
    segments: [{id, name, color, description}]
    affect:   [{id, name, codes: [state ids], description}]   (optional; see .affect)

Loading never half-succeeds: :func:`load_codebook` returns a complete, valid
:class:`~interactioncoder.core.codebook.Codebook` or raises :class:`CodebookError` listing
every problem as ``file:line:column: message``.
"""

from __future__ import annotations

import errno
from pathlib import Path

from yaml.nodes import Node

from interactioncoder.core.codebook import (
    AffectCategory,
    Codebook,
    CodeGroup,
    RatingScale,
    ScaleTotal,
)
from interactioncoder.core.codebook.affect import check_affect, read_affect
from interactioncoder.core.codebook.codes import (
    CodeRegistries,
    IdRegistry,
    read_group,
    read_subject,
)
from interactioncoder.core.codebook.errors import CodebookError, CodebookProblem
from interactioncoder.core.codebook.nodes import Fields, ProblemLog, StopReadingError, compose
from interactioncoder.core.codebook.ratings import read_scale, read_segment, read_total
from interactioncoder.core.codebook.writer import codebook_to_yaml
from interactioncoder.core.limits import MAX_CODEBOOK_BYTES, InputLimitError, read_regular_file

__all__ = [
    "CodebookError",
    "CodebookProblem",
    "check_codebook",
    "codebook_to_yaml",
    "load_codebook",
    "load_codebook_text",
]

TOP_FIELDS = ("codebook", "subjects", "groups", "scales", "totals", "segments", "affect")
HEADER_FIELDS = ("id", "name", "version", "description")


def load_codebook(path: str | Path) -> Codebook:
    """Load and check a codebook file.

    Raises :class:`CodebookError` for any problem in the file (including text that is not
    UTF-8, a file that cannot be read, is not a regular file or is larger than
    :data:`~interactioncoder.core.limits.MAX_CODEBOOK_BYTES`), and ``FileNotFoundError``
    when there is no such file.
    """
    source = str(path)
    if not Path(path).exists():
        raise FileNotFoundError(errno.ENOENT, "no such file", source)
    try:
        data = read_regular_file(path, MAX_CODEBOOK_BYTES)
    except InputLimitError as exc:
        raise CodebookError([CodebookProblem(source, 1, 1, exc.message)]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise CodebookError(
            [
                CodebookProblem(
                    source,
                    line,
                    column,
                    "the file is not UTF-8 text; save it as UTF-8 in your editor",
                )
            ]
        ) from None
    return load_codebook_text(text, source)


def load_codebook_text(text: str, source_name: str = "<codebook>") -> Codebook:
    """Check codebook YAML text; ``source_name`` names it in messages (usually the path)."""
    log = ProblemLog(source_name)
    root = compose(text, log)
    codebook: Codebook | None = None
    if not log.problems:
        if root is None:
            log.add_at(1, 1, "the file is empty; a codebook starts with a 'codebook:' section")
        else:
            try:
                codebook = _read_codebook(log, root)
            except StopReadingError:
                codebook = None
    if log.problems or codebook is None:
        raise CodebookError(log.problems)
    return codebook


def check_codebook(codebook: Codebook, source_name: str = "<codebook>") -> None:
    """Apply the file rules to a codebook built in memory (e.g. by an importer).

    Raises :class:`CodebookError` (positions refer to :func:`codebook_to_yaml`'s text) if
    the codebook would not load back from its own YAML, or would load back different.
    """
    text = codebook_to_yaml(codebook)
    loaded = load_codebook_text(text, source_name)
    if loaded != codebook:
        raise CodebookError(
            [
                CodebookProblem(
                    source_name,
                    1,
                    1,
                    "the codebook changes when written and read back (text with leading or "
                    "trailing spaces, colours not written as #rrggbb, or keys not in their "
                    "usual spelling)",
                )
            ]
        )


def _read_codebook(log: ProblemLog, root: Node) -> Codebook | None:
    """The codebook, or None when the log has problems (sections read in file order)."""
    top = Fields(log, root, "the codebook file", TOP_FIELDS)
    if not top.ok:
        return None
    ident, name, version, description = _read_header(log, root, top)
    reg = CodeRegistries(
        log=log,
        subject_ids=IdRegistry(log, "subject"),
        group_ids=IdRegistry(log, "group"),
        code_ids=IdRegistry(log, "code"),
    )
    subjects = tuple(
        read_subject(reg, node, i) for i, node in enumerate(top.sequence("subjects"), start=1)
    )
    segment_ids = IdRegistry(log, "segment")
    segments = tuple(
        read_segment(log, node, i, segment_ids)
        for i, node in enumerate(top.sequence("segments"), start=1)
    )
    groups: tuple[CodeGroup, ...] = tuple(
        read_group(reg, node, i) for i, node in enumerate(top.sequence("groups"), start=1)
    )
    subject_list = [s.id for s in subjects if s.id]
    scales, totals = _read_ratings(log, top, subject_list, bool(segments))
    affect = _read_affect(log, top, groups)
    if not any(g.codes for g in groups) and not scales:
        log.add(root, "the codebook has no codes and no rating scales, so nothing can be coded")
    if log.problems:
        return None
    return Codebook(
        id=ident,
        name=name,
        version=version,
        description=description,
        subjects=subjects,
        groups=groups,
        scales=scales,
        totals=totals,
        segments=segments,
        affect=affect,
    )


def _read_header(log: ProblemLog, root: Node, top: Fields) -> tuple[str, str, str, str]:
    """(id, name, version, description) of the 'codebook:' section."""
    header_node = top.value_node("codebook")
    if header_node is None:
        log.add(root, "the file has no 'codebook:' section (with id, name and version)")
        return "", "", "", ""
    header = Fields(log, header_node, "the codebook section", HEADER_FIELDS)
    ident = header.ident()
    name = header.text("name", required=True)
    version = header.text("version", required=True)
    description = header.text("description")
    return ident, name, version, description


def _read_ratings(
    log: ProblemLog, top: Fields, subject_ids: list[str], has_segments: bool
) -> tuple[tuple[RatingScale, ...], tuple[ScaleTotal, ...]]:
    """The rating scales, then the totals of them."""
    # Scales and totals share one id space: both become columns of the ratings export.
    rating_ids = IdRegistry(log, "scale or total")
    scales: tuple[RatingScale, ...] = tuple(
        read_scale(log, node, i, rating_ids, subject_ids, has_segments)
        for i, node in enumerate(top.sequence("scales"), start=1)
    )
    by_id = {s.id: s for s in scales if s.id}
    totals = tuple(
        read_total(log, node, i, rating_ids, by_id)
        for i, node in enumerate(top.sequence("totals"), start=1)
    )
    return scales, totals


def _read_affect(
    log: ProblemLog, top: Fields, groups: tuple[CodeGroup, ...]
) -> tuple[AffectCategory, ...]:
    affect_nodes = top.sequence("affect")
    affect_ids = IdRegistry(log, "affect category")
    affect = tuple(read_affect(log, node, i, affect_ids) for i, node in enumerate(affect_nodes, 1))
    check_affect(log, affect_nodes, affect, groups)
    return affect
