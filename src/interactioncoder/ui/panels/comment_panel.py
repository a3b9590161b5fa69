"""Comment panel: the coding-level free-text comment, committed as one undo step.

Usage::

    panel = CommentPanel()
    panel.set_comment(coding.comment)                      # silent
    panel.commentCommitted.connect(main_window.set_comment) # str, on focus-out or Ctrl+Enter

Typing emits nothing: the text is committed when the editor loses focus or on
Ctrl+Enter, and only if it differs from the last committed/set text, so one editing
burst becomes one undo step. Before switching to another coding without a focus change
(e.g. by a shortcut), call ``commit()`` so pending text goes to the coding it was typed
for; ``set_comment`` replaces pending text without emitting.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class CommentPanel(QWidget):
    """A plain-text comment editor for the open coding.

    Signals:
        commentCommitted(str): the user finished an edit (focus-out / Ctrl+Enter).
    """

    commentCommitted = Signal(str)  # noqa: N815 (Qt naming)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(
            "Notes on this coding (camera problems, interruptions, doubts)…"
        )
        self.editor.installEventFilter(self)
        self.hint = QLabel("Saved when you leave the field or press Ctrl+Enter.", self)
        self.hint.setEnabled(False)
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.editor)
        layout.addWidget(self.hint)
        self._committed = ""

    def set_comment(self, text: str) -> None:
        """Show *text* as the stored comment (no signal)."""
        self._committed = text
        if self.editor.toPlainText() != text:
            self.editor.setPlainText(text)

    def comment(self) -> str:
        return self.editor.toPlainText()

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)

    def has_uncommitted_changes(self) -> bool:
        return self.editor.toPlainText() != self._committed

    def commit(self) -> bool:
        """Emit the text if it changed since the last commit; True if it emitted."""
        text = self.editor.toPlainText()
        if text == self._committed:
            return False
        self._committed = text
        self.commentCommitted.emit(text)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor:
            if event.type() == QEvent.Type.FocusOut:
                self.commit()
            elif event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
                assert isinstance(event, QKeyEvent)
                ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
                if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    if event.type() == QEvent.Type.ShortcutOverride:
                        event.accept()  # ours, not a window shortcut's
                    else:
                        self.commit()
                    return True
        return super().eventFilter(watched, event)
