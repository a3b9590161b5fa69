"""A reliability report as ONE self-contained HTML file: inline CSS and SVG, no script, no CDN.

Confusion matrices are tables shaded like a heat map; disagreements are drawn per session as
an SVG timeline (one row per variable, one bar per stretch, coloured by kind).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from html import escape

from interactioncoder.reliability.analysis import GroupResult, ReliabilityReport
from interactioncoder.reliability.disagreements import Disagreement, DisagreementKind
from interactioncoder.reliability.kappa import BinaryAgreement, ConfusionMatrix, KappaStats
from interactioncoder.reliability.report.common import (
    CSV_COLUMNS,
    num,
    parameter_lines,
    rating_rows,
    stat_rows,
)

KIND_COLOURS = {
    DisagreementKind.CONFUSION: "#d62728",
    DisagreementKind.OMISSION: "#1f77b4",
    DisagreementKind.COMMISSION: "#ff7f0e",
    DisagreementKind.TIMING: "#8c8c8c",
}
LIST_HEAD = (
    "<table><tr><th>variable</th><th>method</th><th>kind</th><th>A</th><th>B</th>"
    "<th>start (s)</th><th>end (s)</th><th>frames</th><th>within tolerance</th></tr>"
)
MAX_LISTED = 400  # disagreement rows listed per session (the SVG shows all of them)

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em;color:#222;
 max-width:1200px}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
h3{font-size:1em}
table{border-collapse:collapse;margin:.5em 0 1em}
td,th{border:1px solid #ccc;padding:2px 6px;font-size:.85em}
th{background:#f3f3f3;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
table.cm td{text-align:right;min-width:3em}
dl.params dt{font-weight:bold}dl.params dd{margin:0 0 .5em 1em}
.warn{color:#a50}
.legend span{display:inline-block;width:1em;height:1em;margin:0 .3em 0 1em;vertical-align:middle}
"""


def _e(text: object) -> str:
    return escape(str(text))


def _kappa_cells(k: KappaStats) -> str:
    return (
        f"<td class=n>{num(k.kappa)}</td><td class=n>[{num(k.ci_low)}, {num(k.ci_high)}]</td>"
        f"<td class=n>{num(k.kappa_max)}</td><td class=n>{num(k.percent_agreement, 1)}</td>"
        f"<td class=n>{k.n:g}</td><td>{_e(k.interpretation)}</td>"
    )


KAPPA_HEAD = (
    "<th>kappa</th><th>95 % CI</th><th>kappa max</th><th>% "
    "agree</th><th>n</th><th>Landis &amp; Koch</th>"
)


def confusion_html(m: ConfusionMatrix, caption: str) -> str:
    arr = m.array
    top = float(arr.max()) if arr.size and arr.max() > 0 else 1.0
    rows = ["<table class=cm><caption>" + _e(caption) + "</caption>"]
    rows.append("<tr><th>A \\ B</th>" + "".join(f"<th>{_e(x)}</th>" for x in m.labels) + "</tr>")
    for i, label in enumerate(m.labels):
        cells = []
        for j in range(len(m.labels)):
            v = float(arr[i, j])
            share = v / top
            # diagonal (agreement) in green, off-diagonal (disagreement) in red
            rgb = (46, 160, 67) if i == j else (214, 39, 40)
            colour = f"rgba({rgb[0]},{rgb[1]},{rgb[2]},{0.08 + 0.72 * share:.2f})" if v else "#fff"
            cells.append(f"<td style='background:{colour}'>{v:g}</td>")
        rows.append(f"<tr><th>{_e(label)}</th>" + "".join(cells) + "</tr>")
    rows.append("</table>")
    return "".join(rows)


def _indices(b: BinaryAgreement | None) -> str:
    if b is None:
        return "<td></td><td></td><td></td>"
    return (
        f"<td class=n>{num(b.prevalence_index)}</td><td class=n>{num(b.bias_index)}</td>"
        f"<td class=n>{num(b.pabak)}</td>"
    )


