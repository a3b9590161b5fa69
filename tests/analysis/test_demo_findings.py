"""The demo project shows a finding: the mother answers bids within 2 s in play, not later."""

from __future__ import annotations

from pathlib import Path

from interactioncoder.analysis.latency import LatencySpec
from interactioncoder.demo import build_demo_project
from interactioncoder.storage import open_project
from interactioncoder.workflow.analysis import load_analysis_data, run_latency, run_match


def test_demo_latency_by_phase_and_matching(tmp_path: Path) -> None:
    demo = build_demo_project(tmp_path / "demo.icproj")
    repo = open_project(demo.path)
    try:
        data = load_analysis_data(repo)
    finally:
        repo.close()
    out = run_latency(data, [LatencySpec("infant-bid", "maternal-response", 3.0, 2.0)])
    pooled = {r["phase"]: r for r in out.records if r["level"] == "pooled"}
    assert set(pooled) == {"(session)", "play", "still-face", "reunion"}
    assert pooled["play"]["share_within_2_s"] == 1.0
    assert pooled["still-face"]["answered"] == 0
    assert pooled["reunion"]["share_within_2_s"] == 0.0
    assert pooled["reunion"]["share_answered"] == 0.5
    match = run_match(data)
    rows = {r["phase"]: r for r in match.records if r["level"] == "pooled"}
    assert 0 < rows["(session)"]["proportion_matched"] < 1
    assert rows["(session)"]["repairs"] >= 1
