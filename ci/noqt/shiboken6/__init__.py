"""Stand-in that makes shiboken6 unimportable for the headless test stage.

scripts/pytest-stage.sh puts ci/noqt first on PYTHONPATH, so any import of PySide6 from
non-UI code fails there exactly as on a machine without Qt.
"""

raise ImportError("shiboken6 is blocked in the headless test stage (ci/noqt)")
