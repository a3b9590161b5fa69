"""A reliability report as text tables and tidy CSV."""

from __future__ import annotations

import csv
import io

from interactioncoder.reliability.analysis import GroupResult, ReliabilityReport
from interactioncoder.reliability.kappa import ConfusionMatrix, KappaStats
from interactioncoder.reliability.rating_analysis import ScaleAgreement
from interactioncoder.reliability.report.common import CSV_COLUMNS, num, parameter_lines, stat_rows
from interactioncoder.reliability.timeunit import VariableAgreement


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
    for r in report.pooled():
        out += _pooled_lines(r)
    sessions = [r for r in report.results if r.scope.session_id is not None]
    if sessions:
        out += ["", "Per session and segment", "-" * 23]
        for r in sessions:
            out += _session_lines(r)
    if report.ratings:
        out += ["", "Ratings", "-" * 7]
        for s in report.ratings:
            out += _scale_lines(s)
    out.append(f"\nDisagreement stretches listed: {len(report.disagreements)}")
    return "\n".join(out) + "\n"


def _pooled_lines(r: GroupResult) -> list[str]:
    """One code group pooled over sessions: each variable's agreement, then the events'."""
    out = ["", f"== {r.scope.label} ({r.sessions} sessions): {r.group_name} =="]
    for v in r.time_unit:
        out += _variable_lines(v, show_matrix=v.exclusive or len(r.time_unit) == 1)
    if r.event is not None:
        out.append(f"  events: {_kappa_text(r.event.kappa)}")
        for b in r.event.per_code:
            out.append(f"    {b.code_id:<16} {_kappa_text(b.stats)}")
        out += matrix_text(r.event.confusion)
    return out


def _variable_lines(v: VariableAgreement, show_matrix: bool) -> list[str]:
    out = [f"  {v.variable_id} [time unit: {v.unit}] {_kappa_text(v.kappa)}"]
    if not v.exclusive and v.per_code:
        b = v.per_code[0]  # present/absent: its own 2x2 table
        out.append(
            f"    present/absent: PI {num(b.prevalence_index)} BI {num(b.bias_index)} "
            f"PABAK {num(b.pabak)}"
        )
    if v.tolerance_ms > 0:
        out.append(
            f"    with ±{v.tolerance_ms / 1000:g} s tolerance: {_kappa_text(v.kappa_tolerant)}"
        )
    for b in v.per_code if v.exclusive else ():
        out.append(
            f"    {b.code_id:<16} {_kappa_text(b.stats)}  PI "
            f"{num(b.prevalence_index)} BI {num(b.bias_index)}"
        )
    if show_matrix:
        out += matrix_text(v.confusion)
    return out


def _session_lines(r: GroupResult) -> list[str]:
    out = [f"  {r.scope.label}: {v.variable_id}: {_kappa_text(v.kappa)}" for v in r.time_unit]
    if r.event is not None:
        out.append(f"  {r.scope.label}: {r.group_id} events: {_kappa_text(r.event.kappa)}")
    return out


def _scale_lines(s: ScaleAgreement) -> list[str]:
    out = [
        f"  {s.scale_name} ({s.minimum}..{s.maximum}), {s.targets} targets, coders "
        f"{', '.join(s.coders)}"
    ]
    for icc in s.icc:
        out.append(
            f"    {icc.form:<9} {num(icc.value)} [{num(icc.ci_low)}, "
            f"{num(icc.ci_high)}]  {icc.description}"
        )
    out.append(
        f"    alpha ordinal {num(s.alpha_ordinal.alpha)}, interval {num(s.alpha_interval.alpha)}"
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
    return out