def _group_html(r: GroupResult) -> str:
    parts = [
        f"<h3>{_e(r.group_name)} ({_e(r.group_id)}) – {_e(r.scope.label)}, {r.sessions} "
        f"session(s)</h3>"
    ]
    parts.append(
        f"<table><tr><th>variable / code</th><th>method</th>{KAPPA_HEAD}"
        "<th>PI</th><th>BI</th><th>PABAK</th></tr>"
    )
    for v in r.time_unit:
        methods = [("time-unit", v.kappa, v.per_code)]
        if v.tolerance_ms > 0:
            methods.append((f"±{v.tolerance_ms / 1000:g} s", v.kappa_tolerant, v.per_code_tolerant))
        for method, k, per_code in methods:
            # a present/absent code's own 2x2 indices sit on its row
            own = per_code[0] if not v.exclusive and per_code else None
            parts.append(
                f"<tr><th>{_e(v.variable_id)}</th><td>{_e(method)}</td>{_kappa_cells(k)}"
                + _indices(own)
                + "</tr>"
            )
            for b in per_code if v.exclusive else ():
                parts.append(
                    f"<tr><td>&nbsp;&nbsp;{_e(b.code_id)}</td><td>{_e(method)}</td>"
                    f"{_kappa_cells(b.stats)}{_indices(b)}</tr>"
                )
    if r.event is not None:
        parts.append(
            f"<tr><th>{_e(r.group_id)}</th><td>events</td>{_kappa_cells(r.event.kappa)}<td></td><td></td><td></td></tr>"
        )
        for b in r.event.per_code:
            parts.append(
                f"<tr><td>&nbsp;&nbsp;{_e(b.code_id)}</td><td>events</td>{_kappa_cells(b.stats)}<td></td><td></td><td></td></tr>"
            )
    parts.append("</table>")
    for v in r.time_unit:
        if v.exclusive:
            parts.append(confusion_html(v.confusion, f"{v.variable_id}: time units ({v.unit})"))
    if r.event is not None:
        parts.append(confusion_html(r.event.confusion, f"{r.group_id}: aligned events"))
        parts.append(f"<p><small>{_e(r.event.kappa_max_note)}</small></p>")
    return "".join(parts)


def timeline_svg(items: Sequence[Disagreement], width: int = 1000) -> str:
    """One row per variable; x is time in seconds over the session's disagreements."""
    variables = sorted({(d.method, d.variable_id) for d in items})
    end_ms = max((d.end_ms for d in items), default=1.0) or 1.0
    left, row_h = 170, 18
    height = row_h * len(variables) + 30
    scale = (width - left - 30) / end_ms  # room for the last tick label
    out = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' role='img'>"]
    for i, (method, var) in enumerate(variables):
        y = 5 + i * row_h
        out.append(f"<text x='0' y='{y + 12}' font-size='11'>{_e(var)} ({_e(method)})</text>")
        out.append(f"<line x1='{left}' x2='{width - 10}' y1='{y + 8}' y2='{y + 8}' stroke='#ddd'/>")
    index = {v: i for i, v in enumerate(variables)}
    for d in items:
        y = 5 + index[(d.method, d.variable_id)] * row_h
        x = left + d.start_ms * scale
        w = max(1.0, (d.end_ms - d.start_ms) * scale)
        opacity = 0.35 if d.within_tolerance else 0.9
        title = (
            f"{d.kind.value}: {d.code_a or '—'} vs {d.code_b or '—'}, "
            f"{d.start_ms / 1000:.2f}–{d.end_ms / 1000:.2f} s "
            f"(frames {d.start_frame}–{d.end_frame})"
        )
        out.append(
            f"<rect x='{x:.1f}' y='{y + 2}' width='{w:.1f}' height='12' "
            f"fill='{KIND_COLOURS[d.kind]}' "
            f"fill-opacity='{opacity}'><title>{_e(title)}</title></rect>"
        )
    axis_y = height - 8
    step = _nice_step(end_ms / 1000)
    t = 0.0
    while t * 1000 <= end_ms:
        out.append(
            f"<text x='{left + t * 1000 * scale:.1f}' y='{axis_y}' font-size='10'>{t:g}s</text>"
        )
        t += step
    out.append("</svg>")
    return "".join(out)


