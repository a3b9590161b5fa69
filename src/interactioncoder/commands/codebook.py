"""``interactioncoder codebook check|show|list``: codebook files without opening the app.

``check`` is meant for editing a codebook in a text editor: it prints every problem as
``file:line:column: message`` (the form editors and CI logs link to) and exits 1 if there
are any, 0 if all files are fine, 2 if a file cannot be read at all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from interactioncoder.commands.common import SubParsers, UserError
from interactioncoder.core.codebook import Codebook, CodeKind, ModifierKind
from interactioncoder.core.codebook.loader import CodebookError, load_codebook
from interactioncoder.core.codebook.shipped import shipped_codebooks


def register(sub: SubParsers) -> None:
    parser = sub.add_parser("codebook", help="check, show or list codebook files (YAML)")
    actions = parser.add_subparsers(dest="codebook_command", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="check codebook files; print each problem as file:line:column: message",
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="codebook file(s) (.yaml)")
    check.set_defaults(handler=run_check)
    show = actions.add_parser("show", help="print a readable summary of a codebook")
    show.add_argument("file", metavar="FILE", help="a codebook file (.yaml)")
    show.set_defaults(handler=run_show)
    listing = actions.add_parser("list", help="list the codebooks that come with the program")
    listing.set_defaults(handler=run_list)


def _readable(text: str) -> Path:
    path = Path(text).expanduser()
    if not path.exists():
        raise UserError(f"{path}: no such file")
    if path.is_dir():
        raise UserError(f"{path}: is a folder, not a codebook file")
    return path


def _load(path: Path) -> Codebook:
    """Load a codebook; unreadable files become a UserError (exit 2)."""
    try:
        return load_codebook(path)
    except OSError as exc:
        raise UserError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(codebook: Codebook) -> str:
    codes = codebook.codes()
    n_states = sum(1 for c in codes if c.kind is CodeKind.STATE)
    parts = [
        f"{_count(len(codes), 'code')} ({_count(n_states, 'state')}, "
        f"{_count(len(codes) - n_states, 'point')})",
        _count(len(codebook.groups), "group"),
        _count(len(codebook.scales), "rating scale"),
    ]
    if codebook.totals:
        parts.append(_count(len(codebook.totals), "total"))
    if codebook.segments:
        parts.append(_count(len(codebook.segments), "segment type"))
    return ", ".join(parts)


def run_check(args: argparse.Namespace) -> int:
    # Refuse a missing file before checking anything, so the output is not half a report.
    paths = [_readable(text) for text in args.files]
    failed = 0
    for path in paths:
        try:
            codebook = _load(path)
        except CodebookError as exc:
            failed += 1
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            count = len(exc.problems)
            print(f"{path}: {_count(count, 'problem')}", file=sys.stderr)
            continue
        print(f"{path}: OK - {codebook.name} {codebook.version}: {summary(codebook)}")
    return 1 if failed else 0


def _modifier_text(codebook: Codebook, code_id: str) -> list[str]:
    lines = []
    for m in codebook.code(code_id).modifiers:
        if m.kind is ModifierKind.CHOICE:
            options = ", ".join(f"{c.name}" + (f" [{c.key}]" if c.key else "") for c in m.choices)
        else:
            low = "" if m.minimum is None else f"{m.minimum:g}"
            high = "" if m.maximum is None else f"{m.maximum:g}"
            options = f"number {low}..{high}" if (low or high) else "number"
        required = ", required" if m.required else ""
        lines.append(f"        + {m.name}{required}: {options}")
    return lines


def describe_codebook(codebook: Codebook) -> str:
    """A plain-text overview: groups with their codes and keys, scales, totals, segments."""
    out = [f"{codebook.name} (id {codebook.id}, version {codebook.version})"]
    if codebook.description:
        out.append(f"  {codebook.description}")
    out.append(f"  {summary(codebook)}")
    subjects = {s.id: s.name for s in codebook.subjects}
    for g in codebook.groups:
        kind = "one at a time" if g.exclusive else "may overlap"
        out.append("")
        out.append(f"{g.name} [{subjects.get(g.subject, g.subject)}; {kind}]")
        for c in g.codes:
            out.append(f"  {c.key:>8}  {c.name}  ({c.kind.value}, {c.color}, id {c.id})")
            out.extend(_modifier_text(codebook, c.id))
    if codebook.segments:
        out.append("")
        out.append("Segments")
        for s in codebook.segments:
            out.append(f"  {s.name}  (id {s.id}, {s.color})")
    if codebook.scales:
        out.append("")
        out.append("Rating scales")
        for r in codebook.scales:
            per = "per segment" if r.scope.value == "segment" else "per session"
            out.append(f"  {r.name}: {r.minimum}-{r.maximum}, {per}  (id {r.id})")
            for a in r.anchors:
                out.append(f"      {a.value}: {a.label}")
    for t in codebook.totals:
        out.append("")
        cutoff = f", cutoff {t.cutoff}" if t.cutoff is not None else ""
        out.append(f"Total {t.name}: sum of {len(t.scales)} scales{cutoff}  (id {t.id})")
        if t.cutoff_label:
            out.append(f"  {t.cutoff_label}")
    return "\n".join(out)


def run_show(args: argparse.Namespace) -> int:
    path = _readable(args.file)
    try:
        codebook = _load(path)
    except CodebookError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    print(describe_codebook(codebook))
    return 0


def run_list(args: argparse.Namespace) -> int:
    try:
        paths = shipped_codebooks()
    except FileNotFoundError as exc:
        raise UserError(str(exc)) from exc
    for path in paths:
        try:
            codebook = load_codebook(path)
        except CodebookError:
            print(f"{path}  (does not load: run 'interactioncoder codebook check {path}')")
            continue
        print(f"{path}  {codebook.name} {codebook.version}: {summary(codebook)}")
    return 0
