"""Application rules shared by the GUI (``ui``) and the CLI (``commands``); Qt-free."""