def _nice_step(seconds: float) -> float:
    for step in (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800):
        if seconds / step <= 10:
            return float(step)
    return 3600.0


def _disagreements_html(report: ReliabilityReport) -> str:
    by_session: dict[str, list[Disagreement]] = defaultdict(list)
    for d in report.disagreements:
        by_session[d.session_id].append(d)
    if not by_session:
        return "<p>No disagreements.</p>"
    legend = "".join(
        f"<span style='background:{c}'></span>{_e(k.value)}" for k, c in KIND_COLOURS.items()
    )
    parts = [f"<p class=legend>{legend} (pale: forgiven by the tolerance)</p>"]
    for session, items in by_session.items():
        parts.append(f"<h3>Session {_e(session)}: {len(items)} stretches</h3>")
        parts.append(timeline_svg(items))
        parts.append(LIST_HEAD)
        for d in items[:MAX_LISTED]:
            parts.append(
                f"<tr><td>{_e(d.variable_id)}</td><td>{_e(d.method)}</td><td>{_e(d.kind.value)}</td>"
                f"<td>{_e(d.code_a or '—')}</td><td>{_e(d.code_b or '—')}</td>"
                f"<td class=n>{d.start_ms / 1000:.3f}</td><td class=n>{d.end_ms / 1000:.3f}</td>"
                f"<td class=n>{d.start_frame}–{d.end_frame}</td>"
                f"<td>{'yes' if d.within_tolerance else ''}</td></tr>"
            )
        parts.append("</table>")
        if len(items) > MAX_LISTED:
            parts.append(
                f"<p>… and {len(items) - MAX_LISTED} more (see the JSON or CSV export).</p>"
            )
    return "".join(parts)


def _ratings_html(report: ReliabilityReport) -> str:
    if not report.ratings:
        return ""
    parts = ["<h2>Ratings</h2>"]
    for s in report.ratings:
        parts.append(
            f"<h3>{_e(s.scale_name)} ({s.minimum}..{s.maximum}): {s.targets} targets rated by "
            f"{_e(', '.join(s.coders))}</h3><table><tr><th>statistic</th><th>value</th>"
            "<th>95 % CI</th><th>model</th></tr>"
        )
        for row in rating_rows(s):
            ci = "" if row.ci_low is None else f"[{num(row.ci_low)}, {num(row.ci_high)}]"
            parts.append(
                f"<tr><td>{_e(row.statistic)}</td><td class=n>{num(row.value)}</td>"
                f"<td class=n>{ci}</td><td>{_e(row.model)}</td></tr>"
            )
        parts.append(
            f"<tr><td>exact / within one point</td><td "
            f"class=n>{num(100 * s.exact_agreement, 1)} % / "
            f"{num(100 * s.within_one, 1)} %</td><td></td><td></td></tr></table>"
        )
    return "".join(parts)


def to_html(report: ReliabilityReport) -> str:
    params = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in parameter_lines(report))
    warnings = "".join(f"<p class=warn>{_e(w)}</p>" for w in report.warnings)
    pooled = "".join(_group_html(r) for r in report.pooled())
    head = "".join(f"<th>{_e(c)}</th>" for c in CSV_COLUMNS)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in stat_rows(report)
    )
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        f"<title>Reliability – {_e(report.codebook_name)}</title><style>{CSS}</style></head><body>"
        f"<h1>Inter-rater reliability – {_e(report.codebook_name)}</h1>"
        f"<h2>Parameters</h2><dl class=params>{params}</dl>{warnings}"
        f"<h2>Pooled over sessions</h2>{pooled or '<p>No coder pair coded the same session.</p>'}"
        f"{_ratings_html(report)}<h2>Where the coders disagree</h2>{_disagreements_html(report)}"
        f"<h2>All statistics</h2><table><tr>{head}</tr>{rows}</table>"
        "</body></html>\n"
    )
