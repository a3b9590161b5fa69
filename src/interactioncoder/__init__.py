"""interactioncoder: frame-exact video coding of mother-infant interaction."""

__version__ = "0.1.0"
