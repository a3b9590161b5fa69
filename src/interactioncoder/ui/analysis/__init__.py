"""The Analysis view (findings: per-phase statistics, contingency, latency, lag, matching)."""

from interactioncoder.ui.analysis.view import AnalysisView

__all__ = ["AnalysisView"]
