"""A reliability report as text tables, tidy CSV and JSON (HTML: ``report_html``).

Every format prints the parameters (unit, tolerance, the symmetric tolerance rule, the event
admissibility rule) next to the numbers, so a table pasted into a paper says how it was made.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from enum import Enum
from typing import Any

from interactioncoder.core.events import Event
from interactioncoder.reliability.alignment import AlignedPair
from interactioncoder.reliability.analysis import GroupResult, ReliabilityReport
from interactioncoder.reliability.kappa import BinaryAgreement, ConfusionMatrix, KappaStats

FORMATS = ("table", "csv", "json", "html")

CSV_COLUMNS = (
    "coder_a",
    "coder_b",
    "session",
    "segment",
    "group",
    "variable",
    "method",
    "code",
    "statistic",
    "value",
    "se",
    "ci_low",
    "ci_high",
    "kappa_max",
    "percent_agreement",
    "n",
    "prevalence_index",
    "bias_index",
    "pabak",
    "interpretation",
)


def render(report: ReliabilityReport, fmt: str) -> str:
    if fmt == "table":
        return to_table(report)
    if fmt == "csv":
        return to_csv(report)
    if fmt == "json":
        return to_json(report)
    if fmt == "html":
        from interactioncoder.reliability.report_html import to_html

        return to_html(report)
    raise ValueError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")


def num(value: float | None, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def parameter_lines(report: ReliabilityReport) -> list[tuple[str, str]]:
    p = report.params
    return [
        (
            "Codebook",
            f"{report.codebook_name} ({report.codebook_id}) version {report.codebook_version}",
        ),
        ("Time unit", p.unit_label),
        ("Tolerance window", f"±{p.tolerance_s:g} s"),
        ("Tolerance rule", report.tolerance_rule),
        ("Event alignment", report.event_rule),
        ("Pooling", "over sessions by summing counts (confusion matrices), never averaging kappas"),
    ]


# -- rows shared by CSV and HTML ------------------------------------------------------------
def _scope_cells(r: GroupResult) -> list[str]:
    s = r.scope
    return [s.coder_a, s.coder_b, s.session_id or "pooled", s.segment or ""]


def _stat_row(
    head: list[str], method: str, code: str, k: KappaStats, b: BinaryAgreement | None
) -> list[str]:
    return [
        *head,
        method,
        code,
        "weighted kappa" if k.weighting.value != "none" else "kappa",
        num(k.kappa, 4),
        num(k.se, 4),
        num(k.ci_low, 4),
        num(k.ci_high, 4),
        num(k.kappa_max, 4),
        num(k.percent_agreement, 2),
        num(k.n, 1),
        num(b.prevalence_index, 4) if b else "",
        num(b.bias_index, 4) if b else "",
        num(b.pabak, 4) if b else "",
        k.interpretation,
    ]


def stat_rows(report: ReliabilityReport) -> Iterator[list[str]]:
    for r in report.results:
        scope = _scope_cells(r)
        for v in r.time_unit:
            head = [*scope, r.group_id, v.variable_id]
            for method, stats, per_code in (
                ("time-unit", v.kappa, v.per_code),
                ("time-unit+tolerance", v.kappa_tolerant, v.per_code_tolerant),
            ):
                if method.endswith("tolerance") and v.tolerance_ms <= 0:
                    continue
                yield _stat_row(head, method, "", stats, None)
                for b in per_code:
                    yield _stat_row(head, method, b.code_id, b.stats, b)
        if r.event is not None:
            head = [*scope, r.group_id, r.group_id]
            yield _stat_row(head, "event", "", r.event.kappa, None)
            for b in r.event.per_code:
                yield _stat_row(head, "event", b.code_id, b.stats, b)
    for s in report.ratings:
        head = [*s.coders[:2], "pooled", "", s.scale_id, s.scale_id]
        for icc in s.icc:
            yield [*head, "rating", "", icc.form, num(icc.value, 4), "", num(icc.ci_low, 4),
                   num(icc.ci_high, 4), "", "", str(s.targets), "", "", "", ""]  # fmt: skip
        for name, alpha in (
            ("alpha (ordinal)", s.alpha_ordinal),
            ("alpha (interval)", s.alpha_interval),
        ):
            yield [*head, "rating", "", name, num(alpha.alpha, 4), "", "", "", "", "",
                   num(alpha.pairable_values, 0), "", "", "", ""]  # fmt: skip
        for name, k in (("linear", s.kappa_linear), ("quadratic", s.kappa_quadratic)):
            if k is not None:
                row = _stat_row(head, "rating", "", k, None)
                row[8] = f"weighted kappa ({name})"
                yield row
        if s.fleiss is not None:
            f = s.fleiss
            yield [*head, "rating", "", "Fleiss kappa", num(f.kappa, 4), num(f.se_null, 4),
                   "", "", "", num(100 * f.observed_agreement, 2), str(f.subjects), "",
                   "", "", f.interpretation]  # fmt: skip


def to_csv(report: ReliabilityReport) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(stat_rows(report))
    return buf.getvalue()


# -- text ------------------------------------------------------------------------------
def matrix_text(m: ConfusionMatrix, indent: str = "    ") -> list[str]:
    width = max(6, *(len(x) for x in m.labels)) + 1
    lines = [indent + "A \\ B".ljust(width) + "".join(x.rjust(width) for x in m.labels)]
    for label, row in zip(m.labels, m.counts, strict=True):
        cells = "".join(f"{v:g}".rjust(width) for v in row)
        lines.append(indent + label.ljust(width) + cells)
    return lines


def _kappa_text(k: KappaStats) -> str:
    return (
        f"kappa {num(k.kappa)} [{num(k.ci_low)}, {num(k.ci_high)}] SE {num(k.se)}, "
        f"max {num(k.kappa_max)}, agreement {num(k.percent_agreement, 1)} %, "
        f"n {k.n:g} ({k.interpretation})"
    )


def to_table(report: ReliabilityReport) -> str:
    out = ["Inter-rater reliability", "=" * 23]
    out += [f"{k}: {v}" for k, v in parameter_lines(report)]
    for w in report.warnings:
        out.append(f"WARNING: {w}")
    pooled = report.pooled()
    for r in pooled:
        out += ["", f"== {r.scope.label} ({r.sessions} sessions): {r.group_name} =="]
        for v in r.time_unit:
            out.append(f"  {v.variable_id} [time unit: {v.unit}] {_kappa_text(v.kappa)}")
            if not v.exclusive and v.per_code:
                b = v.per_code[0]  # present/absent: its own 2x2 table
                out.append(
                    f"    present/absent: PI {num(b.prevalence_index)} BI {num(b.bias_index)} "
                    f"PABAK {num(b.pabak)}"
                )
            if v.tolerance_ms > 0:
                out.append(
                    f"    with ±{v.tolerance_ms / 1000:g} s tolerance: "
                    f"{_kappa_text(v.kappa_tolerant)}"
                )
            for b in v.per_code if v.exclusive else ():
                out.append(
                    f"    {b.code_id:<16} {_kappa_text(b.stats)}  PI "
                    f"{num(b.prevalence_index)} BI {num(b.bias_index)}"
                )
            if v.exclusive or len(r.time_unit) == 1:
                out += matrix_text(v.confusion)
        if r.event is not None:
            out.append(f"  events: {_kappa_text(r.event.kappa)}")
            for b in r.event.per_code:
                out.append(f"    {b.code_id:<16} {_kappa_text(b.stats)}")
            out += matrix_text(r.event.confusion)
    sessions = [r for r in report.results if r.scope.session_id is not None]
    if sessions:
        out += ["", "Per session and segment", "-" * 23]
        for r in sessions:
            for v in r.time_unit:
                out.append(f"  {r.scope.label}: {v.variable_id}: {_kappa_text(v.kappa)}")
            if r.event is not None:
                out.append(f"  {r.scope.label}: {r.group_id} events: {_kappa_text(r.event.kappa)}")
    if report.ratings:
        out += ["", "Ratings", "-" * 7]
        for s in report.ratings:
            out.append(
                f"  {s.scale_name} ({s.minimum}..{s.maximum}), {s.targets} targets, coders "
                f"{', '.join(s.coders)}"
            )
            for icc in s.icc:
                out.append(
                    f"    {icc.form:<9} {num(icc.value)} [{num(icc.ci_low)}, "
                    f"{num(icc.ci_high)}]  {icc.description}"
                )
            out.append(
                f"    alpha ordinal {num(s.alpha_ordinal.alpha)}, interval "
                f"{num(s.alpha_interval.alpha)}"
            )
            if s.kappa_quadratic is not None and s.kappa_linear is not None:
                out.append(f"    weighted kappa linear {_kappa_text(s.kappa_linear)}")
                out.append(f"    weighted kappa quadratic {_kappa_text(s.kappa_quadratic)}")
            if s.fleiss is not None:
                out.append(f"    Fleiss kappa {num(s.fleiss.kappa)} ({s.fleiss.interpretation})")
            out.append(
                f"    exact agreement {num(100 * s.exact_agreement, 1)} %, within one point "
                f"{num(100 * s.within_one, 1)} %"
            )
    out.append(f"\nDisagreement stretches listed: {len(report.disagreements)}")
    return "\n".join(out) + "\n"


# -- JSON -------------------------------------------------------------------------------
_PROPERTIES = {
    KappaStats: ("percent_agreement", "interpretation"),
    BinaryAgreement: ("n", "prevalence_index", "bias_index", "pabak"),
}


def plain(value: Any) -> Any:
    """JSON-ready form of report values (NaN -> null, enums -> values, events compact)."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Event):
        return {"id": value.id, "code": value.code_id, "onset_frame": value.onset_frame,
                "offset_frame": value.offset_frame, "onset_ms": value.onset_ms,
                "offset_ms": value.offset_ms}  # fmt: skip
    if isinstance(value, AlignedPair):
        return {"a": plain(value.event_a), "b": plain(value.event_b), "kind": value.kind}
    if is_dataclass(value) and not isinstance(value, type):
        d = {f.name: plain(getattr(value, f.name)) for f in fields(value)}
        for cls, props in _PROPERTIES.items():
            if isinstance(value, cls):
                d.update({p: plain(getattr(value, p)) for p in props})
        return d
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "item"):  # numpy scalar
        return plain(value.item())
    return value


def to_json(report: ReliabilityReport) -> str:
    return json.dumps(plain(report), indent=1, ensure_ascii=False, allow_nan=False) + "\n"
