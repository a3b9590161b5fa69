"""The reliability navigator: agreement numbers, confusion matrices, disagreements, consensus."""

from interactioncoder.ui.reliability.view import ReliabilityView, open_reliability_view

__all__ = ["ReliabilityView", "open_reliability_view"]
