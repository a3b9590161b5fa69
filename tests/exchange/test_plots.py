"""Ethograms and bar charts: valid PNG/SVG, deterministic SVG, no pyplot state."""

from __future__ import annotations

import struct
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from interactioncoder.exchange.exporters import plots
from interactioncoder.exchange.project_data import ProjectData, SessionData
from tests.exchange.export_sample import sample_project

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_MAGIC)
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_ethogram_png_is_valid() -> None:
    data = plots.ethogram(sample_project().sessions[0], "png", dpi=80)
    width, height = _png_size(data)
    assert width > 400
    assert height > 100
    assert data.endswith(b"IEND\xaeB`\x82")


def test_ethogram_svg_is_valid_and_deterministic() -> None:
    session = sample_project().sessions[0]
    first = plots.ethogram(session, "svg")
    assert first == plots.ethogram(session, "svg")
    root = ET.fromstring(first)
    assert root.tag.endswith("svg")
    text = first.decode()
    # code colours from the codebook are used for the bars
    assert "#ff0000" in text
    assert "#0000ff" in text


def test_svg_inline_has_no_prolog() -> None:
    svg = plots.svg_inline(plots.ethogram_figure(sample_project().sessions[0]))
    assert svg.startswith("<svg")
    assert "<?xml" not in svg
    assert "<!DOCTYPE" not in svg
    ET.fromstring(svg)


@pytest.mark.parametrize("measure", ["duration", "count"])
def test_bar_charts(measure: str) -> None:
    session = sample_project().sessions[0]
    _png_size(plots.code_bars(session, measure, "png", dpi=60))
    ET.fromstring(plots.code_bars(session, measure, "svg"))


def test_bad_arguments() -> None:
    session = sample_project().sessions[0]
    with pytest.raises(ValueError, match="format"):
        plots.ethogram(session, "gif")
    with pytest.raises(ValueError, match="measure"):
        plots.code_bars(session, "latency")


def test_empty_session_still_draws() -> None:
    s = sample_project().sessions[1]
    empty = SessionData(s.session, s.dyad)
    _png_size(plots.ethogram(empty, dpi=50))
    _png_size(plots.code_bars(empty, dpi=50))


def test_write_session_plots_atomically(tmp_path: Path) -> None:
    paths = plots.write_session_plots(sample_project(), tmp_path, "svg")
    assert sorted(p.name for p in paths) == sorted(
        [
            "D01_s1_ethogram.svg",
            "D01_s1_duration.svg",
            "D01_s1_count.svg",
            "D02_s2_ethogram.svg",
            "D02_s2_duration.svg",
            "D02_s2_count.svg",
        ]
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)
    assert plots.write_session_plots(ProjectData("Empty"), tmp_path) == []


def test_no_pyplot_state() -> None:
    plots.ethogram(sample_project().sessions[0], "png", dpi=40)
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:  # another test imported it: we must not have left figures open
        assert pyplot.get_fignums() == []
