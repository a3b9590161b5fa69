"""Writing ``interactioncoder analyse`` results: text table, CSV, JSON, HTML, Excel, plots.

The parameters and rules go into every format (see :mod:`.analyse`). Files are written
atomically (a temporary file, then a rename).
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from interactioncoder.exchange.atomic import atomic_write_bytes, atomic_write_text
from interactioncoder.workflow.analysis import AnalysisData, AnalysisOutput

SUMMARY_LEVELS = ("pooled", "group", "dyad", "session")


def _value(v: Any) -> Any:
    if isinstance(v, float):
        return None if math.isnan(v) else (v if math.isfinite(v) else str(v))
    if hasattr(v, "item"):
        return _value(v.item())
    return v


def _frame(output: AnalysisOutput) -> pd.DataFrame:
    return pd.DataFrame([{k: _value(v) for k, v in r.items()} for r in output.records])


def _num(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if isinstance(v, bool):
        return "yes" if v else ""
    if isinstance(v, float):
        return f"{v:.0f}" if v.is_integer() else f"{v:.3f}"
    return str(v)


def to_table(output: AnalysisOutput) -> str:
    lines = [f"{k}: {v}" for k, v in output.parameters]
    records = output.records
    if not records:
        return "\n".join([*lines, "", "(no rows)", ""])
    columns = [c for c in records[0] if c != "session_id"]
    cells = [[_num(r.get(c)) for c in columns] for r in records]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    lines.append("")
    lines.append("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in cells:
        lines.append("  ".join(x.ljust(w) for x, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def to_csv(output: AnalysisOutput) -> str:
    buf = io.StringIO()
    for k, v in output.parameters:
        buf.write(f"# {k}: {v}\n")
    writer = csv.writer(buf, lineterminator="\n")
    if output.records:
        columns = list(output.records[0])
        writer.writerow(columns)
        for r in output.records:
            writer.writerow(["" if (x := _value(r.get(c))) is None else x for c in columns])
    return buf.getvalue()


def to_json(output: AnalysisOutput) -> str:
    doc = {
        "analysis": output.kind,
        "parameters": [{"name": k, "value": v} for k, v in output.parameters],
        "rows": [
            {
                **{k: _value(v) for k, v in r.items()},
                "instance_refs": [
                    {
                        "session_id": i.session_id,
                        "start_frame": i.start_frame,
                        "end_frame": i.end_frame,
                        "event_ids": list(i.event_ids),
                        "label": i.label,
                    }
                    for i in inst
                ]
                if r["level"] == "session"
                else [],
            }
            for r, inst in zip(output.records, output.instances, strict=True)
        ],
    }
    return json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def to_html(output: AnalysisOutput) -> str:
    params = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in output.parameters
    )
    head = body = ""
    if output.records:
        columns = list(output.records[0])
        head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_num(r.get(c)))}</td>" for c in columns) + "</tr>"
            for r in output.records
        )
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>interactioncoder analyse {html.escape(output.kind)}</title><style>"
        "body{font-family:sans-serif;font-size:13px}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}</style></head><body>"
        f"<h1>Analysis: {html.escape(output.kind)}</h1><h2>Parameters</h2><table>{params}"
        f"</table><h2>Results</h2><table><tr>{head}</tr>{body}</table></body></html>\n"
    )


def render(output: AnalysisOutput, fmt: str) -> str:
    renderers = {"table": to_table, "csv": to_csv, "json": to_json, "html": to_html}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}")
    return renderers[fmt](output)


def instances_table(output: AnalysisOutput, data: AnalysisData) -> pd.DataFrame:
    return pd.DataFrame(output.instance_table(data.label))


def instances_csv(output: AnalysisOutput, data: AnalysisData) -> str:
    return str(instances_table(output, data).to_csv(index=False, lineterminator="\n"))


def write_text(path: Path, text: str) -> None:
    atomic_write_text(path, text)


def write_xlsx(output: AnalysisOutput, data: AnalysisData, path: Path) -> None:
    from interactioncoder.exchange.exporters.xlsx import write_xlsx as write

    params = pd.DataFrame(output.parameters, columns=["parameter", "value"])
    write(
        {
            "parameters": params,
            "results": _frame(output),
            "instances": instances_table(output, data),
        },
        path,
    )


def write_plot(args: argparse.Namespace, output: AnalysisOutput, path: Path) -> None:
    from interactioncoder.analysis import plots

    fmt = path.suffix.lower().lstrip(".")
    if output.kind == "phases":
        codes = [str(r["code"]) for r in output.records]
        image = plots.phase_bar_chart(output.result, codes[0], args.measure, fmt)
    elif output.kind == "window":
        spec = output.result.specs[0]
        phases = list(dict.fromkeys(r.phase for r in output.result.rows))
        if len(phases) > 1:
            phases = phases[1:]  # the segments, without the whole session
        image = plots.forest_plot(output.result, spec, phases, fmt)
    else:
        raise ValueError(f"no plot for the {output.kind} analysis")
    atomic_write_bytes(path, image)
