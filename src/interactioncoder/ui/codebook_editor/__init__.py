"""The codebook editor (codes, keys, colours, groups, modifiers, scales, totals, segments)."""

from interactioncoder.ui.codebook_editor.dialog import CodebookEditorDialog

__all__ = ["CodebookEditorDialog"]
