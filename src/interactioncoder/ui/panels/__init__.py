"""Dockable panels of the coding workspace (project browser, codebook, events, ratings, comment).

Each panel is a self-contained widget: it takes plain core objects through setters and
emits requests as Qt signals; the main window turns requests into undo commands.
"""
