"""Application rules shared by the GUI and the CLI (Qt-free)."""
