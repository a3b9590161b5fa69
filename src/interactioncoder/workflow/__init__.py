"""Application rules shared by the GUI and the CLI (no Qt)."""
