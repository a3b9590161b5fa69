"""The reliability navigator: agreement numbers, confusion matrices, disagreements, consensus."""

from interactioncoder.ui.reliability.hookup import open_reliability_view
from interactioncoder.ui.reliability.view import ReliabilityView

__all__ = ["ReliabilityView", "open_reliability_view"]
