"""ui package: the only package that imports PySide6."""
